package lifecycle

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/waflow/waflow/providers"
)

// AppResolver finds the app a target deploys to, with its credentials
// unsealed, as package apps gives it. It must be safe for concurrent use.
// An unknown app is an error wrapping [ErrNotFound]; any other error is
// taken as temporary.
type AppResolver interface {
	ResolveApp(ctx context.Context, appID string) (providers.App, error)
}

// Options tune a [Service]. The zero value means the defaults.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Random supplies flow ids; nil means crypto/rand.
	Random io.Reader
	// Notify is called after every change that gives targets something to
	// do, typically [Reconciler.Kick]; nil means nobody is told and the
	// reconciler finds the work at its next poll. It must not block.
	Notify func()
}

// List page sizes of [Service.ListFlows].
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// updateAttempts bounds how often a change is retried against a flow that
// a concurrent change moved on under it.
const updateAttempts = 3

// Service is the flows API's business logic: it checks every request
// against the state machine (see [Next]), validates Flow JSON and handler
// scripts before storing them, and sets the desired state of every target
// for the [Reconciler] to reach. It never calls a BSP itself. It is safe
// for concurrent use.
type Service struct {
	repo   Repository
	apps   AppResolver
	now    func() time.Time
	random io.Reader
	notify func()
}

// NewService returns a Service storing into repo and checking target apps
// with apps.
func NewService(repo Repository, apps AppResolver, opts Options) *Service {
	s := &Service{repo: repo, apps: apps, now: opts.Now, random: opts.Random, notify: opts.Notify}
	if s.now == nil {
		s.now = time.Now
	}
	if s.random == nil {
		s.random = rand.Reader
	}
	if s.notify == nil {
		s.notify = func() {}
	}
	return s
}

