package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
)

// MessageRepository stores outbound messages and their status history in
// the messages and message_statuses tables. It implements
// [messaging.MessageRepository].
type MessageRepository struct{ db *DB }

var _ messaging.MessageRepository = (*MessageRepository)(nil)

// Messages returns the message repository of db.
func (db *DB) Messages() *MessageRepository { return &MessageRepository{db: db} }

func messageError(err error) error {
	return domainError(err, messaging.ErrNotFound, messaging.ErrConflict)
}

const messageColumns = `id, app_id, bsp, recipient, type, request, flow_id, flow_token, template_id, status,
	bsp_message_id, wamid, error, idempotency_scope, idempotency_key, request_hash, version, created_at, updated_at`

// CreateMessage implements [messaging.MessageRepository]. The unique index
// on (idempotency_scope, idempotency_key) is what makes concurrent sends
// with one key store one message.
func (r *MessageRepository) CreateMessage(ctx context.Context, m messaging.Message, ev messaging.StatusEvent) error {
	req, err := json.Marshal(m.Request)
	if err != nil {
		return fmt.Errorf("store: create message %s: encode request: %w", m.ID, err)
	}
	errText, err := encodeErrorInfo(m.Error)
	if err != nil {
		return fmt.Errorf("store: create message %s: %w", m.ID, err)
	}
	err = r.db.inTx(ctx, func(q querier) error {
		if _, err := q.exec(ctx, `INSERT INTO messages (`+messageColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.ID, m.AppID, string(m.BSP), m.To, string(m.Type), string(req), m.FlowID, m.FlowToken, m.TemplateID,
			string(m.Status), m.BSPMessageID, m.WAMID, errText, m.IdempotencyScope, m.IdempotencyKey, m.RequestHash,
			m.Version, m.CreatedAt, m.UpdatedAt); err != nil {
			return err
		}
		return insertStatusEvent(ctx, q, ev)
	})
	if err != nil {
		return fmt.Errorf("store: create message %s: %w", m.ID, messageError(err))
	}
	return nil
}

// GetMessage implements [messaging.MessageRepository].
func (r *MessageRepository) GetMessage(ctx context.Context, id string) (messaging.Message, error) {
	m, err := scanMessage(r.db.q().queryRow(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = ?`, id))
	if err != nil {
		return messaging.Message{}, fmt.Errorf("store: get message %s: %w", id, messageError(err))
	}
	return m, nil
}

// MessageByIdempotencyKey implements [messaging.MessageRepository].
func (r *MessageRepository) MessageByIdempotencyKey(ctx context.Context, scope, key string) (messaging.Message, error) {
	m, err := scanMessage(r.db.q().queryRow(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE idempotency_scope = ? AND idempotency_key = ? AND idempotency_key <> ''`, scope, key))
	if err != nil {
		return messaging.Message{}, fmt.Errorf("store: message by idempotency key: %w", messageError(err))
	}
	return m, nil
}

// MessageByProviderID implements [messaging.MessageRepository]. The two
// lookups each use their own partial index.
func (r *MessageRepository) MessageByProviderID(ctx context.Context, id string) (messaging.Message, error) {
	if id == "" {
		return messaging.Message{}, fmt.Errorf("store: message by provider id: empty id: %w", messaging.ErrNotFound)
	}
	m, err := scanMessage(r.db.q().queryRow(ctx, `SELECT `+messageColumns+` FROM messages WHERE id IN (
		SELECT id FROM messages WHERE bsp_message_id = ? AND bsp_message_id <> ''
		UNION SELECT id FROM messages WHERE wamid = ? AND wamid <> '') ORDER BY id LIMIT 1`, id, id))
	if err != nil {
		return messaging.Message{}, fmt.Errorf("store: message by provider id %s: %w", id, messageError(err))
	}
	return m, nil
}

// ListMessages implements [messaging.MessageRepository].
func (r *MessageRepository) ListMessages(ctx context.Context, mq messaging.MessageQuery) ([]messaging.Message, error) {
	l := listQuery{query: `SELECT ` + messageColumns + ` FROM messages WHERE id > ?`, args: []any{mq.After}}
	l.andIf(mq.AppID != "", "app_id = ?", mq.AppID)
	l.andIf(mq.To != "", "recipient = ?", mq.To)
	l.andIf(mq.Status != "", "status = ?", string(mq.Status))
	l.andIf(!mq.Since.IsZero(), "created_at >= ?", mq.Since)
	l.andIf(!mq.Until.IsZero(), "created_at < ?", mq.Until)
	query, args := l.page(mq.Limit)
	out, err := queryAll(ctx, r.db.q(), scanMessage, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list messages: %w", err)
	}
	return out, nil
}

