package lifecycleflows

import (
	"context"
	"errors"
	"fmt"

	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
)

// Flows is the part of *lifecycle.Service the resolver reads.
type Flows interface {
	GetFlow(ctx context.Context, id string) (lifecycle.Flow, error)
	ListFlows(ctx context.Context, o lifecycle.ListOptions) (lifecycle.Page, error)
	Targets(ctx context.Context, flowID string) ([]lifecycle.Target, error)
}

// Resolver implements messaging.FlowResolver over the lifecycle service.
type Resolver struct{ flows Flows }

var _ messaging.FlowResolver = (*Resolver)(nil)

// New returns a resolver reading flows.
func New(flows Flows) *Resolver { return &Resolver{flows: flows} }

// ResolveFlow finds the flow ref names and its target on appID. By id it
// is one read; by name or by the BSP's id it walks the flows deployed to
// the app, which is what the lifecycle service offers.
func (r *Resolver) ResolveFlow(ctx context.Context, appID string, ref messaging.FlowRef) (messaging.FlowTarget, error) {
	var (
		f   lifecycle.Flow
		t   lifecycle.Target
		err error
	)
	if ref.ID != "" {
		if f, err = r.flows.GetFlow(ctx, ref.ID); err == nil {
			t, err = r.target(ctx, f.ID, appID)
		}
	} else {
		f, t, err = r.search(ctx, appID, ref)
	}
	switch {
	case errors.Is(err, lifecycle.ErrNotFound):
		return messaging.FlowTarget{}, fmt.Errorf("flow %s%s%s on app %s: %w", ref.ID, ref.Name, ref.RemoteID, appID, messaging.ErrFlowNotFound)
	case err != nil:
		return messaging.FlowTarget{}, err
	}
	return messaging.FlowTarget{
		FlowID: f.ID, Name: f.Name, Status: providers.FlowStatus(f.Status),
		RemoteID: t.RemoteID, RemoteStatus: t.RemoteStatus, Published: t.PublishedRevision > 0,
	}, nil
}

func (r *Resolver) target(ctx context.Context, flowID, appID string) (lifecycle.Target, error) {
	ts, err := r.flows.Targets(ctx, flowID)
	if err != nil {
		return lifecycle.Target{}, err
	}
	for _, t := range ts {
		if t.AppID == appID {
			return t, nil
		}
	}
	return lifecycle.Target{}, fmt.Errorf("flow %s has no target on app %s: %w", flowID, appID, lifecycle.ErrNotFound)
}

// search walks the app's flows for one with the name, or whose target on
// the app has the BSP's id, or Meta's id where the BSP has ids of its own.
func (r *Resolver) search(ctx context.Context, appID string, ref messaging.FlowRef) (lifecycle.Flow, lifecycle.Target, error) {
	after := ""
	for {
		page, err := r.flows.ListFlows(ctx, lifecycle.ListOptions{AppID: appID, After: after, Limit: lifecycle.MaxPageSize})
		if err != nil {
			return lifecycle.Flow{}, lifecycle.Target{}, err
		}
		for _, f := range page.Flows {
			if ref.Name != "" && f.Name != ref.Name {
				continue
			}
			t, err := r.target(ctx, f.ID, appID)
			if err != nil {
				return lifecycle.Flow{}, lifecycle.Target{}, err
			}
			if ref.Name != "" || t.RemoteID == ref.RemoteID || (ref.RemoteID != "" && t.MetaFlowID == ref.RemoteID) {
				return f, t, nil
			}
		}
		if page.Next == "" {
			return lifecycle.Flow{}, lifecycle.Target{}, lifecycle.ErrNotFound
		}
		after = page.Next
	}
}
