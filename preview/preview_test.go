package preview

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/flowrun"
)

// get answers a GET of path on h.
func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	return w
}

// post answers a POST of body to path on h.
func post(t *testing.T, h http.Handler, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, path, strings.NewReader(body)))
	return w
}

func decode[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &v), "body: %s", w.Body)
	return v
}

func TestHandlerServesThePageAndTheRuntime(t *testing.T) {
	fs := filesOf(t, "feedback-7.3.json", "")
	h := New(Options{Load: fs.Load})

	w := get(t, h, "/")
	require.Equal(t, http.StatusOK, w.Code)
	require.Contains(t, w.Header().Get("Content-Type"), "text/html")
	require.Contains(t, w.Header().Get("Content-Security-Policy"), "script-src 'self'")
	for _, ref := range []string{`src="flowrun.js"`, `src="preview.js"`, `href="preview.css"`} {
		require.Contains(t, w.Body.String(), ref)
	}
	w = get(t, h, "/flowrun.js")
	require.Equal(t, flowrun.Script(), w.Body.String(), "the runtime is served as it is")
	require.Contains(t, w.Header().Get("Content-Type"), "javascript")
	require.Contains(t, get(t, h, "/preview.css").Header().Get("Content-Type"), "text/css")
	require.Contains(t, get(t, h, "/preview.js").Body.String(), "WaflowRuntime.create")

	src, err := os.ReadFile(fs.Flow)
	require.NoError(t, err)
	require.Equal(t, string(src), get(t, h, "/flow.json").Body.String())

	require.Equal(t, http.StatusNotFound, get(t, h, "/nope").Code)
	w = get(t, h, "/exchange")
	require.Equal(t, http.StatusMethodNotAllowed, w.Code)
	require.Equal(t, http.StatusMethodNotAllowed, post(t, h, "/flow.json", "{}").Code)

	broken := New(Options{Load: func(context.Context) (*Flow, error) { return nil, errors.New("read the flow: no such file") }})
	w = get(t, broken, "/version")
	require.Equal(t, http.StatusInternalServerError, w.Code)
	require.Equal(t, "read the flow: no such file", decode[errorBody](t, w).Error.Message)
}

func TestDiagnoseGroupsByScreen(t *testing.T) {
	src := `{"version": "7.3", "name": "x", "screens": [
	  {"id": "A", "layout": {"type": "SingleColumnLayout", "children": [
	    {"type": "TextHeading"},
	    {"type": "Footer", "label": "Go", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "B"}, "payload": {}}}]}},
	  {"id": "B", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [{"type": "TextBody", "text": "hi"}]}}]}`
	d := Diagnose([]byte(src))
	require.Equal(t, 3, d.Errors)
	codes := func(ds flowjson.Diagnostics) (out []string) {
		for _, x := range ds {
			out = append(out, x.Pointer+" "+x.Code)
		}
		return out
	}
	require.Equal(t, []string{"/name INVALID_PROPERTY_KEY"}, codes(d.Flow))
	require.Equal(t, []string{"/screens/0/layout/children/0 MISSING_REQUIRED_TYPE_PROPERTY"}, codes(d.Screens["A"]))
	require.Equal(t, []string{"/screens/1/terminal MISSING_FOOTER_ON_TERMINAL_SCREEN"}, codes(d.Screens["B"]))

	d = Diagnose([]byte(`{"version":`))
	require.Equal(t, 1, d.Errors)
	require.Equal(t, "INVALID_FLOW_JSON", d.Flow[0].Code)
	require.Empty(t, d.Screens)

	ids := []string{"A", "", "B~1C"}
	for pointer, want := range map[string]string{
		"/screens/0/title":       "A",
		"/screens/1/layout":      "#1",
		"/routing_model/B~01C":   "B~1C",
		"/routing_model/A":       "A",
		"/screens/7/id":          "",
		"/screens":               "",
		"/routing_model/NOWHERE": "",
	} {
		got, ok := screenOf(pointer, ids)
		require.Equal(t, want != "", ok, pointer)
		require.Equal(t, want, got, pointer)
	}
}

