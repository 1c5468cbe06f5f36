package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"

	"github.com/waflow/waflow/apikeys"
	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/httpapi"
	"github.com/waflow/waflow/lifecycle"
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
	key, err := d.ensureAPIKey(ctx)
	if err != nil {
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
	loaded, err := d.loadExamples(ctx)
	if err != nil {
		_ = ln.Close()
		return err
	}
	printBanner(m.Stdout, base, d.publicURL, key, loaded)
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
	// tokens signs and verifies flow tokens: the data endpoint checks
	// them, and flow messages must carry tokens issued with it.
	tokens *crypto.Tokens
	// sandboxSecret signs the sandbox BSP's webhooks, which the inbound
	// pipeline checks as any BSP's.
	sandboxSecret []byte

	// Built by mountFlows: the flow lifecycle and its reconciler, the
	// script host every data endpoint shares, and the data endpoints.
	flows      *lifecycle.Service
	reconciler *lifecycle.Reconciler
	scripts    *script.Host
	endpoints  *httpapi.FlowEndpoints

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
	tokens, err := flowTokens(cfg, sealer, rand.Reader)
	if err != nil {
		return nil, &configError{Setting: envTokenSecret, Err: err}
	}
	hookSecret, err := sandboxWebhookSecret.load(cfg.DataDir, sealer, rand.Reader)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, store.Config{URL: cfg.DatabaseURL})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", envDatabaseURL, err)
	}
	d := &serverDeps{
		cfg:           cfg,
		log:           log,
		db:            db,
		sealer:        sealer,
		apiKeys:       apikeys.NewService(db.APIKeys(), apikeys.Options{}),
		apps:          apps.NewService(db.Apps(), sealer, apps.Options{}),
		providers:     providerSet{},
		tokens:        tokens,
		sandboxSecret: hookSecret,
	}
	d.http = httpapi.New(httpapi.Options{
		Logger: log,
		Auth:   httpapi.APIKeys(d.apiKeys),
		Ready:  db.Ping,
	})
	return d, nil
}

// mount builds the providers, which need the public URL, and adds every
// part of the API to the HTTP server, in order.
func (d *serverDeps) mount() error {
	for _, step := range []func() error{
		d.mountSandbox,
		d.mountProviders,
		d.mountFlows,
		d.mountPreview,
		d.mountApps,
		d.mountMessaging,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (d *serverDeps) mountApps() error {
	httpapi.RegisterApps(d.http, httpapi.AppsDeps{Apps: d.apps, Keys: d.apps, Providers: d.providers,
		KeyChanged: d.endpoints.KeyChanged})
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

// close stops the script host and closes the store; it runs last, after
// the server and the background tasks stopped.
func (d *serverDeps) close() {
	if d.scripts != nil {
		if err := d.scripts.Close(); err != nil {
			d.log.Error("close script host", "error", err)
		}
	}
	if err := d.db.Close(); err != nil {
		d.log.Error("close store", "error", err)
	}
}
