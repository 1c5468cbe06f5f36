// Package store persists waflow's state in SQLite (the embedded default,
// pure Go) or PostgreSQL (for several instances behind a load balancer).
// It implements repository interfaces declared by the packages that use
// them, such as [apps.Repository] and [apikeys.Repository]; those packages
// never import store.
//
// # Opening
//
// [Open] takes a [Config] whose URL is "postgres://…", "sqlite:///path.db"
// or a plain file path, checks that the database answers and applies the
// embedded migrations. [DB.Ping] backs /readyz; [DB.Dialect] says which
// database it is.
//
//	db, err := store.Open(ctx, store.Config{URL: "./data/waflow.db"})
//	if err != nil {
//		return err
//	}
//	defer db.Close()
//	svc := apps.NewService(db.Apps(), sealer, apps.Options{})
//
// # SQLite and concurrent writers
//
// Every SQLite connection runs in WAL mode (readers never wait for the
// writer), with foreign keys on, synchronous=NORMAL, a 10 s busy timeout,
// and transactions that begin IMMEDIATE: a transaction takes the write lock
// at BEGIN, waiting for it under the busy timeout, instead of at its first
// write. With the default DEFERRED mode a transaction that reads and then
// writes fails at once with SQLITE_BUSY when another connection committed
// in between, whatever the timeout; the apps conformance case
// ConcurrentAddKey fails that way with DEFERRED and passes with IMMEDIATE.
//
// The alternative, one connection for everything, was measured against the
// pool of 4 that Open uses (BenchmarkSQLiteConcurrentWrites and
// ...Reads, 8 goroutines, 2 shared cores, µs per operation, two runs each):
//
//	mix                  1 connection   pool of 4, IMMEDIATE
//	3 writes in 4        48–88          57–83
//	1 write in 16        29–36          23–25
//
// Writes cost the same either way (SQLite has one writer regardless); reads
// gain from the pool. The pool was chosen for that, and because a single
// connection does not protect against a second process on the same file
// (a CLI next to the server), which the busy timeout and IMMEDIATE
// transactions do.
//
// # PostgreSQL
//
// PostgreSQL is reached through pgx's database/sql driver, so both dialects
// share the query code. Run-time parameters ride on the URL: a URL ending in
// "?search_path=tenant_a" keeps every table in schema tenant_a.
//
// # Migrations
//
// Migrations are embedded SQL files, migrations/sqlite/NNNN_name.sql and
// migrations/postgres/NNNN_name.sql, the same versions and names in both
// (a test checks it). Open applies the missing ones in version order inside
// one transaction and records each in schema_migrations. Instances starting
// together take turns: on PostgreSQL through a transaction-scoped advisory
// lock keyed by the current schema, on SQLite through the write lock. A
// migration is never edited once released; a change is a new file.
//
// # Writing queries
//
// Queries are written once with '?' placeholders; the package's querier
// rewrites them to $1, $2, … for PostgreSQL. time.Time and *time.Time
// arguments are passed as they are: they are stored as UTC with microsecond
// precision, on SQLite as fixed-width text in TIMESTAMP columns, so that
// comparisons and ORDER BY on time columns behave the same in both
// dialects. Times are read back with sql.NullTime and normalised to UTC.
// Where rows must be locked, [Dialect] supplies FOR UPDATE on PostgreSQL.
//
// # Errors
//
// A unique, primary-key or foreign-key violation is [ErrConflict] and no
// rows is [ErrNotFound], in both dialects, found from the drivers' error
// codes, never their text. A repository that implements another package's
// interface wraps that package's sentinels too (apps.ErrNotFound, …), so
// callers test for their own.
//
// # Adding a repository
//
// One file per repository, named after it (apps.go, apikeys.go, …):
//
//  1. declare the interface and its record types in the package that uses
//     them, with the contract in the doc comment, and a conformance suite
//     beside it (package apps/appstest is the model);
//  2. add NNNN_name.sql for both dialects under migrations/;
//  3. here, a type holding the *DB, a constructor method on DB (db.Apps()),
//     a compile-time check that it implements the interface, and methods
//     that use db.q() or db.inTx and map errors with domainError;
//  4. run the conformance suite from a test in this package over
//     storetest.Each, so it runs on SQLite and, when
//     WAFLOW_TEST_POSTGRES_URL is set, on PostgreSQL.
package store
