package messaging

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/waflow/waflow/crypto"
)

// DelivererOptions configure a [Deliverer]. The zero value of each field
// means its default.
type DelivererOptions struct {
	// MaxAttempts is how many failed attempts make a delivery dead;
	// 0 means 12 (about 11 hours with the default backoff).
	MaxAttempts int
	// Backoff spaces attempts; zero fields mean 10 s doubling up to 1 h,
	// with equal jitter.
	Backoff RetryBackoff
	// Timeout bounds one attempt, connection included; 0 means 10 s.
	Timeout time.Duration
	// Lease reserves claimed deliveries for this worker; 0 means four
	// times Timeout. It is never shorter than twice Timeout, so a lease
	// does not run out under an attempt still in flight.
	Lease time.Duration
	// Batch is how many deliveries one round claims; 0 means 100.
	// Concurrency is how many are sent at once; 0 means 16.
	Batch       int
	Concurrency int
	// PollInterval is how often Run looks for due deliveries without
	// being kicked; 0 means 1 s.
	PollInterval time.Duration
	// AllowPrivateTargets and Resolver are as in SubscriptionOptions;
	// they are checked again at every connection.
	AllowPrivateTargets bool
	Resolver            Resolver
	// Claimer names this worker in leases; "" means a random name.
	Claimer string
	// Now is the clock; nil means time.Now. Random names the worker when
	// Claimer is empty; nil means crypto/rand. Logger receives failures;
	// nil discards them.
	Now    func() time.Time
	Random io.Reader
	Logger *slog.Logger
}

// Deliverer sends queued deliveries to their subscriptions' URLs, signed,
// retrying failures with exponential backoff until MaxAttempts, then
// leaving them dead for a redelivery. Several deliverers, in one process or
// many sharing a database, never send the same delivery at once, and a
// conversation's deliveries go one at a time in order (see
// [OutboxStore.ClaimDeliveries]). Delivery is at least once: a process that
// dies after a receiver answered and before the outcome was stored sends
// again after the lease, with the same Waflow-Event-Id.
type Deliverer struct {
	outbox      OutboxStore
	subs        SubscriptionStore
	sealer      *crypto.Sealer
	client      *http.Client
	claimer     string
	maxAttempts int
	backoff     RetryBackoff
	timeout     time.Duration
	lease       time.Duration
	batch       int
	concurrency int
	poll        time.Duration
	now         func() time.Time
	log         *slog.Logger
	kick        chan struct{}
}

