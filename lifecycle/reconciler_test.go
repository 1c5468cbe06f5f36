package lifecycle_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
	"github.com/waflow/waflow/store"
	"github.com/waflow/waflow/store/storetest"
)

// steps records what the reconciler reports to its Observer.
type steps struct {
	mu      sync.Mutex
	reports []lifecycle.StepReport
}

func (s *steps) ObserveStep(r lifecycle.StepReport) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reports = append(s.reports, r)
}

func (s *steps) count(step lifecycle.Step, outcome lifecycle.Outcome) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.reports {
		if r.Step == step && r.Outcome == outcome {
			n++
		}
	}
	return n
}

func TestReconcilerConvergesThroughFailures(t *testing.T) {
	e := sqliteEnv(t)
	require.NoError(t, e.sbx.SetPublicKey(t.Context(), e.apps[appSbx], publicKeyPEM(t)), "endpoint flows publish only with a key")
	f := e.newFlow(t, "dynamic", "endpoint-7.3.json")
	_, err := e.svc.AddTarget(t.Context(), f.ID, appSbx)
	require.NoError(t, err)
	_, err = e.svc.Publish(t.Context(), f.ID)
	require.NoError(t, err)

	const failures = 2
	ops := []providers.Operation{providers.OpCreateFlow, providers.OpUpdateFlowJSON, providers.OpSetEndpoint, providers.OpPublishFlow}
	for _, op := range ops {
		e.sbx.FailNext(op, failures, nil)
	}
	obs := &steps{}
	r, err := lifecycle.NewReconciler(e.repo, e.provs, e.apps, lifecycle.ReconcilerOptions{
		PublicBaseURL: "https://waflow.example/",
		Owner:         "r1",
		Now:           e.clock.Now,
		Jitter:        func(d time.Duration) time.Duration { return d },
		Backoff:       lifecycle.Backoff{Base: time.Second, Max: time.Minute},
		Observer:      obs,
	})
	require.NoError(t, err)

	// The first failure waits Base, the second twice as long.
	start := e.clock.Now()
	n, err := r.Step(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	tg := e.target(t, f.ID, appSbx)
	assert.Equal(t, lifecycle.StateRetrying, tg.StepState)
	assert.Equal(t, lifecycle.StepCreate, tg.Step)
	assert.Equal(t, 1, tg.Attempts)
	assert.Contains(t, tg.LastError, "injected outage")
	require.NotNil(t, tg.NextAttemptAt)
	assert.Equal(t, start.Add(time.Second), *tg.NextAttemptAt)
	n, err = r.Step(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n, "not due before its backoff")
	e.clock.Advance(time.Second)
	_, err = r.Step(t.Context())
	require.NoError(t, err)
	tg = e.target(t, f.ID, appSbx)
	assert.Equal(t, 2, tg.Attempts)
	assert.Equal(t, start.Add(3*time.Second), *tg.NextAttemptAt)

	e.converge(t, r, 20)
	tg = e.target(t, f.ID, appSbx)
	assert.Equal(t, lifecycle.StateDone, tg.StepState)
	assert.Nil(t, tg.NextAttemptAt, "a converged target is not due")
	assert.Empty(t, tg.LastError)
	assert.Equal(t, providers.FlowPublished, tg.RemoteStatus)
	assert.Equal(t, 1, tg.PublishedRevision)
	assert.Equal(t, "https://waflow.example/wa/v2/flows/"+f.ID+"/endpoint", tg.EndpointURI)

	remote, err := e.sbx.GetFlow(t.Context(), e.apps[appSbx], tg.RemoteID)
	require.NoError(t, err)
	assert.Equal(t, providers.FlowPublished, remote.Status)
	assert.Equal(t, tg.EndpointURI, remote.EndpointURI)

	for _, op := range ops {
		assert.Equal(t, failures+1, calls(e.sbx, op, appSbx), "%s: each failure retried, each success once", op)
	}
	for _, step := range []lifecycle.Step{lifecycle.StepCreate, lifecycle.StepUpload, lifecycle.StepEndpoint, lifecycle.StepPublish} {
		assert.Equal(t, failures, obs.count(step, lifecycle.OutcomeFailed), "observed failures of %s", step)
		assert.Equal(t, 1, obs.count(step, lifecycle.OutcomeOK), "observed successes of %s", step)
	}
	evs, err := e.svc.TargetEvents(t.Context(), f.ID, appSbx, 0)
	require.NoError(t, err)
	require.Len(t, evs, 4*(failures+1), "every step is in the log")
	assert.Equal(t, lifecycle.StepPublish, evs[0].Step)
	assert.Equal(t, lifecycle.OutcomeOK, evs[0].Outcome)
	assert.Equal(t, failures+1, evs[0].Attempt)
}

func TestReconcilerHonoursRetryAfter(t *testing.T) {
	e := sqliteEnv(t)
	f := e.newFlow(t, "throttled", "static-7.3.json")
	_, err := e.svc.AddTarget(t.Context(), f.ID, appSbx)
	require.NoError(t, err)
	e.sbx.FailNext(providers.OpCreateFlow, 1, &providers.Error{
		BSP: providers.BSPSandbox, Operation: providers.OpCreateFlow, Kind: providers.ErrorThrottled, RetryAfter: 30 * time.Second,
	})
	r := e.reconciler(t, "r1")
	start := e.clock.Now()
	_, err = r.Step(t.Context())
	require.NoError(t, err)
	tg := e.target(t, f.ID, appSbx)
	require.NotNil(t, tg.NextAttemptAt)
	assert.Equal(t, start.Add(30*time.Second), *tg.NextAttemptAt, "the BSP's Retry-After beats a shorter backoff")
}

func TestReconcilerStopsOnPermanentFailure(t *testing.T) {
	e := sqliteEnv(t)
	f := e.newFlow(t, "refused", "static-7.3.json")
	_, err := e.svc.AddTarget(t.Context(), f.ID, appSbx)
	require.NoError(t, err)
	e.sbx.FailNext(providers.OpCreateFlow, 1, &providers.Error{BSP: providers.BSPSandbox, Operation: providers.OpCreateFlow, Kind: providers.ErrorAuth, Message: "bad token"})
	r := e.reconciler(t, "r1")
	e.converge(t, r, 5)
	tg := e.target(t, f.ID, appSbx)
	assert.Equal(t, lifecycle.StateFailed, tg.StepState)
	assert.Nil(t, tg.NextAttemptAt, "retrying will not fix credentials")
	assert.Contains(t, tg.LastError, "bad token")
	assert.Equal(t, 1, calls(e.sbx, providers.OpCreateFlow, appSbx))

	_, err = e.svc.RetryTarget(t.Context(), f.ID, appSbx)
	require.NoError(t, err)
	e.converge(t, r, 5)
	tg = e.target(t, f.ID, appSbx)
	assert.Equal(t, lifecycle.StateDone, tg.StepState, "a retry after the fix converges")
	assert.Equal(t, 1, tg.UploadedRevision)
}

// TestReconcilerResumesAfterRestart stops a reconcile half way, opens the
// database again as a restarted server would, and finishes with a new
// reconciler: the create recorded before the restart is not repeated.
func TestReconcilerResumesAfterRestart(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			url := d.URL(t)
			open := func() *store.DB {
				db, err := store.Open(t.Context(), store.Config{URL: url})
				require.NoError(t, err)
				return db
			}
			db := open()
			e := newEnv(t, db)
			f := e.newFlow(t, "restarted", "static-7.3.json")
			for _, app := range []string{appSbx, appMeta} {
				_, err := e.svc.AddTarget(t.Context(), f.ID, app)
				require.NoError(t, err)
			}
			_, err := e.svc.Publish(t.Context(), f.ID)
			require.NoError(t, err)
			e.sbx.FailNext(providers.OpUpdateFlowJSON, 1, nil)
			e.meta.FailNext(providers.OpPublishFlow, 1, nil)

			_, err = e.reconciler(t, "before").Step(t.Context())
			require.NoError(t, err)
			assert.Equal(t, lifecycle.StepUpload, e.target(t, f.ID, appSbx).Step)
			assert.Equal(t, lifecycle.StepPublish, e.target(t, f.ID, appMeta).Step)
			require.NoError(t, db.Close())

			db = open()
			t.Cleanup(func() { _ = db.Close() })
			e.db, e.repo = db, db.Flows()
			e.clock.Advance(time.Minute)
			e.converge(t, e.reconciler(t, "after"), 10)
			for _, c := range []struct {
				app string
				sbx *sandbox.Sandbox
			}{{appSbx, e.sbx}, {appMeta, e.meta}} {
				tg := e.target(t, f.ID, c.app)
				assert.Equal(t, lifecycle.StateDone, tg.StepState, c.app)
				assert.Equal(t, providers.FlowPublished, tg.RemoteStatus, c.app)
				assert.Equal(t, 1, calls(c.sbx, providers.OpCreateFlow, c.app), "%s: the recorded create is not repeated", c.app)
			}
		})
	}
}

