package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
)

// migrationFiles holds migrations/<dialect>/NNNN_name.sql. Each dialect has
// its own list because DDL differs; versions are shared by convention so
// that both schemas stay in step.
//
//go:embed migrations
var migrationFiles embed.FS

// migration is one embedded schema change.
type migration struct {
	version int
	name    string
	sql     string
}

var migrationName = regexp.MustCompile(`^(\d{4})_([a-z0-9_]+)\.sql$`)

// migrationLockKey is the first half of PostgreSQL's two-part advisory lock
// key ("wflw"); the second half is a hash of the current schema, so
// instances sharing a schema wait for each other and those using different
// schemas do not.
const migrationLockKey = 0x77666c77

// loadMigrations reads the dialect's migrations in version order and rejects
// misnamed files and duplicate versions.
func loadMigrations(fsys fs.FS, d Dialect) ([]migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("store: read migrations: %w", err)
	}
	var out []migration
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil || e.IsDir() {
			return nil, fmt.Errorf("store: migration %s/%s: name must be NNNN_lower_snake.sql", dir, e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		if v == 0 {
			return nil, fmt.Errorf("store: migration %s/%s: versions start at 0001", dir, e.Name())
		}
		body, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("store: read migration %s: %w", e.Name(), err)
		}
		out = append(out, migration{version: v, name: m[2], sql: string(body)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("store: migrations %s: version %04d used twice", dir, out[i].version)
		}
	}
	return out, nil
}

// migrate applies, in one transaction, every embedded migration that
// schema_migrations does not list. Versions recorded by a newer binary are
// left alone: migrations only add, so an older binary keeps working.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations(migrationFiles, db.dialect)
	if err != nil {
		return err
	}
	err = db.inTx(ctx, func(q querier) error {
		createTable := `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY,
			name TEXT NOT NULL,
			applied_at TIMESTAMP NOT NULL)`
		if db.dialect == Postgres {
			if _, err := q.exec(ctx, `SELECT pg_advisory_xact_lock(?, hashtext(current_schema()))`, migrationLockKey); err != nil {
				return fmt.Errorf("advisory lock: %w", err)
			}
			createTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
				version INTEGER PRIMARY KEY,
				name TEXT NOT NULL,
				applied_at TIMESTAMPTZ NOT NULL)`
		}
		if _, err := q.exec(ctx, createTable); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		applied, err := appliedVersions(ctx, q)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if applied[m.version] {
				continue
			}
			if _, err := q.exec(ctx, m.sql); err != nil {
				return fmt.Errorf("apply %04d_%s: %w", m.version, m.name, err)
			}
			if _, err := q.exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, db.now()); err != nil {
				return fmt.Errorf("record %04d_%s: %w", m.version, m.name, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: migrate %s: %w", db.dialect, err)
	}
	return nil
}

func appliedVersions(ctx context.Context, q querier) (map[int]bool, error) {
	rows, err := q.query(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("read schema_migrations: %w", err)
		}
		applied[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	return applied, nil
}
