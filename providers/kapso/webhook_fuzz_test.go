package kapso_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/kapso"
)

// FuzzParseWebhook checks that no body makes the parser panic, that
// every refusal is ErrWebhookMalformed, that every event it returns is
// complete, and that encoding the events and parsing them again gives the
// same events. Seeds: the samples under testdata/webhooks and
// testdata/fuzz/FuzzParseWebhook.
func FuzzParseWebhook(f *testing.F) {
	samples, err := filepath.Glob("testdata/webhooks/*.json")
	require.NoError(f, err)
	for _, sample := range samples {
		body, err := os.ReadFile(sample)
		require.NoError(f, err)
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		events, err := kapso.Webhooks{}.ParseWebhook(body)
		if err != nil {
			require.ErrorIs(t, err, providers.ErrWebhookMalformed)
			require.Nil(t, events)
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
		assertRoundTrip(t, body, events)
	})
}