// crashAfterCreate is the real repository, except that the process "dies"
// when the first remote id is about to be recorded.
type crashAfterCreate struct {
	lifecycle.Repository
	mu      sync.Mutex
	crashed bool
}

func (c *crashAfterCreate) SaveProgress(ctx context.Context, owner string, t lifecycle.Target, ev *lifecycle.TargetEvent) (lifecycle.Target, error) {
	c.mu.Lock()
	crash := !c.crashed && t.RemoteID != ""
	c.crashed = c.crashed || crash
	c.mu.Unlock()
	if crash {
		return lifecycle.Target{}, errors.New("the process died")
	}
	return c.Repository.SaveProgress(ctx, owner, t, ev)
}

func TestReconcilerNeverRepeatsAnInterruptedCreate(t *testing.T) {
	e := sqliteEnv(t)
	f := e.newFlow(t, "lost create", "static-7.3.json")
	_, err := e.svc.AddTarget(t.Context(), f.ID, appSbx)
	require.NoError(t, err)

	dying, err := lifecycle.NewReconciler(&crashAfterCreate{Repository: e.repo}, e.provs, e.apps, lifecycle.ReconcilerOptions{Owner: "dying", Now: e.clock.Now})
	require.NoError(t, err)
	_, err = dying.Step(t.Context())
	require.NoError(t, err)
	tg := e.target(t, f.ID, appSbx)
	assert.Equal(t, lifecycle.StepCreate, tg.InFlight, "the create started and its outcome never arrived")
	assert.Empty(t, tg.RemoteID)

	e.clock.Advance(3 * time.Minute) // the dead reconciler's claim expires
	r := e.reconciler(t, "survivor")
	e.converge(t, r, 5)
	tg = e.target(t, f.ID, appSbx)
	assert.Equal(t, lifecycle.StateFailed, tg.StepState)
	assert.Contains(t, tg.LastError, "interrupted")
	assert.Equal(t, 1, calls(e.sbx, providers.OpCreateFlow, appSbx), "the create is not repeated")

	// An operator's retry does create again; the sandbox, like Meta,
	// refuses a second flow of the same name on the app.
	_, err = e.svc.RetryTarget(t.Context(), f.ID, appSbx)
	require.NoError(t, err)
	e.converge(t, r, 5)
	tg = e.target(t, f.ID, appSbx)
	assert.Equal(t, lifecycle.StateFailed, tg.StepState)
	assert.Contains(t, tg.LastError, "already exists")
	assert.Equal(t, 2, calls(e.sbx, providers.OpCreateFlow, appSbx))
}