// clock returns the time in the precision every repository keeps.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// CreateFlow validates nf and stores it as a new DRAFT flow without
// revisions. Errors wrap ErrInvalid (a *ValidationError) or ErrConflict
// (the name is taken).
func (s *Service) CreateFlow(ctx context.Context, nf NewFlow) (Flow, error) {
	if err := validateMetadata(nf.Name, nf.Categories, nf.EndpointURI); err != nil {
		return Flow{}, err
	}
	now := s.clock()
	id, err := newFlowID(now, s.random)
	if err != nil {
		return Flow{}, err
	}
	f := Flow{
		ID: id, Name: nf.Name, Categories: slices.Clone(nf.Categories), Status: StatusDraft,
		EndpointURI: nf.EndpointURI, Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	if err := s.repo.CreateFlow(ctx, f); err != nil {
		return Flow{}, fmt.Errorf("lifecycle: create flow %q: %w", nf.Name, err)
	}
	return f, nil
}

// GetFlow returns one flow, or ErrNotFound.
func (s *Service) GetFlow(ctx context.Context, id string) (Flow, error) {
	f, err := s.repo.GetFlow(ctx, id)
	if err != nil {
		return Flow{}, fmt.Errorf("lifecycle: get flow %s: %w", id, err)
	}
	return f, nil
}

// ListOptions select and page flows for [Service.ListFlows].
type ListOptions struct {
	// Status keeps flows in that status; empty keeps all.
	Status Status
	// AppID keeps flows deployed to that app; empty keeps all.
	AppID string
	// After is the Next of the previous page, "" for the first one.
	After string
	// Limit is the page size: 0 means DefaultPageSize, more than
	// MaxPageSize means MaxPageSize.
	Limit int
}

// Page is one page of flows. Next is the cursor of the following page, ""
// on the last one.
type Page struct {
	Flows []Flow
	Next  string
}

// ListFlows returns one page of flows in creation order. Paging is by
// cursor, not offset: flows created or deleted between two calls never
// make a page repeat or skip one.
func (s *Service) ListFlows(ctx context.Context, o ListOptions) (Page, error) {
	var fields []FieldError
	if o.Status != "" && !o.Status.Valid() {
		fields = append(fields, FieldError{Field: "status", Message: "unknown status " + quote(string(o.Status))})
	}
	if o.Limit < 0 {
		fields = append(fields, FieldError{Field: "limit", Message: "must not be negative"})
	}
	if len(fields) > 0 {
		return Page{}, &ValidationError{Fields: fields}
	}
	limit := o.Limit
	switch {
	case limit == 0:
		limit = DefaultPageSize
	case limit > MaxPageSize:
		limit = MaxPageSize
	}
	// One more than asked tells whether another page exists.
	flows, err := s.repo.ListFlows(ctx, FlowQuery{Status: o.Status, AppID: o.AppID, After: o.After, Limit: limit + 1})
	if err != nil {
		return Page{}, fmt.Errorf("lifecycle: list flows: %w", err)
	}
	p := Page{Flows: flows}
	if len(flows) > limit {
		p.Flows = flows[:limit]
		p.Next = flows[limit-1].ID
	}
	return p, nil
}

// UpdateMetadata changes a flow's name, categories or endpoint override.
// Like Meta, editing a published flow makes it a DRAFT again: users keep
// the published revision until the next publish. Name and categories reach
// a BSP when the remote flow is created; the endpoint override whenever a
// target's endpoint is next set.
func (s *Service) UpdateMetadata(ctx context.Context, id string, c MetadataChange) (Flow, error) {
	return s.change(ctx, id, ActionUpdateMetadata, func(f Flow, to Status, now time.Time) (FlowUpdate, error) {
		next := f
		if c.Name != nil {
			next.Name = *c.Name
		}
		if c.Categories != nil {
			next.Categories = slices.Clone(c.Categories)
		}
		if c.EndpointURI != nil {
			next.EndpointURI = *c.EndpointURI
		}
		if err := validateMetadata(next.Name, next.Categories, next.EndpointURI); err != nil {
			return FlowUpdate{}, err
		}
		next.Status = to
		u := FlowUpdate{Flow: next}
		if !f.everPublished() && next.EndpointURI != f.EndpointURI {
			u.Retarget = &Retarget{Desired: StatusDraft, Revision: f.CurrentRevision, At: now}
		}
		return u, nil
	})
}

// Delete removes a flow that was never published, with its revisions,
// scripts and targets. Remote drafts the reconciler created stay at their
// BSPs, where they are drafts nobody can be sent.
func (s *Service) Delete(ctx context.Context, id string) error {
	var err error
	for range updateAttempts {
		var f Flow
		if f, err = s.repo.GetFlow(ctx, id); err != nil {
			return fmt.Errorf("lifecycle: delete flow %s: %w", id, err)
		}
		if _, err = Next(StateOf(f), ActionDelete); err != nil {
			return err
		}
		if err = s.repo.DeleteFlow(ctx, id, f.Version); err == nil || !errors.Is(err, ErrConflict) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("lifecycle: delete flow %s: %w", id, err)
	}
	return nil
}

// change applies action a to flow id: it reads the flow, checks the
// transition, lets build make the update from the flow, the status the
// transition leads to and the time, and stores it. A concurrent change of
// the same flow makes it start over, a few times at most.
func (s *Service) change(ctx context.Context, id string, a Action, build func(f Flow, to Status, now time.Time) (FlowUpdate, error)) (Flow, error) {
	var err error
	for range updateAttempts {
		var f Flow
		if f, err = s.repo.GetFlow(ctx, id); err != nil {
			return Flow{}, fmt.Errorf("lifecycle: %s flow %s: %w", a, id, err)
		}
		var to Status
		if to, err = Next(StateOf(f), a); err != nil {
			return Flow{}, err
		}
		now := s.clock()
		var u FlowUpdate
		if u, err = build(f, to, now); err != nil {
			return Flow{}, err
		}
		u.Flow.Version, u.Flow.UpdatedAt = f.Version, now
		if err = s.repo.UpdateFlow(ctx, u); err == nil {
			if u.Retarget != nil {
				s.notify()
			}
			u.Flow.Version++
			return u.Flow, nil
		}
		if !errors.Is(err, ErrConflict) {
			break
		}
	}
	return Flow{}, fmt.Errorf("lifecycle: %s flow %s: %w", a, id, err)
}
