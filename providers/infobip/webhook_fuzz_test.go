package infobip_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/infobip"
)

// FuzzParseWebhook checks that no body makes the parser panic, that
// refusals wrap ErrWebhookMalformed, that every event is complete, and
// that re-serialising an accepted body gives the same events. Seeds: the
// golden samples and testdata/fuzz/FuzzParseWebhook.
func FuzzParseWebhook(f *testing.F) {
	inputs, err := filepath.Glob("testdata/webhooks/*.json")
	require.NoError(f, err)
	for _, in := range inputs {
		body, err := os.ReadFile(in)
		require.NoError(f, err)
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		events, err := infobip.Webhooks{}.ParseWebhook(body)
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
		assertStable(t, body, events)
	})
}
