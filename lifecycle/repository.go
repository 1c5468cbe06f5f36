package lifecycle

import (
	"context"
	"time"

	"github.com/waflow/waflow/providers"
)

// Repository stores flows, their revisions, scripts and targets. It is the
// one [FlowRepository] and [TargetRepository] together, as package store
// implements them on SQLite and PostgreSQL.
//
// Implementations must be safe for concurrent use, keep times to at least
// microsecond precision (returning them in UTC) and documents byte-exact.
// Every error that means "no such row" wraps [ErrNotFound], every
// constraint broken or race lost wraps [ErrConflict]; any other error is a
// failure of the store itself. The conformance suite in package
// lifecycletest checks all of this.
type Repository interface {
	FlowRepository
	TargetRepository
}

// FlowRepository stores flows with their revisions and scripts.
type FlowRepository interface {
	// CreateFlow stores a new flow. A taken ID or Name fails with
	// ErrConflict.
	CreateFlow(ctx context.Context, f Flow) error
	// GetFlow returns the flow with the given id, or ErrNotFound.
	GetFlow(ctx context.Context, id string) (Flow, error)
	// ListFlows returns the flows q selects, in ascending byte order of ID.
	ListFlows(ctx context.Context, q FlowQuery) ([]Flow, error)
	// UpdateFlow applies u in one transaction, provided the stored flow's
	// Version still equals u.Flow.Version: it stores every field of u.Flow
	// except ID and CreatedAt with Version+1, adds u.Revision and u.Script
	// when set, and applies u.Retarget to every target of the flow. A stale
	// Version, a revision or script number already taken, or a taken Name
	// fails with ErrConflict and changes nothing; an unknown flow fails
	// with ErrNotFound.
	UpdateFlow(ctx context.Context, u FlowUpdate) error
	// DeleteFlow removes the flow with everything it owns (revisions,
	// scripts, targets, their events), provided its Version still equals
	// version; else ErrConflict, or ErrNotFound.
	DeleteFlow(ctx context.Context, id string, version int) error
	// Revision returns one revision, or ErrNotFound.
	Revision(ctx context.Context, flowID string, number int) (Revision, error)
	// Revisions returns every revision of the flow, oldest first, without
	// their JSON (to keep listings small); an unknown flow gives none.
	Revisions(ctx context.Context, flowID string) ([]Revision, error)
	// Script returns one handler script revision, or ErrNotFound.
	Script(ctx context.Context, flowID string, revision int) (Script, error)
}

// TargetRepository stores the apps each flow is deployed to, the
// reconciler's progress on each, and their step logs. The reconciler
// claims targets before working on them, so that several processes sharing
// one database never work the same target at once.
type TargetRepository interface {
	// AddTarget stores a new target, provided the flow's Version still
	// equals flowVersion, so that a target never misses a concurrent change
	// of the desired state. A stale version or an existing target fails
	// with ErrConflict; an unknown flow with ErrNotFound.
	AddTarget(ctx context.Context, t Target, flowVersion int) error
	// RemoveTarget removes a target and its step log, or fails with
	// ErrNotFound.
	RemoveTarget(ctx context.Context, flowID, appID string) error
	// Target returns one target, or ErrNotFound.
	Target(ctx context.Context, flowID, appID string) (Target, error)
	// Targets returns the targets of a flow in ascending byte order of
	// AppID; an unknown flow gives none.
	Targets(ctx context.Context, flowID string) ([]Target, error)
	// ResetTarget makes the target due at at, as a change of the desired
	// state would (see Retarget) without changing it, also forgetting
	// InFlight, and returns it; an unknown target fails with ErrNotFound.
	ResetTarget(ctx context.Context, flowID, appID string, at time.Time) (Target, error)
	// SetRemoteStatus records the status the BSP reports for the target's
	// remote flow; an unknown target fails with ErrNotFound.
	SetRemoteStatus(ctx context.Context, flowID, appID string, status providers.FlowStatus, at time.Time) error

	// ClaimTargets claims up to c.Limit targets that are due (NextAttemptAt
	// at or before c.Now) and not claimed by anyone until after c.Now,
	// earliest NextAttemptAt first: it sets their ClaimedBy to c.Owner and
	// ClaimedUntil to c.Until and returns them. Concurrent claims, from
	// this process or another one on the same database, never return the
	// same target twice while a claim lasts.
	ClaimTargets(ctx context.Context, c Claim) ([]Target, error)
	// SaveProgress records the reconciler's progress on a target it has
	// claimed, appends ev (when not nil) to the target's step log in the
	// same transaction, and returns the target as stored.
	//
	// What the BSP holds (RemoteID, MetaFlowID, RemoteStatus,
	// UploadedRevision, PublishedRevision, EndpointURI), InFlight, Step, ClaimedBy,
	// ClaimedUntil and UpdatedAt are always written. The schedule
	// (StepState, Attempts, NextAttemptAt, LastError, Unsupported) is
	// written only while the stored Generation equals t.Generation, so a
	// reconciler never overwrites the schedule of a newer desired state.
	// Desired, Revision and Generation are never written.
	//
	// A target that owner no longer claims fails with ErrClaimLost and
	// changes nothing; an unknown target fails with ErrNotFound.
	SaveProgress(ctx context.Context, owner string, t Target, ev *TargetEvent) (Target, error)
	// TargetEvents returns the last limit entries of a target's step log,
	// newest first.
	TargetEvents(ctx context.Context, flowID, appID string, limit int) ([]TargetEvent, error)
}

// FlowQuery selects flows for [FlowRepository.ListFlows].
type FlowQuery struct {
	// Status keeps flows in that status; empty keeps all.
	Status Status
	// AppID keeps flows with a target on that app; empty keeps all.
	AppID string
	// After is the cursor: only flows whose ID sorts after it.
	After string
	// Limit caps the number of flows returned; it is always positive.
	Limit int
}

// FlowUpdate is one atomic change of a flow, for
// [FlowRepository.UpdateFlow].
type FlowUpdate struct {
	Flow     Flow
	Revision *Revision
	Script   *Script
	Retarget *Retarget
}

// Retarget changes the desired state of every target of a flow: it sets
// Desired and Revision, increments Generation, and starts a new schedule
// due at At (StepState pending, no attempts, no last error, no unsupported
// operations).
type Retarget struct {
	Desired  Status
	Revision int
	At       time.Time
}

// Claim asks [TargetRepository.ClaimTargets] for due targets.
type Claim struct {
	Owner string
	Now   time.Time
	Until time.Time
	Limit int
}
