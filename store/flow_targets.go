package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/providers"
)

const targetColumns = `flow_id, app_id, desired, revision, generation, remote_id, meta_flow_id, remote_status,
	uploaded_revision, published_revision, endpoint_uri, in_flight, step, step_state, attempts, next_attempt_at,
	last_error, unsupported, claimed_by, claimed_until, created_at, updated_at`

// AddTarget implements [lifecycle.TargetRepository]. Locking the flow row
// makes a concurrent UpdateFlow either see the new target or bump the
// version this insert checks.
func (r *FlowRepository) AddTarget(ctx context.Context, t lifecycle.Target, flowVersion int) error {
	unsupported, err := encodeJSON(t.Unsupported, "[]")
	if err != nil {
		return fmt.Errorf("store: add target %s to flow %s: %w", t.AppID, t.FlowID, err)
	}
	err = r.db.inTx(ctx, func(q querier) error {
		var version int
		if err := q.queryRow(ctx, `SELECT version FROM flows WHERE id = ?`+q.dialect.forUpdate(), t.FlowID).Scan(&version); err != nil {
			return err
		}
		if version != flowVersion {
			return fmt.Errorf("%w: flow version %d is stale", ErrConflict, flowVersion)
		}
		_, err := q.exec(ctx, `INSERT INTO flow_targets (`+targetColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.FlowID, t.AppID, string(t.Desired), t.Revision, t.Generation, t.RemoteID, t.MetaFlowID, string(t.RemoteStatus),
			t.UploadedRevision, t.PublishedRevision, t.EndpointURI, string(t.InFlight), string(t.Step),
			string(t.StepState), t.Attempts, t.NextAttemptAt, t.LastError, unsupported, t.ClaimedBy,
			t.ClaimedUntil, t.CreatedAt, t.UpdatedAt)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: add target %s to flow %s: %w", t.AppID, t.FlowID, flowError(err))
	}
	return nil
}

// RemoveTarget implements [lifecycle.TargetRepository].
func (r *FlowRepository) RemoveTarget(ctx context.Context, flowID, appID string) error {
	if err := r.db.q().execOne(ctx, `DELETE FROM flow_targets WHERE flow_id = ? AND app_id = ?`, flowID, appID); err != nil {
		return fmt.Errorf("store: remove target %s of flow %s: %w", appID, flowID, flowError(err))
	}
	return nil
}

// Target implements [lifecycle.TargetRepository].
func (r *FlowRepository) Target(ctx context.Context, flowID, appID string) (lifecycle.Target, error) {
	t, err := getTarget(ctx, r.db.q(), flowID, appID)
	if err != nil {
		return lifecycle.Target{}, fmt.Errorf("store: get target %s of flow %s: %w", appID, flowID, flowError(err))
	}
	return t, nil
}

func getTarget(ctx context.Context, q querier, flowID, appID string) (lifecycle.Target, error) {
	return scanTarget(q.queryRow(ctx, `SELECT `+targetColumns+` FROM flow_targets WHERE flow_id = ? AND app_id = ?`, flowID, appID))
}

// Targets implements [lifecycle.TargetRepository].
func (r *FlowRepository) Targets(ctx context.Context, flowID string) ([]lifecycle.Target, error) {
	out, err := queryAll(ctx, r.db.q(), scanTarget, `SELECT `+targetColumns+` FROM flow_targets WHERE flow_id = ? ORDER BY app_id`, flowID)
	if err != nil {
		return nil, fmt.Errorf("store: targets of flow %s: %w", flowID, err)
	}
	return out, nil
}

// ResetTarget implements [lifecycle.TargetRepository].
func (r *FlowRepository) ResetTarget(ctx context.Context, flowID, appID string, at time.Time) (lifecycle.Target, error) {
	var t lifecycle.Target
	err := r.db.inTx(ctx, func(q querier) error {
		err := q.execOne(ctx, `UPDATE flow_targets SET generation = generation + 1, in_flight = '', step_state = ?, attempts = 0,
			next_attempt_at = ?, last_error = '', unsupported = '[]', updated_at = ?
			WHERE flow_id = ? AND app_id = ?`,
			string(lifecycle.StatePending), at, at, flowID, appID)
		if err != nil {
			return err
		}
		t, err = getTarget(ctx, q, flowID, appID)
		return err
	})
	if err != nil {
		return lifecycle.Target{}, fmt.Errorf("store: reset target %s of flow %s: %w", appID, flowID, flowError(err))
	}
	return t, nil
}

// SetRemoteStatus implements [lifecycle.TargetRepository].
func (r *FlowRepository) SetRemoteStatus(ctx context.Context, flowID, appID string, status providers.FlowStatus, at time.Time) error {
	err := r.db.q().execOne(ctx, `UPDATE flow_targets SET remote_status = ?, updated_at = ? WHERE flow_id = ? AND app_id = ?`,
		string(status), at, flowID, appID)
	if err != nil {
		return fmt.Errorf("store: set remote status of target %s of flow %s: %w", appID, flowID, flowError(err))
	}
	return nil
}

// ClaimTargets implements [lifecycle.TargetRepository]. On PostgreSQL the
// due rows are locked with SKIP LOCKED, so concurrent claimers pass over
// each other's candidates instead of waiting for them; SQLite's IMMEDIATE
// transactions run claims one after the other. Either way the claim itself
// is the claimed_by and claimed_until columns, which outlive the
// transaction.
func (r *FlowRepository) ClaimTargets(ctx context.Context, c lifecycle.Claim) ([]lifecycle.Target, error) {
	var out []lifecycle.Target
	err := r.db.inTx(ctx, func(q querier) error {
		lock := ""
		if q.dialect == Postgres {
			lock = " FOR UPDATE SKIP LOCKED"
		}
		rows, err := q.query(ctx, `SELECT flow_id, app_id FROM flow_targets
			WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ?
			AND (claimed_until IS NULL OR claimed_until <= ?)
			ORDER BY next_attempt_at, flow_id, app_id LIMIT ?`+lock, c.Now, c.Now, c.Limit)
		if err != nil {
			return err
		}
		type key struct{ flow, app string }
		var keys []key
		for rows.Next() {
			var k key
			if err := rows.Scan(&k.flow, &k.app); err != nil {
				rows.Close()
				return err
			}
			keys = append(keys, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, k := range keys {
			if _, err := q.exec(ctx, `UPDATE flow_targets SET claimed_by = ?, claimed_until = ? WHERE flow_id = ? AND app_id = ?`,
				c.Owner, c.Until, k.flow, k.app); err != nil {
				return err
			}
			t, err := getTarget(ctx, q, k.flow, k.app)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim targets for %s: %w", c.Owner, flowError(err))
	}
	return out, nil
}

// SaveProgress implements [lifecycle.TargetRepository].
func (r *FlowRepository) SaveProgress(ctx context.Context, owner string, t lifecycle.Target, ev *lifecycle.TargetEvent) (lifecycle.Target, error) {
	unsupported, err := encodeJSON(t.Unsupported, "[]")
	if err != nil {
		return lifecycle.Target{}, fmt.Errorf("store: save progress of target %s of flow %s: %w", t.AppID, t.FlowID, err)
	}
	var saved lifecycle.Target
	err = r.db.inTx(ctx, func(q querier) error {
		var claimedBy string
		if err := q.queryRow(ctx, `SELECT claimed_by FROM flow_targets WHERE flow_id = ? AND app_id = ?`+q.dialect.forUpdate(),
			t.FlowID, t.AppID).Scan(&claimedBy); err != nil {
			return err
		}
		if claimedBy != owner {
			return lifecycle.ErrClaimLost
		}
		if _, err := q.exec(ctx, `UPDATE flow_targets SET remote_id = ?, meta_flow_id = ?, remote_status = ?, uploaded_revision = ?,
			published_revision = ?, endpoint_uri = ?, in_flight = ?, step = ?, claimed_by = ?, claimed_until = ?, updated_at = ?
			WHERE flow_id = ? AND app_id = ?`,
			t.RemoteID, t.MetaFlowID, string(t.RemoteStatus), t.UploadedRevision, t.PublishedRevision, t.EndpointURI,
			string(t.InFlight), string(t.Step), t.ClaimedBy, t.ClaimedUntil, t.UpdatedAt, t.FlowID, t.AppID); err != nil {
			return err
		}
		if _, err := q.exec(ctx, `UPDATE flow_targets SET step_state = ?, attempts = ?, next_attempt_at = ?,
			last_error = ?, unsupported = ? WHERE flow_id = ? AND app_id = ? AND generation = ?`,
			string(t.StepState), t.Attempts, t.NextAttemptAt, t.LastError, unsupported,
			t.FlowID, t.AppID, t.Generation); err != nil {
			return err
		}
		if ev != nil {
			if _, err := q.exec(ctx, `INSERT INTO flow_target_events (flow_id, app_id, step, outcome, attempt, error, at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`,
				ev.FlowID, ev.AppID, string(ev.Step), string(ev.Outcome), ev.Attempt, ev.Error, ev.At); err != nil {
				return err
			}
		}
		var err error
		saved, err = getTarget(ctx, q, t.FlowID, t.AppID)
		return err
	})
	if err != nil {
		return lifecycle.Target{}, fmt.Errorf("store: save progress of target %s of flow %s: %w", t.AppID, t.FlowID, flowError(err))
	}
	return saved, nil
}

// TargetEvents implements [lifecycle.TargetRepository].
func (r *FlowRepository) TargetEvents(ctx context.Context, flowID, appID string, limit int) ([]lifecycle.TargetEvent, error) {
	out, err := queryAll(ctx, r.db.q(), scanTargetEvent, `SELECT flow_id, app_id, step, outcome, attempt, error, at
		FROM flow_target_events WHERE flow_id = ? AND app_id = ? ORDER BY id DESC LIMIT ?`, flowID, appID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: events of target %s of flow %s: %w", appID, flowID, err)
	}
	return out, nil
}

func scanTargetEvent(s rowScanner) (lifecycle.TargetEvent, error) {
	var (
		ev            lifecycle.TargetEvent
		step, outcome string
		at            sql.NullTime
	)
	if err := s.Scan(&ev.FlowID, &ev.AppID, &step, &outcome, &ev.Attempt, &ev.Error, &at); err != nil {
		return lifecycle.TargetEvent{}, err
	}
	ev.Step, ev.Outcome, ev.At = lifecycle.Step(step), lifecycle.Outcome(outcome), *scanTime(at)
	return ev, nil
}

func scanTarget(s rowScanner) (lifecycle.Target, error) {
	var (
		t                                     lifecycle.Target
		desired, remoteStatus, inFlight, step string
		state, unsupported                    string
		next, claimed, created, updated       sql.NullTime
	)
	if err := s.Scan(&t.FlowID, &t.AppID, &desired, &t.Revision, &t.Generation, &t.RemoteID, &t.MetaFlowID, &remoteStatus,
		&t.UploadedRevision, &t.PublishedRevision, &t.EndpointURI, &inFlight, &step, &state, &t.Attempts, &next,
		&t.LastError, &unsupported, &t.ClaimedBy, &claimed, &created, &updated); err != nil {
		return lifecycle.Target{}, err
	}
	t.Desired, t.RemoteStatus = lifecycle.Status(desired), providers.FlowStatus(remoteStatus)
	t.InFlight, t.Step, t.StepState = lifecycle.Step(inFlight), lifecycle.Step(step), lifecycle.StepState(state)
	if err := json.Unmarshal([]byte(unsupported), &t.Unsupported); err != nil {
		return lifecycle.Target{}, fmt.Errorf("decode unsupported operations of target %s of flow %s: %w", t.AppID, t.FlowID, err)
	}
	if len(t.Unsupported) == 0 {
		t.Unsupported = nil
	}
	t.NextAttemptAt, t.ClaimedUntil = scanTime(next), scanTime(claimed)
	t.CreatedAt, t.UpdatedAt = *scanTime(created), *scanTime(updated)
	return t, nil
}
