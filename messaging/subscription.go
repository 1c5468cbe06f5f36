package messaging

import (
	"context"
	"errors"
	"time"
)

// Subscription sends events of the chosen types to a URL, signed with its
// secret. AppIDs, when not empty, limits it to events of those apps.
// The secret is sealed at rest and never shown.
type Subscription struct {
	ID        string      `json:"id"`
	Name      string      `json:"name"`
	URL       string      `json:"url"`
	Events    []EventType `json:"events"`
	AppIDs    []string    `json:"app_ids"`
	Version   int         `json:"version"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// wants reports whether the subscription takes an event of type t that
// concerns appIDs.
func (s Subscription) wants(t EventType, appIDs []string) bool {
	typeOK := false
	for _, e := range s.Events {
		typeOK = typeOK || e == t
	}
	if !typeOK {
		return false
	}
	if len(s.AppIDs) == 0 {
		return true
	}
	for _, want := range s.AppIDs {
		for _, got := range appIDs {
			if want == got {
				return true
			}
		}
	}
	return false
}

// SubscriptionRecord is a subscription as stored: the secret sealed.
type SubscriptionRecord struct {
	Subscription
	SealedSecret []byte
}

// SubscriptionStore keeps subscriptions. Methods are safe for concurrent
// use. A missing subscription is an error wrapping
// ErrSubscriptionNotFound; a duplicate id or a stale Version on update
// wraps ErrSubscriptionConflict.
type SubscriptionStore interface {
	CreateSubscription(ctx context.Context, r SubscriptionRecord) error
	GetSubscription(ctx context.Context, id string) (SubscriptionRecord, error)
	// ListSubscriptions lists in id (creation) order after the id after,
	// at most limit; limit 0 means all.
	ListSubscriptions(ctx context.Context, after string, limit int) ([]SubscriptionRecord, error)
	// UpdateSubscription replaces the row whose Version is r.Version and
	// increments the version.
	UpdateSubscription(ctx context.Context, r SubscriptionRecord) error
	// DeleteSubscription removes it and its deliveries.
	DeleteSubscription(ctx context.Context, id string) error
}

// Errors of subscriptions and deliveries. Test with errors.Is.
var (
	ErrSubscriptionNotFound = errors.New("messaging: subscription not found")
	ErrSubscriptionConflict = errors.New("messaging: subscription changed concurrently")
	ErrDeliveryNotFound     = errors.New("messaging: delivery not found")
	// ErrDeliveryNotDead means a redelivery was asked for a delivery that
	// is still pending or was delivered.
	ErrDeliveryNotDead = errors.New("messaging: only dead deliveries can be redelivered")
	// ErrTargetRefused means a URL resolves to an address subscriptions may
	// not reach (loopback, private, link-local) and AllowPrivateTargets is
	// off.
	ErrTargetRefused = errors.New("messaging: subscription target address refused")
)
