package lifecycle_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
	"github.com/waflow/waflow/store"
	"github.com/waflow/waflow/store/storetest"
)

// clock is a settable time source shared by the service, the reconciler
// and the sandbox, so schedules in tests are exact.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// directory is the apps a test knows, standing in for package apps.
type directory map[string]providers.App

func (d directory) ResolveApp(_ context.Context, appID string) (providers.App, error) {
	a, ok := d[appID]
	if !ok {
		return providers.App{}, fmt.Errorf("app %s: %w", appID, lifecycle.ErrNotFound)
	}
	return a, nil
}

// bsps hands out one provider per BSP.
type bsps map[providers.BSP]providers.Provider

func (b bsps) ProviderFor(bsp providers.BSP) (providers.Provider, error) {
	p, ok := b[bsp]
	if !ok {
		return nil, fmt.Errorf("no provider configured for %s", bsp)
	}
	return p, nil
}

// env is a service and its dependencies over a real database, with two
// sandbox BSPs: "SANDBOX" for app_sbx and, posing as Meta, "META" for
// app_meta, so that one can fail while the other works.
type env struct {
	db    *store.DB
	repo  lifecycle.Repository
	clock *clock
	sbx   *sandbox.Sandbox
	meta  *sandbox.Sandbox
	apps  directory
	provs bsps
	svc   *lifecycle.Service
}

const (
	appSbx  = "app_sbx"
	appMeta = "app_meta"
)

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	c := newClock()
	e := &env{db: db, repo: db.Flows(), clock: c}
	e.sbx = sandbox.New(sandbox.Options{Now: c.Now})
	e.meta = sandbox.New(sandbox.Options{Now: c.Now, IDs: sequence("meta-")})
	e.apps = directory{
		appSbx:  {ID: appSbx, BSP: providers.BSPSandbox, Credentials: map[string]string{"token": "s"}},
		appMeta: {ID: appMeta, BSP: providers.BSPMeta, Credentials: map[string]string{"token": "m"}},
	}
	e.provs = bsps{providers.BSPSandbox: e.sbx, providers.BSPMeta: e.meta}
	e.svc = lifecycle.NewService(e.repo, e.apps, lifecycle.Options{Now: c.Now})
	return e
}

func sqliteEnv(t *testing.T) *env { return newEnv(t, storetest.SQLite(t)) }

func sequence(prefix string) func() string {
	n := 0
	return func() string {
		n++
		return fmt.Sprintf("%s%d", prefix, n)
	}
}

// reconciler builds a reconciler with exact (jitter-free) retries.
func (e *env) reconciler(t *testing.T, owner string) *lifecycle.Reconciler {
	t.Helper()
	r, err := lifecycle.NewReconciler(e.repo, e.provs, e.apps, lifecycle.ReconcilerOptions{
		PublicBaseURL: "https://waflow.example",
		Owner:         owner,
		Now:           e.clock.Now,
		Jitter:        func(d time.Duration) time.Duration { return d },
		Backoff:       lifecycle.Backoff{Base: time.Second, Max: time.Minute},
	})
	require.NoError(t, err)
	return r
}

// converge runs passes, moving the clock past every scheduled retry,
// until no target is due or max passes were made.
func (e *env) converge(t *testing.T, r *lifecycle.Reconciler, maxPasses int) {
	t.Helper()
	for range maxPasses {
		n, err := r.Step(t.Context())
		require.NoError(t, err)
		if n == 0 && !e.anyScheduled(t) {
			return
		}
		e.clock.Advance(time.Minute)
	}
}

func (e *env) anyScheduled(t *testing.T) bool {
	t.Helper()
	flows, err := e.repo.ListFlows(t.Context(), lifecycle.FlowQuery{Limit: 1000})
	require.NoError(t, err)
	for _, f := range flows {
		ts, err := e.repo.Targets(t.Context(), f.ID)
		require.NoError(t, err)
		for _, tg := range ts {
			if tg.NextAttemptAt != nil {
				return true
			}
		}
	}
	return false
}

func (e *env) target(t *testing.T, flowID, appID string) lifecycle.Target {
	t.Helper()
	tg, err := e.repo.Target(t.Context(), flowID, appID)
	require.NoError(t, err)
	return tg
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// newFlow creates a flow with the given JSON (none when file is empty).
func (e *env) newFlow(t *testing.T, name, file string) lifecycle.Flow {
	t.Helper()
	f, err := e.svc.CreateFlow(t.Context(), lifecycle.NewFlow{Name: name, Categories: []string{"SURVEY"}})
	require.NoError(t, err)
	if file != "" {
		f, _, err = e.svc.PutJSON(t.Context(), f.ID, readFile(t, file))
		require.NoError(t, err)
	}
	return f
}

// calls counts a sandbox's calls of op for app.
func calls(s *sandbox.Sandbox, op providers.Operation, appID string) int {
	n := 0
	for _, c := range s.Calls() {
		if c.Op == op && c.AppID == appID {
			n++
		}
	}
	return n
}
