package sandbox_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
)

func TestAppsAreIsolated(t *testing.T) {
	ctx := context.Background()
	sb := sandbox.New(sandbox.Options{})
	id := newFlow(t, sb, appA, "shared-name", validJSON)
	require.NoError(t, sb.PublishFlow(ctx, appA, id))
	require.NoError(t, sb.SetPublicKey(ctx, appA, []byte(rsaKey2048)))

	calls := map[providers.Operation]func() error{
		providers.OpUpdateFlowJSON: func() error {
			_, err := sb.UpdateFlowJSON(ctx, appB, id, []byte(editedJSON))
			return err
		},
		providers.OpSetEndpoint:   func() error { return sb.SetEndpoint(ctx, appB, id, "https://example.com/e") },
		providers.OpPublishFlow:   func() error { return sb.PublishFlow(ctx, appB, id) },
		providers.OpDeprecateFlow: func() error { return sb.DeprecateFlow(ctx, appB, id) },
		providers.OpDeleteFlow:    func() error { return sb.DeleteFlow(ctx, appB, id) },
		providers.OpGetFlow: func() error {
			_, err := sb.GetFlow(ctx, appB, id)
			return err
		},
		providers.OpPreviewFlow: func() error {
			_, err := sb.PreviewFlow(ctx, appB, id)
			return err
		},
	}
	for op, call := range calls {
		t.Run(string(op), func(t *testing.T) {
			pe := requireProviderError(t, call(), providers.ErrorNotFound, "100")
			require.Equal(t, op, pe.Operation)
		})
	}
	hooks := map[string]func(string, string) error{"throttle": sb.Throttle, "block": sb.Block, "recover": sb.Recover}
	for name, hook := range hooks {
		t.Run(name, func(t *testing.T) {
			requireProviderError(t, hook(appB.ID, id), providers.ErrorNotFound, "100")
		})
	}

	got, err := sb.GetFlow(ctx, appA, id)
	require.NoError(t, err)
	require.Equal(t, providers.FlowPublished, got.Status, "the other app changed nothing")
	_, ok := sb.PublishedJSON(appB.ID, id)
	require.False(t, ok)
	_, ok = sb.PublicKey(appB.ID)
	require.False(t, ok)

	_, err = sb.CreateFlow(ctx, appB, createReq("shared-name"))
	require.NoError(t, err, "names are unique per app only")
}

func TestConcurrentUse(t *testing.T) {
	const apps, flowsPerApp = 4, 8
	ctx := context.Background()
	sb := sandbox.New(sandbox.Options{})
	var wg sync.WaitGroup
	for a := range apps {
		app := providers.App{ID: fmt.Sprintf("app-%d", a), BSP: providers.BSPSandbox}
		for f := range flowsPerApp {
			wg.Go(func() {
				created, err := sb.CreateFlow(ctx, app, createReq(fmt.Sprintf("flow-%d", f)))
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := sb.UpdateFlowJSON(ctx, app, created.ID, []byte(validJSON)); err != nil {
					t.Error(err)
				}
				if err := sb.PublishFlow(ctx, app, created.ID); err != nil {
					t.Error(err)
				}
				_ = sb.Capabilities()
				_ = sb.Calls()
				_, _ = sb.PublishedJSON(app.ID, created.ID)
			})
		}
		wg.Go(func() {
			sb.FailNext(providers.OpGetFlow, 1, nil)
			if err := sb.SetPublicKey(ctx, app, []byte(rsaKey2048)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	calls := sb.Calls()
	require.Len(t, calls, apps*(flowsPerApp*3+1), "every call is logged once")

	for range apps {
		_, err := sb.GetFlow(ctx, appA, "any")
		requireProviderError(t, err, providers.ErrorUnavailable, "")
	}

	seen := map[string]bool{}
	for _, c := range calls {
		if c.Op != providers.OpCreateFlow {
			continue
		}
		require.False(t, seen[c.RemoteID], "id %s given twice", c.RemoteID)
		seen[c.RemoteID] = true
		got, err := sb.GetFlow(ctx, providers.App{ID: c.AppID}, c.RemoteID)
		require.NoError(t, err)
		require.Equal(t, providers.FlowPublished, got.Status)
	}
	require.Len(t, seen, apps*flowsPerApp)
	for a := range apps {
		_, ok := sb.PublicKey(fmt.Sprintf("app-%d", a))
		require.True(t, ok)
	}
}
