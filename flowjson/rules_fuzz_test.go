package flowjson

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzCheckSemantics feeds arbitrary bytes through Parse and the semantic
// rules at every known version: the rules never panic, whatever the tree's
// shape, and give the same diagnostics twice.
func FuzzCheckSemantics(f *testing.F) {
	scenarios, err := filepath.Glob(filepath.Join("testdata", "rules", "*", "*.json"))
	require.NoError(f, err)
	for _, s := range scenarios {
		src, err := os.ReadFile(s)
		require.NoError(f, err)
		f.Add(src)
	}
	versions := Versions()
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, _ := Parse(src)
		v := versions[len(src)%len(versions)].Version
		first := checkSemantics(doc, v)
		second := checkSemantics(doc, v)
		require.Equal(t, first, second)
	})
}
