package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apikeys"
	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
	"github.com/waflow/waflow/store"
	"github.com/waflow/waflow/store/storetest"
)

// harness is a server on a loopback port over a fresh SQLite database,
// with the apps routes mounted and one API key issued.
type harness struct {
	t       *testing.T
	srv     *Server
	db      *store.DB
	apps    *apps.Service
	sandbox *sandbox.Sandbox
	base    string
	key     string
	logs    *lockedBuffer
	client  *http.Client
}

// harnessConfig tunes newHarness.
type harnessConfig struct {
	opts      Options
	providers ProviderSet
	// register runs after the apps routes are mounted, before serving.
	register func(s *Server)
	// mount runs after register, for parts that need the harness's store
	// and services.
	mount func(h *harness)
	// keyChanged is the apps routes' AppsDeps.KeyChanged.
	keyChanged func(appID string)
}

type providerMap map[providers.BSP]providers.Provider

func (m providerMap) Provider(b providers.BSP) (providers.Provider, bool) {
	p, ok := m[b]
	return p, ok
}

func newHarness(t *testing.T, configure ...func(*harnessConfig)) *harness {
	t.Helper()
	ctx := context.Background()
	db := storetest.SQLite(t)
	master, err := crypto.NewMasterKey(nil)
	require.NoError(t, err)
	sealer, err := crypto.NewSealer(master)
	require.NoError(t, err)
	keys := apikeys.NewService(db.APIKeys(), apikeys.Options{})
	token, _, err := keys.Issue(ctx, "test")
	require.NoError(t, err)

	h := &harness{t: t, db: db, sandbox: sandbox.New(sandbox.Options{}), key: string(token), logs: &lockedBuffer{},
		client: &http.Client{Timeout: 20 * time.Second}}
	h.apps = apps.NewService(db.Apps(), sealer, apps.Options{})
	cfg := harnessConfig{
		opts: Options{
			Logger: slog.New(slog.NewJSONHandler(h.logs, nil)),
			Auth:   APIKeys(keys),
			Ready:  db.Ping,
		},
		providers: providerMap{providers.BSPSandbox: h.sandbox},
	}
	for _, c := range configure {
		c(&cfg)
	}
	h.srv = New(cfg.opts)
	RegisterApps(h.srv, AppsDeps{Apps: h.apps, Keys: h.apps, Providers: cfg.providers, KeyChanged: cfg.keyChanged})
	if cfg.register != nil {
		cfg.register(h.srv)
	}
	if cfg.mount != nil {
		cfg.mount(h)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	h.base = "http://" + ln.Addr().String()
	served := make(chan error, 1)
	go func() { served <- h.srv.Serve(ln) }()
	t.Cleanup(func() {
		// A connection the client dialled but never used (its request went
		// out on another) is not idle to fasthttp, which waits for it until
		// ReadTimeout: close the client's spare connections first.
		h.client.CloseIdleConnections()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, h.srv.Shutdown(ctx))
		require.NoError(t, <-served)
	})
	return h
}

// response is one answer, its body kept raw and, when JSON, decoded.
type response struct {
	Status int
	Header http.Header
	Raw    []byte
	JSON   map[string]any
}

// errorCode returns error.code of an error envelope.
func (r response) errorCode() string {
	e, _ := r.JSON["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// errorDetails returns error.details of an error envelope.
func (r response) errorDetails() []any {
	e, _ := r.JSON["error"].(map[string]any)
	d, _ := e["details"].([]any)
	return d
}

// do sends a request with the harness's key; body may be nil, a string (sent
// as is) or a value (sent as JSON).
func (h *harness) do(method, path string, body any) response {
	h.t.Helper()
	return h.doKey(h.key, method, path, body)
}

func (h *harness) doKey(key, method, path string, body any) response {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		require.NoError(h.t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, h.base+path, rd)
	require.NoError(h.t, err)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := h.client.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	r := response{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && len(raw) > 0 {
		require.NoError(h.t, json.Unmarshal(raw, &r.JSON), "body: %s", raw)
	}
	return r
}

// requireError checks an error envelope: status, code, a request id, and
// that the message is not empty.
func requireError(t *testing.T, r response, status int, code string) {
	t.Helper()
	require.Equal(t, status, r.Status, "body: %s", r.Raw)
	require.Equal(t, code, r.errorCode(), "body: %s", r.Raw)
	e := r.JSON["error"].(map[string]any)
	require.NotEmpty(t, e["message"])
	require.NotEmpty(t, e["request_id"])
	require.Equal(t, e["request_id"], r.Header.Get(HeaderRequestID))
	require.IsType(t, []any{}, e["details"])
}

// createApp makes a sandbox app through the API and returns its id.
func (h *harness) createApp(name string) string {
	h.t.Helper()
	r := h.do(http.MethodPost, "/wa/v2/apps/", map[string]any{"name": name, "bsp": "SANDBOX"})
	require.Equal(h.t, http.StatusCreated, r.Status, "body: %s", r.Raw)
	return r.JSON["id"].(string)
}

// lockedBuffer collects log output written from server goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// readResponse reads an answer of app.Test.
func readResponse(t *testing.T, resp *http.Response) response {
	t.Helper()
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	r := response{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && len(raw) > 0 {
		require.NoError(t, json.Unmarshal(raw, &r.JSON), "body: %s", raw)
	}
	return r
}