// NewDeliverer returns a worker over outbox, signing with the secrets of
// subs opened by sealer.
func NewDeliverer(outbox OutboxStore, subs SubscriptionStore, sealer *crypto.Sealer, opts DelivererOptions) (*Deliverer, error) {
	d := &Deliverer{outbox: outbox, subs: subs, sealer: sealer, claimer: opts.Claimer,
		maxAttempts: cmpOr(opts.MaxAttempts, 12), backoff: opts.Backoff.withDefaults(10*time.Second, time.Hour),
		timeout: cmpOr(opts.Timeout, 10*time.Second), batch: cmpOr(opts.Batch, 100),
		concurrency: cmpOr(opts.Concurrency, 16), poll: cmpOr(opts.PollInterval, time.Second),
		now: opts.Now, log: opts.Logger, kick: make(chan struct{}, 1)}
	d.lease = max(cmpOr(opts.Lease, 4*d.timeout), 2*d.timeout)
	if d.now == nil {
		d.now = time.Now
	}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	if d.claimer == "" {
		random := opts.Random
		if random == nil {
			random = rand.Reader
		}
		var b [8]byte
		if _, err := io.ReadFull(random, b[:]); err != nil {
			return nil, fmt.Errorf("messaging: name the deliverer: %w", err)
		}
		d.claimer = "deliverer-" + hex.EncodeToString(b[:])
	}
	guard := targetGuard{allowPrivate: opts.AllowPrivateTargets, resolver: opts.Resolver}
	if guard.resolver == nil {
		guard.resolver = net.DefaultResolver
	}
	d.client = &http.Client{
		Timeout: d.timeout,
		Transport: &http.Transport{
			DialContext:         guard.dialContext(&net.Dialer{Timeout: d.timeout}),
			MaxIdleConnsPerHost: d.concurrency,
			IdleConnTimeout:     90 * time.Second,
			TLSHandshakeTimeout: d.timeout,
		},
		// A redirect would send the signed body to another host; it counts
		// as the receiver's answer instead.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return d, nil
}

func cmpOr[T int | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// Kick wakes Run; it never blocks.
func (d *Deliverer) Kick() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// Run sends due deliveries until ctx ends, at once when kicked, otherwise
// every PollInterval. It returns nil when ctx ends.
func (d *Deliverer) Run(ctx context.Context) error {
	return drain(ctx, d.poll, d.kick, d.DeliverOnce, d.log, "deliver events")
}

// DeliverOnce claims one batch of due deliveries, sends them and records
// the outcomes, returning how many it claimed.
func (d *Deliverer) DeliverOnce(ctx context.Context) (int, error) {
	ds, err := d.outbox.ClaimDeliveries(ctx, d.clock(), d.lease, d.claimer, d.batch)
	if err != nil || len(ds) == 0 {
		return 0, err
	}
	targets := map[string]*deliveryTarget{}
	for _, dl := range ds {
		if _, ok := targets[dl.SubscriptionID]; ok {
			continue
		}
		rec, err := d.subs.GetSubscription(ctx, dl.SubscriptionID)
		switch {
		case errors.Is(err, ErrSubscriptionNotFound):
			// Deleted meanwhile: its deliveries went with it, and the
			// outcomes below update nothing.
			targets[dl.SubscriptionID] = nil
			continue
		case err != nil:
			return 0, err
		}
		secret, err := openSubscriptionSecret(d.sealer, rec)
		if err != nil {
			return 0, err
		}
		targets[dl.SubscriptionID] = &deliveryTarget{url: rec.URL, secret: secret}
	}
	outcomes := make([]DeliveryOutcome, 0, len(ds))
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		sem = make(chan struct{}, d.concurrency)
	)
	for _, dl := range ds {
		target := targets[dl.SubscriptionID]
		if target == nil {
			continue
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			o := d.attempt(ctx, dl, target)
			if o.State != DeliveryDelivered && ctx.Err() != nil {
				// Shutting down is not the receiver's failure: the lease
				// runs out and the delivery is sent again, its attempts
				// untouched.
				return
			}
			mu.Lock()
			outcomes = append(outcomes, o)
			mu.Unlock()
		}()
	}
	wg.Wait()
	// Outcomes are stored even when ctx ended: what was sent is known.
	if err := d.outbox.FinishDeliveries(context.WithoutCancel(ctx), outcomes); err != nil {
		return 0, err
	}
	return len(ds), nil
}

func (d *Deliverer) clock() time.Time { return d.now().UTC().Truncate(time.Microsecond) }

// attempt sends one delivery and decides what follows: delivered on 2xx;
// retried after network errors, timeouts, 408, 429 and 5xx; dead on any
// other answer, or when the attempts run out.
func (d *Deliverer) attempt(ctx context.Context, dl Delivery, target *deliveryTarget) DeliveryOutcome {
	out := DeliveryOutcome{ID: dl.ID, Claimer: d.claimer, Attempts: dl.Attempts + 1}
	status, err := d.post(ctx, dl, target)
	out.At = d.clock()
	out.LastStatus = status
	retry := false
	switch {
	case err != nil:
		out.LastError, retry = err.Error(), true
	case status >= 200 && status < 300:
		out.State, out.NextAttemptAt = DeliveryDelivered, out.At
		return out
	default:
		out.LastError = "answered " + strconv.Itoa(status) + " " + http.StatusText(status)
		retry = status == http.StatusRequestTimeout || status == http.StatusTooManyRequests || status >= 500
	}
	if !retry || out.Attempts >= d.maxAttempts {
		out.State, out.NextAttemptAt = DeliveryDead, out.At
		return out
	}
	out.State, out.NextAttemptAt = DeliveryPending, out.At.Add(d.backoff.delay(out.Attempts))
	return out
}

// deliveryTarget is where a subscription's deliveries go and how they are
// signed.
type deliveryTarget struct {
	url    string
	secret []byte
}

func (d *Deliverer) post(ctx context.Context, dl Delivery, target *deliveryTarget) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target.url, bytes.NewReader(dl.Payload))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "waflow")
	req.Header.Set(EventIDHeader, dl.EventID)
	req.Header.Set(SignatureHeader, SignDelivery(target.secret, dl.Payload, d.now()))
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	// Read a little so the connection can be reused; the answer's content
	// means nothing.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	return resp.StatusCode, nil
}
