// Package messagingtest holds the conformance suites of the repositories
// package messaging declares, [messaging.MessageRepository] and
// [messaging.TemplateRepository]. Package store runs them on SQLite and
// PostgreSQL:
//
//	func TestMessageRepositoryConformance(t *testing.T) {
//		storetest.Each(t, func(t *testing.T, open storetest.Opener) {
//			messagingtest.MessageRepositoryConformance(t, func(t *testing.T) messaging.MessageRepository {
//				return open(t).Messages()
//			})
//		})
//	}
//
// Each case gets a fresh repository and reports every violation it finds.
package messagingtest
