package main

import (
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/waflow/waflow/apikeys"
	"github.com/waflow/waflow/crypto"
)

// Environment variables of "waflow serve". Flags, where a setting has one,
// win over them; secrets have no flag, so they never show in the process
// list.
const (
	envAddr            = "WAFLOW_ADDR"
	envDataDir         = "WAFLOW_DATA_DIR"
	envDatabaseURL     = "WAFLOW_DATABASE_URL"
	envAdminToken      = "WAFLOW_ADMIN_TOKEN"
	envMasterKey       = "WAFLOW_MASTER_KEY"
	envTokenSecret     = "WAFLOW_TOKEN_SECRET"
	envPublicURL       = "WAFLOW_PUBLIC_URL"
	envExamples        = "WAFLOW_EXAMPLES"
	envShutdownTimeout = "WAFLOW_SHUTDOWN_TIMEOUT"
	// envAllowPrivateWebhooks lets subscriptions deliver to loopback and
	// private addresses, for a receiver on the same machine or network.
	envAllowPrivateWebhooks = "WAFLOW_ALLOW_PRIVATE_WEBHOOKS"
	envSandboxDelay         = "WAFLOW_SANDBOX_DELAY"
)

// Defaults of "waflow serve".
const (
	defaultServeAddr       = "127.0.0.1:8080"
	defaultDataDir         = "./data"
	defaultShutdownTimeout = 15 * time.Second
	defaultSandboxDelay    = time.Second
	databaseFileName       = "waflow.db"
)

// serveConfig is the validated configuration of "waflow serve". Every
// field is final: defaults are filled in, values are checked.
type serveConfig struct {
	// Addr is HOST:PORT to listen on; port 0 picks a free one.
	Addr string
	// DataDir holds the SQLite file and the master key file by default.
	DataDir string
	// DatabaseURL is postgres://…, sqlite://… or a file path.
	DatabaseURL string
	// AdminToken, when set, is an API key that always works (see
	// apikeys.Service.EnsureAdmin); when empty a stored one is revoked.
	AdminToken string
	// MasterKeys seal secrets at rest, newest first; nil means the key file
	// in DataDir.
	MasterKeys [][]byte
	// TokenSecret signs and verifies flow tokens; nil means the sealed
	// secret file in DataDir.
	TokenSecret []byte
	// PublicURL is the base URL BSPs call, without a trailing slash; ""
	// means the listener's own http:// URL.
	PublicURL string
	// Examples is a directory of examples to load at start; "" loads none.
	Examples string
	// ShutdownTimeout bounds the wait for requests in flight at shutdown.
	ShutdownTimeout time.Duration
	// AllowPrivateWebhooks lets subscriptions deliver to loopback, private
	// and link-local addresses.
	AllowPrivateWebhooks bool
	// SandboxDelay is how long each step of the sandbox BSP takes: a
	// template's review, a message's delivery, its reading; 0 is at once.
	SandboxDelay time.Duration
}

// configError is a setting with a bad value, named as the user gave it (a
// flag or an environment variable). The value is not repeated: it may be a
// secret.
type configError struct {
	Setting string
	Err     error
}

func (e *configError) Error() string { return e.Setting + ": " + e.Err.Error() }

func (e *configError) Unwrap() error { return e.Err }

// settingSource tells where each setting's value comes from.
type settingSource struct {
	getenv func(string) string
	given  map[string]bool // flags present on the command line
}

// lookup returns the flag's value when the flag was given, else the
// variable's, else def, and the name to blame for it.
func (s settingSource) lookup(flagName string, flagValue *string, env, def string) (value, name string) {
	if flagName != "" && s.given[flagName] {
		return *flagValue, "--" + flagName
	}
	if v := s.getenv(env); v != "" {
		return v, env
	}
	return def, env
}

// loadServeConfig parses "waflow serve"'s flags and environment. A bad
// setting is a usage error (exit status 2) naming it.
func (m *Main) loadServeConfig(args []string) (serveConfig, error) {
	fs := m.newCommandFlags("serve", "[flags]")
	addr := fs.String("addr", "", "address to listen on, HOST:PORT; port 0 picks a free one (env "+envAddr+", default "+defaultServeAddr+")")
	dataDir := fs.String("data-dir", "", "directory of the SQLite database and the master key file (env "+envDataDir+", default "+defaultDataDir+")")
	dbURL := fs.String("database-url", "", "postgres://… or sqlite://FILE (env "+envDatabaseURL+", default sqlite in the data directory)")
	publicURL := fs.String("public-url", "", "base URL that WhatsApp and the BSPs call (env "+envPublicURL+", default the listen address)")
	examples := fs.String("examples", "", "directory of examples to load at start (env "+envExamples+")")
	shutdown := fs.String("shutdown-timeout", "", "how long to wait for requests in flight when stopping (env "+envShutdownTimeout+", default "+defaultShutdownTimeout.String()+")")
	if err := parseCommandFlags(fs, args); err != nil {
		return serveConfig{}, err
	}
	if err := noArgs(fs); err != nil {
		return serveConfig{}, err
	}
	src := settingSource{getenv: m.Getenv, given: map[string]bool{}}
	fs.Visit(func(f *flag.Flag) { src.given[f.Name] = true })

	cfg, err := resolveServeConfig(src, *addr, *dataDir, *dbURL, *publicURL, *examples, *shutdown)
	if err != nil {
		return serveConfig{}, &exitError{Code: exitUsage, Err: err}
	}
	return cfg, nil
}

