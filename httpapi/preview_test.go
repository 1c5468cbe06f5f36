package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/endpoint/script"
)

// newPreviewEnv is a flows environment with the preview routes mounted.
func newPreviewEnv(t *testing.T) *flowsEnv {
	t.Helper()
	return newPreviewEnvWith(t, script.Options{})
}

// newPreviewEnvWith is newPreviewEnv with the previews' script host built
// from opts.
func newPreviewEnvWith(t *testing.T, opts script.Options) *flowsEnv {
	t.Helper()
	e := &flowsEnv{}
	e.harness = newHarness(t, func(c *harnessConfig) {
		c.mount = func(h *harness) {
			mountFlows(e)(h)
			host := script.NewHost(opts)
			t.Cleanup(func() { require.NoError(t, host.Close()) })
			p, err := NewFlowPreviews(PreviewOptions{Flows: e.flows, Apps: h.apps, Host: host, Tokens: e.tokens})
			require.NoError(t, err)
			RegisterPreview(h.srv, p)
		}
	})
	return e
}

// browse sends a request as a browser does: no bearer header, the given
// cookie, redirects not followed.
func (e *flowsEnv) browse(method, path, cookie string, body []byte) *http.Response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.base+path, bytes.NewReader(body))
	require.NoError(e.t, err)
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: PreviewCookie, Value: cookie})
	}
	client := &http.Client{Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	require.NoError(e.t, err)
	e.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func readJSON(t *testing.T, resp *http.Response) map[string]any {
	t.Helper()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(raw, &out), "body: %s", raw)
	return out
}

func TestPreviewNeedsTheAPIKey(t *testing.T) {
	e := newPreviewEnv(t)
	app, _ := e.appWithKey("shop")
	id := e.createFlow("pizza", app)
	e.putJSON(id, example(t, pizzaFlow))
	page := "/preview/flows/" + id + "/"

	for _, path := range []string{page, page + "flow.json", page + "flowrun.js"} {
		resp := e.browse(http.MethodGet, path, "", nil)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode, path)
		require.Contains(t, readJSON(t, resp)["error"].(map[string]any)["message"], "?key=")
	}
	require.Equal(t, http.StatusUnauthorized, e.browse(http.MethodGet, page, "not-a-key", nil).StatusCode)
	require.Equal(t, http.StatusUnauthorized, e.browse(http.MethodGet, page+"?key=not-a-key", "", nil).StatusCode)

	// ?key= once: the key moves into a cookie only /preview/ sees, and the
	// page reloads without it.
	resp := e.browse(http.MethodGet, page+"?key="+e.key, "", nil)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	require.Equal(t, page, resp.Header.Get("Location"))
	cookies := resp.Cookies()
	require.Len(t, cookies, 1)
	c := cookies[0]
	require.Equal(t, PreviewCookie, c.Name)
	require.Equal(t, e.key, c.Value)
	require.Equal(t, "/preview/", c.Path)
	require.True(t, c.HttpOnly)
	require.Equal(t, http.SameSiteStrictMode, c.SameSite)

	resp = e.browse(http.MethodGet, page, e.key, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, resp.Header.Get("Content-Type"), "text/html")
	require.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'none'")

	resp = e.browse(http.MethodGet, strings.TrimSuffix(page, "/"), e.key, nil)
	require.Equal(t, http.StatusFound, resp.StatusCode, "the page's relative links need the slash")
	require.Equal(t, page, resp.Header.Get("Location"))

	// A bearer header does as well as the cookie.
	r := e.do(http.MethodGet, page+"flow.json", nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, "7.3", r.JSON["version"])
}

