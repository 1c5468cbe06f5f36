package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
)

// InboxRepository keeps received webhooks (webhook_inbox), the record of
// processed events (webhook_events), and what they carried: user messages
// (inbound_messages), flow responses (flow_responses) and deliveries. It
// implements [messaging.InboxStore] and [messaging.ResponseStore].
type InboxRepository struct{ db *DB }

var (
	_ messaging.InboxStore    = (*InboxRepository)(nil)
	_ messaging.ResponseStore = (*InboxRepository)(nil)
)

// Inbox returns the inbox repository of db.
func (db *DB) Inbox() *InboxRepository { return &InboxRepository{db: db} }

// AppendInbox implements [messaging.InboxStore].
func (r *InboxRepository) AppendInbox(ctx context.Context, entries []messaging.InboxEntry) error {
	err := r.db.inTx(ctx, func(q querier) error {
		for _, e := range entries {
			if _, err := q.exec(ctx, `INSERT INTO webhook_inbox (bsp, body, received_at, available_at) VALUES (?, ?, ?, ?)`,
				string(e.BSP), e.Body, e.ReceivedAt, e.ReceivedAt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: append %d webhooks to the inbox: %w", len(entries), classify(err))
	}
	return nil
}

// skipLocked is the suffix that makes concurrent PostgreSQL claimers pass
// over each other's rows; SQLite's IMMEDIATE transactions already run
// claims one at a time.
func skipLocked(d Dialect) string {
	if d == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// ClaimInbox implements [messaging.InboxStore]. The lease is the
// claimed_until column, which outlives the transaction: a processor that
// dies leaves its entries to be claimed again when the lease runs out.
func (r *InboxRepository) ClaimInbox(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]messaging.InboxEntry, error) {
	var out []messaging.InboxEntry
	err := r.db.inTx(ctx, func(q querier) error {
		rows, err := q.query(ctx, `UPDATE webhook_inbox SET claimed_until = ? WHERE id IN (
			SELECT id FROM webhook_inbox WHERE processed_at IS NULL AND available_at <= ?
			AND (claimed_until IS NULL OR claimed_until <= ?)
			ORDER BY id LIMIT ?`+skipLocked(q.dialect)+`)
			RETURNING id, bsp, body, received_at, attempts`, now.Add(lease), now, now, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				e        messaging.InboxEntry
				bsp      string
				received sql.NullTime
			)
			if err := rows.Scan(&e.ID, &bsp, &e.Body, &received, &e.Attempts); err != nil {
				return err
			}
			e.BSP, e.ReceivedAt = providers.BSP(bsp), *scanTime(received)
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim inbox: %w", classify(err))
	}
	// RETURNING gives no order guarantee; processing goes oldest first.
	slices.SortFunc(out, func(a, b messaging.InboxEntry) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// SeenEvents implements [messaging.InboxStore].
func (r *InboxRepository) SeenEvents(ctx context.Context, bsp providers.BSP, keys []string) (map[string]bool, error) {
	seen := map[string]bool{}
	const chunk = 500
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		args := make([]any, 0, len(part)+1)
		args = append(args, string(bsp))
		for _, k := range part {
			args = append(args, k)
		}
		rows, err := r.db.q().query(ctx, `SELECT dedupe_key FROM webhook_events WHERE bsp = ? AND dedupe_key IN (`+
			placeholders(len(part))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: seen events: %w", err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: seen events: %w", err)
			}
			seen[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: seen events: %w", err)
		}
	}
	return seen, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// CompleteInbox implements [messaging.InboxStore]. The insert into
// webhook_events is the de-duplication: ON CONFLICT DO NOTHING leaves the
// first instance's record, and an event that inserted nothing writes
// nothing else.
func (r *InboxRepository) CompleteInbox(ctx context.Context, results []messaging.InboxResult) error {
	err := r.db.inTx(ctx, func(q querier) error {
		for _, res := range results {
			for _, ev := range res.Events {
				fresh, err := q.exec(ctx, `INSERT INTO webhook_events (bsp, dedupe_key, kind, inbox_id, created_at)
					VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
					string(res.BSP), ev.DedupeKey, string(ev.Kind), res.EntryID, res.ProcessedAt)
				if err != nil {
					return err
				}
				if n, err := fresh.RowsAffected(); err != nil || n == 0 {
					if err != nil {
						return err
					}
					continue
				}
				if err := insertEventRecords(ctx, q, ev); err != nil {
					return err
				}
			}
			if err := q.execOne(ctx, `UPDATE webhook_inbox SET processed_at = ?, failure = ?, claimed_until = NULL WHERE id = ?`,
				res.ProcessedAt, res.Failure, res.EntryID); err != nil {
				return fmt.Errorf("inbox entry %d: %w", res.EntryID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: complete %d inbox entries: %w", len(results), classify(err))
	}
	return nil
}

func insertEventRecords(ctx context.Context, q querier, ev messaging.ProcessedEvent) error {
	if m := ev.Message; m != nil {
		msg, err := json.Marshal(m.Message)
		if err != nil {
			return fmt.Errorf("encode message %s: %w", m.Message.ID, err)
		}
		if _, err := q.exec(ctx, `INSERT INTO inbound_messages (id, bsp, app_id, phone_number_id, wamid, sender, type, message, sent_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			m.ID, string(m.BSP), m.AppID, m.PhoneNumberID, m.Message.ID, m.Message.From, m.Message.Type, string(msg),
			m.SentAt, m.CreatedAt); err != nil {
			return err
		}
	}
	if fr := ev.Response; fr != nil {
		answers, err := json.Marshal(fr.ResponseJSON)
		if err != nil {
			return fmt.Errorf("encode flow response %s: %w", fr.ID, err)
		}
		if _, err := q.exec(ctx, `INSERT INTO flow_responses (id, flow_id, app_id, bsp, flow_token, message_id, context_message_id,
			reply_message_id, recipient, response_json, body, received_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			fr.ID, fr.FlowID, fr.AppID, string(fr.BSP), fr.FlowToken, fr.MessageID, fr.ContextMessageID,
			fr.ReplyMessageID, fr.Recipient, string(answers), fr.Body, fr.ReceivedAt, fr.CreatedAt); err != nil {
			return err
		}
	}
	for _, d := range ev.Deliveries {
		// A subscription deleted since the event was matched gets nothing.
		if _, err := q.exec(ctx, `INSERT INTO deliveries (id, subscription_id, event_id, event_type, ordering_key, payload,
			state, attempts, next_attempt_at, created_at, updated_at)
			SELECT ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ? WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = ?)`,
			d.ID, d.SubscriptionID, d.EventID, string(d.EventType), d.OrderingKey, d.Payload,
			string(messaging.DeliveryPending), d.NextAttemptAt, d.CreatedAt, d.CreatedAt, d.SubscriptionID); err != nil {
			return err
		}
	}
	return nil
}

// RetryInbox implements [messaging.InboxStore].
func (r *InboxRepository) RetryInbox(ctx context.Context, id int64, next time.Time, reason string) error {
	if err := r.db.q().execOne(ctx, `UPDATE webhook_inbox SET attempts = attempts + 1, available_at = ?, last_error = ?,
		claimed_until = NULL WHERE id = ? AND processed_at IS NULL`, next, reason, id); err != nil {
		return fmt.Errorf("store: retry inbox entry %d: %w", id, classify(err))
	}
	return nil
}

// ListInbound implements [messaging.InboxStore].
func (r *InboxRepository) ListInbound(ctx context.Context, after string, limit int) ([]messaging.InboundRecord, error) {
	rows, err := r.db.q().query(ctx, `SELECT id, bsp, app_id, phone_number_id, message, sent_at, created_at
		FROM inbound_messages WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list inbound messages: %w", err)
	}
	defer rows.Close()
	var out []messaging.InboundRecord
	for rows.Next() {
		var (
			m             messaging.InboundRecord
			bsp, msg      string
			sent, created sql.NullTime
		)
		if err := rows.Scan(&m.ID, &bsp, &m.AppID, &m.PhoneNumberID, &msg, &sent, &created); err != nil {
			return nil, fmt.Errorf("store: list inbound messages: %w", err)
		}
		m.BSP, m.SentAt, m.CreatedAt = providers.BSP(bsp), *scanTime(sent), *scanTime(created)
		if err := json.Unmarshal([]byte(msg), &m.Message); err != nil {
			return nil, fmt.Errorf("store: decode inbound message %s: %w", m.ID, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list inbound messages: %w", err)
	}
	return out, nil
}

// ListFlowResponses implements [messaging.ResponseStore].
func (r *InboxRepository) ListFlowResponses(ctx context.Context, rq messaging.ResponseQuery) ([]messaging.FlowResponse, error) {
	l := listQuery{query: `SELECT id, flow_id, app_id, bsp, flow_token, message_id, context_message_id, reply_message_id,
		recipient, response_json, body, received_at, created_at FROM flow_responses WHERE flow_id = ? AND id > ?`,
		args: []any{rq.FlowID, rq.After}}
	l.andIf(!rq.Since.IsZero(), `received_at >= ?`, rq.Since)
	l.andIf(!rq.Until.IsZero(), `received_at < ?`, rq.Until)
	l.andIf(rq.Recipient != "", `recipient = ?`, rq.Recipient)
	query, args := l.page(rq.Limit)
	rows, err := r.db.q().query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list responses of flow %s: %w", rq.FlowID, err)
	}
	defer rows.Close()
	var out []messaging.FlowResponse
	for rows.Next() {
		var (
			fr                messaging.FlowResponse
			bsp, answers      string
			received, created sql.NullTime
		)
		if err := rows.Scan(&fr.ID, &fr.FlowID, &fr.AppID, &bsp, &fr.FlowToken, &fr.MessageID, &fr.ContextMessageID,
			&fr.ReplyMessageID, &fr.Recipient, &answers, &fr.Body, &received, &created); err != nil {
			return nil, fmt.Errorf("store: list responses of flow %s: %w", rq.FlowID, err)
		}
		fr.BSP, fr.ReceivedAt, fr.CreatedAt = providers.BSP(bsp), *scanTime(received), *scanTime(created)
		if err := json.Unmarshal([]byte(answers), &fr.ResponseJSON); err != nil {
			return nil, fmt.Errorf("store: decode flow response %s: %w", fr.ID, err)
		}
		out = append(out, fr)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list responses of flow %s: %w", rq.FlowID, err)
	}
	return out, nil
}