// blockingCreate holds CreateFlow until released, as a BSP that hangs.
type blockingCreate struct {
	providers.Provider
	once    sync.Once
	entered chan struct{}
	release chan struct{}
}

func (b *blockingCreate) CreateFlow(ctx context.Context, app providers.App, req providers.CreateFlowRequest) (providers.RemoteFlow, error) {
	b.once.Do(func() { close(b.entered) })
	select {
	case <-b.release:
	case <-ctx.Done():
		return providers.RemoteFlow{}, ctx.Err()
	}
	return b.Provider.CreateFlow(ctx, app, req)
}

func TestReconcilerTargetsProgressIndependently(t *testing.T) {
	e := sqliteEnv(t)
	f := e.newFlow(t, "two apps", "static-7.3.json")
	for _, app := range []string{appSbx, appMeta} {
		_, err := e.svc.AddTarget(t.Context(), f.ID, app)
		require.NoError(t, err)
	}
	_, err := e.svc.Publish(t.Context(), f.ID)
	require.NoError(t, err)

	t.Run("one BSP failing", func(t *testing.T) {
		e.meta.FailNext(providers.OpCreateFlow, 1000, nil)
		r := e.reconciler(t, "r1")
		_, err := r.Step(t.Context())
		require.NoError(t, err)
		assert.Equal(t, lifecycle.StateDone, e.target(t, f.ID, appSbx).StepState, "converged in the same pass")
		for range 5 {
			e.clock.Advance(time.Minute)
			_, err := r.Step(t.Context())
			require.NoError(t, err)
		}
		meta := e.target(t, f.ID, appMeta)
		assert.Equal(t, lifecycle.StateRetrying, meta.StepState)
		assert.Equal(t, 6, meta.Attempts)
		assert.Equal(t, 1, calls(e.sbx, providers.OpPublishFlow, appSbx), "the healthy target is left alone once done")
		e.meta.FailNext(providers.OpCreateFlow, 0, nil)
	})

	t.Run("one BSP hanging", func(t *testing.T) {
		g := e.newFlow(t, "hanging", "static-7.3.json")
		for _, app := range []string{appSbx, appMeta} {
			_, err := e.svc.AddTarget(t.Context(), g.ID, app)
			require.NoError(t, err)
		}
		hang := &blockingCreate{Provider: e.meta, entered: make(chan struct{}), release: make(chan struct{})}
		e.provs[providers.BSPMeta] = hang
		defer func() { e.provs[providers.BSPMeta] = e.meta }()
		e.clock.Advance(time.Hour)
		r := e.reconciler(t, "r2")
		done := make(chan error)
		go func() {
			_, err := r.Step(t.Context())
			done <- err
		}()
		<-hang.entered
		require.Eventually(t, func() bool {
			tg, err := e.repo.Target(t.Context(), g.ID, appSbx)
			return err == nil && tg.StepState == lifecycle.StateDone
		}, 10*time.Second, 10*time.Millisecond, "the sandbox target converges while Meta hangs")
		close(hang.release)
		require.NoError(t, <-done)
	})
}