func TestPreviewServesTheCurrentRevision(t *testing.T) {
	e := newPreviewEnv(t)
	app, _ := e.appWithKey("shop")
	id := e.createFlow("pizza", app)
	page := "/preview/flows/" + id + "/"

	r := e.do(http.MethodGet, page+"version", nil)
	requireError(t, r, http.StatusConflict, CodeNoRevision)
	requireError(t, e.do(http.MethodGet, "/preview/flows/flow_nope/version", nil), http.StatusNotFound, CodeNotFound)

	e.putJSON(id, example(t, pizzaFlow))
	v := e.do(http.MethodGet, page+"version", nil).JSON
	require.Equal(t, "pizza", v["name"])
	require.Contains(t, v["endpoint"], "no handler script")
	first := v["version"]

	e.putScript(id, example(t, "scripts/pizza-order.plain.js"))
	v = e.do(http.MethodGet, page+"version", nil).JSON
	require.NotEqual(t, first, v["version"], "a new script reloads the page")
	require.Contains(t, v["endpoint"], "the key of app shop")
	claims, err := e.tokens.Verify(v["flow_token"].(string))
	require.NoError(t, err)
	require.Equal(t, id, claims.FlowID)

	// The page's INIT goes through the real envelope to the flow's endpoint.
	init, err := json.Marshal(map[string]any{"version": "3.0", "action": "INIT", "flow_token": v["flow_token"]})
	require.NoError(t, err)
	x := readJSON(t, e.browse(http.MethodPost, page+"exchange", e.key, init))
	require.Equal(t, float64(http.StatusOK), x["status"])
	require.Equal(t, "CHOOSE", x["answer"].(map[string]any)["screen"])

	// A token of another flow is refused as WhatsApp would see it: 427.
	foreign, err := json.Marshal(map[string]any{"version": "3.0", "action": "INIT", "flow_token": "wf1.forged.token"})
	require.NoError(t, err)
	x = readJSON(t, e.browse(http.MethodPost, page+"exchange", e.key, foreign))
	require.Equal(t, float64(427), x["status"])
	require.Equal(t, "token_invalid", x["code"])
	require.Contains(t, x["meaning"], "disables the flow")
	require.Contains(t, x["answer"].(map[string]any)["error_msg"], "no longer available")

	d := e.do(http.MethodGet, page+"diagnostics.json", nil)
	require.Equal(t, http.StatusOK, d.Status)
	require.Equal(t, float64(0), d.JSON["errors"])
}

// ctxKV is a script KV that records what the context of its last Get
// says of the request's Fiber locals.
type ctxKV struct {
	script.KV
	mu        sync.Mutex
	gets      int
	requestID any
}

func (k *ctxKV) Get(ctx context.Context, flowToken, key string) (string, bool, error) {
	k.mu.Lock()
	k.gets++
	k.requestID = ctx.Value(requestIDKey)
	k.mu.Unlock()
	return k.KV.Get(ctx, flowToken, key)
}

// The script call behind an exchange runs on a context of its own, not on
// fasthttp's RequestCtx, which is recycled for the next request once the
// handler returns while the goroutines the call's contexts start may still
// read it.
func TestPreviewExchangeDoesNotRunOnTheRequestCtx(t *testing.T) {
	kv := &ctxKV{KV: script.NewMemoryKV(nil)}
	e := newPreviewEnvWith(t, script.Options{KV: kv})
	app, _ := e.appWithKey("shop")
	id := e.createFlow("pizza", app)
	page := "/preview/flows/" + id + "/"
	e.putJSON(id, example(t, pizzaFlow))
	src := strings.Replace(string(example(t, "scripts/pizza-order.plain.js")), "function handle(", "function pizza(", 1) +
		"\nfunction handle(req, ctx) { ctx.kv.get(\"probe\"); return pizza(req, ctx); }\n"
	e.putScript(id, []byte(src))
	v := e.do(http.MethodGet, page+"version", nil).JSON

	init, err := json.Marshal(map[string]any{"version": "3.0", "action": "INIT", "flow_token": v["flow_token"]})
	require.NoError(t, err)
	x := readJSON(t, e.browse(http.MethodPost, page+"exchange", e.key, init))
	require.Equal(t, float64(http.StatusOK), x["status"], "exchange: %v", x)

	kv.mu.Lock()
	defer kv.mu.Unlock()
	require.Equal(t, 1, kv.gets)
	require.Nil(t, kv.requestID, "the script call's context reaches the RequestCtx's user values")
}

func TestPreviewRoutesAreDocumented(t *testing.T) {
	e := newPreviewEnv(t)
	doc := e.doKey("", http.MethodGet, "/openapi.json", nil).JSON
	paths := doc["paths"].(map[string]any)
	for _, p := range []string{"/preview/flows/{id}", "/preview/flows/{id}/exchange", "/preview/flows/{id}/version"} {
		require.Contains(t, paths, p)
	}
	op := paths["/preview/flows/{id}"].(map[string]any)["get"].(map[string]any)
	require.Contains(t, op["summary"], "?key=")
}
