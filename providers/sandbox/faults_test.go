package sandbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
)

func TestFailNext(t *testing.T) {
	ctx := context.Background()
	throttled := &providers.Error{BSP: providers.BSPSandbox, Operation: providers.OpPublishFlow, Kind: providers.ErrorThrottled, RetryAfter: time.Second}
	cases := []struct {
		name  string
		n     int
		err   error
		clear bool
		fails int
		check func(t *testing.T, err error)
	}{
		{name: "given_error", n: 2, err: throttled, fails: 2, check: func(t *testing.T, err error) {
			require.Same(t, throttled, err)
		}},
		{name: "nil_means_unavailable", n: 1, fails: 1, check: func(t *testing.T, err error) {
			pe := requireProviderError(t, err, providers.ErrorUnavailable, "")
			require.Equal(t, providers.OpPublishFlow, pe.Operation)
			require.True(t, providers.Retryable(err))
		}},
		{name: "plain_error", n: 1, err: context.DeadlineExceeded, fails: 1, check: func(t *testing.T, err error) {
			require.ErrorIs(t, err, context.DeadlineExceeded)
		}},
		{name: "cleared", n: 3, clear: true, fails: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := sandbox.New(sandbox.Options{})
			id := newFlow(t, sb, appA, "f", validJSON)
			sb.FailNext(providers.OpPublishFlow, tc.n, tc.err)
			if tc.clear {
				sb.FailNext(providers.OpPublishFlow, 0, nil)
			}
			for range tc.fails {
				err := sb.PublishFlow(ctx, appA, id)
				tc.check(t, err)
				got, gerr := sb.GetFlow(ctx, appA, id)
				require.NoError(t, gerr, "other operations are unaffected")
				require.Equal(t, providers.FlowDraft, got.Status, "a failed call changes nothing")
			}
			require.NoError(t, sb.PublishFlow(ctx, appA, id), "faults are used up")
		})
	}
}

func TestFailNextQueues(t *testing.T) {
	ctx := context.Background()
	sb := sandbox.New(sandbox.Options{})
	first, second := errors.New("first"), errors.New("second")
	sb.FailNext(providers.OpGetFlow, 1, first)
	sb.FailNext(providers.OpGetFlow, 1, second)
	_, err := sb.GetFlow(ctx, appA, "x")
	require.Same(t, first, err)
	_, err = sb.GetFlow(ctx, appA, "x")
	require.Same(t, second, err)
	_, err = sb.GetFlow(ctx, appA, "x")
	requireProviderError(t, err, providers.ErrorNotFound, "100")
}

func TestSetUnsupported(t *testing.T) {
	ctx := context.Background()
	sb := sandbox.New(sandbox.Options{})
	for _, op := range providers.Operations() {
		require.True(t, sb.Capabilities().Supports(op), "%s is offered by default", op)
	}
	id := newFlow(t, sb, appA, "f", validJSON)
	sb.SetUnsupported(providers.OpPublishFlow)
	sb.FailNext(providers.OpPublishFlow, 1, errors.New("not reached"))

	require.False(t, sb.Capabilities().Supports(providers.OpPublishFlow))
	err := sb.PublishFlow(ctx, appA, id)
	var ue *providers.UnsupportedError
	require.ErrorAs(t, err, &ue)
	require.Equal(t, &providers.UnsupportedError{BSP: providers.BSPSandbox, Operation: providers.OpPublishFlow}, ue)
	require.ErrorIs(t, err, providers.ErrUnsupported)
	require.False(t, providers.Retryable(err))
}

func TestCalls(t *testing.T) {
	now := epoch
	sb := sandbox.New(sandbox.Options{Now: func() time.Time { return now }})
	ctx := context.Background()

	f, err := sb.CreateFlow(ctx, appA, createReq("f"))
	require.NoError(t, err)
	now = now.Add(time.Minute)
	_, err = sb.CreateFlow(ctx, appA, createReq("f"))
	require.Error(t, err, "duplicate name")
	sb.FailNext(providers.OpPublishFlow, 1, nil)
	require.Error(t, sb.PublishFlow(ctx, appA, f.ID))
	require.NoError(t, sb.SetPublicKey(ctx, appB, []byte(rsaKey2048)))

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = sb.GetFlow(cancelled, appA, f.ID)
	require.ErrorIs(t, err, context.Canceled)

	require.Equal(t, []sandbox.Call{
		{Op: providers.OpCreateFlow, AppID: appA.ID, RemoteID: f.ID, At: epoch},
		{Op: providers.OpCreateFlow, AppID: appA.ID, At: epoch.Add(time.Minute)},
		{Op: providers.OpPublishFlow, AppID: appA.ID, RemoteID: f.ID, At: epoch.Add(time.Minute)},
		{Op: providers.OpSetPublicKey, AppID: appB.ID, At: epoch.Add(time.Minute)},
	}, sb.Calls())
}

func TestAppWithoutID(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	_, err := sb.CreateFlow(context.Background(), providers.App{BSP: providers.BSPSandbox}, createReq("f"))
	requireProviderError(t, err, providers.ErrorInvalid, "100")
}