func resolveServeConfig(src settingSource, addr, dataDir, dbURL, publicURL, examples, shutdown string) (serveConfig, error) {
	var cfg serveConfig
	var name, raw string

	cfg.Addr, name = src.lookup("addr", &addr, envAddr, defaultServeAddr)
	if err := checkAddr(cfg.Addr); err != nil {
		return cfg, &configError{Setting: name, Err: err}
	}

	cfg.DataDir, name = src.lookup("data-dir", &dataDir, envDataDir, defaultDataDir)
	if strings.TrimSpace(cfg.DataDir) == "" {
		return cfg, &configError{Setting: name, Err: errors.New("empty")}
	}

	cfg.DatabaseURL, name = src.lookup("database-url", &dbURL, envDatabaseURL,
		"sqlite://"+filepath.Join(cfg.DataDir, databaseFileName))
	if err := checkDatabaseURL(cfg.DatabaseURL); err != nil {
		return cfg, &configError{Setting: name, Err: err}
	}

	cfg.AdminToken = src.getenv(envAdminToken)
	if n := len(cfg.AdminToken); n > 0 && n < apikeys.MinAdminTokenLength {
		return cfg, &configError{Setting: envAdminToken,
			Err: fmt.Errorf("%d characters; use a random value of at least %d", n, apikeys.MinAdminTokenLength)}
	}

	if v := src.getenv(envMasterKey); v != "" {
		keys, err := parseMasterKeys(v)
		if err != nil {
			return cfg, &configError{Setting: envMasterKey, Err: err}
		}
		cfg.MasterKeys = keys
	}

	if v := src.getenv(envTokenSecret); v != "" {
		if len(v) < minTokenSecretLength {
			return cfg, &configError{Setting: envTokenSecret,
				Err: fmt.Errorf("%d characters; use a random value of at least %d", len(v), minTokenSecretLength)}
		}
		cfg.TokenSecret = []byte(v)
	}

	raw, name = src.lookup("public-url", &publicURL, envPublicURL, "")
	if raw != "" {
		u, err := checkPublicURL(raw)
		if err != nil {
			return cfg, &configError{Setting: name, Err: err}
		}
		cfg.PublicURL = u
	}

	cfg.Examples, name = src.lookup("examples", &examples, envExamples, "")
	if cfg.Examples != "" {
		if fi, err := os.Stat(cfg.Examples); err != nil {
			return cfg, &configError{Setting: name, Err: err}
		} else if !fi.IsDir() {
			return cfg, &configError{Setting: name, Err: fmt.Errorf("%s is not a directory", cfg.Examples)}
		}
	}

	raw, name = src.lookup("shutdown-timeout", &shutdown, envShutdownTimeout, defaultShutdownTimeout.String())
	d, err := time.ParseDuration(raw)
	if err != nil || d <= 0 {
		return cfg, &configError{Setting: name, Err: fmt.Errorf("%q is not a positive duration such as 15s", raw)}
	}
	cfg.ShutdownTimeout = d

	if raw := src.getenv(envAllowPrivateWebhooks); raw != "" {
		allow, err := strconv.ParseBool(raw)
		if err != nil {
			return cfg, &configError{Setting: envAllowPrivateWebhooks, Err: fmt.Errorf("%q is not true or false", raw)}
		}
		cfg.AllowPrivateWebhooks = allow
	}

	cfg.SandboxDelay = defaultSandboxDelay
	if raw := src.getenv(envSandboxDelay); raw != "" {
		d, err := time.ParseDuration(raw)
		if err != nil || d < 0 {
			return cfg, &configError{Setting: envSandboxDelay, Err: fmt.Errorf("%q is not a duration such as 1s or 0s", raw)}
		}
		cfg.SandboxDelay = d
	}
	return cfg, nil
}

func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not HOST:PORT (for example 127.0.0.1:8080 or :8080)", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port %q is not a number from 0 to 65535", port)
	}
	return nil
}

func checkDatabaseURL(raw string) error {
	scheme, rest, hasScheme := strings.Cut(raw, "://")
	switch {
	case strings.TrimSpace(raw) == "":
		return errors.New("empty")
	case !hasScheme:
		return nil // a SQLite file path
	case scheme == "postgres" || scheme == "postgresql":
		if _, err := url.Parse(raw); err != nil {
			return errors.New("not a valid postgres:// URL")
		}
		return nil
	case scheme == "sqlite":
		if rest == "" {
			return errors.New("sqlite:// needs a file path")
		}
		return nil
	}
	return fmt.Errorf("unknown scheme %q (want postgres://, sqlite:// or a file path)", scheme)
}

// parseMasterKeys reads a comma-separated list of base64 master keys,
// newest first: a rotation adds the new key in front and keeps the old one
// until every sealed value was rewritten.
func parseMasterKeys(v string) ([][]byte, error) {
	var keys [][]byte
	for i, part := range strings.Split(v, ",") {
		k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(part))
		if err != nil {
			return nil, fmt.Errorf("key %d is not base64", i+1)
		}
		if len(k) != crypto.MasterKeySize {
			return nil, fmt.Errorf("key %d is %d bytes, want %d (generate one with: openssl rand -base64 %d)",
				i+1, len(k), crypto.MasterKeySize, crypto.MasterKeySize)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

func checkPublicURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "", errors.New("not a URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return "", errors.New("must start with https:// (or http:// for local tests)")
	case u.Host == "":
		return "", errors.New("has no host")
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return "", errors.New("must be a base URL, without credentials, query or fragment")
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}
