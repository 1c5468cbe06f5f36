package flowrun

import (
	"context"
	"fmt"
)

// Exchanger carries a request of the runtime (INIT, data_exchange, BACK)
// to a data endpoint, as the WhatsApp client does.
//
// request is the plaintext the client would encrypt: {action, screen,
// data, flow_token, version}. The answer is the endpoint's plaintext JSON
// object. An error means there is no answer the client could use (the
// endpoint failed, answered a status other than 200, or something that
// does not decrypt); the walk stays where it was. Exchange may be called
// from one goroutine at a time per [Walker]; implementations used by
// several walkers must be safe for concurrent use.
type Exchanger interface {
	Exchange(ctx context.Context, request map[string]any) (answer map[string]any, err error)
}

// Walker is a user walking a flow: the [Runtime] plus the endpoint its
// requests go to. Each call of Start, SetValue, Press and Back is one
// user action; when the action sends a request, the walker sends it
// through the [Exchanger] and feeds the answer back before returning. It
// is what "waflow test", "waflow simulate" and the sandbox's simulated
// user drive. Like the Runtime, it is for one goroutine.
type Walker struct {
	rt *Runtime
	ex Exchanger
}

// Step is what one user action did: the requests it sent, with their
// answers, and the final outcome.
type Step struct {
	Exchanges []Exchange
	Outcome   Outcome
}

// Exchange is one request and its answer; Answer is nil when the
// exchange failed.
type Exchange struct {
	Request map[string]any
	Answer  map[string]any
}

// NewWalker starts a walker. ex may be nil for a flow without a
// data_api_version; a request with no exchanger fails the action.
func NewWalker(flow []byte, ex Exchanger, opts Options) (*Walker, error) {
	rt, err := New(flow, opts)
	if err != nil {
		return nil, err
	}
	return &Walker{rt: rt, ex: ex}, nil
}

// Start opens the flow; an endpoint flow's INIT is answered before it
// returns.
func (w *Walker) Start(ctx context.Context) (Step, error) {
	return w.follow(ctx, w.rt.Start)
}

// SetValue enters a value into an input (see [Runtime.SetValue]).
func (w *Walker) SetValue(ctx context.Context, name string, value any) (Step, error) {
	return w.follow(ctx, func() (Outcome, error) { return w.rt.SetValue(name, value) })
}

// Press presses a Footer, link or item (see [Target]).
func (w *Walker) Press(ctx context.Context, t Target) (Step, error) {
	return w.follow(ctx, func() (Outcome, error) { return w.rt.Press(t) })
}

// Back presses the back button; a BACK request is answered before it
// returns.
func (w *Walker) Back(ctx context.Context) (Step, error) {
	return w.follow(ctx, w.rt.Back)
}

// View renders the current screen.
func (w *Walker) View() (View, error) { return w.rt.View() }

// State returns everything the walk keeps.
func (w *Walker) State() (State, error) { return w.rt.State() }

// Value resolves a reference path (see [Runtime.Value]).
func (w *Walker) Value(path string) (any, error) { return w.rt.Value(path) }

// follow runs an action and, when it produces a request, exchanges it and
// receives the answer. A receive never produces another request, so one
// action sends at most one.
func (w *Walker) follow(ctx context.Context, act func() (Outcome, error)) (Step, error) {
	var step Step
	o, err := act()
	if err != nil {
		return step, err
	}
	if o.Type == OutcomeRequest {
		action, _ := o.Request["action"].(string)
		step.Exchanges = append(step.Exchanges, Exchange{Request: o.Request})
		if w.ex == nil {
			return step, &ExchangeError{Action: action, Err: fmt.Errorf("the flow needs a data endpoint, and the walk has none")}
		}
		answer, err := w.ex.Exchange(ctx, o.Request)
		if err != nil {
			return step, err
		}
		step.Exchanges[0].Answer = answer
		if o, err = w.rt.Receive(answer); err != nil {
			return step, err
		}
	}
	step.Outcome = o
	return step, nil
}
