package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowjson"
)

// endpointShutdownGrace bounds how long a stopping endpoint waits for
// requests in flight. WhatsApp abandons a request after 10 s, so waiting
// longer would only delay the exit.
const endpointShutdownGrace = 10 * time.Second

// endpointConfig is the typed form of "waflow endpoint"'s flags.
type endpointConfig struct {
	Addr                  string
	PrivateKey            string
	PassphraseEnv         string
	PreviousKey           string
	PreviousPassphraseEnv string
	AppSecretEnv          string
	TokenSecretEnv        string
	EnvFile               string
	Timeout               time.Duration
	Flow                  string
	FlowID                string
	Script                string
}

func (c endpointConfig) validate() error {
	for _, f := range []struct{ name, value string }{
		{"addr", c.Addr}, {"private-key", c.PrivateKey}, {"flow", c.Flow}, {"script", c.Script},
	} {
		if f.value == "" {
			return requireFlag(f.name)
		}
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return usageErrorf("--addr: %v (want HOST:PORT, e.g. 127.0.0.1:8080 or :8080)", err)
	}
	if c.PreviousPassphraseEnv != "" && c.PreviousKey == "" {
		return usageErrorf("--previous-passphrase-env needs --previous-key")
	}
	return checkScriptTimeout(c.Timeout)
}

// checkScriptTimeout refuses budgets the script host would silently clamp.
func checkScriptTimeout(d time.Duration) error {
	if d <= 0 || d > script.MaxTimeout {
		return usageErrorf("--timeout: %s is outside (0, %s]; WhatsApp gives up after 10s", d, script.MaxTimeout)
	}
	return nil
}

// runEndpoint serves one flow's data endpoint with its handler script and no
// database: what a developer runs behind a tunnel while building a flow, and
// what a small deployment runs for good.
func runEndpoint(ctx context.Context, m *Main, args []string) error {
	var c endpointConfig
	flags := m.newCommandFlags("endpoint", "--addr HOST:PORT --private-key FILE --flow FILE --script FILE [flags]")
	flags.StringVar(&c.Addr, "addr", "", "address to listen on, HOST:PORT (port 0 picks a free one)")
	flags.StringVar(&c.PrivateKey, "private-key", "", "PEM private key whose public half is uploaded to WhatsApp")
	flags.StringVar(&c.PassphraseEnv, "passphrase-env", "", "environment variable holding the private key's passphrase")
	flags.StringVar(&c.PreviousKey, "previous-key", "", "the key replaced by --private-key, still accepted while clients fetch the new public key")
	flags.StringVar(&c.PreviousPassphraseEnv, "previous-passphrase-env", "", "environment variable holding --previous-key's passphrase (default: that of --passphrase-env)")
	flags.StringVar(&c.AppSecretEnv, "app-secret-env", "", "environment variable holding the Meta app secret; requests must then carry a valid X-Hub-Signature-256")
	flags.StringVar(&c.TokenSecretEnv, "token-secret-env", "", "environment variable holding the flow token secret of 'waflow token issue'; without it any non-empty flow token is accepted")
	flags.StringVar(&c.EnvFile, "env-file", "", "file of KEY=VALUE lines passed to the script as its env")
	flags.DurationVar(&c.Timeout, "timeout", script.DefaultTimeout, "wall-clock budget of one script call")
	flags.StringVar(&c.Flow, "flow", "", "Flow JSON file; the endpoint refuses to start if it is invalid")
	flags.StringVar(&c.FlowID, "flow-id", "", "flow id given to the script and checked against flow tokens (default: the --flow file name)")
	flags.StringVar(&c.Script, "script", "", "JavaScript handler: handler(request, env) or handle(req, ctx)")
	if err := parseFlagsOnly(flags, args, &c); err != nil {
		return err
	}

	keys, err := m.endpointKeys(c)
	if err != nil {
		return err
	}
	appSecret, err := m.secretFromEnv("app-secret-env", c.AppSecretEnv)
	if err != nil {
		return err
	}
	tokenSecret, err := m.secretFromEnv("token-secret-env", c.TokenSecretEnv)
	if err != nil {
		return err
	}
	env, err := readEnvFile(c.EnvFile)
	if err != nil {
		return err
	}
	flow, err := m.loadFlowFile(c.Flow)
	if err != nil {
		return err
	}
	if !flow.HasEndpoint() {
		return usageErrorf("--flow: %s declares no data_api_version, so WhatsApp never calls an endpoint for it", c.Flow)
	}
	prog, err := compileScriptFile(c.Script)
	if err != nil {
		return err
	}

	logger := slog.New(slog.NewTextHandler(m.Stderr, nil))
	host := script.NewHost(script.Options{Timeout: c.Timeout, Logger: logger, Media: endpoint.MediaFetcher{}.Fetch})
	defer host.Close()
	cfg := endpoint.Config{
		FlowID:  flowIDOrDefault(c.FlowID, c.Flow),
		Flow:    flow,
		Keys:    keys,
		Program: prog,
		Host:    host,
		Env:     env,
		Logger:  logger,
	}
	if appSecret != nil {
		cfg.AppSecrets = [][]byte{appSecret}
	}
	if tokenSecret != nil {
		cfg.Tokens = &crypto.Tokens{Secrets: [][]byte{tokenSecret}}
	}
	handler, err := endpoint.New(cfg)
	if err != nil {
		return err
	}
	return m.serveEndpoint(ctx, c.Addr, handler, logger, c.Timeout)
}

