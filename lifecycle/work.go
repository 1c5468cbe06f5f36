package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/waflow/waflow/providers"
)

// errInterruptedCreate stops a target whose create call started and never
// had its outcome recorded: the BSP may hold a flow nobody knows the id of,
// and a second create would make another one.
var errInterruptedCreate = errors.New("creating the remote flow was interrupted before its outcome was recorded; " +
	"the BSP may hold the flow already, so it is not created again: check the BSP, then retry the target")

// errNoEndpoint fails the endpoint step of a server without a public URL.
var errNoEndpoint = errors.New("the flow needs a data endpoint but neither the flow's endpoint_uri nor the server's public base URL is set")

// target is one claimed target with what working it needs.
type target struct {
	Target
	app  providers.App
	prov providers.Provider
}

// work takes the steps target t needs, recording each one's start and
// outcome before the next, until t reaches its desired state, a step fails
// or is unsupported, or the claim is lost. It never returns an error:
// every failure ends up on the target.
func (r *Reconciler) work(ctx context.Context, t Target) {
	w := &target{Target: t}
	for range maxStepsPerClaim {
		if ctx.Err() != nil {
			r.release(w, nil)
			return
		}
		f, err := r.repo.GetFlow(ctx, w.FlowID)
		if errors.Is(err, ErrNotFound) {
			return // deleted with its targets
		}
		var rev Revision
		if err == nil && w.Revision > 0 && w.Desired != StatusDeprecated {
			rev, err = r.repo.Revision(ctx, w.FlowID, w.Revision)
		}
		if err != nil {
			// The store is failing; the target stays due and is picked up
			// again once it answers.
			r.opts.Logger.Error("lifecycle: load flow for target", "flow", w.FlowID, "app", w.AppID, "error", err)
			r.release(w, nil)
			return
		}
		ep := planEndpoint(r.opts.PublicBaseURL, f, rev)
		step, ok := nextStep(w.Target, ep)
		if !ok {
			w.StepState, w.Attempts, w.NextAttemptAt, w.LastError = StateDone, 0, nil, ""
			r.release(w, nil)
			return
		}
		if !r.take(ctx, w, f, rev, ep, step) {
			return
		}
	}
	now := r.now()
	w.NextAttemptAt = &now
	r.release(w, nil)
}

// take runs one step and records it; it reports whether to go on.
func (r *Reconciler) take(ctx context.Context, w *target, f Flow, rev Revision, ep endpointPlan, step Step) bool {
	if w.InFlight == StepCreate && w.RemoteID == "" {
		r.fail(w, step, errInterruptedCreate)
		return false
	}
	if step == StepEndpoint && ep.uri == "" {
		r.fail(w, step, errNoEndpoint)
		return false
	}
	if w.prov == nil {
		if err := r.resolve(ctx, w); err != nil {
			if errors.Is(err, ErrNotFound) {
				r.fail(w, step, err)
			} else {
				r.retryLater(w, step, err, 0)
			}
			return false
		}
	}
	w.InFlight, w.Step = step, step
	if !r.save(ctx, w, nil) {
		return false
	}

	start := r.now()
	callCtx, cancel := context.WithTimeout(ctx, r.opts.StepTimeout)
	err := r.call(callCtx, w, f, rev, ep, step)
	cancel()
	elapsed := r.now().Sub(start)

	outcome := OutcomeOK
	switch {
	case err == nil:
	case errors.Is(err, providers.ErrUnsupported):
		outcome = OutcomeUnsupported
	default:
		outcome = OutcomeFailed
	}
	if r.opts.Observer != nil {
		r.opts.Observer.ObserveStep(StepReport{FlowID: w.FlowID, AppID: w.AppID, BSP: w.app.BSP, Step: step, Outcome: outcome, Duration: elapsed})
	}
	cutOff := errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
	if step != StepCreate || !cutOff {
		// Only a create cut off by our own deadline may have happened
		// unseen; every other outcome is known, or harmless to repeat.
		w.InFlight = ""
	}
	switch outcome {
	case OutcomeOK:
		w.Attempts++
		ev := r.event(w, step, OutcomeOK, nil)
		w.Attempts, w.LastError = 0, ""
		return r.save(ctx, w, ev)
	case OutcomeUnsupported:
		w.Attempts++
		if !slices.Contains(w.Unsupported, step.operation()) {
			w.Unsupported = append(w.Unsupported, step.operation())
		}
		w.StepState, w.NextAttemptAt, w.LastError = StateUnsupported, nil, err.Error()
		r.release(w, r.event(w, step, OutcomeUnsupported, err))
		return false
	}
	if cutOff || providers.Retryable(err) {
		var retryAfter time.Duration
		var pe *providers.Error
		if errors.As(err, &pe) {
			retryAfter = pe.RetryAfter
		}
		r.retryLater(w, step, err, retryAfter)
	} else {
		r.fail(w, step, err)
	}
	return false
}

