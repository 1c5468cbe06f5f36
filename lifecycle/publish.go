package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/providers"
)

// Publish makes the flow's current revision the one users get and sets
// every target's desired state to PUBLISHED with it. The revision is
// validated again first, since a validator release may have learnt a rule
// (or Meta frozen a version) since the upload; a flow without JSON fails
// with ErrNoRevision.
func (s *Service) Publish(ctx context.Context, id string) (Flow, error) {
	return s.change(ctx, id, ActionPublish, func(f Flow, to Status, now time.Time) (FlowUpdate, error) {
		if f.CurrentRevision == 0 {
			return FlowUpdate{}, fmt.Errorf("lifecycle: publish flow %s: %w", id, ErrNoRevision)
		}
		rev, err := s.repo.Revision(ctx, id, f.CurrentRevision)
		if err != nil {
			return FlowUpdate{}, fmt.Errorf("lifecycle: publish flow %s: %w", id, err)
		}
		if res := flowjson.Validate(rev.JSON, flowjson.Options{}); !res.Valid() {
			return FlowUpdate{}, &FlowJSONError{Diagnostics: res.Diagnostics}
		}
		next := f
		next.Status, next.PublishedRevision = to, f.CurrentRevision
		return FlowUpdate{Flow: next, Retarget: &Retarget{Desired: StatusPublished, Revision: f.CurrentRevision, At: now}}, nil
	})
}

// Deprecate retires a published flow for good, at every target. Users can
// no longer be sent it; copies already on devices may still answer.
func (s *Service) Deprecate(ctx context.Context, id string) (Flow, error) {
	return s.change(ctx, id, ActionDeprecate, func(f Flow, to Status, now time.Time) (FlowUpdate, error) {
		next := f
		next.Status = to
		return FlowUpdate{Flow: next, Retarget: &Retarget{Desired: StatusDeprecated, Revision: f.PublishedRevision, At: now}}, nil
	})
}

// MirrorRemoteStatus records the status a BSP reports for a target's
// remote flow (from a flows webhook, say) and mirrors its health on the
// flow. While the flow is live (PUBLISHED, THROTTLED or BLOCKED) it takes
// the worst health any of its published targets reports, BLOCKED before
// THROTTLED; when none reports either it is PUBLISHED. The BSP is the
// authority on health, so this bypasses the state machine, which only
// governs what the API may ask. A DRAFT or DEPRECATED flow keeps its
// status; the target still shows what its BSP said.
func (s *Service) MirrorRemoteStatus(ctx context.Context, flowID, appID string, status providers.FlowStatus) (Flow, error) {
	if err := s.repo.SetRemoteStatus(ctx, flowID, appID, status, s.clock()); err != nil {
		return Flow{}, fmt.Errorf("lifecycle: mirror status of flow %s on app %s: %w", flowID, appID, err)
	}
	var err error
	for range updateAttempts {
		var (
			f       Flow
			targets []Target
		)
		if f, err = s.repo.GetFlow(ctx, flowID); err != nil {
			break
		}
		if targets, err = s.repo.Targets(ctx, flowID); err != nil {
			break
		}
		health := worstHealth(targets)
		if !f.Status.live() || f.Status == health {
			return f, nil
		}
		next := f
		next.Status, next.UpdatedAt = health, s.clock()
		if err = s.repo.UpdateFlow(ctx, FlowUpdate{Flow: next}); err == nil {
			next.Version++
			return next, nil
		}
		if !errors.Is(err, ErrConflict) {
			break
		}
	}
	return Flow{}, fmt.Errorf("lifecycle: mirror status of flow %s on app %s: %w", flowID, appID, err)
}

// worstHealth is the live status the targets' BSPs report, worst first.
func worstHealth(targets []Target) Status {
	health := StatusPublished
	for _, t := range targets {
		if t.Desired != StatusPublished {
			continue
		}
		switch t.RemoteStatus {
		case providers.FlowBlocked:
			return StatusBlocked
		case providers.FlowThrottled:
			health = StatusThrottled
		}
	}
	return health
}
