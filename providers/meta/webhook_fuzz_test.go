package meta_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/meta"
)

// FuzzParseMetaWebhook checks that no body makes the parser panic, that
// every event it returns is complete, and that encoding the events and
// parsing them again gives the same events. Seeds: the golden samples and
// testdata/fuzz/FuzzParseMetaWebhook.
func FuzzParseMetaWebhook(f *testing.F) {
	inputs, err := filepath.Glob("testdata/webhooks/*.json")
	require.NoError(f, err)
	for _, in := range inputs {
		if strings.HasSuffix(in, ".events.json") {
			continue
		}
		body, err := os.ReadFile(in)
		require.NoError(f, err)
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		events, err := meta.Webhooks{}.ParseWebhook(body)
		if err != nil {
			require.ErrorIs(t, err, providers.ErrWebhookMalformed)
			return
		}
		for _, e := range events {
			require.NotEmpty(t, e.DedupeKey)
			set := 0
			for _, p := range []bool{e.Message != nil, e.Status != nil, e.TemplateStatus != nil, e.FlowStatus != nil} {
				if p {
					set++
				}
			}
			require.Equal(t, 1, set, "exactly one payload per event")
		}
		assertRoundTrip(t, events)
	})
}
