package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
)

const (
	pizzaFlow    = "../../examples/flows/pizza-order-endpoint-7.3.json"
	pizzaKapso   = "../../examples/scripts/pizza-order.kapso.js"
	pizzaPlain   = "../../examples/scripts/pizza-order.plain.js"
	pizzaAnswers = "../../examples/answers/pizza-order.json"
)

// testKey is one RSA key shared by the tests of this package: generating a
// 2048-bit key takes a noticeable fraction of a second under -race.
var testKey = sync.OnceValues(func() (*crypto.PrivateKey, error) {
	return crypto.GenerateKey(nil, crypto.MinKeyBits)
})

// writeTestKey writes the shared key to dir as PEM, encrypted when
// passphrase is not empty, and returns the file's path.
func writeTestKey(t *testing.T, dir, passphrase string) (string, *crypto.PrivateKey) {
	t.Helper()
	key, err := testKey()
	require.NoError(t, err)
	pemBytes, err := key.MarshalPEM([]byte(passphrase), nil)
	require.NoError(t, err)
	path := filepath.Join(dir, "private.pem")
	require.NoError(t, os.WriteFile(path, pemBytes, 0o600))
	return path, key
}

// runningEndpoint is a "waflow endpoint" started by startEndpoint.
type runningEndpoint struct {
	URL    string
	Stderr *lockedBuffer
	stop   context.CancelFunc
	done   chan int
}

// startEndpoint runs "waflow endpoint" with args on a free loopback port
// and waits for the URL it prints.
func startEndpoint(t *testing.T, env map[string]string, args ...string) *runningEndpoint {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &lockedBuffer{}, &lockedBuffer{}
	m := &Main{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: stderr, Getenv: func(k string) string { return env[k] }}
	e := &runningEndpoint{Stderr: stderr, stop: cancel, done: make(chan int, 1)}
	go func() { e.done <- m.Run(ctx, append([]string{"endpoint", "--addr", "127.0.0.1:0"}, args...)) }()
	t.Cleanup(func() { e.Stop(t) })

	urlPattern := regexp.MustCompile(`listening on (http://\S+/)`)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := urlPattern.FindStringSubmatch(stdout.String()); m != nil {
			e.URL = m[1]
			return e
		}
		select {
		case code := <-e.done:
			e.done <- code
			t.Fatalf("endpoint exited with %d before listening: %s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("endpoint printed no URL within 10s; stderr: %s", stderr.String())
	return nil
}

// Stop cancels the command's context, as SIGINT does, and returns its exit
// status.
func (e *runningEndpoint) Stop(t *testing.T) int {
	t.Helper()
	e.stop()
	select {
	case code := <-e.done:
		e.done <- code
		return code
	case <-time.After(15 * time.Second):
		t.Fatal("endpoint did not shut down within 15s")
		return -1
	}
}

// post seals plaintext as WhatsApp does, posts it and returns the status
// and the opened answer (nil when the answer carries no sealed body).
func post(t *testing.T, url string, key *crypto.PrivateKey, plaintext string) (int, map[string]any) {
	t.Helper()
	body, session, err := crypto.SealRequest(&key.PublicKey, []byte(plaintext), nil)
	require.NoError(t, err)
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if len(raw) == 0 {
		return resp.StatusCode, nil
	}
	plain, err := session.OpenResponse(raw)
	require.NoError(t, err)
	var answer map[string]any
	require.NoError(t, json.Unmarshal(plain, &answer))
	return resp.StatusCode, answer
}

func TestEndpointServesInitOverHTTPAndShutsDown(t *testing.T) {
	dir := t.TempDir()
	keyPath, key := writeTestKey(t, dir, "")
	envFile := filepath.Join(dir, "pizza.env")
	require.NoError(t, os.WriteFile(envFile, []byte("# prices\nCURRENCY=\"CHF\"\n\nexport DELIVERY_MINUTES=20\n"), 0o600))

	e := startEndpoint(t, nil,
		"--private-key", keyPath,
		"--flow", pizzaFlow, "--script", pizzaKapso, "--env-file", envFile)

	resp, err := http.Get(e.URL)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusOK, resp.StatusCode)

	status, answer := post(t, e.URL, key, `{"version":"3.0","action":"INIT","screen":"","data":{},"flow_token":"tok-1"}`)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "CHOOSE", answer["screen"])
	data := answer["data"].(map[string]any)
	require.Len(t, data["sizes"], 3)
	require.Contains(t, data["sizes"].([]any)[0].(map[string]any)["description"], "CHF 7.00")

	status, answer = post(t, e.URL, key, `{"version":"3.0","action":"ping"}`)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, map[string]any{"data": map[string]any{"status": "active"}}, answer)

	require.Equal(t, exitOK, e.Stop(t))
	require.Contains(t, e.Stderr.String(), "shutting down")
}

