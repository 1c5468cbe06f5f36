package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/lifecycle"
)

// FlowRepository stores flows, their Flow JSON revisions, handler scripts,
// targets and the targets' step logs in the flows, flow_revisions,
// flow_scripts, flow_targets and flow_target_events tables. It implements
// [lifecycle.Repository]; the target half is in flow_targets.go.
type FlowRepository struct{ db *DB }

var _ lifecycle.Repository = (*FlowRepository)(nil)

// Flows returns the flow repository of db.
func (db *DB) Flows() *FlowRepository { return &FlowRepository{db: db} }

func flowError(err error) error {
	return domainError(err, lifecycle.ErrNotFound, lifecycle.ErrConflict)
}

const flowColumns = `id, name, categories, status, current_revision, published_revision, script_revision,
	endpoint_uri, version, created_at, updated_at`

// CreateFlow implements [lifecycle.FlowRepository].
func (r *FlowRepository) CreateFlow(ctx context.Context, f lifecycle.Flow) error {
	cats, err := encodeJSON(f.Categories, "[]")
	if err != nil {
		return fmt.Errorf("store: create flow %s: %w", f.ID, err)
	}
	_, err = r.db.q().exec(ctx, `INSERT INTO flows (`+flowColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.ID, f.Name, cats, string(f.Status), f.CurrentRevision, f.PublishedRevision, f.ScriptRevision,
		f.EndpointURI, f.Version, f.CreatedAt, f.UpdatedAt)
	if err != nil {
		return fmt.Errorf("store: create flow %s: %w", f.ID, flowError(err))
	}
	return nil
}

// GetFlow implements [lifecycle.FlowRepository].
func (r *FlowRepository) GetFlow(ctx context.Context, id string) (lifecycle.Flow, error) {
	f, err := scanFlow(r.db.q().queryRow(ctx, `SELECT `+flowColumns+` FROM flows WHERE id = ?`, id))
	if err != nil {
		return lifecycle.Flow{}, fmt.Errorf("store: get flow %s: %w", id, flowError(err))
	}
	return f, nil
}

// ListFlows implements [lifecycle.FlowRepository].
func (r *FlowRepository) ListFlows(ctx context.Context, q lifecycle.FlowQuery) ([]lifecycle.Flow, error) {
	l := listQuery{query: `SELECT ` + flowColumns + ` FROM flows f WHERE id > ?`, args: []any{q.After}}
	l.andIf(q.Status != "", `status = ?`, string(q.Status))
	l.andIf(q.AppID != "", `EXISTS (SELECT 1 FROM flow_targets t WHERE t.flow_id = f.id AND t.app_id = ?)`, q.AppID)
	query, args := l.page(q.Limit)
	out, err := queryAll(ctx, r.db.q(), scanFlow, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list flows: %w", err)
	}
	return out, nil
}