// endpointFlow is the pizza example behind a handler built from script
// source, with its envelope options.
func endpointFlow(t *testing.T, source string, cfg func(*endpoint.Config), f func(*Flow)) *Handler {
	t.Helper()
	key, err := testKey()
	require.NoError(t, err)
	src, err := os.ReadFile(filepath.Join("..", "examples", "flows", "pizza-order-endpoint-7.3.json"))
	require.NoError(t, err)
	flow, _, err := flowjson.Decode(src)
	require.NoError(t, err)
	prog, err := script.Compile("test.js", source)
	require.NoError(t, err)
	host := script.NewHost(script.Options{})
	t.Cleanup(func() { require.NoError(t, host.Close()) })
	c := endpoint.Config{FlowID: "pizza", Flow: flow, Keys: crypto.KeySet{key}, Program: prog, Host: host}
	if cfg != nil {
		cfg(&c)
	}
	ep, err := endpoint.New(c)
	require.NoError(t, err)
	pf := &Flow{Name: "pizza", JSON: src, Version: "1", Endpoint: ep, Key: &key.PublicKey, FlowToken: "t"}
	if f != nil {
		f(pf)
	}
	return New(Options{Load: func(context.Context) (*Flow, error) { return pf, nil }})
}

const initRequest = `{"action": "INIT", "flow_token": "t", "version": "3.0"}`

func TestExchangeThroughTheEnvelope(t *testing.T) {
	pizzaScript, err := os.ReadFile(filepath.Join("..", "examples", "scripts", "pizza-order.plain.js"))
	require.NoError(t, err)

	t.Run("200 with the opened answer", func(t *testing.T) {
		w := post(t, endpointFlow(t, string(pizzaScript), nil, nil), "/exchange", initRequest)
		require.Equal(t, http.StatusOK, w.Code)
		x := decode[Exchange](t, w)
		require.Equal(t, http.StatusOK, x.Status)
		require.Equal(t, "CHOOSE", x.Answer["screen"])
		require.Empty(t, x.Meaning)
	})

	for _, tc := range []struct {
		name   string
		source string
		cfg    func(*endpoint.Config)
		flow   func(*Flow)
		body   string
		status int
		code   endpoint.Code
		detail string
		answer bool
	}{
		{name: "400 for a request the endpoint refuses", source: string(pizzaScript),
			body: `{"action": "INIT", "version": "3.0"}`, status: 400, code: endpoint.CodeMissingFlowToken, detail: "flow_token", answer: true},
		{name: "421 when sealed to another key", source: string(pizzaScript),
			flow: func(f *Flow) {
				other, err := crypto.GenerateKey(nil, crypto.MinKeyBits)
				require.NoError(t, err)
				f.Key = &other.PublicKey
			}, status: endpoint.StatusUndecryptable, code: endpoint.CodeUndecryptable},
		{name: "427 for a token the endpoint does not trust", source: string(pizzaScript),
			cfg: func(c *endpoint.Config) {
				c.Tokens = &crypto.Tokens{Secrets: [][]byte{[]byte("a secret of thirty-two bytes....")}}
			},
			status: endpoint.StatusTokenInvalid, code: endpoint.CodeTokenInvalid, answer: true},
		{name: "432 when signed with the wrong app secret", source: string(pizzaScript),
			cfg:    func(c *endpoint.Config) { c.AppSecrets = [][]byte{[]byte("the app secret")} },
			flow:   func(f *Flow) { f.AppSecret = []byte("another secret") },
			status: endpoint.StatusBadSignature, code: endpoint.CodeBadSignature},
		{name: "500 when the script throws", source: `function handle(req, ctx) { throw new Error("no pizza today"); }`,
			status: 500, code: endpoint.CodeScriptFault, detail: "no pizza today", answer: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body
			if body == "" {
				body = initRequest
			}
			w := post(t, endpointFlow(t, tc.source, tc.cfg, tc.flow), "/exchange", body)
			require.Equal(t, http.StatusOK, w.Code, "the proxy answers 200 whatever the endpoint said")
			x := decode[Exchange](t, w)
			require.Equal(t, tc.status, x.Status)
			require.Equal(t, string(tc.code), x.Code)
			require.Equal(t, Meaning(tc.status), x.Meaning)
			require.Contains(t, x.Detail, tc.detail)
			if tc.answer {
				require.NotEmpty(t, x.Answer["error_msg"], "the sealed error body is opened")
			} else {
				require.Nil(t, x.Answer)
			}
		})
	}

	t.Run("the proxy's own refusals", func(t *testing.T) {
		h := endpointFlow(t, string(pizzaScript), nil, nil)
		w := post(t, h, "/exchange", `[1, 2]`)
		require.Equal(t, http.StatusBadRequest, w.Code)
		require.Contains(t, decode[errorBody](t, w).Error.Message, "JSON object")

		static := New(Options{Load: filesOf(t, "feedback-7.3.json", "").Load})
		w = post(t, static, "/exchange", initRequest)
		require.Equal(t, http.StatusServiceUnavailable, w.Code)
		require.Contains(t, decode[errorBody](t, w).Error.Message, "no data_api_version")

		w = httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/exchange", io.LimitReader(zeros{}, maxExchangeBody+1)))
		require.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
	})
}

