package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/waflow/waflow/messaging"
)

// SubscriptionRepository stores subscriptions in the subscriptions table.
// It implements [messaging.SubscriptionStore].
type SubscriptionRepository struct{ db *DB }

var _ messaging.SubscriptionStore = (*SubscriptionRepository)(nil)

// Subscriptions returns the subscription repository of db.
func (db *DB) Subscriptions() *SubscriptionRepository { return &SubscriptionRepository{db: db} }

func subscriptionError(err error) error {
	return domainError(err, messaging.ErrSubscriptionNotFound, messaging.ErrSubscriptionConflict)
}

const subscriptionColumns = `id, name, url, events, app_ids, secret_sealed, version, created_at, updated_at`

// CreateSubscription implements [messaging.SubscriptionStore].
func (r *SubscriptionRepository) CreateSubscription(ctx context.Context, s messaging.SubscriptionRecord) error {
	events, apps, err := subscriptionLists(s)
	if err != nil {
		return err
	}
	if _, err := r.db.q().exec(ctx, `INSERT INTO subscriptions (`+subscriptionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.Name, s.URL, events, apps, s.SealedSecret, s.Version, s.CreatedAt, s.UpdatedAt); err != nil {
		return fmt.Errorf("store: create subscription %s: %w", s.ID, subscriptionError(err))
	}
	return nil
}

// GetSubscription implements [messaging.SubscriptionStore].
func (r *SubscriptionRepository) GetSubscription(ctx context.Context, id string) (messaging.SubscriptionRecord, error) {
	s, err := scanSubscription(r.db.q().queryRow(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE id = ?`, id))
	if err != nil {
		return messaging.SubscriptionRecord{}, fmt.Errorf("store: get subscription %s: %w", id, subscriptionError(err))
	}
	return s, nil
}

// ListSubscriptions implements [messaging.SubscriptionStore].
func (r *SubscriptionRepository) ListSubscriptions(ctx context.Context, after string, limit int) ([]messaging.SubscriptionRecord, error) {
	query, args := `SELECT `+subscriptionColumns+` FROM subscriptions WHERE id > ? ORDER BY id`, []any{after}
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	out, err := queryAll(ctx, r.db.q(), scanSubscription, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list subscriptions: %w", err)
	}
	return out, nil
}

// UpdateSubscription implements [messaging.SubscriptionStore].
func (r *SubscriptionRepository) UpdateSubscription(ctx context.Context, s messaging.SubscriptionRecord) error {
	events, apps, err := subscriptionLists(s)
	if err != nil {
		return err
	}
	err = r.db.inTx(ctx, func(q querier) error {
		return q.execVersioned(ctx, "subscriptions", s.ID, s.Version, `UPDATE subscriptions SET name = ?, url = ?,
			events = ?, app_ids = ?, secret_sealed = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			s.Name, s.URL, events, apps, s.SealedSecret, s.UpdatedAt, s.ID, s.Version)
	})
	if err != nil {
		return fmt.Errorf("store: update subscription %s: %w", s.ID, subscriptionError(err))
	}
	return nil
}

// DeleteSubscription implements [messaging.SubscriptionStore]; its
// deliveries go with it.
func (r *SubscriptionRepository) DeleteSubscription(ctx context.Context, id string) error {
	if err := r.db.q().execOne(ctx, `DELETE FROM subscriptions WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: delete subscription %s: %w", id, subscriptionError(err))
	}
	return nil
}

func subscriptionLists(s messaging.SubscriptionRecord) (events, apps string, err error) {
	e, err := json.Marshal(nonNil(s.Events))
	if err != nil {
		return "", "", fmt.Errorf("store: encode subscription events: %w", err)
	}
	a, err := json.Marshal(nonNil(s.AppIDs))
	if err != nil {
		return "", "", fmt.Errorf("store: encode subscription apps: %w", err)
	}
	return string(e), string(a), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func scanSubscription(s rowScanner) (messaging.SubscriptionRecord, error) {
	var (
		r                messaging.SubscriptionRecord
		events, apps     string
		created, updated sql.NullTime
	)
	if err := s.Scan(&r.ID, &r.Name, &r.URL, &events, &apps, &r.SealedSecret, &r.Version, &created, &updated); err != nil {
		return messaging.SubscriptionRecord{}, err
	}
	if err := json.Unmarshal([]byte(events), &r.Events); err != nil {
		return messaging.SubscriptionRecord{}, fmt.Errorf("decode events of subscription %s: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(apps), &r.AppIDs); err != nil {
		return messaging.SubscriptionRecord{}, fmt.Errorf("decode apps of subscription %s: %w", r.ID, err)
	}
	r.CreatedAt, r.UpdatedAt = *scanTime(created), *scanTime(updated)
	return r, nil
}
