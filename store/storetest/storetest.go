package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/store"
)

// PostgresEnv names the variable that holds the URL of a PostgreSQL
// database the tests may create schemas in. Unset, only SQLite runs.
const PostgresEnv = "WAFLOW_TEST_POSTGRES_URL"

// Opener opens a fresh, migrated, empty database that is closed (and for
// PostgreSQL dropped) when the test that opened it ends.
type Opener func(t testing.TB) *store.DB

// Dialect is one database the tests run against.
type Dialect struct {
	Name string // "sqlite" or "postgres", also the subtest name
	Open Opener
	// URL makes a fresh, empty database without opening it.
	URL func(t testing.TB) string
}

// Dialects lists the databases available to this run: SQLite always, then
// PostgreSQL when [PostgresEnv] is set.
func Dialects() []Dialect {
	ds := []Dialect{{Name: string(store.SQLite), Open: SQLite, URL: SQLiteURL}}
	if os.Getenv(PostgresEnv) != "" {
		ds = append(ds, Dialect{Name: string(store.Postgres), Open: Postgres, URL: PostgresURL})
	}
	return ds
}

// Each runs fn in one subtest per available database, handing it the
// opener so that fn can make as many fresh databases as it needs (a
// conformance suite wants one per case).
func Each(t *testing.T, fn func(t *testing.T, open Opener)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(d.Name, func(t *testing.T) { fn(t, d.Open) })
	}
}

// Run runs fn in one subtest per available database with a fresh database.
func Run(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	Each(t, func(t *testing.T, open Opener) { fn(t, open(t)) })
}

// SQLite opens a fresh database file in t.TempDir().
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	return open(t, store.Config{URL: SQLiteURL(t)})
}

// SQLiteURL names a database file in t.TempDir() that does not exist yet,
// for tests that call [store.Open] themselves.
func SQLiteURL(t testing.TB) string {
	t.Helper()
	return "sqlite://" + filepath.Join(t.TempDir(), "waflow.db")
}

// Postgres opens a fresh schema, waflow_<random>, in the database named by
// [PostgresEnv], and skips the test when the variable is unset. Every
// connection has search_path set to the schema, so concurrent tests never
// see each other's tables; the schema is dropped at cleanup.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	return open(t, store.Config{URL: PostgresURL(t)})
}

// PostgresURL creates an empty schema as [Postgres] does and returns a URL
// whose connections use it, for tests that call [store.Open] themselves.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("%s is not set", PostgresEnv)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	cfg, err := pgx.ParseConfig(base)
	require.NoError(t, err, "parse %s", PostgresEnv)
	admin := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { _ = admin.Close() })

	schema := "waflow_" + randomHex(t)
	_, err = admin.ExecContext(ctx, `CREATE SCHEMA `+schema)
	require.NoError(t, err, "create schema %s", schema)
	t.Cleanup(func() { dropSchema(t, admin, schema) })

	u, err := url.Parse(base)
	require.NoError(t, err, "parse %s", PostgresEnv)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t testing.TB, cfg store.Config) *store.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := store.Open(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	return db
}

func dropSchema(t testing.TB, admin *sql.DB, schema string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
		t.Errorf("drop schema %s: %v", schema, err)
	}
}

func randomHex(t testing.TB) string {
	b := make([]byte, 8)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}
