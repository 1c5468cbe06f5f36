package lifecycle

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/waflow/waflow/providers"
)

// Providers hands out the provider of each BSP the server is configured
// for. It must be safe for concurrent use. An error means the BSP cannot
// be reached as configured; the reconciler retries later, so a server
// restarted with the missing configuration picks the targets up again.
type Providers interface {
	ProviderFor(bsp providers.BSP) (providers.Provider, error)
}

// ReconcilerOptions tune a [Reconciler]. The zero value means the
// defaults, except that PublicBaseURL should be set on any server whose
// flows have a data endpoint.
type ReconcilerOptions struct {
	// PublicBaseURL is where WhatsApp reaches this server; a flow's data
	// endpoint is {PublicBaseURL}/wa/v2/flows/{id}/endpoint unless the flow
	// overrides it. Empty fails the endpoint step of flows that need one.
	PublicBaseURL string
	// Owner names this reconciler in target claims; empty means a random
	// name drawn from Random. Two reconcilers sharing a database need
	// different owners.
	Owner string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Random draws the owner name; nil means crypto/rand.
	Random io.Reader
	// Jitter spreads a retry delay; nil keeps half of it and draws the
	// other half at random. Tests pass the identity for exact schedules.
	Jitter func(time.Duration) time.Duration
	// Backoff spaces the retries of failed steps.
	Backoff Backoff
	// PollInterval is how often Run looks for due targets when nothing
	// woke it; 0 means 5 s.
	PollInterval time.Duration
	// Lease is how long a claim on a target lasts without progress before
	// another reconciler may take the target over; it is renewed at every
	// step. 0 means 2 min; it must exceed StepTimeout.
	Lease time.Duration
	// StepTimeout bounds one provider call; 0 means 30 s.
	StepTimeout time.Duration
	// Concurrency is how many targets are worked on at once; 0 means 4.
	Concurrency int
	// Observer is told about every step; nil means nobody.
	Observer Observer
	// Logger receives failures of the reconciler itself; nil discards them.
	Logger *slog.Logger
}

// Reconciler drives every target toward its desired state, one recorded
// step at a time (see the package documentation). It is safe for
// concurrent use; run one per process with [Reconciler.Run].
type Reconciler struct {
	repo      Repository
	providers Providers
	apps      AppResolver
	opts      ReconcilerOptions
	owner     string
	kick      chan struct{}
}

// saveTimeout bounds the recording of a step's outcome, which runs even
// after the caller's context is done so that a finished call is never
// forgotten.
const saveTimeout = 10 * time.Second

// maxStepsPerClaim ends a claim that keeps finding work, so that one
// target cannot hold a worker for ever; it is due again at once.
const maxStepsPerClaim = 8

// NewReconciler returns a Reconciler over repo that reaches BSPs through
// provs and finds apps through apps.
func NewReconciler(repo Repository, provs Providers, apps AppResolver, opts ReconcilerOptions) (*Reconciler, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Jitter == nil {
		opts.Jitter = equalJitter
	}
	opts.Backoff = opts.Backoff.withDefaults()
	if opts.PollInterval <= 0 {
		opts.PollInterval = 5 * time.Second
	}
	if opts.StepTimeout <= 0 {
		opts.StepTimeout = 30 * time.Second
	}
	if opts.Lease <= 0 {
		opts.Lease = 2 * time.Minute
	}
	if opts.Lease <= opts.StepTimeout {
		return nil, fmt.Errorf("lifecycle: reconciler lease %v must exceed the step timeout %v", opts.Lease, opts.StepTimeout)
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	r := &Reconciler{repo: repo, providers: provs, apps: apps, opts: opts, owner: opts.Owner, kick: make(chan struct{}, 1)}
	if r.owner == "" {
		random := opts.Random
		if random == nil {
			random = rand.Reader
		}
		var b [8]byte
		if _, err := io.ReadFull(random, b[:]); err != nil {
			return nil, fmt.Errorf("lifecycle: reconciler owner: %w", err)
		}
		r.owner = "reconciler-" + hex.EncodeToString(b[:])
	}
	return r, nil
}

// Owner is the name this reconciler claims targets under.
func (r *Reconciler) Owner() string { return r.owner }

// Kick wakes Run to look for due targets now, after an API change; it
// never blocks.
func (r *Reconciler) Kick() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// Step claims the targets due now, up to Concurrency of them, works each
// as far as it goes (in parallel, so none waits for another), and returns
// how many it worked on. Tests drive the reconciler with it; servers use
// Run.
func (r *Reconciler) Step(ctx context.Context) (int, error) {
	ts, err := r.claim(ctx, r.opts.Concurrency)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	for _, t := range ts {
		wg.Go(func() { r.work(ctx, t) })
	}
	wg.Wait()
	return len(ts), nil
}

// Run works due targets until ctx is done, then waits for the steps in
// progress to be recorded and returns nil. It claims new targets whenever
// a worker is free and something woke it: a Kick, a finished target, or
// the poll interval.
func (r *Reconciler) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	slots := make(chan struct{}, r.opts.Concurrency)
	poll := time.NewTimer(0)
	defer poll.Stop()
	for {
		if free := cap(slots) - len(slots); free > 0 {
			ts, err := r.claim(ctx, free)
			if err != nil && ctx.Err() == nil {
				r.opts.Logger.Error("lifecycle: claim due targets", "error", err)
			}
			for _, t := range ts {
				slots <- struct{}{}
				wg.Go(func() {
					defer func() { <-slots; r.Kick() }()
					r.work(ctx, t)
				})
			}
		}
		poll.Reset(r.opts.PollInterval)
		select {
		case <-ctx.Done():
			return nil
		case <-r.kick:
		case <-poll.C:
		}
	}
}

func (r *Reconciler) claim(ctx context.Context, limit int) ([]Target, error) {
	now := r.opts.Now().UTC()
	ts, err := r.repo.ClaimTargets(ctx, Claim{Owner: r.owner, Now: now, Until: now.Add(r.opts.Lease), Limit: limit})
	if err != nil {
		return nil, fmt.Errorf("lifecycle: claim due targets: %w", err)
	}
	return ts, nil
}
