package messaging

import (
	"context"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
)

// The sinks take the events that change state held elsewhere. Each is
// called before the event is recorded as processed, and again if the
// process stops before recording it, so each must be idempotent: applying
// the same update twice leaves the state as applying it once. An error
// wrapping ErrNotFound means the sink does not know the object (a message
// sent by another system on the same number): the event is still stored
// and fanned out. Any other error makes the whole webhook be retried later.
// All must be safe for concurrent use.

// StatusSink applies delivery reports to outbound messages, which it
// finds by the BSP's message id or, when the report carries it, the
// wamid.
type StatusSink interface {
	ApplyStatus(ctx context.Context, r StatusReport) error
}

// TemplateStatusSink applies a template review outcome to the app's
// template with the BSP's template id. It is called once for each app of
// the WhatsApp Business Account the event names.
type TemplateStatusSink interface {
	ApplyTemplateStatus(ctx context.Context, appID string, u providers.TemplateStatusUpdate, at time.Time) error
}

// FlowStatusSink mirrors a flow's status changes and health alerts (the
// THROTTLED and BLOCKED states) onto the flow deployed to appID under the
// BSP's flow id. It is called once for each app of the account.
type FlowStatusSink interface {
	ApplyFlowStatus(ctx context.Context, appID string, u providers.FlowStatusUpdate, at time.Time) error
}

// SubscriptionLister lists every subscription; a [SubscriptionStore]
// is one.
type SubscriptionLister interface {
	ListSubscriptions(ctx context.Context, after string, limit int) ([]SubscriptionRecord, error)
}

// FlowTokenVerifier checks waflow's signed flow tokens; crypto.Tokens is
// one.
type FlowTokenVerifier interface {
	Verify(token string) (crypto.TokenClaims, error)
}

// SentMessages finds an outbound message by the BSP's id; the message
// repository is one. An unknown id is an error wrapping ErrNotFound.
type SentMessages interface {
	MessageByProviderID(ctx context.Context, id string) (Message, error)
}
