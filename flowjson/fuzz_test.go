package flowjson

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzValidate checks that Validate never panics, is deterministic, and
// that re-encoding a parsed document with encoding/json yields the same
// findings (codes and pointers), duplicate keys aside: re-encoding keeps
// only the first of them.
func FuzzValidate(f *testing.F) {
	f.Add([]byte(flowAt("7.3", `{"type": "TextBody", "text": "x"},`)))
	f.Add([]byte(flowAt("4.0", `{"type": "If", "condition": "${data.a}", "then": []},`)))
	f.Add([]byte(`{"version": "2.1", "data_channel_uri": 3, "screens": [{"id": ""}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		first := Validate(src, Options{})
		require.Equal(t, first, Validate(src, Options{}))
		doc, diags := Parse(src)
		if doc.Root == nil || slices.ContainsFunc(diags, func(d Diagnostic) bool { return d.Code == CodeDuplicateKey }) {
			return
		}
		again, err := json.Marshal(doc.Root.Interface())
		require.NoError(t, err)
		require.Equal(t, findings(first), findings(Validate(again, Options{})), "re-encoded: %s", again)
	})
}

// findings lists code and pointer of each diagnostic, sorted: positions
// change with re-encoding, the findings must not.
func findings(r Result) []string {
	out := make([]string, 0, len(r.Diagnostics))
	for _, d := range r.Diagnostics {
		out = append(out, d.Code+" "+d.Pointer)
	}
	slices.Sort(out)
	return out
}