// SaveStatus implements [messaging.MessageRepository].
func (r *MessageRepository) SaveStatus(ctx context.Context, m *messaging.Message, ev messaging.StatusEvent) error {
	err := r.db.inTx(ctx, func(q querier) error {
		if m != nil {
			errText, err := encodeErrorInfo(m.Error)
			if err != nil {
				return err
			}
			if err := q.execVersioned(ctx, "messages", m.ID, m.Version, `UPDATE messages SET status = ?, bsp_message_id = ?,
				wamid = ?, error = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
				string(m.Status), m.BSPMessageID, m.WAMID, errText, m.UpdatedAt, m.ID, m.Version); err != nil {
				return err
			}
		}
		return insertStatusEvent(ctx, q, ev)
	})
	if err != nil {
		return fmt.Errorf("store: save status of message %s: %w", ev.MessageID, messageError(err))
	}
	return nil
}

// History implements [messaging.MessageRepository].
func (r *MessageRepository) History(ctx context.Context, messageID string) ([]messaging.StatusEvent, error) {
	out, err := queryAll(ctx, r.db.q(), scanStatusEvent, `SELECT message_id, status, at, source, applied, error, recorded_at
		FROM message_statuses WHERE message_id = ? ORDER BY id`, messageID)
	if err != nil {
		return nil, fmt.Errorf("store: history of message %s: %w", messageID, err)
	}
	return out, nil
}

func scanStatusEvent(s rowScanner) (messaging.StatusEvent, error) {
	var (
		ev             messaging.StatusEvent
		status, source string
		errText        string
		at, recordedAt sql.NullTime
	)
	if err := s.Scan(&ev.MessageID, &status, &at, &source, &ev.Applied, &errText, &recordedAt); err != nil {
		return messaging.StatusEvent{}, err
	}
	ev.Status, ev.Source = providers.MessageStatus(status), messaging.Source(source)
	ev.At, ev.RecordedAt = *scanTime(at), *scanTime(recordedAt)
	var err error
	if ev.Error, err = decodeErrorInfo(errText); err != nil {
		return messaging.StatusEvent{}, err
	}
	return ev, nil
}

func insertStatusEvent(ctx context.Context, q querier, ev messaging.StatusEvent) error {
	errText, err := encodeErrorInfo(ev.Error)
	if err != nil {
		return err
	}
	_, err = q.exec(ctx, `INSERT INTO message_statuses (message_id, status, at, source, applied, error, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		ev.MessageID, string(ev.Status), ev.At, string(ev.Source), ev.Applied, errText, ev.RecordedAt)
	return err
}

func scanMessage(s rowScanner) (messaging.Message, error) {
	var (
		m                     messaging.Message
		bsp, typ, req, status string
		errText               string
		created, updated      sql.NullTime
	)
	if err := s.Scan(&m.ID, &m.AppID, &bsp, &m.To, &typ, &req, &m.FlowID, &m.FlowToken, &m.TemplateID, &status,
		&m.BSPMessageID, &m.WAMID, &errText, &m.IdempotencyScope, &m.IdempotencyKey, &m.RequestHash,
		&m.Version, &created, &updated); err != nil {
		return messaging.Message{}, err
	}
	m.BSP, m.Type, m.Status = providers.BSP(bsp), providers.MessageType(typ), providers.MessageStatus(status)
	if err := json.Unmarshal([]byte(req), &m.Request); err != nil {
		return messaging.Message{}, fmt.Errorf("decode request of message %s: %w", m.ID, err)
	}
	var err error
	if m.Error, err = decodeErrorInfo(errText); err != nil {
		return messaging.Message{}, fmt.Errorf("message %s: %w", m.ID, err)
	}
	m.CreatedAt, m.UpdatedAt = *scanTime(created), *scanTime(updated)
	return m, nil
}

// encodeErrorInfo stores no error as the empty string, so that the column
// needs no NULLs.
func encodeErrorInfo(e *messaging.ErrorInfo) (string, error) {
	if e == nil {
		return "", nil
	}
	b, err := json.Marshal(e)
	if err != nil {
		return "", fmt.Errorf("encode error info: %w", err)
	}
	return string(b), nil
}

func decodeErrorInfo(s string) (*messaging.ErrorInfo, error) {
	if s == "" {
		return nil, nil
	}
	var e messaging.ErrorInfo
	if err := json.Unmarshal([]byte(s), &e); err != nil {
		return nil, fmt.Errorf("decode error info: %w", err)
	}
	return &e, nil
}