func TestReconcilerRecordsUnsupportedOperations(t *testing.T) {
	e := sqliteEnv(t)
	e.meta.SetUnsupported(providers.OpPublishFlow)
	f := e.newFlow(t, "partial", "static-7.3.json")
	for _, app := range []string{appSbx, appMeta} {
		_, err := e.svc.AddTarget(t.Context(), f.ID, app)
		require.NoError(t, err)
	}
	_, err := e.svc.Publish(t.Context(), f.ID)
	require.NoError(t, err)
	r := e.reconciler(t, "r1")
	e.converge(t, r, 10)

	tg := e.target(t, f.ID, appMeta)
	assert.Equal(t, lifecycle.StateUnsupported, tg.StepState)
	assert.Equal(t, lifecycle.StepPublish, tg.Step)
	assert.Equal(t, []providers.Operation{providers.OpPublishFlow}, tg.Unsupported)
	assert.Nil(t, tg.NextAttemptAt, "unsupported is not retried")
	assert.Equal(t, 1, tg.UploadedRevision, "the steps before it were taken")
	assert.Equal(t, 1, calls(e.meta, providers.OpPublishFlow, appMeta))
	evs, err := e.svc.TargetEvents(t.Context(), f.ID, appMeta, 1)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, lifecycle.OutcomeUnsupported, evs[0].Outcome)
	assert.Equal(t, lifecycle.StateDone, e.target(t, f.ID, appSbx).StepState, "other apps are not affected")
}

