package messaging

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/internal/fielderr"
)

// Limits of a subscription's fields.
const (
	MaxSubscriptionName = 100
	MinSubscriptionKey  = 16
	MaxSubscriptionKey  = 256
)

// SubscriptionOptions configure [Subscriptions]. The zero value means the
// defaults.
type SubscriptionOptions struct {
	// AllowPrivateTargets lets URLs reach loopback, private and
	// link-local addresses; off, such URLs are refused (ErrTargetRefused).
	AllowPrivateTargets bool
	// Resolver checks URLs' host names; nil means net.DefaultResolver.
	Resolver Resolver
	// Now is the clock; nil means time.Now. Random supplies ids; nil means
	// crypto/rand.
	Now    func() time.Time
	Random io.Reader
}

// Subscriptions manages subscriptions and their deliveries: it validates
// them, refuses URLs into private networks, and seals secrets with a
// [crypto.Sealer]. It is safe for concurrent use.
type Subscriptions struct {
	store  SubscriptionStore
	outbox OutboxStore
	sealer *crypto.Sealer
	guard  targetGuard
	now    func() time.Time
	random io.Reader
}

// NewSubscriptions returns the service storing into store and outbox.
func NewSubscriptions(store SubscriptionStore, outbox OutboxStore, sealer *crypto.Sealer, opts SubscriptionOptions) *Subscriptions {
	s := &Subscriptions{store: store, outbox: outbox, sealer: sealer, now: opts.Now, random: opts.Random,
		guard: targetGuard{allowPrivate: opts.AllowPrivateTargets, resolver: opts.Resolver}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.random == nil {
		s.random = rand.Reader
	}
	if s.guard.resolver == nil {
		s.guard.resolver = net.DefaultResolver
	}
	return s
}

// SubscriptionInput creates a subscription. Secret signs its deliveries:
// from 16 to 256 bytes, kept sealed and never shown again.
type SubscriptionInput struct {
	Name   string
	URL    string
	Events []EventType
	AppIDs []string
	Secret crypto.Secret
}

// SubscriptionChange is a partial update; nil fields stay as they are.
// A new Secret replaces the old one at once.
type SubscriptionChange struct {
	Name   *string
	URL    *string
	Events *[]EventType
	AppIDs *[]string
	Secret *crypto.Secret
}

// SubscriptionPage is one page of subscriptions; Next is the after of the
// following page, empty on the last.
type SubscriptionPage struct {
	Subscriptions []Subscription
	Next          string
}

// DeliveryPage is one page of a subscription's deliveries.
type DeliveryPage struct {
	Deliveries []Delivery
	Next       string
}

func subscriptionSecretAD(id string) []byte { return []byte("waflow/subscriptions/" + id + "/secret") }

// Create validates in and stores a new subscription. Errors: a
// *ValidationError naming every broken field (a URL into a private
// network among them), or the store's.
func (s *Subscriptions) Create(ctx context.Context, in SubscriptionInput) (Subscription, error) {
	sub := Subscription{Name: in.Name, URL: in.URL, Events: in.Events, AppIDs: in.AppIDs}
	if err := s.validate(ctx, sub, &in.Secret); err != nil {
		return Subscription{}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	id, err := newID("sub_", now, s.random)
	if err != nil {
		return Subscription{}, err
	}
	sub.ID, sub.Version, sub.CreatedAt, sub.UpdatedAt = id, 1, now, now
	sub.Events, sub.AppIDs = normalizeEvents(sub.Events), normalizeIDs(sub.AppIDs)
	sealed, err := s.sealer.Seal([]byte(in.Secret), subscriptionSecretAD(id))
	if err != nil {
		return Subscription{}, fmt.Errorf("messaging: seal subscription secret: %w", err)
	}
	if err := s.store.CreateSubscription(ctx, SubscriptionRecord{Subscription: sub, SealedSecret: sealed}); err != nil {
		return Subscription{}, err
	}
	return sub, nil
}

// Get returns one subscription, or an error wrapping
// ErrSubscriptionNotFound.
func (s *Subscriptions) Get(ctx context.Context, id string) (Subscription, error) {
	r, err := s.store.GetSubscription(ctx, id)
	return r.Subscription, err
}

// List returns one page in creation order; limit 0 means DefaultPageSize.
func (s *Subscriptions) List(ctx context.Context, after string, limit int) (SubscriptionPage, error) {
	limit, err := pageLimit(limit)
	if err != nil {
		return SubscriptionPage{}, err
	}
	recs, err := s.store.ListSubscriptions(ctx, after, limit+1)
	if err != nil {
		return SubscriptionPage{}, err
	}
	var page SubscriptionPage
	for i, r := range recs {
		if i == limit {
			page.Next = recs[i-1].ID
			break
		}
		page.Subscriptions = append(page.Subscriptions, r.Subscription)
	}
	return page, nil
}

// Update applies c. Concurrent updates are serialised by version: the
// loser reads again and retries a few times before failing with
// ErrSubscriptionConflict.
func (s *Subscriptions) Update(ctx context.Context, id string, c SubscriptionChange) (Subscription, error) {
	for attempt := 0; ; attempt++ {
		rec, err := s.store.GetSubscription(ctx, id)
		if err != nil {
			return Subscription{}, err
		}
		sub := rec.Subscription
		if c.Name != nil {
			sub.Name = *c.Name
		}
		if c.URL != nil {
			sub.URL = *c.URL
		}
		if c.Events != nil {
			sub.Events = *c.Events
		}
		if c.AppIDs != nil {
			sub.AppIDs = *c.AppIDs
		}
		if err := s.validate(ctx, sub, c.Secret); err != nil {
			return Subscription{}, err
		}
		sub.Events, sub.AppIDs = normalizeEvents(sub.Events), normalizeIDs(sub.AppIDs)
		sub.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
		next := SubscriptionRecord{Subscription: sub, SealedSecret: rec.SealedSecret}
		if c.Secret != nil {
			if next.SealedSecret, err = s.sealer.Seal([]byte(*c.Secret), subscriptionSecretAD(id)); err != nil {
				return Subscription{}, fmt.Errorf("messaging: seal subscription secret: %w", err)
			}
		}
		err = s.store.UpdateSubscription(ctx, next)
		if err == nil {
			sub.Version++
			return sub, nil
		}
		if !errors.Is(err, ErrSubscriptionConflict) || attempt == 4 {
			return Subscription{}, err
		}
	}
}

// Delete removes a subscription and its deliveries.
func (s *Subscriptions) Delete(ctx context.Context, id string) error {
	return s.store.DeleteSubscription(ctx, id)
}

// Deliveries lists a subscription's deliveries in state ("" for all), in
// queue order.
func (s *Subscriptions) Deliveries(ctx context.Context, id string, state DeliveryState, after string, limit int) (DeliveryPage, error) {
	if state != "" && !state.Valid() {
		return DeliveryPage{}, invalid("state", "must be pending, delivered or dead")
	}
	limit, err := pageLimit(limit)
	if err != nil {
		return DeliveryPage{}, err
	}
	if _, err := s.store.GetSubscription(ctx, id); err != nil {
		return DeliveryPage{}, err
	}
	ds, err := s.outbox.ListDeliveries(ctx, id, state, after, limit+1)
	if err != nil {
		return DeliveryPage{}, err
	}
	page := DeliveryPage{Deliveries: ds}
	if len(ds) > limit {
		page.Deliveries, page.Next = ds[:limit], ds[limit-1].ID
	}
	return page, nil
}

// Redeliver queues a dead delivery again, due now, with its attempts
// reset. Errors wrap ErrSubscriptionNotFound, ErrDeliveryNotFound or
// ErrDeliveryNotDead.
func (s *Subscriptions) Redeliver(ctx context.Context, id, deliveryID string) (Delivery, error) {
	if _, err := s.store.GetSubscription(ctx, id); err != nil {
		return Delivery{}, err
	}
	return s.outbox.Redeliver(ctx, id, deliveryID, s.now().UTC().Truncate(time.Microsecond))
}

func pageLimit(limit int) (int, error) {
	switch {
	case limit == 0:
		return DefaultPageSize, nil
	case limit < 0 || limit > MaxPageSize:
		return 0, invalid("limit", "must be from 1 to %d", MaxPageSize)
	}
	return limit, nil
}

// validate checks sub and, when given, a new secret, naming every broken
// field.
func (s *Subscriptions) validate(ctx context.Context, sub Subscription, secret *crypto.Secret) error {
	var errs fielderr.List
	add := errs.Addf
	errs.Name("name", sub.Name, MaxSubscriptionName)
	if sub.URL == "" {
		add("url", "required")
	} else if err := s.guard.checkURL(ctx, sub.URL); err != nil {
		add("url", "%s", strings.TrimPrefix(err.Error(), "messaging: "))
	}
	if len(sub.Events) == 0 {
		add("events", "name at least one of %s", eventTypeList())
	}
	for i, e := range sub.Events {
		if !e.Valid() {
			add(fmt.Sprintf("events[%d]", i), "%q is not one of %s", e, eventTypeList())
		}
	}
	for i, a := range sub.AppIDs {
		if strings.TrimSpace(a) == "" {
			add(fmt.Sprintf("app_ids[%d]", i), "empty")
		}
	}
	if secret != nil {
		if n := len(*secret); n < MinSubscriptionKey || n > MaxSubscriptionKey {
			add("secret", "must be %d to %d bytes, not %d", MinSubscriptionKey, MaxSubscriptionKey, n)
		}
	}
	if len(errs) > 0 {
		return &ValidationError{Fields: errs}
	}
	return nil
}

func eventTypeList() string {
	names := make([]string, 0, len(EventTypes()))
	for _, t := range EventTypes() {
		names = append(names, string(t))
	}
	return strings.Join(names, ", ")
}

func normalizeEvents(es []EventType) []EventType {
	out := slices.Clone(es)
	slices.Sort(out)
	return slices.Compact(out)
}

func normalizeIDs(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	out = slices.Compact(out)
	if out == nil {
		return []string{}
	}
	return out
}

// openSubscriptionSecret opens the secret that signs a subscription's
// deliveries.
func openSubscriptionSecret(sealer *crypto.Sealer, r SubscriptionRecord) ([]byte, error) {
	secret, err := sealer.Open(r.SealedSecret, subscriptionSecretAD(r.ID))
	if err != nil {
		return nil, fmt.Errorf("messaging: open secret of subscription %s: %w", r.ID, err)
	}
	return secret, nil
}
