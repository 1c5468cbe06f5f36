package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/providers"
)

// flowsEnv is a harness with the flows routes and the data endpoint
// mounted over the harness's store, a reconciler driving the sandbox, and
// a flow token secret.
type flowsEnv struct {
	*harness
	flows     *lifecycle.Service
	endpoints *FlowEndpoints
	rec       *lifecycle.Reconciler
	tokens    *crypto.Tokens
}

// appDirectory resolves target apps for lifecycle from package apps.
type appDirectory struct{ apps *apps.Service }

func (d appDirectory) ResolveApp(ctx context.Context, id string) (providers.App, error) {
	a, err := d.apps.Get(ctx, id)
	if errors.Is(err, apps.ErrNotFound) {
		return providers.App{}, fmt.Errorf("%w: %w", lifecycle.ErrNotFound, err)
	}
	return a.Provider(), err
}

// flowBSPs hands the reconciler the harness's sandbox.
type flowBSPs struct{ sb providers.Provider }

func (b flowBSPs) ProviderFor(bsp providers.BSP) (providers.Provider, error) {
	if bsp != providers.BSPSandbox {
		return nil, fmt.Errorf("no provider for %s", bsp)
	}
	return b.sb, nil
}

// mountFlows mounts the flows routes and the data endpoint on h; it is a
// harnessConfig.mount.
func mountFlows(e *flowsEnv) func(h *harness) {
	return func(h *harness) {
		e.flows = lifecycle.NewService(h.db.Flows(), appDirectory{h.apps}, lifecycle.Options{})
		host := script.NewHost(script.Options{})
		h.t.Cleanup(func() { require.NoError(h.t, host.Close()) })
		e.tokens = &crypto.Tokens{Secrets: [][]byte{[]byte("flow-token-secret-of-the-flows-tests")}}
		var err error
		e.endpoints, err = NewFlowEndpoints(EndpointOptions{Flows: e.flows, Apps: h.apps, Host: host,
			Tokens: e.tokens, Metrics: h.srv.Metrics(), Logger: h.srv.Logger()})
		require.NoError(h.t, err)
		RegisterFlows(h.srv, FlowsDeps{Flows: e.flows, Apps: h.apps, Providers: providerMap{providers.BSPSandbox: h.sandbox},
			FlowChanged: e.endpoints.Forget})
		RegisterFlowEndpoint(h.srv, e.endpoints)
	}
}

func newFlowsEnv(t *testing.T) *flowsEnv {
	t.Helper()
	e := &flowsEnv{}
	e.harness = newHarness(t, func(c *harnessConfig) {
		c.mount = mountFlows(e)
		// The endpoints exist only once mount ran; as in serve, app changes
		// drop the handlers built from the app.
		c.keyChanged = func(appID string) { e.endpoints.KeyChanged(appID) }
	})
	var err error
	e.rec, err = lifecycle.NewReconciler(e.db.Flows(), flowBSPs{e.sandbox}, appDirectory{e.apps}, lifecycle.ReconcilerOptions{
		PublicBaseURL: e.base, Owner: "flows-test", Jitter: func(d time.Duration) time.Duration { return d }})
	require.NoError(t, err)
	return e
}

// reconcile steps the reconciler until no target is due.
func (e *flowsEnv) reconcile() {
	e.t.Helper()
	for range 10 {
		n, err := e.rec.Step(e.t.Context())
		require.NoError(e.t, err)
		if n == 0 {
			return
		}
	}
	e.t.Fatal("the reconciler kept finding work")
}

// doRaw sends body as it is with the given Content-Type ("" sends none).
func (h *harness) doRaw(method, path, contentType string, body []byte) response {
	h.t.Helper()
	req, err := http.NewRequest(method, h.base+path, bytes.NewReader(body))
	require.NoError(h.t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+h.key)
	resp, err := h.client.Do(req)
	require.NoError(h.t, err)
	return readResponse(h.t, resp)
}

// example reads a file of the repository's examples directory.
func example(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "examples", filepath.FromSlash(path)))
	require.NoError(t, err)
	return b
}

const pizzaFlow = "flows/pizza-order-endpoint-7.3.json"

// createFlow makes a flow through the API, deployed to appIDs.
func (e *flowsEnv) createFlow(name string, appIDs ...string) string {
	e.t.Helper()
	if appIDs == nil {
		appIDs = []string{}
	}
	r := e.do(http.MethodPost, "/wa/v2/flows/", map[string]any{"name": name, "categories": []string{"OTHER"}, "app_ids": appIDs})
	require.Equal(e.t, http.StatusCreated, r.Status, "body: %s", r.Raw)
	return r.JSON["id"].(string)
}

// putJSON uploads a Flow JSON document and requires it to be accepted.
func (e *flowsEnv) putJSON(flowID string, doc []byte) {
	e.t.Helper()
	r := e.doRaw(http.MethodPut, "/wa/v2/flows/"+flowID+"/json", "application/json", doc)
	require.Equal(e.t, http.StatusCreated, r.Status, "body: %s", r.Raw)
}

// putScript uploads a handler script and requires it to compile.
func (e *flowsEnv) putScript(flowID string, src []byte) {
	e.t.Helper()
	r := e.doRaw(http.MethodPut, "/wa/v2/flows/"+flowID+"/script", "application/javascript", src)
	require.Equal(e.t, http.StatusCreated, r.Status, "body: %s", r.Raw)
}

// appWithKey makes a sandbox app with a flows key pushed to the sandbox
// and returns its id and public key.
func (e *flowsEnv) appWithKey(name string) (string, []byte) {
	e.t.Helper()
	id := e.createApp(name)
	r := e.do(http.MethodPost, "/wa/v2/apps/"+id+"/encryption", map[string]any{"action": "generate"})
	require.Equal(e.t, http.StatusCreated, r.Status, "body: %s", r.Raw)
	require.Equal(e.t, PushPushed, r.JSON["push_status"])
	return id, []byte(r.JSON["public_key"].(string))
}

// metric returns the lines of /metrics that mention name.
func (h *harness) metric(name string) string {
	h.t.Helper()
	resp, err := h.client.Get(h.base + "/metrics")
	require.NoError(h.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	var out []string
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, name) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
