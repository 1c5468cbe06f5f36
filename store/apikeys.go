package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/waflow/waflow/apikeys"
)

// APIKeyRepository stores the management API's keys, as hashes, in the
// api_keys table. It implements [apikeys.Repository].
type APIKeyRepository struct{ db *DB }

var _ apikeys.Repository = (*APIKeyRepository)(nil)

// APIKeys returns the API key repository of db.
func (db *DB) APIKeys() *APIKeyRepository { return &APIKeyRepository{db: db} }

func apiKeyError(err error) error { return domainError(err, apikeys.ErrNotFound, apikeys.ErrConflict) }

// Create implements [apikeys.Repository].
func (r *APIKeyRepository) Create(ctx context.Context, k apikeys.Record) error {
	_, err := r.db.q().exec(ctx, `INSERT INTO api_keys (id, name, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)`,
		k.ID, k.Name, k.Hash, k.CreatedAt, k.RevokedAt)
	if err != nil {
		return fmt.Errorf("store: create api key %s: %w", k.ID, apiKeyError(err))
	}
	return nil
}

// Get implements [apikeys.Repository].
func (r *APIKeyRepository) Get(ctx context.Context, id string) (apikeys.Record, error) {
	var (
		k                apikeys.Record
		created, revoked sql.NullTime
	)
	err := r.db.q().queryRow(ctx, `SELECT id, name, hash, created_at, revoked_at FROM api_keys WHERE id = ?`, id).
		Scan(&k.ID, &k.Name, &k.Hash, &created, &revoked)
	if err != nil {
		return apikeys.Record{}, fmt.Errorf("store: get api key %s: %w", id, apiKeyError(err))
	}
	k.CreatedAt, k.RevokedAt = *scanTime(created), scanTime(revoked)
	return k, nil
}

// Put implements [apikeys.Repository].
func (r *APIKeyRepository) Put(ctx context.Context, k apikeys.Record) error {
	_, err := r.db.q().exec(ctx, `INSERT INTO api_keys (id, name, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, NULL)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, hash = excluded.hash, revoked_at = NULL`,
		k.ID, k.Name, k.Hash, k.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: put api key %s: %w", k.ID, apiKeyError(err))
	}
	return nil
}

// List implements [apikeys.Repository].
func (r *APIKeyRepository) List(ctx context.Context) ([]apikeys.Key, error) {
	out, err := queryAll(ctx, r.db.q(), scanAPIKey, `SELECT id, name, created_at, revoked_at FROM api_keys ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("store: list api keys: %w", err)
	}
	return out, nil
}

func scanAPIKey(s rowScanner) (apikeys.Key, error) {
	var (
		k                apikeys.Key
		created, revoked sql.NullTime
	)
	if err := s.Scan(&k.ID, &k.Name, &created, &revoked); err != nil {
		return apikeys.Key{}, err
	}
	k.CreatedAt, k.RevokedAt = *scanTime(created), scanTime(revoked)
	return k, nil
}

// Revoke implements [apikeys.Repository].
func (r *APIKeyRepository) Revoke(ctx context.Context, id string, at time.Time) error {
	err := r.db.q().execOne(ctx, `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?`, at, id)
	if err != nil {
		return fmt.Errorf("store: revoke api key %s: %w", id, apiKeyError(err))
	}
	return nil
}

// CountActive implements [apikeys.Repository].
func (r *APIKeyRepository) CountActive(ctx context.Context) (int, error) {
	var n int
	if err := r.db.q().queryRow(ctx, `SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count api keys: %w", err)
	}
	return n, nil
}
