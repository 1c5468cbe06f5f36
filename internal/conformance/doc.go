// Package conformance is the scaffolding shared by the repository
// conformance suites (appstest, apikeystest, lifecycletest,
// messagingtest): named cases that each run in their own subtest against a
// fresh repository, and concurrent writes whose outcome a case checks.
//
// [Run] runs each [Case] as a subtest, in order, with a repository of its
// own, so one failing case neither stops nor disturbs the others and each
// store (SQLite and PostgreSQL, in package store) reports every violation.
// [Concurrently] starts competing writes at once and returns their errors
// by index; [OneWins] checks the usual rule of a unique key: exactly one
// write succeeds and every other fails with the conflict sentinel.
//
// # Example
//
// A suite in a package's test-support subpackage (here appstest), which
// every implementation of the repository runs from its own tests:
//
//	func RepositoryConformance(t *testing.T, newRepo func(t *testing.T) apps.Repository) {
//		t.Helper()
//		conformance.Run(t, newRepo, []conformance.Case[apps.Repository]{
//			{Name: "CreateGet", Run: testCreateGet},
//			{Name: "GetMissing", Run: testGetMissing},
//			{Name: "CreateSameNameOnce", Run: testCreateSameNameOnce},
//		})
//	}
//
//	func testCreateSameNameOnce(t *testing.T, repo apps.Repository) {
//		same := make([]apps.App, 8)
//		for i := range same {
//			same[i] = newApp(t, "support") // built before: write may not call require
//		}
//		conformance.OneWins(t, len(same), apps.ErrConflict, func(i int) error {
//			return repo.Create(context.Background(), same[i])
//		}, "exactly one of several creates with the same name succeeds")
//	}
package conformance