func TestReconcilerEditRepublishDeprecate(t *testing.T) {
	e := sqliteEnv(t)
	f := e.newFlow(t, "evolving", "static-7.3.json")
	_, err := e.svc.AddTarget(t.Context(), f.ID, appSbx)
	require.NoError(t, err)
	r := e.reconciler(t, "r1")
	e.converge(t, r, 5)
	tg := e.target(t, f.ID, appSbx)
	assert.Equal(t, lifecycle.StateDone, tg.StepState, "a draft target converges without publishing")
	assert.Equal(t, providers.FlowDraft, tg.RemoteStatus)
	assert.Zero(t, calls(e.sbx, providers.OpPublishFlow, appSbx))

	_, err = e.svc.Publish(t.Context(), f.ID)
	require.NoError(t, err)
	e.converge(t, r, 5)
	assert.Equal(t, 1, e.target(t, f.ID, appSbx).PublishedRevision)

	_, _, err = e.svc.PutJSON(t.Context(), f.ID, readFile(t, "static-edited-7.3.json"))
	require.NoError(t, err)
	n, err := r.Step(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n, "a new draft revision leaves the published remote flow alone")
	assert.Equal(t, 1, calls(e.sbx, providers.OpUpdateFlowJSON, appSbx))

	_, err = e.svc.Publish(t.Context(), f.ID)
	require.NoError(t, err)
	e.converge(t, r, 5)
	tg = e.target(t, f.ID, appSbx)
	assert.Equal(t, 2, tg.UploadedRevision)
	assert.Equal(t, 2, tg.PublishedRevision)
	assert.Equal(t, providers.FlowPublished, tg.RemoteStatus)
	assert.Equal(t, 1, calls(e.sbx, providers.OpCreateFlow, appSbx), "the same remote flow carries every revision")

	_, err = e.svc.Deprecate(t.Context(), f.ID)
	require.NoError(t, err)
	e.converge(t, r, 5)
	tg = e.target(t, f.ID, appSbx)
	assert.Equal(t, lifecycle.StateDone, tg.StepState)
	assert.Equal(t, providers.FlowDeprecated, tg.RemoteStatus)
	remote, err := e.sbx.GetFlow(t.Context(), e.apps[appSbx], tg.RemoteID)
	require.NoError(t, err)
	assert.Equal(t, providers.FlowDeprecated, remote.Status)
}

// TestReconcilersShareTheWork runs two reconcilers on one database at once,
// as two servers behind a load balancer would: every target is worked by
// one of them, so no remote flow is created twice.
func TestReconcilersShareTheWork(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const flows = 6
		var ids []string
		for i := range flows {
			f := e.newFlow(t, "shared "+string(rune('a'+i)), "static-7.3.json")
			_, err := e.svc.AddTarget(t.Context(), f.ID, appSbx)
			require.NoError(t, err)
			_, err = e.svc.Publish(t.Context(), f.ID)
			require.NoError(t, err)
			ids = append(ids, f.ID)
		}
		r1, r2 := e.reconciler(t, "one"), e.reconciler(t, "two")
		for range 4 {
			var wg sync.WaitGroup
			for _, r := range []*lifecycle.Reconciler{r1, r2} {
				wg.Go(func() {
					_, err := r.Step(t.Context())
					assert.NoError(t, err)
				})
			}
			wg.Wait()
		}
		for _, id := range ids {
			assert.Equal(t, lifecycle.StateDone, e.target(t, id, appSbx).StepState, id)
		}
		assert.Equal(t, flows, calls(e.sbx, providers.OpCreateFlow, appSbx), "one create per flow")
		assert.Equal(t, flows, calls(e.sbx, providers.OpPublishFlow, appSbx), "one publish per flow")
	})
}

func TestRunWakesOnKick(t *testing.T) {
	e := sqliteEnv(t)
	r, err := lifecycle.NewReconciler(e.repo, e.provs, e.apps, lifecycle.ReconcilerOptions{Now: e.clock.Now, PollInterval: time.Hour})
	require.NoError(t, err)
	svc := lifecycle.NewService(e.repo, e.apps, lifecycle.Options{Now: e.clock.Now, Notify: r.Kick})
	ctx, cancel := context.WithCancel(t.Context())
	ran := make(chan error)
	go func() { ran <- r.Run(ctx) }()

	f := e.newFlow(t, "kicked", "static-7.3.json")
	_, err = svc.AddTarget(t.Context(), f.ID, appSbx)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		tg, err := e.repo.Target(t.Context(), f.ID, appSbx)
		return err == nil && tg.StepState == lifecycle.StateDone
	}, 10*time.Second, 10*time.Millisecond, "the kick, not the hourly poll, got the target done")
	cancel()
	require.NoError(t, <-ran)
}

func publicKeyPEM(t *testing.T) []byte {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}
