package providertest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
)

// WebhookSamples is a BSP's webhook parser and the sample bodies it is
// tested on: NAME.json under Dir, and the events expected of each in
// NAME + Suffix beside it. Golden and Fuzz share the samples and the
// BSP's own Check.
type WebhookSamples struct {
	// Parse is the parser under test, usually a Webhooks{}.ParseWebhook.
	Parse func(body []byte) ([]providers.Event, error)
	// Dir holds the samples; empty means testdata/webhooks.
	Dir string
	// Suffix names a sample's golden file; empty means ".golden". Files
	// ending with it are not samples even when it ends in ".json".
	Suffix string
	// NoneAsNull writes a sample with no events as null rather than [].
	NoneAsNull bool
	// Check, when set, is the BSP's own property of an accepted body and
	// its events (encoding them again gives the same events, say),
	// checked on every sample and every fuzz input.
	Check func(t testing.TB, body []byte, events []providers.Event)
}

func (s WebhookSamples) dir() string {
	if s.Dir == "" {
		return filepath.Join("testdata", "webhooks")
	}
	return s.Dir
}

func (s WebhookSamples) suffix() string {
	if s.Suffix == "" {
		return ".golden"
	}
	return s.Suffix
}

// paths lists the samples.
func (s WebhookSamples) paths(t testing.TB) []string {
	t.Helper()
	all, err := filepath.Glob(filepath.Join(s.dir(), "*.json"))
	require.NoError(t, err)
	var out []string
	for _, p := range all {
		if !strings.HasSuffix(p, s.suffix()) {
			out = append(out, p)
		}
	}
	return out
}

// Golden parses every sample in a subtest named after it, compares its
// events, as indented JSON ending in a newline, with its golden file
// (rewritten under update), and runs Check. It returns how many samples
// there are, for the caller to insist on a minimum.
func (s WebhookSamples) Golden(t *testing.T, update bool) int {
	t.Helper()
	paths := s.paths(t)
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(path)
			require.NoError(t, err)
			events, err := s.Parse(body)
			require.NoError(t, err)
			shown := events
			if shown == nil && !s.NoneAsNull {
				shown = []providers.Event{}
			}
			got, err := json.MarshalIndent(shown, "", "  ")
			require.NoError(t, err)
			Golden(t, filepath.Join(s.dir(), name+s.suffix()), append(got, '\n'), update)
			if s.Check != nil {
				s.Check(t, body, events)
			}
		})
	}
	return len(paths)
}

// Fuzz seeds f with the samples (testdata/fuzz/<FuzzName> adds to them)
// and checks of every body that parsing does not panic; that a refusal
// wraps [providers.ErrWebhookMalformed] and comes with no events; that
// every event has a dedupe key, exactly one payload and, for a status, a
// message id; that parsing again gives the same events; and Check.
func (s WebhookSamples) Fuzz(f *testing.F) {
	for _, path := range s.paths(f) {
		body, err := os.ReadFile(path)
		require.NoError(f, err)
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		events, err := s.Parse(body)
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
			if e.Status != nil {
				require.NotEmpty(t, e.Status.MessageID)
			}
		}
		again, err := s.Parse(body)
		require.NoError(t, err)
		require.Equal(t, events, again, "parsing is deterministic")
		if s.Check != nil {
			s.Check(t, body, events)
		}
	})
}
