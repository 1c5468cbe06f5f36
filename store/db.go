package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Config says which database to open. Its zero value is not usable: URL is
// required; every other field's zero value means the default.
type Config struct {
	// URL is "postgres://…" (or "postgresql://…") for PostgreSQL, and
	// "sqlite:///path/to/file.db" or a plain file path for SQLite. The
	// directory of a SQLite file is created when missing.
	URL string
	// MaxOpenConns caps the connection pool; 0 means 4 for SQLite (one
	// writer at a time, readers in parallel under WAL) and 10 for PostgreSQL.
	MaxOpenConns int
	// Now is the clock used for the time stamps the store writes itself
	// (schema_migrations.applied_at); nil means time.Now.
	Now func() time.Time
}

// DB is an open, migrated database. It is safe for concurrent use; close it
// once with [DB.Close].
type DB struct {
	sql     *sql.DB
	dialect Dialect
	now     func() time.Time
}

// Open connects to the database named by cfg.URL, checks that it answers,
// and applies the embedded migrations that it has not seen yet, all in one
// transaction. Several processes may call Open on the same database at once:
// PostgreSQL serialises them with an advisory lock, SQLite with its write
// lock, and each migration is applied exactly once.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	dialect, target, err := parseURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	if cfg.MaxOpenConns < 0 {
		return nil, fmt.Errorf("store: config MaxOpenConns: %d is negative", cfg.MaxOpenConns)
	}
	db := &DB{dialect: dialect, now: cfg.Now}
	if db.now == nil {
		db.now = time.Now
	}
	switch dialect {
	case SQLite:
		db.sql, err = openSQLite(target, cfg.MaxOpenConns)
	case Postgres:
		db.sql, err = openPostgres(target, cfg.MaxOpenConns)
	}
	if err != nil {
		return nil, err
	}
	if err := db.Ping(ctx); err != nil {
		_ = db.sql.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		_ = db.sql.Close()
		return nil, err
	}
	return db, nil
}

// parseURL tells the dialect from the URL and returns what the driver is
// opened with: the URL itself for PostgreSQL, the file path for SQLite.
func parseURL(raw string) (Dialect, string, error) {
	switch {
	case raw == "":
		return "", "", errors.New("store: config URL: empty")
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		return Postgres, raw, nil
	}
	path := strings.TrimPrefix(raw, "sqlite://")
	switch {
	case path == "":
		return "", "", fmt.Errorf("store: config URL %q: no SQLite file path", raw)
	case strings.Contains(path, "://"):
		return "", "", fmt.Errorf("store: config URL %q: unknown scheme (want postgres://, sqlite:// or a file path)", raw)
	case strings.ContainsAny(path, "?#"):
		return "", "", fmt.Errorf("store: config URL %q: SQLite path must not contain '?' or '#'", raw)
	case path == ":memory:" || strings.HasPrefix(path, "file::memory:"):
		// Every pooled connection would get its own empty database.
		return "", "", fmt.Errorf("store: config URL %q: in-memory SQLite is not supported, use a file", raw)
	}
	return SQLite, path, nil
}

// Dialect tells which database the DB talks to.
func (db *DB) Dialect() Dialect { return db.dialect }

// Ping checks that the database answers; it backs the /readyz probe.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.sql.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping %s: %w", db.dialect, err)
	}
	return nil
}

// Close closes every connection. Calls in progress may fail afterwards.
func (db *DB) Close() error {
	if err := db.sql.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", db.dialect, err)
	}
	return nil
}
