package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"

	"github.com/waflow/waflow/apikeys"
	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/httpapi"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
	"github.com/waflow/waflow/store"
)

// runServe runs the waflow server until ctx ends (SIGINT or SIGTERM), then
// stops accepting connections, lets requests in flight finish within the
// shutdown timeout, stops the background tasks and closes the store.
func runServe(ctx context.Context, m *Main, args []string) error {
	cfg, err := m.loadServeConfig(args)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))

	d, err := openServerDeps(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.close()
	if err := d.ensureAPIKey(ctx, m.Stdout); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen (%s): %w", envAddr, err)
	}
	base := "http://" + ln.Addr().String()
	d.publicURL = cfg.PublicURL
	if d.publicURL == "" {
		d.publicURL = base
	}
	if err := d.mount(); err != nil {
		_ = ln.Close()
		return err
	}
	fmt.Fprintf(m.Stdout, "Base URL: %s\n", base)
	if d.publicURL != base {
		fmt.Fprintf(m.Stdout, "Public URL: %s\n", d.publicURL)
	}
	return d.run(ctx, ln)
}

// serverDeps is one "waflow serve" process wired together: the store, the
// services over it, the providers, and the HTTP server. Parts of the API
// are mounted by the steps of mount; long-running work (the lifecycle
// reconciler) is added to background and runs beside the HTTP server
// until shutdown. This is the composition root: no business logic here.
type serverDeps struct {
	cfg       serveConfig
	log       *slog.Logger
	publicURL string // the base URL BSPs call, known once listening

	db        *store.DB
	sealer    *crypto.Sealer
	apiKeys   *apikeys.Service
	apps      *apps.Service
	sandbox   *sandbox.Sandbox
	providers providerSet
	http      *httpapi.Server

	// background tasks run until their context is cancelled at shutdown;
	// an error other than context.Canceled is logged.
	background []func(ctx context.Context) error
}

// providerSet is the provider of each BSP the server speaks to.
type providerSet map[providers.BSP]providers.Provider

// Provider implements httpapi.ProviderSet.
func (p providerSet) Provider(b providers.BSP) (providers.Provider, bool) {
	prov, ok := p[b]
	return prov, ok
}

// openServerDeps opens the store and builds the services. The caller
// closes it.
func openServerDeps(ctx context.Context, cfg serveConfig, log *slog.Logger) (*serverDeps, error) {
	keys, err := masterKeys(cfg, rand.Reader)
	if err != nil {
		return nil, &configError{Setting: envMasterKey, Err: err}
	}
	sealer, err := crypto.NewSealer(keys...)
	if err != nil {
		return nil, &configError{Setting: envMasterKey, Err: err}
	}
	db, err := store.Open(ctx, store.Config{URL: cfg.DatabaseURL})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", envDatabaseURL, err)
	}
	sb := sandbox.New(sandbox.Options{})
	d := &serverDeps{
		cfg:       cfg,
		log:       log,
		db:        db,
		sealer:    sealer,
		apiKeys:   apikeys.NewService(db.APIKeys(), apikeys.Options{}),
		apps:      apps.NewService(db.Apps(), sealer, apps.Options{}),
		sandbox:   sb,
		providers: providerSet{providers.BSPSandbox: sb},
	}
	d.http = httpapi.New(httpapi.Options{
		Logger: log,
		Auth:   httpapi.APIKeys(d.apiKeys),
		Ready:  db.Ping,
	})
	return d, nil
}

// mount adds every part of the API to the HTTP server, in order.
func (d *serverDeps) mount() error {
	for _, step := range []func() error{
		d.mountApps,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (d *serverDeps) mountApps() error {
	httpapi.RegisterApps(d.http, httpapi.AppsDeps{Apps: d.apps, Keys: d.apps, Providers: d.providers})
	return nil
}

// ensureAPIKey applies WAFLOW_ADMIN_TOKEN and, on a first start with
// neither an admin token nor any key, issues a key and prints it: it is
// shown this once and stored only as a hash.
func (d *serverDeps) ensureAPIKey(ctx context.Context, stdout io.Writer) error {
	if err := d.apiKeys.EnsureAdmin(ctx, d.cfg.AdminToken); err != nil {
		return fmt.Errorf("%s: %w", envAdminToken, err)
	}
	if d.cfg.AdminToken != "" {
		return nil
	}
	n, err := d.apiKeys.Count(ctx)
	if err != nil || n > 0 {
		return err
	}
	token, key, err := d.apiKeys.Issue(ctx, "initial key")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "API key: %s\n", string(token))
	d.log.Info("issued the first API key; it is printed once and cannot be shown again", "key_id", key.ID)
	return nil
}

// run serves on ln and runs the background tasks until ctx ends, then
// shuts both down.
func (d *serverDeps) run(ctx context.Context, ln net.Listener) error {
	bgCtx, stopBackground := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	for _, task := range d.background {
		wg.Go(func() {
			if err := task(bgCtx); err != nil && !errors.Is(err, context.Canceled) {
				d.log.Error("background task stopped", "error", err)
			}
		})
	}
	defer func() {
		stopBackground()
		wg.Wait()
	}()

	served := make(chan error, 1)
	go func() { served <- d.http.Serve(ln) }()
	d.log.Info("serving", "addr", ln.Addr().String(), "public_url", d.publicURL, "database", d.db.Dialect())

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	d.log.Info("shutting down", "timeout", d.cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.cfg.ShutdownTimeout)
	defer cancel()
	if err := d.http.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// close closes the store; it runs last, after the server and the
// background tasks stopped.
func (d *serverDeps) close() {
	if err := d.db.Close(); err != nil {
		d.log.Error("close store", "error", err)
	}
}
