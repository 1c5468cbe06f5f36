package main

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/httpapi"
)

// serveProcess is "waflow serve" running in the test process.
type serveProcess struct {
	stdout, stderr *lockedBuffer
	cancel         context.CancelFunc
	done           chan int
}

func startServe(t *testing.T, env map[string]string, args ...string) *serveProcess {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p := &serveProcess{stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, cancel: cancel, done: make(chan int, 1)}
	m := &Main{Stdin: strings.NewReader(""), Stdout: p.stdout, Stderr: p.stderr,
		Getenv: func(k string) string { return env[k] }}
	go func() { p.done <- m.Run(ctx, append([]string{"serve"}, args...)) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-p.done:
		case <-time.After(20 * time.Second):
			t.Error("waflow serve did not stop")
		}
	})
	return p
}

var (
	baseURLLine = regexp.MustCompile(`(?m)^Base URL: (http://\S+)$`)
	apiKeyLine  = regexp.MustCompile(`(?m)^API key: (\S+)$`)
)

// baseURL waits for the line announcing the URL; it fails the test if the
// command exits first.
func (p *serveProcess) baseURL(t *testing.T) string {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		if m := baseURLLine.FindStringSubmatch(p.stdout.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-p.done:
			p.done <- code
			t.Fatalf("waflow serve exited with %d before listening; stderr:\n%s", code, p.stderr.String())
		case <-deadline:
			t.Fatalf("no base URL printed; stdout:\n%s\nstderr:\n%s", p.stdout.String(), p.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (p *serveProcess) stop(t *testing.T) int {
	t.Helper()
	p.cancel()
	select {
	case code := <-p.done:
		p.done <- code
		return code
	case <-time.After(20 * time.Second):
		t.Fatal("waflow serve did not stop after cancel")
		return -1
	}
}

func get(t *testing.T, url, key string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func TestServeFirstStartAndRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	env := map[string]string{envDataDir: dir}

	p := startServe(t, env, "--addr", "127.0.0.1:0")
	base := p.baseURL(t)
	m := apiKeyLine.FindStringSubmatch(p.stdout.String())
	require.NotNil(t, m, "the first start prints an API key; stdout:\n%s", p.stdout.String())
	key := m[1]

	status, _ := get(t, base+"/readyz", "")
	require.Equal(t, http.StatusOK, status)
	status, body := get(t, base+"/wa/v2/apps/", key)
	require.Equal(t, http.StatusOK, status)
	require.JSONEq(t, `{"data": []}`, body)
	status, _ = get(t, base+"/wa/v2/apps/", "")
	require.Equal(t, http.StatusUnauthorized, status)
	require.Equal(t, exitOK, p.stop(t), "stderr:\n%s", p.stderr.String())
	require.NotContains(t, p.stderr.String(), key, "the key is printed on stdout only")

	fi, err := os.Stat(filepath.Join(dir, masterKeyFileName))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	require.FileExists(t, filepath.Join(dir, databaseFileName))

	saved := filepath.Join(dir, apiKeyFileName)
	fi, err = os.Stat(saved)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	// A restart finds the key, the master key file and the data again, and
	// shows the saved key once more.
	p = startServe(t, env, "--addr", "127.0.0.1:0")
	base = p.baseURL(t)
	require.Equal(t, key, apiKeyLine.FindStringSubmatch(p.stdout.String())[1])
	require.Contains(t, p.stdout.String(), `curl -H "Authorization: Bearer `+key+`" `+base+"/wa/v2/flows/\n")
	status, _ = get(t, base+"/wa/v2/apps/", key)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, exitOK, p.stop(t), "stderr:\n%s", p.stderr.String())

	// Without the file the key still works but is not shown; the banner
	// says how to get one.
	require.NoError(t, os.Remove(saved))
	p = startServe(t, env, "--addr", "127.0.0.1:0")
	base = p.baseURL(t)
	require.Nil(t, apiKeyLine.FindStringSubmatch(p.stdout.String()))
	require.Contains(t, p.stdout.String(), "API key: not shown\n")
	require.Contains(t, p.stdout.String(), envAdminToken)
	status, _ = get(t, base+"/wa/v2/apps/", key)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, exitOK, p.stop(t), "stderr:\n%s", p.stderr.String())
}

func TestServeWithAdminTokenAndMasterKey(t *testing.T) {
	dir := t.TempDir()
	token := strings.Repeat("t0ken", 8)
	env := map[string]string{
		envDataDir:    dir,
		envAddr:       "127.0.0.1:0",
		envAdminToken: token,
		envMasterKey:  base64.StdEncoding.EncodeToString(make([]byte, 32)),
		envPublicURL:  "https://waflow.example.com/",
	}
	p := startServe(t, env)
	base := p.baseURL(t)
	require.Contains(t, p.stdout.String(), "API key: the value of "+envAdminToken+"\n", "an admin token replaces the first key")
	require.NotContains(t, p.stdout.String(), token, "the banner never prints the token")
	require.NoFileExists(t, filepath.Join(dir, apiKeyFileName))
	require.Contains(t, p.stdout.String(), "Public URL: https://waflow.example.com\n")
	status, _ := get(t, base+"/wa/v2/apps/", token)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, exitOK, p.stop(t))
	require.NoFileExists(t, filepath.Join(dir, masterKeyFileName), "WAFLOW_MASTER_KEY needs no key file")
}

func TestServeRefusesReadableMasterKeyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, masterKeyFileName)
	require.NoError(t, os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString(make([]byte, 32))+"\n"), 0o600))
	require.NoError(t, os.Chmod(path, 0o640))

	r := runCLI(t, map[string]string{envDataDir: dir}, "serve", "--addr", "127.0.0.1:0")
	require.Equal(t, exitFailure, r.Code)
	require.Contains(t, r.Stderr, envMasterKey)
	require.Contains(t, r.Stderr, "mode 0640")
	require.Contains(t, r.Stderr, "chmod 600")
	require.NotContains(t, r.Stdout, "Base URL")
}

func TestMasterKeyFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "data")
	cfg := serveConfig{DataDir: dir}

	first, err := masterKeys(cfg, nil)
	require.NoError(t, err)
	require.Len(t, first, 1)
	require.Len(t, first[0], 32)
	fi, err := os.Stat(filepath.Join(dir, masterKeyFileName))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	leftovers, err := filepath.Glob(filepath.Join(dir, ".master.key-*"))
	require.NoError(t, err)
	require.Empty(t, leftovers)

	again, err := masterKeys(cfg, nil)
	require.NoError(t, err)
	require.Equal(t, first, again, "the file is read, never replaced")

	for _, mode := range []os.FileMode{0o644, 0o604, 0o660} {
		require.NoError(t, os.Chmod(filepath.Join(dir, masterKeyFileName), mode))
		_, err = masterKeys(cfg, nil)
		require.ErrorContains(t, err, "readable by group or others", "mode %04o", mode)
	}

	require.NoError(t, os.Chmod(filepath.Join(dir, masterKeyFileName), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, masterKeyFileName), []byte("c2hvcnQ=\n"), 0o600))
	_, err = masterKeys(cfg, nil)
	require.ErrorContains(t, err, "is 5 bytes, want 32")

	given := [][]byte{make([]byte, 32)}
	got, err := masterKeys(serveConfig{DataDir: filepath.Join(dir, "unused"), MasterKeys: given}, nil)
	require.NoError(t, err)
	require.Equal(t, given, got)
	require.NoDirExists(t, filepath.Join(dir, "unused"))
}

