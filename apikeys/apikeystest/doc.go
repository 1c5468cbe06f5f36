// Package apikeystest holds the conformance suite of [apikeys.Repository]:
// one test function every implementation runs against a real store.
//
// # Example
//
//	func TestAPIKeyRepository(t *testing.T) {
//		apikeystest.RepositoryConformance(t, func(t *testing.T) apikeys.Repository {
//			return openTestDB(t).APIKeys()
//		})
//	}
package apikeystest
