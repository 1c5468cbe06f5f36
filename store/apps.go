package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/providers"
)

// AppRepository stores WhatsApp apps and their flows encryption keys in the
// apps and app_keys tables. It implements [apps.Repository].
type AppRepository struct{ db *DB }

var _ apps.Repository = (*AppRepository)(nil)

// Apps returns the app repository of db.
func (db *DB) Apps() *AppRepository { return &AppRepository{db: db} }

func appError(err error) error { return domainError(err, apps.ErrNotFound, apps.ErrConflict) }

const appColumns = `id, name, bsp, phone_number, phone_number_id, waba_id, settings, credentials_sealed, version, created_at, updated_at`

// Create implements [apps.Repository].
func (r *AppRepository) Create(ctx context.Context, a apps.Record) error {
	settings, err := encodeSettings(a.Settings)
	if err != nil {
		return err
	}
	_, err = r.db.q().exec(ctx, `INSERT INTO apps (`+appColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.Name, string(a.BSP), a.PhoneNumber, a.PhoneNumberID, a.WABAID, settings,
		a.SealedCredentials, a.Version, a.CreatedAt, a.UpdatedAt)
	if err != nil {
		return fmt.Errorf("store: create app %s: %w", a.ID, appError(err))
	}
	return nil
}

// Get implements [apps.Repository].
func (r *AppRepository) Get(ctx context.Context, id string) (apps.Record, error) {
	a, err := scanApp(r.db.q().queryRow(ctx, `SELECT `+appColumns+` FROM apps WHERE id = ?`, id))
	if err != nil {
		return apps.Record{}, fmt.Errorf("store: get app %s: %w", id, appError(err))
	}
	return a, nil
}

// List implements [apps.Repository].
func (r *AppRepository) List(ctx context.Context, after string, limit int) ([]apps.Record, error) {
	out, err := queryAll(ctx, r.db.q(), scanApp, `SELECT `+appColumns+` FROM apps WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list apps: %w", err)
	}
	return out, nil
}

// Update implements [apps.Repository].
func (r *AppRepository) Update(ctx context.Context, a apps.Record) error {
	settings, err := encodeSettings(a.Settings)
	if err != nil {
		return err
	}
	err = r.db.inTx(ctx, func(q querier) error {
		return q.execVersioned(ctx, "apps", a.ID, a.Version, `UPDATE apps SET name = ?, bsp = ?, phone_number = ?,
			phone_number_id = ?, waba_id = ?, settings = ?, credentials_sealed = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`,
			a.Name, string(a.BSP), a.PhoneNumber, a.PhoneNumberID, a.WABAID,
			settings, a.SealedCredentials, a.UpdatedAt, a.ID, a.Version)
	})
	if err != nil {
		return fmt.Errorf("store: update app %s: %w", a.ID, appError(err))
	}
	return nil
}

// Delete implements [apps.Repository]. The app's keys go with it.
func (r *AppRepository) Delete(ctx context.Context, id string) error {
	if err := r.db.q().execOne(ctx, `DELETE FROM apps WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: delete app %s: %w", id, appError(err))
	}
	return nil
}

func scanApp(s rowScanner) (apps.Record, error) {
	var (
		a        apps.Record
		bsp      string
		settings string
		created  sql.NullTime
		updated  sql.NullTime
	)
	if err := s.Scan(&a.ID, &a.Name, &bsp, &a.PhoneNumber, &a.PhoneNumberID, &a.WABAID, &settings,
		&a.SealedCredentials, &a.Version, &created, &updated); err != nil {
		return apps.Record{}, err
	}
	a.BSP = providers.BSP(bsp)
	if err := json.Unmarshal([]byte(settings), &a.Settings); err != nil {
		return apps.Record{}, fmt.Errorf("decode settings of app %s: %w", a.ID, err)
	}
	a.CreatedAt, a.UpdatedAt = *scanTime(created), *scanTime(updated)
	return a, nil
}

