package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
)

// TemplateRepository stores message templates in the templates table. It
// implements [messaging.TemplateRepository].
type TemplateRepository struct{ db *DB }

var _ messaging.TemplateRepository = (*TemplateRepository)(nil)

// Templates returns the template repository of db.
func (db *DB) Templates() *TemplateRepository { return &TemplateRepository{db: db} }

const templateColumns = `id, app_id, name, language, category, parameter_format, components, status,
	remote_id, raw_status, reason, version, created_at, updated_at`

// CreateTemplate implements [messaging.TemplateRepository].
func (r *TemplateRepository) CreateTemplate(ctx context.Context, t messaging.Template) error {
	comps, err := json.Marshal(t.Components)
	if err != nil {
		return fmt.Errorf("store: create template %s: encode components: %w", t.ID, err)
	}
	_, err = r.db.q().exec(ctx, `INSERT INTO templates (`+templateColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.AppID, t.Name, t.Language, string(t.Category), string(t.ParameterFormat), string(comps),
		string(t.Status), t.RemoteID, t.RawStatus, t.Reason, t.Version, t.CreatedAt, t.UpdatedAt)
	if err != nil {
		return fmt.Errorf("store: create template %s: %w", t.ID, messageError(err))
	}
	return nil
}

// GetTemplate implements [messaging.TemplateRepository].
func (r *TemplateRepository) GetTemplate(ctx context.Context, id string) (messaging.Template, error) {
	return r.one(ctx, "template "+id, `id = ?`, id)
}

// TemplateByName implements [messaging.TemplateRepository].
func (r *TemplateRepository) TemplateByName(ctx context.Context, appID, name, language string) (messaging.Template, error) {
	return r.one(ctx, "template "+name+" ("+language+")", `app_id = ? AND name = ? AND language = ?`, appID, name, language)
}

// TemplateByRemoteID implements [messaging.TemplateRepository].
func (r *TemplateRepository) TemplateByRemoteID(ctx context.Context, appID, remoteID string) (messaging.Template, error) {
	return r.one(ctx, "template with remote id "+remoteID, `app_id = ? AND remote_id = ? AND remote_id <> ''`, appID, remoteID)
}

func (r *TemplateRepository) one(ctx context.Context, what, cond string, args ...any) (messaging.Template, error) {
	t, err := scanTemplate(r.db.q().queryRow(ctx, `SELECT `+templateColumns+` FROM templates WHERE `+cond+` ORDER BY id LIMIT 1`, args...))
	if err != nil {
		return messaging.Template{}, fmt.Errorf("store: get %s: %w", what, messageError(err))
	}
	return t, nil
}

// ListTemplates implements [messaging.TemplateRepository].
func (r *TemplateRepository) ListTemplates(ctx context.Context, tq messaging.TemplateQuery) ([]messaging.Template, error) {
	l := listQuery{query: `SELECT ` + templateColumns + ` FROM templates WHERE id > ?`, args: []any{tq.After}}
	l.andIf(tq.AppID != "", "app_id = ?", tq.AppID)
	l.andIf(tq.Status != "", "status = ?", string(tq.Status))
	l.andIf(tq.Name != "", "name = ?", tq.Name)
	query, args := l.page(tq.Limit)
	out, err := queryAll(ctx, r.db.q(), scanTemplate, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list templates: %w", err)
	}
	return out, nil
}

// UpdateTemplate implements [messaging.TemplateRepository].
func (r *TemplateRepository) UpdateTemplate(ctx context.Context, t messaging.Template) error {
	comps, err := json.Marshal(t.Components)
	if err != nil {
		return fmt.Errorf("store: update template %s: encode components: %w", t.ID, err)
	}
	err = r.db.inTx(ctx, func(q querier) error {
		return q.execVersioned(ctx, "templates", t.ID, t.Version, `UPDATE templates SET name = ?, language = ?,
			category = ?, parameter_format = ?, components = ?, status = ?, remote_id = ?, raw_status = ?, reason = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			t.Name, t.Language, string(t.Category), string(t.ParameterFormat), string(comps), string(t.Status),
			t.RemoteID, t.RawStatus, t.Reason, t.UpdatedAt, t.ID, t.Version)
	})
	if err != nil {
		return fmt.Errorf("store: update template %s: %w", t.ID, messageError(err))
	}
	return nil
}

// DeleteTemplate implements [messaging.TemplateRepository].
func (r *TemplateRepository) DeleteTemplate(ctx context.Context, id string) error {
	if err := r.db.q().execOne(ctx, `DELETE FROM templates WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: delete template %s: %w", id, messageError(err))
	}
	return nil
}

func scanTemplate(s rowScanner) (messaging.Template, error) {
	var (
		t                               messaging.Template
		category, format, comps, status string
		created, updated                sql.NullTime
	)
	if err := s.Scan(&t.ID, &t.AppID, &t.Name, &t.Language, &category, &format, &comps, &status,
		&t.RemoteID, &t.RawStatus, &t.Reason, &t.Version, &created, &updated); err != nil {
		return messaging.Template{}, err
	}
	t.Category, t.ParameterFormat = providers.TemplateCategory(category), providers.ParameterFormat(format)
	t.Status = messaging.TemplateStatus(status)
	if err := json.Unmarshal([]byte(comps), &t.Components); err != nil {
		return messaging.Template{}, fmt.Errorf("decode components of template %s: %w", t.ID, err)
	}
	t.CreatedAt, t.UpdatedAt = *scanTime(created), *scanTime(updated)
	return t, nil
}
