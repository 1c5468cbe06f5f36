package messaging

import (
	"context"
	"time"
)

// DeliveryState is where a delivery stands.
type DeliveryState string

// Delivery states. A pending delivery is retried until it is delivered or
// has failed MaxAttempts times, when it becomes dead; a redelivery makes a
// dead one pending again.
const (
	DeliveryPending   DeliveryState = "pending"
	DeliveryDelivered DeliveryState = "delivered"
	DeliveryDead      DeliveryState = "dead"
)

// Valid reports whether s is a known state.
func (s DeliveryState) Valid() bool {
	return s == DeliveryPending || s == DeliveryDelivered || s == DeliveryDead
}

// Delivery is one event on its way to one subscription: a row of the
// outbox. OrderingKey names the conversation (the user's number, the
// template, the flow): deliveries of one subscription with the same key
// are sent in the order they were queued, one at a time.
type Delivery struct {
	ID             string        `json:"id"`
	SubscriptionID string        `json:"subscription_id"`
	EventID        string        `json:"event_id"`
	EventType      EventType     `json:"event_type"`
	OrderingKey    string        `json:"ordering_key"`
	Payload        []byte        `json:"-"`
	State          DeliveryState `json:"state"`
	Attempts       int           `json:"attempts"`
	NextAttemptAt  time.Time     `json:"next_attempt_at"`
	LastError      string        `json:"last_error,omitempty"`
	LastStatus     int           `json:"last_status,omitempty"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
	DeliveredAt    *time.Time    `json:"delivered_at,omitempty"`
}

// DeliveryOutcome is the result of one attempt, written back by the
// worker that claimed the delivery.
type DeliveryOutcome struct {
	ID            string
	Claimer       string
	State         DeliveryState
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	LastStatus    int
	At            time.Time
}

// OutboxStore holds deliveries. Methods are safe for concurrent use, also
// from several processes sharing the database.
type OutboxStore interface {
	// ClaimDeliveries leases up to limit pending deliveries due at now to
	// claimer until now+lease, in queue order. It passes over deliveries
	// leased by others (on PostgreSQL with FOR UPDATE SKIP LOCKED) and
	// every delivery that has an earlier pending delivery of the same
	// subscription and ordering key, so no two concurrent claims return the
	// same delivery and a conversation's deliveries go out in order.
	ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, claimer string, limit int) ([]Delivery, error)
	// FinishDeliveries records outcomes in one transaction. An outcome
	// whose claimer no longer holds the delivery (its lease ran out and
	// another worker took it) is ignored.
	FinishDeliveries(ctx context.Context, outcomes []DeliveryOutcome) error
	// ListDeliveries lists a subscription's deliveries in state (all
	// states when empty), in queue order after the id after, at most
	// limit.
	ListDeliveries(ctx context.Context, subscriptionID string, state DeliveryState, after string, limit int) ([]Delivery, error)
	// Redeliver makes a dead delivery pending again, due at now with its
	// attempts reset. Errors wrap ErrDeliveryNotFound or
	// ErrDeliveryNotDead.
	Redeliver(ctx context.Context, subscriptionID, deliveryID string, now time.Time) (Delivery, error)
}