func TestServeConfigErrorsNameTheSetting(t *testing.T) {
	secretKey := base64.StdEncoding.EncodeToString(make([]byte, 16))
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		setting string
	}{
		{"addr from env", map[string]string{envAddr: "localhost"}, nil, envAddr},
		{"addr from flag", map[string]string{envAddr: "127.0.0.1:1"}, []string{"--addr", "127.0.0.1:99999"}, "--addr"},
		{"empty data dir flag", nil, []string{"--data-dir", ""}, "--data-dir"},
		{"database scheme", map[string]string{envDatabaseURL: "mysql://db/waflow"}, nil, envDatabaseURL},
		{"database flag", nil, []string{"--database-url", "sqlite://"}, "--database-url"},
		{"short admin token", map[string]string{envAdminToken: "letmein"}, nil, envAdminToken},
		{"master key not base64", map[string]string{envMasterKey: "not base64!"}, nil, envMasterKey},
		{"master key too short", map[string]string{envMasterKey: secretKey}, nil, envMasterKey},
		{"short token secret", map[string]string{envTokenSecret: "short-secret"}, nil, envTokenSecret},
		{"public URL scheme", map[string]string{envPublicURL: "ftp://example.com"}, nil, envPublicURL},
		{"public URL with query", nil, []string{"--public-url", "https://example.com/?a=1"}, "--public-url"},
		{"examples missing", map[string]string{envExamples: "/no/such/dir"}, nil, envExamples},
		{"shutdown timeout", map[string]string{envShutdownTimeout: "soon"}, nil, envShutdownTimeout},
		{"private webhooks", map[string]string{envAllowPrivateWebhooks: "sometimes"}, nil, envAllowPrivateWebhooks},
		{"sandbox delay", map[string]string{envSandboxDelay: "-1s"}, nil, envSandboxDelay},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{envDataDir: t.TempDir()}
			for k, v := range tt.env {
				env[k] = v
			}
			r := runCLI(t, env, append([]string{"serve"}, tt.args...)...)
			require.Equal(t, exitUsage, r.Code, "stderr: %s", r.Stderr)
			require.Contains(t, r.Stderr, "waflow serve: "+tt.setting+": ")
			require.NotContains(t, r.Stderr, secretKey, "secrets are not echoed")
			require.Empty(t, r.Stdout)
		})
	}

	r := runCLI(t, nil, "serve", "extra")
	require.Equal(t, exitUsage, r.Code)
	require.Contains(t, r.Stderr, "unexpected argument")
}

func TestResolveServeConfigDefaults(t *testing.T) {
	src := settingSource{getenv: func(string) string { return "" }, given: map[string]bool{}}
	cfg, err := resolveServeConfig(src, "", "", "", "", "", "")
	require.NoError(t, err)
	require.Equal(t, serveConfig{
		Addr:            defaultServeAddr,
		DataDir:         defaultDataDir,
		DatabaseURL:     "sqlite://" + filepath.Join(defaultDataDir, databaseFileName),
		ShutdownTimeout: defaultShutdownTimeout,
		SandboxDelay:    defaultSandboxDelay,
	}, cfg)
}

// composedServer builds the server exactly as "waflow serve" does, without
// listening, so route-level checks cover every part mounted on it.
func composedServer(t *testing.T) *serverDeps {
	t.Helper()
	cfg, err := resolveServeConfig(settingSource{getenv: func(k string) string {
		return map[string]string{envDataDir: t.TempDir()}[k]
	}, given: map[string]bool{}}, "", "", "", "", "", "")
	require.NoError(t, err)
	d, err := openServerDeps(t.Context(), cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	t.Cleanup(d.close)
	d.publicURL = "http://127.0.0.1:8080"
	require.NoError(t, d.mount())
	return d
}

// TestServedRoutesNeedAKeyAndAreDocumented walks every route of the
// composed server: each one under /wa/v2/ refuses a request without a key
// unless BSPs call it, and the route table (hence /openapi.json) lists
// exactly the routes Fiber serves.
func TestServedRoutesNeedAKeyAndAreDocumented(t *testing.T) {
	d := composedServer(t)
	app := d.http.App()

	documented := map[string]bool{}
	for _, r := range d.http.Routes() {
		documented[r.Method+" "+r.Path] = true
		path := strings.NewReplacer(":id", "x", ":bsp", "meta").Replace(r.Path)
		resp, err := app.Test(httptest.NewRequest(r.Method, path, nil), -1)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		ourChallenge := resp.StatusCode == http.StatusUnauthorized && resp.Header.Get("WWW-Authenticate") != ""
		switch {
		case !strings.HasPrefix(r.Path, httpapi.APIPrefix):
			require.False(t, ourChallenge, "%s %s is operational", r.Method, r.Path)
		case httpapi.BSPCalled(r.Method, path):
			require.False(t, ourChallenge, "%s %s is called by BSPs without a key", r.Method, r.Path)
		default:
			require.True(t, ourChallenge, "%s %s must need a key", r.Method, r.Path)
		}
	}
	for _, r := range app.GetRoutes(true) {
		if r.Method == http.MethodHead {
			continue
		}
		require.True(t, documented[r.Method+" "+r.Path], "%s %s is served but not in the route table", r.Method, r.Path)
	}
}
