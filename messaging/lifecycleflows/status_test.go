package lifecycleflows_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/messaging/lifecycleflows"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/kapso"
	"github.com/waflow/waflow/providers/kapso/kapsotest"
	"github.com/waflow/waflow/providers/sandbox"
	"github.com/waflow/waflow/store/storetest"
)

// oneBSP is a provider registry of one provider.
type oneBSP struct{ p providers.Provider }

func (o oneBSP) ProviderFor(b providers.BSP) (providers.Provider, error) {
	if b != o.p.BSP() {
		return nil, fmt.Errorf("no provider for %s", b)
	}
	return o.p, nil
}

const staticFlow = `{"version": "7.3", "screens": [{"id": "DONE", "title": "Done", "terminal": true, "success": true,
  "layout": {"type": "SingleColumnLayout", "children": [{"type": "Footer", "label": "Done",
  "on-click-action": {"name": "complete", "payload": {}}}]}}]}`

// published creates app on prov's BSP, publishes a flow to it and
// returns the flow service, the flow and its target once reconciled.
func published(t *testing.T, app apps.App, prov providers.Provider) (*lifecycle.Service, apps.App, lifecycle.Flow, lifecycle.Target) {
	ctx := t.Context()
	db := storetest.SQLite(t)
	sealer, err := crypto.NewSealer(make([]byte, crypto.MasterKeySize))
	require.NoError(t, err)
	appSvc := apps.NewService(db.Apps(), sealer, apps.Options{})
	app, err = appSvc.Create(ctx, app)
	require.NoError(t, err)
	resolve := messaging.AppResolverFunc(func(ctx context.Context, id string) (providers.App, error) {
		a, err := appSvc.Get(ctx, id)
		return a.Provider(), err
	})
	flows := lifecycle.NewService(db.Flows(), resolve, lifecycle.Options{})
	rec, err := lifecycle.NewReconciler(db.Flows(), oneBSP{prov}, resolve, lifecycle.ReconcilerOptions{
		PublicBaseURL: "https://waflow.example"})
	require.NoError(t, err)

	f, err := flows.CreateFlow(ctx, lifecycle.NewFlow{Name: "signup", Categories: []string{"SIGN_UP"}})
	require.NoError(t, err)
	_, _, err = flows.PutJSON(ctx, f.ID, []byte(staticFlow))
	require.NoError(t, err)
	_, err = flows.AddTarget(ctx, f.ID, app.ID)
	require.NoError(t, err)
	_, err = flows.Publish(ctx, f.ID)
	require.NoError(t, err)
	for range 10 {
		n, err := rec.Step(ctx)
		require.NoError(t, err)
		if n == 0 {
			break
		}
	}
	ts, err := flows.Targets(ctx, f.ID)
	require.NoError(t, err)
	require.NotEmpty(t, ts[0].RemoteID)
	return flows, app, f, ts[0]
}

func TestStatusMirrorFollowsTheBSPsFlowStatus(t *testing.T) {
	ctx := t.Context()
	flows, app, f, target := published(t, apps.App{Name: "shop", BSP: providers.BSPSandbox}, sandbox.New(sandbox.Options{}))
	ts := []lifecycle.Target{target}

	mirror := lifecycleflows.NewStatusMirror(flows)
	change := func(to providers.FlowStatus) providers.FlowStatusUpdate {
		return providers.FlowStatusUpdate{FlowID: ts[0].RemoteID, Event: "FLOW_STATUS_CHANGE", NewStatus: to}
	}
	require.NoError(t, mirror.ApplyFlowStatus(ctx, app.ID, change(providers.FlowThrottled), f.CreatedAt))
	require.NoError(t, mirror.ApplyFlowStatus(ctx, app.ID, change(providers.FlowThrottled), f.CreatedAt), "idempotent")
	got, err := flows.GetFlow(ctx, f.ID)
	require.NoError(t, err)
	require.Equal(t, lifecycle.StatusThrottled, got.Status)

	alert := providers.FlowStatusUpdate{FlowID: ts[0].RemoteID, Event: "ENDPOINT_ERROR_RATE", AlertState: "ACTIVATED"}
	require.NoError(t, mirror.ApplyFlowStatus(ctx, app.ID, alert, f.CreatedAt), "alerts change nothing")

	require.NoError(t, mirror.ApplyFlowStatus(ctx, app.ID, change(providers.FlowPublished), f.CreatedAt))
	got, err = flows.GetFlow(ctx, f.ID)
	require.NoError(t, err)
	require.Equal(t, lifecycle.StatusPublished, got.Status)

	unknown := providers.FlowStatusUpdate{FlowID: "sbx-flow-nope", Event: "FLOW_STATUS_CHANGE", NewStatus: providers.FlowBlocked}
	require.ErrorIs(t, mirror.ApplyFlowStatus(ctx, app.ID, unknown, f.CreatedAt), messaging.ErrNotFound)
}

// Kapso names flows by UUID, Meta's webhooks by Meta's id: the target
// keeps both, and the webhook finds it.
func TestStatusMirrorFindsAKapsoFlowByMetaID(t *testing.T) {
	srv := kapsotest.New(t, kapsotest.Options{})
	flows, app, f, target := published(t, apps.App{Name: "shop", BSP: providers.BSPKapso,
		PhoneNumberID: kapsotest.DefaultPhoneNumberID, WABAID: kapsotest.DefaultWABAID,
		Credentials: map[string]crypto.Secret{"api_key": kapsotest.DefaultAPIKey}},
		kapso.New(kapso.Options{BaseURL: srv.URL}))
	require.NotEmpty(t, target.MetaFlowID)
	require.NotEqual(t, target.RemoteID, target.MetaFlowID)

	mirror := lifecycleflows.NewStatusMirror(flows)
	throttled := providers.FlowStatusUpdate{FlowID: target.MetaFlowID, Event: "FLOW_STATUS_CHANGE", NewStatus: providers.FlowThrottled}
	require.NoError(t, mirror.ApplyFlowStatus(t.Context(), app.ID, throttled, f.CreatedAt))
	got, err := flows.GetFlow(t.Context(), f.ID)
	require.NoError(t, err)
	require.Equal(t, lifecycle.StatusThrottled, got.Status)
}