// zeros reads as an endless run of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestMeaningCoversTheProtocolStatuses(t *testing.T) {
	for _, status := range []int{400, 413, 421, 427, 432, 500, 503} {
		require.True(t, strings.HasPrefix(Meaning(status), strconv.Itoa(status)+": "), status)
	}
	require.Contains(t, Meaning(418), "not a status of the data endpoint protocol")
}

func TestFilesReloadOnChange(t *testing.T) {
	dir := t.TempDir()
	flowPath := filepath.Join(dir, "pizza.json")
	scriptPath := filepath.Join(dir, "pizza.js")
	copyFile := func(from, to string) {
		b, err := os.ReadFile(from)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(to, b, 0o600))
	}
	copyFile(filepath.Join("..", "examples", "flows", "pizza-order-endpoint-7.3.json"), flowPath)
	copyFile(filepath.Join("..", "examples", "scripts", "pizza-order.plain.js"), scriptPath)
	key, err := testKey()
	require.NoError(t, err)
	host := script.NewHost(script.Options{})
	t.Cleanup(func() { require.NoError(t, host.Close()) })
	fs := &Files{Flow: flowPath, Script: scriptPath, Key: key, Host: host}
	h := New(Options{Load: fs.Load})

	v1 := decode[Version](t, get(t, h, "/version"))
	require.Equal(t, "pizza", v1.Name)
	require.Equal(t, "preview", v1.FlowToken)
	require.Contains(t, v1.Endpoint, "throwaway key")
	first, err := fs.Load(t.Context())
	require.NoError(t, err)
	again, err := fs.Load(t.Context())
	require.NoError(t, err)
	require.Same(t, first, again, "nothing changed: nothing is rebuilt")

	require.NoError(t, os.WriteFile(scriptPath, []byte("function handle(req, ctx) {"), 0o600))
	v2 := decode[Version](t, get(t, h, "/version"))
	require.NotEqual(t, v1.Version, v2.Version)
	require.Contains(t, v2.Endpoint, "the script does not compile")

	flow, err := os.ReadFile(flowPath)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(flowPath, []byte(strings.Replace(string(flow), "Build your pizza", "Your pizza", 1)), 0o600))
	v3 := decode[Version](t, get(t, h, "/version"))
	require.NotEqual(t, v2.Version, v3.Version)
	require.Contains(t, get(t, h, "/flow.json").Body.String(), `"Your pizza"`)

	require.NoError(t, os.Remove(flowPath))
	require.Equal(t, http.StatusInternalServerError, get(t, h, "/version").Code)
}
