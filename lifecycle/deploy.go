package lifecycle

import (
	"context"
	"errors"
	"fmt"
)

// AddTarget deploys a flow to one more app. The target starts with the
// flow's desired state: DRAFT with the current revision while the flow was
// never published, PUBLISHED with the published revision otherwise. An
// unknown app is a *ValidationError; a target that exists already,
// ErrConflict.
func (s *Service) AddTarget(ctx context.Context, flowID, appID string) (Target, error) {
	if _, err := s.apps.ResolveApp(ctx, appID); err != nil {
		if errors.Is(err, ErrNotFound) {
			return Target{}, &ValidationError{Fields: []FieldError{{Field: "app_id", Message: "no app has the id " + quote(appID)}}}
		}
		return Target{}, fmt.Errorf("lifecycle: add target %s to flow %s: %w", appID, flowID, err)
	}
	var err error
	for range updateAttempts {
		var f Flow
		if f, err = s.repo.GetFlow(ctx, flowID); err != nil {
			break
		}
		if _, err = Next(StateOf(f), ActionAddTarget); err != nil {
			return Target{}, err
		}
		if _, err = s.repo.Target(ctx, flowID, appID); err == nil {
			err = fmt.Errorf("%w: the flow is deployed to app %s already", ErrConflict, appID)
			break
		} else if !errors.Is(err, ErrNotFound) {
			break
		}
		now := s.clock()
		t := Target{
			FlowID: flowID, AppID: appID, Desired: StatusDraft, Revision: f.CurrentRevision, Generation: 1,
			StepState: StatePending, NextAttemptAt: &now, CreatedAt: now, UpdatedAt: now,
		}
		if f.everPublished() {
			t.Desired, t.Revision = StatusPublished, f.PublishedRevision
		}
		if err = s.repo.AddTarget(ctx, t, f.Version); err == nil {
			s.notify()
			return t, nil
		}
		if !errors.Is(err, ErrConflict) {
			break
		}
	}
	return Target{}, fmt.Errorf("lifecycle: add target %s to flow %s: %w", appID, flowID, err)
}

// RemoveTarget stops managing a flow on one app. The remote flow stays at
// the BSP as it is: deprecate the flow first to retire it there.
func (s *Service) RemoveTarget(ctx context.Context, flowID, appID string) error {
	f, err := s.GetFlow(ctx, flowID)
	if err != nil {
		return err
	}
	if _, err := Next(StateOf(f), ActionRemoveTarget); err != nil {
		return err
	}
	if err := s.repo.RemoveTarget(ctx, flowID, appID); err != nil {
		return fmt.Errorf("lifecycle: remove target %s of flow %s: %w", appID, flowID, err)
	}
	return nil
}

// Targets lists the apps a flow is deployed to, with each one's remote id
// and status, the reconciler's step, its last error and the operations the
// BSP does not support.
func (s *Service) Targets(ctx context.Context, flowID string) ([]Target, error) {
	if _, err := s.GetFlow(ctx, flowID); err != nil {
		return nil, err
	}
	ts, err := s.repo.Targets(ctx, flowID)
	if err != nil {
		return nil, fmt.Errorf("lifecycle: targets of flow %s: %w", flowID, err)
	}
	return ts, nil
}

// TargetEvents returns the last limit steps taken for one target, newest
// first; limit 0 means DefaultPageSize.
func (s *Service) TargetEvents(ctx context.Context, flowID, appID string, limit int) ([]TargetEvent, error) {
	if limit < 0 {
		return nil, &ValidationError{Fields: []FieldError{{Field: "limit", Message: "must not be negative"}}}
	}
	if limit == 0 {
		limit = DefaultPageSize
	}
	if _, err := s.repo.Target(ctx, flowID, appID); err != nil {
		return nil, fmt.Errorf("lifecycle: events of target %s of flow %s: %w", appID, flowID, err)
	}
	evs, err := s.repo.TargetEvents(ctx, flowID, appID, min(limit, MaxPageSize))
	if err != nil {
		return nil, fmt.Errorf("lifecycle: events of target %s of flow %s: %w", appID, flowID, err)
	}
	return evs, nil
}

// RetryTarget makes a target that failed, or stopped at an unsupported
// operation, due again with a fresh schedule. A create that was
// interrupted (see [Target.InFlight]) is repeated: retry only once the BSP
// shows no remote flow was made.
func (s *Service) RetryTarget(ctx context.Context, flowID, appID string) (Target, error) {
	t, err := s.repo.ResetTarget(ctx, flowID, appID, s.clock())
	if err != nil {
		return Target{}, fmt.Errorf("lifecycle: retry target %s of flow %s: %w", appID, flowID, err)
	}
	s.notify()
	return t, nil
}