func encodeSettings(m map[string]string) (string, error) {
	if m == nil {
		m = map[string]string{}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("store: encode settings: %w", err)
	}
	return string(b), nil
}

const keyColumns = `app_id, version, status, public_pem, fingerprint, private_sealed, created_at, retire_at, pushed_at, push_error`

// AddKey implements [apps.Repository]. Locking the app row first makes
// concurrent rotations of one app take turns on PostgreSQL; SQLite's
// IMMEDIATE transactions already do.
func (r *AppRepository) AddKey(ctx context.Context, k apps.KeyRecord, retireAt time.Time) (int, error) {
	if k.Status != apps.KeyActive {
		return 0, fmt.Errorf("store: add key for app %s: status %q, want ACTIVE", k.AppID, k.Status)
	}
	var version int
	err := r.db.inTx(ctx, func(q querier) error {
		var id string
		if err := q.queryRow(ctx, `SELECT id FROM apps WHERE id = ?`+q.dialect.forUpdate(), k.AppID).Scan(&id); err != nil {
			return err
		}
		if err := q.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM app_keys WHERE app_id = ?`, k.AppID).Scan(&version); err != nil {
			return err
		}
		if _, err := q.exec(ctx, `UPDATE app_keys SET status = ?, retire_at = ? WHERE app_id = ? AND status = ?`,
			string(apps.KeyPrevious), retireAt, k.AppID, string(apps.KeyActive)); err != nil {
			return err
		}
		_, err := q.exec(ctx, `INSERT INTO app_keys (`+keyColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			k.AppID, version, string(apps.KeyActive), k.PublicPEM, k.Fingerprint, k.SealedPrivate,
			k.CreatedAt, k.RetireAt, k.PushedAt, k.PushError)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: add key for app %s: %w", k.AppID, appError(err))
	}
	return version, nil
}

// Keys implements [apps.Repository].
func (r *AppRepository) Keys(ctx context.Context, appID string) ([]apps.KeyRecord, error) {
	out, err := queryAll(ctx, r.db.q(), scanKey, `SELECT `+keyColumns+` FROM app_keys WHERE app_id = ? ORDER BY version DESC`, appID)
	if err != nil {
		return nil, fmt.Errorf("store: keys of app %s: %w", appID, err)
	}
	return out, nil
}

func scanKey(s rowScanner) (apps.KeyRecord, error) {
	var (
		k                         apps.KeyRecord
		status                    string
		created, retire, pushedAt sql.NullTime
	)
	if err := s.Scan(&k.AppID, &k.Version, &status, &k.PublicPEM, &k.Fingerprint, &k.SealedPrivate,
		&created, &retire, &pushedAt, &k.PushError); err != nil {
		return apps.KeyRecord{}, err
	}
	k.Status = apps.KeyStatus(status)
	k.CreatedAt = *scanTime(created)
	k.RetireAt, k.PushedAt = scanTime(retire), scanTime(pushedAt)
	return k, nil
}

// RetireKeys implements [apps.Repository].
func (r *AppRepository) RetireKeys(ctx context.Context, appID string, now time.Time) error {
	_, err := r.db.q().exec(ctx, `UPDATE app_keys SET status = ?, private_sealed = NULL
		WHERE app_id = ? AND status = ? AND retire_at <= ?`,
		string(apps.KeyRetired), appID, string(apps.KeyPrevious), now)
	if err != nil {
		return fmt.Errorf("store: retire keys of app %s: %w", appID, err)
	}
	return nil
}

// MarkKeyPushed implements [apps.Repository].
func (r *AppRepository) MarkKeyPushed(ctx context.Context, appID string, version int, pushedAt *time.Time, pushError string) error {
	err := r.db.q().execOne(ctx, `UPDATE app_keys SET pushed_at = COALESCE(?, pushed_at), push_error = ?
		WHERE app_id = ? AND version = ?`, pushedAt, pushError, appID, version)
	if err != nil {
		return fmt.Errorf("store: mark key %d of app %s pushed: %w", version, appID, appError(err))
	}
	return nil
}
