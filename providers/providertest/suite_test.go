package providertest_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/providertest"
	"github.com/waflow/waflow/providers/sandbox"
)

// broken is a provider with three faults a real adapter could have: it
// swallows "already deprecated", turns not-found into an unclassified error,
// and keeps serving an operation its capabilities leave out.
type broken struct{ *sandbox.Sandbox }

func (b broken) Capabilities() providers.Capabilities {
	caps := b.Sandbox.Capabilities()
	caps[providers.OpPreviewFlow] = false
	return caps
}

func (b broken) DeprecateFlow(ctx context.Context, app providers.App, remoteID string) error {
	err := b.Sandbox.DeprecateFlow(ctx, app, remoteID)
	if errors.Is(err, providers.ErrAlreadyDeprecated) {
		return nil
	}
	return err
}

func (b broken) GetFlow(ctx context.Context, app providers.App, remoteID string) (providers.RemoteFlow, error) {
	f, err := b.Sandbox.GetFlow(ctx, app, remoteID)
	var pe *providers.Error
	if errors.As(err, &pe) && pe.Kind == providers.ErrorNotFound {
		return f, errors.New("no such flow")
	}
	return f, err
}

// The suite must fail every scenario a fault touches, and only those. It
// runs in a child process because a failing suite fails its *testing.T.
func TestSuiteReportsEveryViolation(t *testing.T) {
	if os.Getenv("PROVIDERTEST_BROKEN_CHILD") == "1" {
		app := providers.App{ID: "app-1", BSP: providers.BSPSandbox}
		sb := sandbox.New(sandbox.Options{})
		providertest.TestProvider(t, providertest.Harness{
			Provider:                   broken{sb},
			App:                        app,
			EditPublished:              true,
			GetFlowHasValidationErrors: true,
			TypingIndicator:            true,
			Throttle:                   func(id string) error { return sb.Throttle(app.ID, id) },
		})
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSuiteReportsEveryViolation$", "-test.v")
	cmd.Env = append(os.Environ(), "PROVIDERTEST_BROKEN_CHILD=1")
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "the suite must fail a broken provider:\n%s", out)

	const prefix = "TestSuiteReportsEveryViolation/"
	for _, scenario := range []string{"lifecycle", "delete_draft", "not_found", "unsupported"} {
		require.Contains(t, string(out), "--- FAIL: "+prefix+scenario+" ", "scenario %s", scenario)
	}
	for _, scenario := range []string{"identity", "health", "validation_errors", "publish_without_json", "public_key"} {
		require.Contains(t, string(out), "--- PASS: "+prefix+scenario+" ", "scenario %s", scenario)
	}
	require.Contains(t, string(out), "deprecating twice is recognisably harmless", "the lifecycle failure says what is wrong")
}
