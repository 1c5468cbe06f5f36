package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/waflow/waflow/messaging"
)

// OutboxRepository keeps the deliveries of events to subscriptions in the
// deliveries table. It implements [messaging.OutboxStore]. Deliveries are
// queued by [InboxRepository.CompleteInbox], in the transaction that
// processes their event.
type OutboxRepository struct{ db *DB }

var _ messaging.OutboxStore = (*OutboxRepository)(nil)

// Outbox returns the outbox repository of db.
func (db *DB) Outbox() *OutboxRepository { return &OutboxRepository{db: db} }

func deliveryError(err error) error {
	return domainError(err, messaging.ErrDeliveryNotFound, messaging.ErrSubscriptionConflict)
}

const deliveryColumns = `id, subscription_id, event_id, event_type, ordering_key, payload, state, attempts,
	next_attempt_at, last_error, last_status, created_at, updated_at, delivered_at`

// ClaimDeliveries implements [messaging.OutboxStore]. The NOT EXISTS keeps
// a conversation in order: a delivery waits while an earlier one of its
// subscription and ordering key is pending, leased or not. On PostgreSQL
// SKIP LOCKED lets concurrent claimers pass over each other's candidates;
// a candidate skipped that way still blocks later deliveries of its
// conversation, because the NOT EXISTS reads rows without locking them.
func (r *OutboxRepository) ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, claimer string, limit int) ([]messaging.Delivery, error) {
	var out []messaging.Delivery
	err := r.db.inTx(ctx, func(q querier) error {
		var err error
		out, err = queryAll(ctx, q, scanDelivery, `UPDATE deliveries SET claimed_by = ?, claimed_until = ? WHERE seq IN (
			SELECT d.seq FROM deliveries d WHERE d.state = 'pending' AND d.next_attempt_at <= ?
			AND (d.claimed_until IS NULL OR d.claimed_until <= ?)
			AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.subscription_id = d.subscription_id
				AND e.ordering_key = d.ordering_key AND e.state = 'pending' AND e.seq < d.seq)
			ORDER BY d.seq LIMIT ?`+skipLocked(q.dialect)+`)
			RETURNING `+deliveryColumns, claimer, now.Add(lease), now, now, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim deliveries for %s: %w", claimer, classify(err))
	}
	return out, nil
}

// FinishDeliveries implements [messaging.OutboxStore].
func (r *OutboxRepository) FinishDeliveries(ctx context.Context, outcomes []messaging.DeliveryOutcome) error {
	err := r.db.inTx(ctx, func(q querier) error {
		for _, o := range outcomes {
			var delivered any
			if o.State == messaging.DeliveryDelivered {
				delivered = o.At
			}
			if _, err := q.exec(ctx, `UPDATE deliveries SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?,
				last_status = ?, updated_at = ?, delivered_at = ?, claimed_by = '', claimed_until = NULL
				WHERE id = ? AND claimed_by = ? AND state = 'pending'`,
				string(o.State), o.Attempts, o.NextAttemptAt, o.LastError, o.LastStatus, o.At, delivered,
				o.ID, o.Claimer); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: finish %d deliveries: %w", len(outcomes), classify(err))
	}
	return nil
}

// ListDeliveries implements [messaging.OutboxStore].
func (r *OutboxRepository) ListDeliveries(ctx context.Context, subscriptionID string, state messaging.DeliveryState, after string, limit int) ([]messaging.Delivery, error) {
	l := listQuery{query: `SELECT ` + deliveryColumns + ` FROM deliveries WHERE subscription_id = ? AND id > ?`,
		args: []any{subscriptionID, after}}
	l.andIf(state != "", `state = ?`, string(state))
	query, args := l.page(limit)
	out, err := queryAll(ctx, r.db.q(), scanDelivery, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list deliveries of %s: %w", subscriptionID, err)
	}
	return out, nil
}

// Redeliver implements [messaging.OutboxStore].
func (r *OutboxRepository) Redeliver(ctx context.Context, subscriptionID, deliveryID string, now time.Time) (messaging.Delivery, error) {
	var out messaging.Delivery
	err := r.db.inTx(ctx, func(q querier) error {
		d, err := scanDelivery(q.queryRow(ctx, `SELECT `+deliveryColumns+` FROM deliveries WHERE id = ? AND subscription_id = ?`+
			q.dialect.forUpdate(), deliveryID, subscriptionID))
		if err != nil {
			return err
		}
		if d.State != messaging.DeliveryDead {
			return fmt.Errorf("%w: it is %s", messaging.ErrDeliveryNotDead, d.State)
		}
		if err := q.execOne(ctx, `UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?,
			claimed_by = '', claimed_until = NULL WHERE id = ?`, now, now, deliveryID); err != nil {
			return err
		}
		out, err = scanDelivery(q.queryRow(ctx, `SELECT `+deliveryColumns+` FROM deliveries WHERE id = ?`, deliveryID))
		return err
	})
	if err != nil {
		if errors.Is(err, messaging.ErrDeliveryNotDead) {
			return messaging.Delivery{}, fmt.Errorf("store: redeliver %s: %w", deliveryID, err)
		}
		return messaging.Delivery{}, fmt.Errorf("store: redeliver %s: %w", deliveryID, deliveryError(err))
	}
	return out, nil
}

func scanDelivery(s rowScanner) (messaging.Delivery, error) {
	var (
		d                      messaging.Delivery
		eventType, state       string
		next, created, updated sql.NullTime
		delivered              sql.NullTime
	)
	if err := s.Scan(&d.ID, &d.SubscriptionID, &d.EventID, &eventType, &d.OrderingKey, &d.Payload, &state, &d.Attempts,
		&next, &d.LastError, &d.LastStatus, &created, &updated, &delivered); err != nil {
		return messaging.Delivery{}, err
	}
	d.EventType, d.State = messaging.EventType(eventType), messaging.DeliveryState(state)
	d.NextAttemptAt, d.CreatedAt, d.UpdatedAt = *scanTime(next), *scanTime(created), *scanTime(updated)
	d.DeliveredAt = scanTime(delivered)
	return d, nil
}
