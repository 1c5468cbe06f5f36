// Package storetest opens throw-away databases for tests: a SQLite file in
// the test's temporary directory always, and a PostgreSQL schema of its own
// when WAFLOW_TEST_POSTGRES_URL names a server, so that the same test runs
// on both stores.
//
// # Isolation
//
// Each [Opener] call makes a new database. For PostgreSQL that is a schema
// named waflow_<16 random hex digits>, created through an administrative
// connection, reached by the store through the URL's search_path run-time
// parameter, and dropped with CASCADE at cleanup. Tests may therefore run
// in parallel, in several processes at once, against one server.
//
// # Example
//
// A repository test that runs on every available database:
//
//	func TestWidgets(t *testing.T) {
//		storetest.Run(t, func(t *testing.T, db *store.DB) {
//			repo := db.Widgets()
//			// ...
//		})
//	}
//
// and a conformance suite that needs a fresh database per case:
//
//	storetest.Each(t, func(t *testing.T, open storetest.Opener) {
//		appstest.RepositoryConformance(t, func(t *testing.T) apps.Repository {
//			return open(t).Apps()
//		})
//	})
//
// Run with PostgreSQL as well:
//
//	WAFLOW_TEST_POSTGRES_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' go test ./store/...
package storetest
