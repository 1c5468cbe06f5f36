package sandbox

import (
	"context"
	"slices"
	"time"

	"github.com/waflow/waflow/providers"
)

// Call is one provider call that reached the sandbox, whether it succeeded
// or not.
type Call struct {
	Op    providers.Operation
	AppID string
	// RemoteID is the flow the call named; for CreateFlow it is the id the
	// new flow received, empty when creation failed. SetPublicKey names no
	// flow.
	RemoteID string
	At       time.Time
}

// FailNext makes the next n calls of op fail with err before they touch any
// flow, as a BSP outage or rate limit would. A nil err means a retryable
// *providers.Error of Kind ErrorUnavailable. Faults queue up behind those
// already pending; n <= 0 drops every pending fault of op.
func (s *Sandbox) FailNext(op providers.Operation, n int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		delete(s.faults, op)
		return
	}
	if err == nil {
		err = opError(op, providers.ErrorUnavailable, "", "injected outage")
	}
	for range n {
		s.faults[op] = append(s.faults[op], err)
	}
}

// SetUnsupported switches ops off: Capabilities no longer lists them and
// calling them returns a *providers.UnsupportedError, as a BSP without those
// features would.
func (s *Sandbox) SetUnsupported(ops ...providers.Operation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, op := range ops {
		s.unsupported[op] = true
	}
}

// Calls returns the call log, oldest first. Calls refused as unsupported or
// failed by an injected fault are included, since a caller's retries are
// what tests want to see; calls made with an already cancelled context are
// not, as they would never have left the process.
func (s *Sandbox) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// begin logs a call and applies everything that fails it before the flow
// store is consulted. It returns the call's index in the log. Callers do not
// hold mu.
func (s *Sandbox) begin(ctx context.Context, op providers.Operation, appID, remoteID string) (int, error) {
	if err := ctx.Err(); err != nil {
		return -1, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, Call{Op: op, AppID: appID, RemoteID: remoteID, At: s.now()})
	idx := len(s.calls) - 1
	if s.unsupported[op] {
		return idx, unsupported(op)
	}
	if pending := s.faults[op]; len(pending) > 0 {
		s.faults[op] = pending[1:]
		return idx, pending[0]
	}
	if appID == "" {
		return idx, invalid(op, "the app has no id")
	}
	return idx, nil
}
