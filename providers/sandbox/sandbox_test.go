package sandbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/providertest"
	"github.com/waflow/waflow/providers/sandbox"
)

var epoch = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func fixedClock() func() time.Time { return func() time.Time { return epoch } }

func harness(sb *sandbox.Sandbox, app providers.App) providertest.Harness {
	return providertest.Harness{
		Provider:                   sb,
		App:                        app,
		EditPublished:              true,
		GetFlowHasValidationErrors: true,
		TypingIndicator:            true,
		Throttle:                   func(id string) error { return sb.Throttle(app.ID, id) },
		PublishedJSON:              func(id string) ([]byte, bool) { return sb.PublishedJSON(app.ID, id) },
		PublicKey:                  func() ([]byte, bool) { return sb.PublicKey(app.ID) },
	}
}

func TestConformance(t *testing.T) {
	cases := []struct {
		name        string
		unsupported []providers.Operation
	}{
		{name: "every_operation"},
		{name: "without_deprecate_preview_endpoint", unsupported: []providers.Operation{
			providers.OpDeprecateFlow, providers.OpPreviewFlow, providers.OpSetEndpoint,
		}},
		{name: "without_delete_and_keys", unsupported: []providers.Operation{
			providers.OpDeleteFlow, providers.OpSetPublicKey,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := sandbox.New(sandbox.Options{Now: fixedClock()})
			sb.SetUnsupported(tc.unsupported...)
			providertest.TestProvider(t, harness(sb, providers.App{ID: "app-1", BSP: providers.BSPSandbox}))
		})
	}
}

// The sandbox's own tests share these.

const (
	validJSON    = `{"version": "7.3", "screens": [{"id": "A"}]}`
	endpointJSON = `{"version": "7.3", "data_api_version": "3.0", "screens": [{"id": "A"}]}`
	editedJSON   = `{"version": "7.3", "screens": [{"id": "B"}]}`
	invalidJSON  = `{"version": "7.3",` + "\n" + `  "screens": [}`
)

var (
	appA = providers.App{ID: "app-a", BSP: providers.BSPSandbox}
	appB = providers.App{ID: "app-b", BSP: providers.BSPSandbox}
)

func createReq(name string) providers.CreateFlowRequest {
	return providers.CreateFlowRequest{Name: name, Categories: []string{"OTHER"}}
}

// newFlow creates a flow for app and uploads doc, failing the test on any
// error; an empty doc skips the upload.
func newFlow(t *testing.T, sb *sandbox.Sandbox, app providers.App, name, doc string) string {
	t.Helper()
	f, err := sb.CreateFlow(context.Background(), app, createReq(name))
	require.NoError(t, err)
	if doc != "" {
		_, err = sb.UpdateFlowJSON(context.Background(), app, f.ID, []byte(doc))
		require.NoError(t, err)
	}
	return f.ID
}

// requireProviderError checks the kind and Meta code of a sandbox refusal.
func requireProviderError(t *testing.T, err error, kind providers.ErrorKind, code string) *providers.Error {
	t.Helper()
	var pe *providers.Error
	require.ErrorAs(t, err, &pe)
	require.Equal(t, kind, pe.Kind, "kind of %v", err)
	require.Equal(t, code, pe.Code, "code of %v", err)
	require.Equal(t, providers.BSPSandbox, pe.BSP)
	return pe
}
