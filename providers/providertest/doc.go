// Package providertest is the conformance suite that every
// [providers.Provider] passes: the in-process sandbox, and each real BSP's
// provider against its fake server.
//
// # What it checks
//
// [TestProvider] runs one subtest per scenario:
//
//   - identity: a known BSP, capabilities naming known operations only;
//   - lifecycle: create → upload → set endpoint → publish → edit (re-drafts
//     or is refused, per [Harness].EditPublished) → preview → deprecate →
//     deprecating again is a conflict wrapping
//     [providers.ErrAlreadyDeprecated] → delete, edit and publish refused;
//   - health: a THROTTLED flow can be deprecated;
//   - delete_draft: a never-published DRAFT cannot be deprecated but can be
//     deleted, and is then not found;
//   - validation_errors: an invalid upload succeeds and returns its errors,
//     publishing is refused until a fixed upload;
//   - publish_without_json: publishing an empty DRAFT is refused;
//   - not_found: every operation on an unknown id is an ErrorNotFound;
//   - unsupported: every operation missing from Capabilities returns a
//     [*providers.UnsupportedError] naming the BSP and the operation;
//   - public_key: a key upload succeeds, a malformed key is an ErrorInvalid.
//
// Refusals must be [*providers.Error] values naming the BSP and the
// operation, and must not be retryable. Scenarios that need an operation
// the provider does not offer, or a hook the harness lacks, are skipped
// with the reason; every other violation is reported, not just the first.
//
// # Differences between BSPs
//
// The suite has no special cases. What a BSP offers comes from its
// Capabilities; how it behaves where BSPs legitimately differ is a field of
// [Harness]; what only a fake can observe (throttling a flow, the published
// document, the stored key) comes through optional hooks.
//
// # Example
//
// The sandbox's own test, where the hooks come straight from the Sandbox; a
// real provider's test wires them to its fake server the same way:
//
//	func TestConformance(t *testing.T) {
//		sb := sandbox.New(sandbox.Options{})
//		app := providers.App{ID: "app-1", BSP: providers.BSPSandbox}
//		providertest.TestProvider(t, providertest.Harness{
//			Provider:      sb,
//			App:           app,
//			EditPublished: true,
//			Throttle:      func(id string) error { return sb.Throttle(app.ID, id) },
//			PublishedJSON: func(id string) ([]byte, bool) { return sb.PublishedJSON(app.ID, id) },
//			PublicKey:     func() ([]byte, bool) { return sb.PublicKey(app.ID) },
//		})
//	}
package providertest