// call makes the provider call of step and, when it succeeds, records in w
// what the BSP now holds.
func (r *Reconciler) call(ctx context.Context, w *target, f Flow, rev Revision, ep endpointPlan, step Step) error {
	switch step {
	case StepCreate:
		rf, err := w.prov.CreateFlow(ctx, w.app, providers.CreateFlowRequest{Name: f.Name, Categories: f.Categories})
		if err != nil {
			return err
		}
		if rf.ID == "" {
			return fmt.Errorf("%s created a flow without an id", w.app.BSP)
		}
		w.RemoteID, w.MetaFlowID, w.RemoteStatus = rf.ID, rf.MetaFlowID, providers.FlowDraft
		if rf.Status != "" {
			w.RemoteStatus = rf.Status
		}
	case StepUpload:
		verrs, err := w.prov.UpdateFlowJSON(ctx, w.app, w.RemoteID, rev.JSON)
		if err != nil {
			return err
		}
		w.UploadedRevision = w.Revision
		if w.RemoteStatus != providers.FlowDeprecated {
			// Like Meta, an upload makes a published flow a draft again
			// until it is published anew.
			w.RemoteStatus = providers.FlowDraft
		}
		if len(verrs) > 0 {
			return &bspValidationError{bsp: w.app.BSP, errs: verrs}
		}
	case StepEndpoint:
		if err := w.prov.SetEndpoint(ctx, w.app, w.RemoteID, ep.uri); err != nil {
			return err
		}
		w.EndpointURI = ep.uri
	case StepPublish:
		if err := w.prov.PublishFlow(ctx, w.app, w.RemoteID); err != nil {
			return err
		}
		w.PublishedRevision, w.RemoteStatus = w.Revision, providers.FlowPublished
	case StepDeprecate:
		if err := w.prov.DeprecateFlow(ctx, w.app, w.RemoteID); err != nil && !errors.Is(err, providers.ErrAlreadyDeprecated) {
			return err
		}
		w.RemoteStatus = providers.FlowDeprecated
	}
	return nil
}

// bspValidationError reports a document the BSP found errors in although
// package flowjson accepted it. The upload stands (BSPs keep such drafts),
// but publishing would fail, and retrying the same revision cannot help.
type bspValidationError struct {
	bsp  providers.BSP
	errs []providers.ValidationError
}

func (e *bspValidationError) Error() string {
	parts := make([]string, len(e.errs))
	for i, v := range e.errs {
		parts[i] = v.Code + ": " + v.Message
		if v.Pointer != "" {
			parts[i] = v.Pointer + ": " + parts[i]
		}
	}
	return fmt.Sprintf("%s found errors in the uploaded Flow JSON: %s", e.bsp, strings.Join(parts, "; "))
}

func (r *Reconciler) resolve(ctx context.Context, w *target) error {
	app, err := r.apps.ResolveApp(ctx, w.AppID)
	if err != nil {
		return fmt.Errorf("resolve app %s: %w", w.AppID, err)
	}
	prov, err := r.providers.ProviderFor(app.BSP)
	if err != nil {
		return fmt.Errorf("provider for %s: %w", app.BSP, err)
	}
	w.app, w.prov = app, prov
	return nil
}

// retryLater records a failed step and schedules its next attempt after
// the backoff of the failures so far, or after retryAfter if the BSP asked
// for longer.
func (r *Reconciler) retryLater(w *target, step Step, err error, retryAfter time.Duration) {
	w.Attempts++
	delay := max(r.opts.Jitter(r.opts.Backoff.delay(w.Attempts)), retryAfter)
	next := r.now().Add(delay)
	w.StepState, w.NextAttemptAt, w.LastError = StateRetrying, &next, err.Error()
	r.release(w, r.event(w, step, OutcomeFailed, err))
}

// fail records a step that retrying will not fix; the target waits for a
// new desired state or Service.RetryTarget.
func (r *Reconciler) fail(w *target, step Step, err error) {
	w.Attempts++
	w.StepState, w.NextAttemptAt, w.LastError = StateFailed, nil, err.Error()
	r.release(w, r.event(w, step, OutcomeFailed, err))
}

// event makes the step log entry of a step that ended with outcome.
func (r *Reconciler) event(w *target, step Step, outcome Outcome, err error) *TargetEvent {
	ev := &TargetEvent{FlowID: w.FlowID, AppID: w.AppID, Step: step, Outcome: outcome, Attempt: w.Attempts, At: r.now()}
	if err != nil {
		ev.Error = err.Error()
	}
	return ev
}

// save records w, renewing the claim, and takes over the target as stored,
// whose desired state may have changed meanwhile. It reports whether the
// reconciler still holds the target. The write runs even when ctx is done,
// so that the outcome of a call already made is never lost.
func (r *Reconciler) save(ctx context.Context, w *target, ev *TargetEvent) bool {
	until := r.now().Add(r.opts.Lease)
	w.ClaimedBy, w.ClaimedUntil = r.owner, &until
	return r.store(ctx, w, ev)
}

// release records w and gives up the claim.
func (r *Reconciler) release(w *target, ev *TargetEvent) {
	w.ClaimedBy, w.ClaimedUntil = "", nil
	r.store(context.Background(), w, ev)
}

func (r *Reconciler) store(ctx context.Context, w *target, ev *TargetEvent) bool {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), saveTimeout)
	defer cancel()
	w.UpdatedAt = r.now()
	saved, err := r.repo.SaveProgress(ctx, r.owner, w.Target, ev)
	if err != nil {
		r.opts.Logger.Error("lifecycle: record target progress", "flow", w.FlowID, "app", w.AppID, "error", err)
		return false
	}
	w.Target = saved
	return true
}

// now is the clock in the precision every repository keeps.
func (r *Reconciler) now() time.Time { return r.opts.Now().UTC().Truncate(time.Microsecond) }