// UpdateFlow implements [lifecycle.FlowRepository].
func (r *FlowRepository) UpdateFlow(ctx context.Context, u lifecycle.FlowUpdate) error {
	f := u.Flow
	cats, err := encodeJSON(f.Categories, "[]")
	if err != nil {
		return fmt.Errorf("store: update flow %s: %w", f.ID, err)
	}
	err = r.db.inTx(ctx, func(q querier) error {
		if err := q.execVersioned(ctx, "flows", f.ID, f.Version, `UPDATE flows SET name = ?, categories = ?, status = ?,
			current_revision = ?, published_revision = ?, script_revision = ?, endpoint_uri = ?, version = version + 1,
			updated_at = ? WHERE id = ? AND version = ?`,
			f.Name, cats, string(f.Status), f.CurrentRevision, f.PublishedRevision, f.ScriptRevision,
			f.EndpointURI, f.UpdatedAt, f.ID, f.Version); err != nil {
			return err
		}
		if u.Revision != nil {
			if err := insertRevision(ctx, q, *u.Revision); err != nil {
				return err
			}
		}
		if s := u.Script; s != nil {
			if _, err := q.exec(ctx, `INSERT INTO flow_scripts (flow_id, revision, source, form, created_at) VALUES (?, ?, ?, ?, ?)`,
				s.FlowID, s.Revision, s.Source, s.Form, s.CreatedAt); err != nil {
				return err
			}
		}
		if rt := u.Retarget; rt != nil {
			if _, err := q.exec(ctx, `UPDATE flow_targets SET desired = ?, revision = ?, generation = generation + 1,
				step_state = ?, attempts = 0, next_attempt_at = ?, last_error = '', unsupported = '[]', updated_at = ?
				WHERE flow_id = ?`,
				string(rt.Desired), rt.Revision, string(lifecycle.StatePending), rt.At, rt.At, f.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: update flow %s: %w", f.ID, flowError(err))
	}
	return nil
}

func insertRevision(ctx context.Context, q querier, rev lifecycle.Revision) error {
	diags, err := encodeJSON(rev.Diagnostics, "[]")
	if err != nil {
		return err
	}
	_, err = q.exec(ctx, `INSERT INTO flow_revisions (flow_id, number, json, flow_json_version, data_api_version, valid, diagnostics, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		rev.FlowID, rev.Number, rev.JSON, rev.FlowJSONVersion, rev.DataAPIVersion, rev.Valid, diags, rev.CreatedAt)
	return err
}

// DeleteFlow implements [lifecycle.FlowRepository]. Revisions, scripts,
// targets and events go with the flow by ON DELETE CASCADE.
func (r *FlowRepository) DeleteFlow(ctx context.Context, id string, version int) error {
	err := r.db.inTx(ctx, func(q querier) error {
		return q.execVersioned(ctx, "flows", id, version, `DELETE FROM flows WHERE id = ? AND version = ?`, id, version)
	})
	if err != nil {
		return fmt.Errorf("store: delete flow %s: %w", id, flowError(err))
	}
	return nil
}

const revisionColumns = `flow_id, number, flow_json_version, data_api_version, valid, diagnostics, created_at`

// Revision implements [lifecycle.FlowRepository].
func (r *FlowRepository) Revision(ctx context.Context, flowID string, number int) (lifecycle.Revision, error) {
	var doc []byte
	row := r.db.q().queryRow(ctx, `SELECT `+revisionColumns+`, json FROM flow_revisions WHERE flow_id = ? AND number = ?`, flowID, number)
	rev, err := scanRevision(row, &doc)
	if err != nil {
		return lifecycle.Revision{}, fmt.Errorf("store: get revision %d of flow %s: %w", number, flowID, flowError(err))
	}
	rev.JSON = doc
	return rev, nil
}

// Revisions implements [lifecycle.FlowRepository].
func (r *FlowRepository) Revisions(ctx context.Context, flowID string) ([]lifecycle.Revision, error) {
	out, err := queryAll(ctx, r.db.q(), func(s rowScanner) (lifecycle.Revision, error) { return scanRevision(s) },
		`SELECT `+revisionColumns+` FROM flow_revisions WHERE flow_id = ? ORDER BY number`, flowID)
	if err != nil {
		return nil, fmt.Errorf("store: revisions of flow %s: %w", flowID, err)
	}
	return out, nil
}

// Script implements [lifecycle.FlowRepository].
func (r *FlowRepository) Script(ctx context.Context, flowID string, revision int) (lifecycle.Script, error) {
	var (
		s       lifecycle.Script
		created sql.NullTime
	)
	err := r.db.q().queryRow(ctx, `SELECT flow_id, revision, source, form, created_at FROM flow_scripts
		WHERE flow_id = ? AND revision = ?`, flowID, revision).Scan(&s.FlowID, &s.Revision, &s.Source, &s.Form, &created)
	if err != nil {
		return lifecycle.Script{}, fmt.Errorf("store: get script %d of flow %s: %w", revision, flowID, flowError(err))
	}
	s.CreatedAt = *scanTime(created)
	return s, nil
}

func scanFlow(s rowScanner) (lifecycle.Flow, error) {
	var (
		f                lifecycle.Flow
		cats, status     string
		created, updated sql.NullTime
	)
	if err := s.Scan(&f.ID, &f.Name, &cats, &status, &f.CurrentRevision, &f.PublishedRevision, &f.ScriptRevision,
		&f.EndpointURI, &f.Version, &created, &updated); err != nil {
		return lifecycle.Flow{}, err
	}
	f.Status = lifecycle.Status(status)
	if err := json.Unmarshal([]byte(cats), &f.Categories); err != nil {
		return lifecycle.Flow{}, fmt.Errorf("decode categories of flow %s: %w", f.ID, err)
	}
	f.CreatedAt, f.UpdatedAt = *scanTime(created), *scanTime(updated)
	return f, nil
}

// scanRevision reads revisionColumns followed by the extra destinations.
func scanRevision(s rowScanner, extra ...any) (lifecycle.Revision, error) {
	var (
		rev     lifecycle.Revision
		diags   string
		created sql.NullTime
	)
	dest := append([]any{&rev.FlowID, &rev.Number, &rev.FlowJSONVersion, &rev.DataAPIVersion, &rev.Valid, &diags, &created}, extra...)
	if err := s.Scan(dest...); err != nil {
		return lifecycle.Revision{}, err
	}
	var ds flowjson.Diagnostics
	if err := json.Unmarshal([]byte(diags), &ds); err != nil {
		return lifecycle.Revision{}, fmt.Errorf("decode diagnostics of revision %d of flow %s: %w", rev.Number, rev.FlowID, err)
	}
	if len(ds) > 0 {
		rev.Diagnostics = ds
	}
	rev.CreatedAt = *scanTime(created)
	return rev, nil
}

// encodeJSON encodes v, writing empty for a nil slice or map so that the
// column never holds null.
func encodeJSON(v any, empty string) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode: %w", err)
	}
	if string(b) == "null" {
		return empty, nil
	}
	return string(b), nil
}
