package lifecycleflows

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
)

// Mirror is what StatusMirror needs of *lifecycle.Service.
type Mirror interface {
	Flows
	MirrorRemoteStatus(ctx context.Context, flowID, appID string, status providers.FlowStatus) (lifecycle.Flow, error)
}

// StatusMirror implements messaging.FlowStatusSink over the lifecycle
// service: a BSP's FLOW_STATUS_CHANGE webhook becomes the target's remote
// status, and the flow takes the worst health its targets report (see
// lifecycle.Service.MirrorRemoteStatus). Alerts without a new status
// change nothing: the BSP follows them with a status change when the
// flow's status moves.
type StatusMirror struct {
	flows    Mirror
	resolver *Resolver
}

var _ messaging.FlowStatusSink = (*StatusMirror)(nil)

// NewStatusMirror returns a sink mirroring statuses onto flows.
func NewStatusMirror(flows Mirror) *StatusMirror {
	return &StatusMirror{flows: flows, resolver: New(flows)}
}

// ApplyFlowStatus implements messaging.FlowStatusSink. The flow is found
// by the id the app's BSP gave it; a flow waflow does not deploy to the
// app is an error wrapping messaging.ErrNotFound. Mirroring the same
// status twice changes nothing the second time.
func (m *StatusMirror) ApplyFlowStatus(ctx context.Context, appID string, u providers.FlowStatusUpdate, _ time.Time) error {
	if u.NewStatus == "" {
		return nil
	}
	ft, err := m.resolver.ResolveFlow(ctx, appID, messaging.FlowRef{RemoteID: u.FlowID})
	if errors.Is(err, messaging.ErrFlowNotFound) {
		return fmt.Errorf("%w: %w", messaging.ErrNotFound, err)
	}
	if err != nil {
		return err
	}
	_, err = m.flows.MirrorRemoteStatus(ctx, ft.FlowID, appID, u.NewStatus)
	if errors.Is(err, lifecycle.ErrNotFound) {
		return fmt.Errorf("%w: %w", messaging.ErrNotFound, err)
	}
	return err
}
