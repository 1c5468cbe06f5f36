package endpoint_test

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowjson"
)

const (
	testFlowID = "flow-1"
	testSecret = "app-secret-for-tests"
)

func loadKey(t testing.TB, name string) *crypto.PrivateKey {
	t.Helper()
	pem, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	k, err := crypto.ParsePrivateKeyPEM(pem, nil)
	require.NoError(t, err)
	return k
}

func loadFlow(t testing.TB) *flowjson.Flow {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "flow.json"))
	require.NoError(t, err)
	f, _, err := flowjson.Decode(src)
	require.NoError(t, err)
	return f
}

func compile(t testing.TB, name string) *script.Program {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	p, err := script.Compile(name, string(src))
	require.NoError(t, err)
	return p
}

func newHost(t testing.TB, opts script.Options) *script.Host {
	t.Helper()
	h := script.NewHost(opts)
	t.Cleanup(func() { _ = h.Close() })
	return h
}

// lockedBuffer collects log output written from many request goroutines.
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

type observed struct {
	mu       sync.Mutex
	outcomes []endpoint.Outcome
}

func (o *observed) Observe(out endpoint.Outcome) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.outcomes = append(o.outcomes, out)
}

func (o *observed) last() endpoint.Outcome {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.outcomes[len(o.outcomes)-1]
}

type notifications struct {
	mu   sync.Mutex
	seen []endpoint.Notification
}

func (n *notifications) RecordNotification(_ context.Context, note endpoint.Notification) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.seen = append(n.seen, note)
	return nil
}

// fixture is one endpoint on a loopback HTTP server and a client that talks
// to it as WhatsApp does.
type fixture struct {
	handler *endpoint.Handler
	server  *httptest.Server
	client  *waClient
	tokens  *crypto.Tokens
	logs    *lockedBuffer
	obs     *observed
	notes   *notifications
}

type fixtureOptions struct {
	script string                 // file in testdata; default plain.js
	host   *script.Options        // limits of the script host; nil means scriptOptions()
	config func(*endpoint.Config) // last changes to the config
}

func newFixture(t testing.TB, fo fixtureOptions) *fixture {
	t.Helper()
	if fo.script == "" {
		fo.script = "plain.js"
	}
	host := scriptOptions()
	if fo.host != nil {
		host = *fo.host
	}
	f := &fixture{
		tokens: &crypto.Tokens{Secrets: [][]byte{[]byte("token-secret")}},
		logs:   &lockedBuffer{},
		obs:    &observed{},
		notes:  &notifications{},
	}
	key := loadKey(t, "key-current.pem")
	cfg := endpoint.Config{
		FlowID:        testFlowID,
		Flow:          loadFlow(t),
		Keys:          crypto.KeySet{key},
		AppSecrets:    [][]byte{[]byte(testSecret)},
		Tokens:        f.tokens,
		Program:       compile(t, fo.script),
		Host:          newHost(t, host),
		Env:           map[string]string{"GREETING": "Ada"},
		MaxBodyBytes:  16 << 10,
		Notifications: f.notes,
		Observer:      f.obs,
		Logger:        slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if fo.config != nil {
		fo.config(&cfg)
	}
	h, err := endpoint.New(cfg)
	require.NoError(t, err)
	f.handler = h
	f.server = httptest.NewServer(h)
	t.Cleanup(f.server.Close)
	f.client = &waClient{url: f.server.URL, pub: &key.PublicKey, secret: []byte(testSecret), http: f.server.Client()}
	return f
}

// token issues a valid flow token for the test flow.
func (f *fixture) token(t testing.TB) string {
	t.Helper()
	tok, err := f.tokens.Issue(crypto.TokenClaims{FlowID: testFlowID, Recipient: "15550001111"})
	require.NoError(t, err)
	return tok
}

// waClient encrypts and signs requests exactly as WhatsApp does: a fresh
// AES key and IV per request, the key wrapped to the endpoint's public key.
type waClient struct {
	url    string
	pub    *rsa.PublicKey // the endpoint's public key, as uploaded to WhatsApp
	secret []byte         // app secret for X-Hub-Signature-256; nil sends none
	http   *http.Client
}

// reply is an answer as the client sees it.
type reply struct {
	status int
	header http.Header
	raw    []byte         // the body as received
	answer map[string]any // the decrypted body, when it was sealed
}

func (c *waClient) send(t testing.TB, request any) reply {
	t.Helper()
	plain, ok := request.([]byte)
	if !ok {
		var err error
		plain, err = json.Marshal(request)
		require.NoError(t, err)
	}
	body, cs, err := crypto.SealRequest(c.pub, plain, nil)
	require.NoError(t, err)
	r := c.post(t, body, c.signature(body))
	if r.header.Get("Content-Type") == endpoint.ContentTypeSealed && len(r.raw) > 0 {
		opened, err := cs.OpenResponse(r.raw)
		require.NoError(t, err, "status %d", r.status)
		require.NoError(t, json.Unmarshal(opened, &r.answer))
	}
	return r
}

func (c *waClient) signature(body []byte) string {
	if c.secret == nil {
		return ""
	}
	return crypto.SignBody(c.secret, body)
}

func (c *waClient) post(t testing.TB, body []byte, signature string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.url, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set("X-Hub-Signature-256", signature)
	}
	resp, err := c.http.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return reply{status: resp.StatusCode, header: resp.Header, raw: raw}
}

// requireNoLeak checks that a failure's body says nothing internal.
func requireNoLeak(t testing.TB, r reply) {
	t.Helper()
	text := strings.ToLower(string(r.raw) + " " + mustJSON(t, r.answer))
	for _, secret := range []string{"hunter2", "crypto:", "script", "goja", "panic", ".js"} {
		require.NotContains(t, text, secret)
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// scriptOptions are the script limits of most tests: a budget short enough
// that a runaway script costs little, long enough for -race.
func scriptOptions() script.Options {
	return script.Options{Timeout: 2 * time.Second}
}

func netListen() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }

func within(t testing.TB, limit time.Duration, start time.Time) {
	t.Helper()
	require.Less(t, time.Since(start), limit)
}
