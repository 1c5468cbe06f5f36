package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/store"
	"github.com/waflow/waflow/store/storetest"
)

func TestOpenRejectsBadConfig(t *testing.T) {
	cases := []struct {
		name string
		cfg  store.Config
		want string
	}{
		{"empty URL", store.Config{}, "config URL: empty"},
		{"unknown scheme", store.Config{URL: "mysql://db/x"}, "unknown scheme"},
		{"sqlite without path", store.Config{URL: "sqlite://"}, "no SQLite file path"},
		{"in-memory sqlite", store.Config{URL: ":memory:"}, "in-memory SQLite is not supported"},
		{"sqlite query", store.Config{URL: "sqlite:///tmp/x.db?mode=ro"}, "must not contain"},
		{"bad postgres URL", store.Config{URL: "postgres://u:secret@host:notaport/db"}, "config URL"},
		{"negative pool", store.Config{URL: "x.db", MaxOpenConns: -1}, "MaxOpenConns"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := store.Open(t.Context(), c.cfg)
			require.ErrorContains(t, err, c.want)
			require.NotContains(t, err.Error(), "secret", "a password never appears in errors")
		})
	}
}

func TestOpenSQLiteURLForms(t *testing.T) {
	dir := t.TempDir()
	for _, url := range []string{
		filepath.Join(dir, "plain.db"),
		"sqlite://" + filepath.Join(dir, "nested", "dirs", "scheme.db"),
	} {
		db, err := store.Open(t.Context(), store.Config{URL: url})
		require.NoError(t, err, url)
		require.Equal(t, store.SQLite, db.Dialect())
		require.NoError(t, db.Ping(t.Context()))
		require.NoError(t, db.Close())
	}
}

// TestConcurrentOpen starts several instances on one empty database at
// once: every one must come up, and every migration must be recorded once.
func TestConcurrentOpen(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			url := d.URL(t)
			clock := func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
			const n = 4
			dbs := make([]*store.DB, n)
			errs := make([]error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() { dbs[i], errs[i] = store.Open(context.Background(), store.Config{URL: url, Now: clock}) })
			}
			wg.Wait()
			for i := range n {
				require.NoError(t, errs[i], "instance %d", i)
				t.Cleanup(func() { _ = dbs[i].Close() })
			}
			db := dbs[0]
			ctx := t.Context()
			versions, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM schema_migrations`)
			require.NoError(t, err)
			distinct, err := db.QueryInt(ctx, `SELECT COUNT(DISTINCT version) FROM schema_migrations`)
			require.NoError(t, err)
			require.Equal(t, distinct, versions, "no migration recorded twice")
			require.GreaterOrEqual(t, versions, 2)
			stamped, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE applied_at = ?`, clock())
			require.NoError(t, err)
			require.Equal(t, versions, stamped, "applied_at comes from the injected clock")

			// Opening an up-to-date database applies nothing.
			again, err := store.Open(ctx, store.Config{URL: url})
			require.NoError(t, err)
			require.NoError(t, again.Close())
			after, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM schema_migrations`)
			require.NoError(t, err)
			require.Equal(t, versions, after)
		})
	}
}

func TestTransactions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		require.NoError(t, db.Exec(ctx, `CREATE TABLE tx_probe (n INTEGER PRIMARY KEY)`))
		count := func() int {
			n, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM tx_probe`)
			require.NoError(t, err)
			return n
		}

		boom := errors.New("boom")
		err := db.InTx(ctx, func(exec func(string, ...any) error) error {
			require.NoError(t, exec(`INSERT INTO tx_probe (n) VALUES (?)`, 1))
			return boom
		})
		require.ErrorIs(t, err, boom)
		require.Equal(t, 0, count(), "an error rolls back")

		require.PanicsWithValue(t, "kaboom", func() {
			_ = db.InTx(ctx, func(exec func(string, ...any) error) error {
				require.NoError(t, exec(`INSERT INTO tx_probe (n) VALUES (?)`, 1))
				panic("kaboom")
			})
		})
		require.Equal(t, 0, count(), "a panic rolls back and is re-raised")

		require.NoError(t, db.InTx(ctx, func(exec func(string, ...any) error) error {
			return exec(`INSERT INTO tx_probe (n) VALUES (?), (?)`, 1, 2)
		}))
		require.Equal(t, 2, count(), "nil commits")

		err = db.Exec(ctx, `INSERT INTO tx_probe (n) VALUES (?)`, 1)
		require.ErrorIs(t, err, store.ErrConflict, "a duplicate key is ErrConflict in every dialect")
		_, err = db.QueryInt(ctx, `SELECT n FROM tx_probe WHERE n = ?`, 99)
		require.ErrorIs(t, err, store.ErrNotFound, "no rows is ErrNotFound")
	})
}

// TestTimeComparison checks that times written through the store compare and
// sort as times in SQL, whatever their zone and precision, so repositories
// may filter on them ("due before now").
func TestTimeComparison(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		table := `CREATE TABLE time_probe (n INTEGER PRIMARY KEY, at TIMESTAMP NOT NULL)`
		if db.Dialect() == store.Postgres {
			table = `CREATE TABLE time_probe (n INTEGER PRIMARY KEY, at TIMESTAMPTZ NOT NULL)`
		}
		require.NoError(t, db.Exec(ctx, table))
		utc := time.Date(2026, 5, 6, 10, 0, 0, 0, time.UTC)
		east := time.FixedZone("east", 5*3600)
		times := []time.Time{
			utc.Add(500 * time.Microsecond),          // 1: 10:00:00.0005
			utc.In(east),                             // 2: 10:00:00, written as 15:00 local
			utc.Add(-time.Second).In(time.Local),     // 3: 09:59:59
			utc.Add(10 * time.Millisecond),           // 4: 10:00:00.010
			utc.Add(999999 * time.Microsecond),       // 5: 10:00:00.999999
			utc.Add(1500 * time.Nanosecond).In(east), // 6: 10:00:00.000001 once truncated
		}
		for i, at := range times {
			require.NoError(t, db.Exec(ctx, `INSERT INTO time_probe (n, at) VALUES (?, ?)`, i+1, at))
		}
		n, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM time_probe WHERE at <= ?`, utc.Add(time.Millisecond))
		require.NoError(t, err)
		require.Equal(t, 4, n, "rows 1, 2, 3 and 6 are at or before 10:00:00.001")
		first, err := db.QueryInt(ctx, `SELECT n FROM time_probe ORDER BY at LIMIT 1`)
		require.NoError(t, err)
		require.Equal(t, 3, first)
		last, err := db.QueryInt(ctx, `SELECT n FROM time_probe ORDER BY at DESC LIMIT 1`)
		require.NoError(t, err)
		require.Equal(t, 5, last)
	})
}
