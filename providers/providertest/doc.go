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
//   - public_key: a key upload succeeds, a malformed key is an ErrorInvalid;
//   - send: one message of every kind the capabilities claim (text, reply,
//     each media kind, reactions, templates with a body variable and with a
//     FLOW button, buttons, list, URL button, location request, flows in
//     navigate and draft data_exchange modes, mark read) is accepted with
//     an id; with [Harness].Received and CheckWire, each BSP compares what
//     its server received with its own golden files ("send-text", …);
//   - send_refused: a flow button label over 20 characters is ErrorInvalid,
//     an unknown template ErrorInvalid or ErrorNotFound, and a kind left
//     out of the capabilities a [*providers.UnsupportedError] even when
//     SendMessage is called directly;
//   - templates: create (PENDING) → duplicate refused as ErrorConflict →
//     approved ([Harness].ApproveTemplate, or the BSP on its own) → get →
//     list → edit → delete → not found;
//   - webhooks: [Harness].EmitWebhook makes the BSP's server post a status,
//     an inbound message, a flow completion, a template status and a flow
//     status to an endpoint that verifies and parses them with the
//     provider's [providers.WebhookReceiver]; each gives one event of the
//     expected kind naming the expected ids, and deliveries signed with a
//     wrong secret, unsigned or altered after signing are refused.
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
//			EditPublished:              true,
//			GetFlowHasValidationErrors: true,
//			TypingIndicator:            true,
//			Throttle:                   func(id string) error { return sb.Throttle(app.ID, id) },
//			PublishedJSON:              func(id string) ([]byte, bool) { return sb.PublishedJSON(app.ID, id) },
//			PublicKey:                  func() ([]byte, bool) { return sb.PublicKey(app.ID) },
//		})
//	}
package providertest
