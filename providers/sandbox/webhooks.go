package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/meta"
)

// hookAttempts bounds how often one webhook is posted before it is given
// up; the waits between attempts double from hookRetryBase. Meta retries
// for days; a sandbox that a test or a demo watches needs seconds.
const (
	hookAttempts  = 5
	hookRetryBase = time.Second
)

// hookConfig is where and how the sandbox posts its webhooks.
type hookConfig struct {
	url            string
	secret         []byte
	deliveredAfter time.Duration
	readAfter      time.Duration
	client         *http.Client
	log            *slog.Logger
}

func newHookConfig(opts Options) hookConfig {
	h := hookConfig{url: opts.WebhookURL, secret: slices.Clone(opts.WebhookSecret),
		deliveredAfter: opts.DeliveredAfter, readAfter: opts.ReadAfter, client: opts.HTTPClient, log: opts.Logger}
	if h.client == nil {
		h.client = &http.Client{Timeout: 10 * time.Second}
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	return h
}

func (h hookConfig) enabled() bool { return h.url != "" }

// job is one webhook Run posts once it is due. build makes its events at
// that time, from the state then, without the lock held; none means there
// is nothing to say. Once built, the same body is posted on every attempt.
type job struct {
	due      time.Time
	seq      int
	name     string
	build    func(ctx context.Context, now time.Time) ([]providers.Event, error)
	body     []byte
	attempts int
}

// enqueueLocked queues a job; jobs due at the same time run in the order
// they were queued. Callers hold mu.
func (s *Sandbox) enqueueLocked(due time.Time, name string, build func(ctx context.Context, now time.Time) ([]providers.Event, error)) {
	s.requeueLocked(&job{due: due, name: name, build: build})
}

func (s *Sandbox) requeueLocked(j *job) {
	s.jobSeq++
	j.seq = s.jobSeq
	i, _ := slices.BinarySearchFunc(s.jobs, j, func(a, b *job) int {
		if c := a.due.Compare(b.due); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	s.jobs = slices.Insert(s.jobs, i, j)
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run posts the sandbox's webhooks as they fall due, one at a time, in due
// order, until ctx ends; it returns nil then. A webhook that fails (a
// network error or an answer other than 2xx) is posted again after 1, 2, 4
// and 8 s, then given up and logged. Without Options.WebhookURL nothing is
// ever queued and Run only waits.
//
// The webhooks are those Meta sends, in Meta's shape (see
// meta.EncodeWebhook): for every accepted message the statuses sent, then
// delivered after Options.DeliveredAfter, then read after
// Options.ReadAfter; for every submitted template its review outcome once
// Options.TemplateApproval has passed, and every status
// [Sandbox.SetTemplateStatus] sets; for every health change of a flow
// ([Sandbox.Throttle], [Sandbox.Block], [Sandbox.Recover]) a
// FLOW_STATUS_CHANGE. Events name the app by its id, as phone number id and
// account id.
func (s *Sandbox) Run(ctx context.Context) error {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		j, wait := s.nextJob()
		if j != nil {
			s.runJob(ctx, j)
			continue
		}
		var due <-chan time.Time
		if wait >= 0 {
			timer.Reset(wait)
			due = timer.C
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.wake:
		case <-due:
		}
	}
}

// nextJob takes the first job when it is due; otherwise it returns how
// long until it is, or -1 when there is none.
func (s *Sandbox) nextJob() (*job, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.jobs) == 0 {
		return nil, -1
	}
	if wait := s.jobs[0].due.Sub(s.now()); wait > 0 {
		return nil, wait
	}
	j := s.jobs[0]
	s.jobs = s.jobs[1:]
	return j, 0
}

func (s *Sandbox) runJob(ctx context.Context, j *job) {
	if j.body == nil {
		events, err := j.build(ctx, s.now())
		if err != nil {
			s.hooks.log.Error("sandbox: give up a webhook", "webhook", j.name, "error", err)
			return
		}
		if len(events) == 0 {
			return
		}
		if j.body, err = meta.EncodeWebhook(events); err != nil {
			s.hooks.log.Error("sandbox: give up a webhook", "webhook", j.name, "error", err)
			return
		}
	}
	err := s.post(ctx, j.body)
	if err == nil || ctx.Err() != nil {
		return
	}
	j.attempts++
	if j.attempts >= hookAttempts {
		s.hooks.log.Error("sandbox: give up a webhook", "webhook", j.name, "attempts", j.attempts, "error", err)
		return
	}
	s.hooks.log.Warn("sandbox: webhook failed; retrying", "webhook", j.name, "attempts", j.attempts, "error", err)
	s.mu.Lock()
	defer s.mu.Unlock()
	j.due = s.now().Add(hookRetryBase << (j.attempts - 1))
	s.requeueLocked(j)
}

// post sends one signed webhook body.
func (s *Sandbox) post(ctx context.Context, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.hooks.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(crypto.SignatureHeader, crypto.SignBody(s.hooks.secret, body))
	resp, err := s.hooks.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("POST %s: %s: %s", s.hooks.url, resp.Status, strings.TrimSpace(string(answer)))
	}
	return nil
}

// queueStatusesLocked queues the statuses of an accepted message: sent at
// once, delivered and read after their delays. Callers hold mu.
func (s *Sandbox) queueStatusesLocked(appID, wamid, to string) {
	if !s.hooks.enabled() {
		return
	}
	to = strings.TrimPrefix(to, "+")
	sent := s.now()
	delivered := sent.Add(s.hooks.deliveredAfter)
	for _, st := range []struct {
		raw string
		at  time.Time
	}{{"sent", sent}, {"delivered", delivered}, {"read", delivered.Add(s.hooks.readAfter)}} {
		s.enqueueLocked(st.at, st.raw+" "+wamid, func(_ context.Context, now time.Time) ([]providers.Event, error) {
			return []providers.Event{{Kind: providers.EventStatus, PhoneNumberID: appID, WABAID: appID, At: now,
				Status: &providers.StatusUpdate{MessageID: wamid, RawStatus: st.raw, Recipient: to, At: now}}}, nil
		})
	}
}

// queueTemplateReviewLocked queues the announcement of a template's status
// at due: it reviews the template then, and tells only a status the
// webhooks have not told yet. Callers hold mu.
func (s *Sandbox) queueTemplateReviewLocked(appID, remoteID string, due time.Time) {
	if !s.hooks.enabled() {
		return
	}
	s.enqueueLocked(due, "template "+remoteID, func(_ context.Context, now time.Time) ([]providers.Event, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		t, ok := s.app(appID).templates[remoteID]
		if !ok {
			return nil, nil
		}
		s.review(t)
		if t.status == t.announced {
			return nil, nil
		}
		t.announced = t.status
		return []providers.Event{{Kind: providers.EventTemplateStatus, WABAID: appID, At: now,
			TemplateStatus: &providers.TemplateStatusUpdate{TemplateID: t.id, Name: t.name, Language: t.language,
				RawStatus: string(t.status), Reason: t.reason}}}, nil
	})
}

// queueFlowStatusLocked queues a FLOW_STATUS_CHANGE webhook. Callers hold
// mu.
func (s *Sandbox) queueFlowStatusLocked(appID, remoteID string, from, to providers.FlowStatus) {
	if !s.hooks.enabled() {
		return
	}
	s.enqueueLocked(s.now(), "flow "+remoteID, func(_ context.Context, now time.Time) ([]providers.Event, error) {
		return []providers.Event{{Kind: providers.EventFlowStatus, WABAID: appID, At: now,
			FlowStatus: &providers.FlowStatusUpdate{FlowID: remoteID, Event: "FLOW_STATUS_CHANGE",
				Message: fmt.Sprintf("Flow status changed from %s to %s", from, to), OldStatus: from, NewStatus: to}}}, nil
	})
}
