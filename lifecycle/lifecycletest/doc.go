// Package lifecycletest checks implementations of [lifecycle.Repository].
//
// [RepositoryConformance] is the one test every store runs, on every
// dialect it supports, so that the service and the reconciler behave the
// same on SQLite and PostgreSQL:
//
//	func TestFlowRepositoryConformance(t *testing.T) {
//		storetest.Each(t, func(t *testing.T, open storetest.Opener) {
//			lifecycletest.RepositoryConformance(t, func(t *testing.T) lifecycle.Repository {
//				return open(t).Flows()
//			})
//		})
//	}
//
// Each case gets a fresh, empty repository and reports every violation it
// finds rather than stopping at the first.
package lifecycletest