// endpointKeys loads the current key and, during a rotation, the previous
// one, newest first as the endpoint tries them.
func (m *Main) endpointKeys(c endpointConfig) (crypto.KeySet, error) {
	passphrase, err := m.secretFromEnv("passphrase-env", c.PassphraseEnv)
	if err != nil {
		return nil, err
	}
	key, err := loadPrivateKey("private-key", c.PrivateKey, passphrase, "passphrase-env")
	if err != nil {
		return nil, err
	}
	keys := crypto.KeySet{key}
	if c.PreviousKey == "" {
		return keys, nil
	}
	prevPassphrase, prevFlag := passphrase, "passphrase-env"
	if c.PreviousPassphraseEnv != "" {
		prevFlag = "previous-passphrase-env"
		if prevPassphrase, err = m.secretFromEnv(prevFlag, c.PreviousPassphraseEnv); err != nil {
			return nil, err
		}
	}
	prev, err := loadPrivateKey("previous-key", c.PreviousKey, prevPassphrase, prevFlag)
	if err != nil {
		return nil, err
	}
	return append(keys, prev), nil
}

// serveEndpoint listens, prints the URL (tests and scripts read it to learn
// a port picked by the kernel), and serves until ctx is cancelled, then
// drains the requests in flight for at most endpointShutdownGrace.
func (m *Main) serveEndpoint(ctx context.Context, addr string, h *endpoint.Handler, logger *slog.Logger, scriptTimeout time.Duration) error {
	mux := http.NewServeMux()
	mux.Handle("/{$}", h)
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		// The answer is written once the script is done; allow its budget
		// plus time for a slow client.
		WriteTimeout: scriptTimeout + 10*time.Second,
		ErrorLog:     slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	fmt.Fprintf(m.Stdout, "listening on http://%s/\n", ln.Addr())
	logger.Info("endpoint: serving", "addr", ln.Addr().String())

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("endpoint: shutting down", "grace", endpointShutdownGrace)
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), endpointShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loadFlowFile reads, validates and decodes the Flow JSON given by --flow.
// Diagnostics are printed like "waflow validate" prints them; warnings are
// tolerated, errors stop the command, since serving or walking a flow that
// WhatsApp would reject only postpones the failure.
func (m *Main) loadFlowFile(path string) (*flowjson.Flow, error) {
	src, err := readFlagFile("flow", path)
	if err != nil {
		return nil, err
	}
	diags := flowjson.Validate(src, flowjson.Options{}).Diagnostics
	for _, d := range diags {
		fmt.Fprintf(m.Stderr, "%s:%s\n", path, d)
	}
	if diags.HasErrors() {
		return nil, &exitError{Code: exitFailure, Err: fmt.Errorf("--flow: %s is not valid Flow JSON", path)}
	}
	flow, _, err := flowjson.Decode(src)
	if err != nil {
		return nil, &exitError{Code: exitFailure, Err: fmt.Errorf("--flow: %s: %w", path, err)}
	}
	return flow, nil
}

// compileScriptFile compiles the handler given by --script once, up front,
// so that a syntax error stops the command at file:line:col instead of
// failing every request.
func compileScriptFile(path string) (*script.Program, error) {
	src, err := readFlagFile("script", path)
	if err != nil {
		return nil, err
	}
	prog, err := script.Compile(path, string(src))
	if err != nil {
		return nil, &exitError{Code: exitFailure, Err: err}
	}
	return prog, nil
}

// flowIDOrDefault names the flow after its file when --flow-id is not given,
// so that log lines and scripts still tell flows apart.
func flowIDOrDefault(id, flowPath string) string {
	if id != "" {
		return id
	}
	return strings.TrimSuffix(filepath.Base(flowPath), filepath.Ext(flowPath))
}

// readEnvFile parses the --env-file: KEY=VALUE lines, blank lines and
// #-comments ignored, one pair of matching quotes around a value removed.
// The file, not the process environment, feeds the script, so a script sees
// exactly the settings meant for it and none of the server's secrets.
func readEnvFile(path string) (map[string]string, error) {
	env := map[string]string{}
	if path == "" {
		return env, nil
	}
	data, err := readFlagFile("env-file", path)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		key = strings.TrimSpace(strings.TrimPrefix(key, "export "))
		if !ok || key == "" || strings.ContainsAny(key, " \t") {
			return nil, usageErrorf("--env-file: %s:%d: want KEY=VALUE", path, n)
		}
		value = strings.TrimSpace(value)
		if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
			value = value[1 : len(value)-1]
		}
		env[key] = value
	}
	if err := sc.Err(); err != nil {
		return nil, usageErrorf("--env-file: %s: %v", path, err)
	}
	return env, nil
}
