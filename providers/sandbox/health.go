package sandbox

import (
	"slices"

	"github.com/waflow/waflow/providers"
)

// opMonitoring names WhatsApp's quality monitoring in the errors of the
// health hooks. Throttle, Block and Recover play it: it moves published flows
// between health states on its own, one step at a time along Meta's
// transitions (PUBLISHED ⇄ THROTTLED ⇄ BLOCKED). The hooks are not provider
// calls, so they are neither logged nor subject to faults; a step the
// current status does not allow is an ErrorConflict without a code, an
// unknown flow an ErrorNotFound.
const opMonitoring providers.Operation = "sandbox.monitoring"

// Throttle moves a PUBLISHED flow, or a recovering BLOCKED one, to THROTTLED.
func (s *Sandbox) Throttle(appID, remoteID string) error {
	return s.moveHealth(appID, remoteID, providers.FlowThrottled, providers.FlowPublished, providers.FlowBlocked)
}

// Block moves a THROTTLED flow to BLOCKED.
func (s *Sandbox) Block(appID, remoteID string) error {
	return s.moveHealth(appID, remoteID, providers.FlowBlocked, providers.FlowThrottled)
}

// Recover moves a flow one step back to health: THROTTLED to PUBLISHED,
// BLOCKED to THROTTLED.
func (s *Sandbox) Recover(appID, remoteID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, f, err := s.flow(opMonitoring, appID, remoteID)
	if err != nil {
		return err
	}
	from := f.status
	switch from {
	case providers.FlowThrottled:
		f.status = providers.FlowPublished
	case providers.FlowBlocked:
		f.status = providers.FlowThrottled
	default:
		return healthConflict(f.status, "recover")
	}
	f.updatedAt = s.now()
	s.queueFlowStatusLocked(appID, remoteID, from, f.status)
	return nil
}

func (s *Sandbox) moveHealth(appID, remoteID string, to providers.FlowStatus, from ...providers.FlowStatus) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, f, err := s.flow(opMonitoring, appID, remoteID)
	if err != nil {
		return err
	}
	if !slices.Contains(from, f.status) {
		return healthConflict(f.status, "move to "+string(to))
	}
	s.queueFlowStatusLocked(appID, remoteID, f.status, to)
	f.status = to
	f.updatedAt = s.now()
	return nil
}

// healthConflict has no code: monitoring has no Graph call behind it, so
// there is no Meta code to mimic.
func healthConflict(status providers.FlowStatus, what string) error {
	return opError(opMonitoring, providers.ErrorConflict, "", "monitoring cannot %s a %s flow", what, status)
}