func TestEndpointChecksFlowTokensWhenGivenASecret(t *testing.T) {
	dir := t.TempDir()
	keyPath, key := writeTestKey(t, dir, "")
	secret := "token-secret"
	e := startEndpoint(t, map[string]string{"TOKENS": secret},
		"--private-key", keyPath, "--token-secret-env", "TOKENS", "--flow-id", "pizza",
		"--flow", pizzaFlow, "--script", pizzaPlain)

	status, _ := post(t, e.URL, key, `{"version":"3.0","action":"INIT","screen":"","data":{},"flow_token":"made-up"}`)
	require.Equal(t, 427, status, "a token not signed with the secret is refused")

	token, err := crypto.Tokens{Secrets: [][]byte{[]byte(secret)}}.Issue(crypto.TokenClaims{FlowID: "pizza"})
	require.NoError(t, err)
	status, answer := post(t, e.URL, key, `{"version":"3.0","action":"INIT","screen":"","data":{},"flow_token":"`+token+`"}`)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "CHOOSE", answer["screen"])
}

func TestEndpointRefusesToStart(t *testing.T) {
	dir := t.TempDir()
	keyPath, _ := writeTestKey(t, dir, "")
	badFlow := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(badFlow, []byte(`{"version": "7.3", "screens": []}`), 0o600))
	badScript := filepath.Join(dir, "bad.js")
	require.NoError(t, os.WriteFile(badScript, []byte("function handle(req, ctx) {\n  return {screen: ;\n}\n"), 0o600))
	badEnv := filepath.Join(dir, "bad.env")
	require.NoError(t, os.WriteFile(badEnv, []byte("A=1\nJUST A LINE\n"), 0o600))
	noHandler := filepath.Join(dir, "none.js")
	require.NoError(t, os.WriteFile(noHandler, []byte("const x = 1;\n"), 0o600))

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"invalid flow", []string{"--flow", badFlow, "--script", pizzaPlain}, exitFailure, badFlow + ":"},
		{"syntax error", []string{"--flow", pizzaFlow, "--script", badScript}, exitFailure, badScript + ":2:"},
		{"no handler function", []string{"--flow", pizzaFlow, "--script", noHandler}, exitFailure, noHandler},
		{"missing flow flag", []string{"--script", pizzaPlain}, exitUsage, "--flow is required"},
		{"bad addr", []string{"--addr", "nowhere", "--flow", pizzaFlow, "--script", pizzaPlain}, exitUsage, "--addr"},
		{"timeout too long", []string{"--timeout", "30s", "--flow", pizzaFlow, "--script", pizzaPlain}, exitUsage, "--timeout"},
		{"app secret unset", []string{"--app-secret-env", "APP_SECRET", "--flow", pizzaFlow, "--script", pizzaPlain}, exitUsage, "--app-secret-env: environment variable APP_SECRET"},
		{"env file missing", []string{"--env-file", filepath.Join(dir, "nope.env"), "--flow", pizzaFlow, "--script", pizzaPlain}, exitUsage, "--env-file"},
		{"env file malformed", []string{"--env-file", badEnv, "--flow", pizzaFlow, "--script", pizzaPlain}, exitUsage, "--env-file: " + badEnv + ":2: want KEY=VALUE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"endpoint", "--addr", "127.0.0.1:0", "--private-key", keyPath}, tc.args...)
			r := runCLI(t, nil, args...)
			require.Equal(t, tc.code, r.Code, r.Stderr)
			require.Contains(t, r.Stderr, tc.want)
			require.NotContains(t, r.Stdout, "listening")
		})
	}
}
