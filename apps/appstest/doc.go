// Package appstest holds the conformance suite of [apps.Repository]: one
// test function every implementation runs against a real store.
//
// # Example
//
// In a store's tests, with a fresh repository per case:
//
//	func TestAppRepository(t *testing.T) {
//		appstest.RepositoryConformance(t, func(t *testing.T) apps.Repository {
//			return openTestDB(t).Apps()
//		})
//	}
//
// Each case runs as a subtest ("CreateGet", "ListPagination",
// "KeyRotation", ...) and reports every violation it sees, so one run shows
// all the ways an implementation departs from the contract.
package appstest
