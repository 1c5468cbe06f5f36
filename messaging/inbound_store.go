package messaging

import (
	"context"
	"time"

	"github.com/waflow/waflow/providers"
)

// InboxEntry is one webhook request body as it was received, stored before
// the BSP is answered.
type InboxEntry struct {
	ID         int64
	BSP        providers.BSP
	Body       []byte
	ReceivedAt time.Time
	// Attempts counts the processing attempts that failed so far.
	Attempts int
}

// InboundRecord is a stored user message.
type InboundRecord struct {
	ID            string                    `json:"id"`
	BSP           providers.BSP             `json:"bsp"`
	AppID         string                    `json:"app_id,omitempty"`
	PhoneNumberID string                    `json:"phone_number_id,omitempty"`
	Message       *providers.InboundMessage `json:"message"`
	SentAt        time.Time                 `json:"sent_at"`
	CreatedAt     time.Time                 `json:"created_at"`
}

// ProcessedEvent is one new event of an inbox entry and everything it
// produces: at most one stored message or flow response, and one
// delivery per matching subscription.
type ProcessedEvent struct {
	DedupeKey  string
	Kind       providers.EventKind
	Message    *InboundRecord
	Response   *FlowResponse
	Deliveries []Delivery
}

// InboxResult closes an inbox entry. Failure, when set, says why the body
// could not be read at all; the entry is kept with it for inspection and
// not retried.
type InboxResult struct {
	EntryID     int64
	BSP         providers.BSP
	ProcessedAt time.Time
	Failure     string
	Events      []ProcessedEvent
}

// InboxStore keeps received webhooks until they are processed, and the
// de-duplication record of every event processed.
//
// All methods are safe for concurrent use, also from several processes
// sharing the database.
type InboxStore interface {
	// AppendInbox stores entries in one transaction: when it returns nil
	// every entry is durable, otherwise none is. IDs are assigned by the
	// store in insertion order.
	AppendInbox(ctx context.Context, entries []InboxEntry) error
	// ClaimInbox leases up to limit unprocessed entries that are due at
	// now and not leased by anyone, oldest first, until now+lease. Two
	// concurrent claims never return the same entry; an entry whose lease
	// ran out (its processor died) is claimed again.
	ClaimInbox(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]InboxEntry, error)
	// SeenEvents returns the keys among keys already recorded for bsp.
	SeenEvents(ctx context.Context, bsp providers.BSP, keys []string) (map[string]bool, error)
	// CompleteInbox records results in one transaction. For each event it
	// records (BSP, DedupeKey) unless already there — a unique index, so
	// across instances — and only when it is new stores its message or
	// response and queues its deliveries; deliveries of a subscription
	// deleted meanwhile are dropped. Then it marks the entry processed.
	CompleteInbox(ctx context.Context, results []InboxResult) error
	// RetryInbox releases an entry's lease, counts a failed attempt and
	// makes it due again at next.
	RetryInbox(ctx context.Context, id int64, next time.Time, reason string) error
	// ListInbound lists stored user messages in creation order, after the
	// id after (exclusive), at most limit.
	ListInbound(ctx context.Context, after string, limit int) ([]InboundRecord, error)
}
