package httpapi

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
)

// TestFlowPublishReachesTheSandbox publishes an endpoint flow through the
// API and lets the reconciler take every step at the sandbox BSP.
func TestFlowPublishReachesTheSandbox(t *testing.T) {
	e := newFlowsEnv(t)
	app, _ := e.appWithKey("shop")
	id := e.createFlow("pizza", app)
	e.putJSON(id, example(t, pizzaFlow))
	e.putScript(id, example(t, "scripts/pizza-order.plain.js"))

	pub := e.do(http.MethodPost, "/wa/v2/flows/"+id+"/publish", nil)
	require.Equal(t, http.StatusOK, pub.Status, "body: %s", pub.Raw)
	require.Equal(t, "PUBLISHED", pub.JSON["status"])
	require.EqualValues(t, 1, pub.JSON["published_revision"])
	e.reconcile()

	r := e.do(http.MethodGet, "/wa/v2/flows/"+id+"/targets", nil)
	require.Equal(t, http.StatusOK, r.Status)
	target := r.JSON["data"].([]any)[0].(map[string]any)
	require.Equal(t, app, target["app_id"])
	require.Equal(t, "SANDBOX", target["bsp"])
	require.Equal(t, "shop", target["app_name"])
	require.Equal(t, "PUBLISHED", target["desired"])
	require.Equal(t, "PUBLISHED", target["remote_status"])
	require.Equal(t, "done", target["step_state"])
	require.EqualValues(t, 1, target["published_revision"])
	require.Equal(t, e.base+"/wa/v2/flows/"+id+"/endpoint", target["endpoint_uri"])
	remoteID := target["remote_id"].(string)
	require.NotEmpty(t, remoteID)
	var steps []string
	for _, ev := range target["events"].([]any) {
		steps = append(steps, ev.(map[string]any)["step"].(string))
	}
	require.Equal(t, []string{"publish", "endpoint", "upload", "create"}, steps, "newest first")

	published, ok := e.sandbox.PublishedJSON(app, remoteID)
	require.True(t, ok)
	require.Equal(t, example(t, pizzaFlow), published)

	preview := e.do(http.MethodGet, "/wa/v2/flows/"+id+"/preview", nil)
	require.Equal(t, http.StatusOK, preview.Status, "body: %s", preview.Raw)
	require.Equal(t, []any{map[string]any{"app_id": app, "bsp": "SANDBOX", "remote_id": remoteID,
		"preview_url": "https://sandbox.waflow.invalid/flows/" + remoteID + "/preview"}}, preview.JSON["targets"])

	dep := e.do(http.MethodPost, "/wa/v2/flows/"+id+"/deprecate", nil)
	require.Equal(t, http.StatusOK, dep.Status)
	require.Equal(t, []any{}, dep.JSON["allowed_actions"])
	e.reconcile()
	r = e.do(http.MethodGet, "/wa/v2/flows/"+id+"/targets", nil)
	require.Equal(t, "DEPRECATED", r.JSON["data"].([]any)[0].(map[string]any)["remote_status"])
}

func TestFlowTargets(t *testing.T) {
	e := newFlowsEnv(t)
	shop := e.createApp("shop")
	other := e.createApp("other")
	id := e.createFlow("signup")
	e.putJSON(id, example(t, "flows/feedback-7.3.json"))

	put := e.do(http.MethodPut, "/wa/v2/flows/"+id+"/targets/"+shop, nil)
	require.Equal(t, http.StatusCreated, put.Status, "body: %s", put.Raw)
	require.Equal(t, "DRAFT", put.JSON["desired"])
	require.Equal(t, "pending", put.JSON["step_state"])
	require.Equal(t, []any{}, put.JSON["events"])
	again := e.do(http.MethodPut, "/wa/v2/flows/"+id+"/targets/"+shop, nil)
	require.Equal(t, http.StatusOK, again.Status, "PUT is idempotent; body: %s", again.Raw)

	// A target whose BSP fails stops, shows why, and retries on request.
	e.sandbox.FailNext(providers.OpCreateFlow, 1, &providers.Error{BSP: providers.BSPSandbox,
		Operation: providers.OpCreateFlow, Kind: providers.ErrorAuth, Message: "token expired"})
	e.reconcile()
	r := e.do(http.MethodGet, "/wa/v2/flows/"+id+"/targets", nil)
	target := r.JSON["data"].([]any)[0].(map[string]any)
	require.Equal(t, "failed", target["step_state"])
	require.Equal(t, "create", target["step"])
	require.Contains(t, target["last_error"], "token expired")
	require.Equal(t, "failed", target["events"].([]any)[0].(map[string]any)["outcome"])
	preview := e.do(http.MethodGet, "/wa/v2/flows/"+id+"/preview", nil)
	require.Contains(t, preview.JSON["targets"].([]any)[0].(map[string]any)["error"], "not created")

	retry := e.do(http.MethodPost, "/wa/v2/flows/"+id+"/targets/"+shop+"/retry", nil)
	require.Equal(t, http.StatusOK, retry.Status, "body: %s", retry.Raw)
	require.Equal(t, "pending", retry.JSON["step_state"])
	e.reconcile()
	r = e.do(http.MethodGet, "/wa/v2/flows/"+id+"/targets", nil)
	require.Equal(t, "done", r.JSON["data"].([]any)[0].(map[string]any)["step_state"])

	require.Equal(t, http.StatusCreated, e.do(http.MethodPut, "/wa/v2/flows/"+id+"/targets/"+other, nil).Status)
	require.Len(t, e.do(http.MethodGet, "/wa/v2/flows/"+id+"/targets", nil).JSON["data"], 2)
	require.Equal(t, http.StatusNoContent, e.do(http.MethodDelete, "/wa/v2/flows/"+id+"/targets/"+other, nil).Status)
	require.Len(t, e.do(http.MethodGet, "/wa/v2/flows/"+id+"/targets", nil).JSON["data"], 1)

	tests := []struct {
		name   string
		method string
		path   string
		status int
		code   string
	}{
		{"unknown app", "PUT", "/wa/v2/flows/" + id + "/targets/app_nope", 404, CodeNotFound},
		{"unknown flow", "PUT", "/wa/v2/flows/flow_nope/targets/" + shop, 404, CodeNotFound},
		{"remove twice", "DELETE", "/wa/v2/flows/" + id + "/targets/" + other, 404, CodeNotFound},
		{"retry unknown", "POST", "/wa/v2/flows/" + id + "/targets/" + other + "/retry", 404, CodeNotFound},
		{"targets of unknown flow", "GET", "/wa/v2/flows/flow_nope/targets", 404, CodeNotFound},
		{"preview of unknown flow", "GET", "/wa/v2/flows/flow_nope/preview", 404, CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireError(t, e.do(tt.method, tt.path, nil), tt.status, tt.code)
		})
	}

	require.Equal(t, http.StatusOK, e.do(http.MethodPost, "/wa/v2/flows/"+id+"/publish", nil).Status)
	require.Equal(t, http.StatusOK, e.do(http.MethodPost, "/wa/v2/flows/"+id+"/deprecate", nil).Status)
	requireError(t, e.do(http.MethodPut, "/wa/v2/flows/"+id+"/targets/"+other, nil), http.StatusConflict, CodeTransition)
}
