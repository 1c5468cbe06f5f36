// Package sandbox is a BSP that lives inside the process. It is what
// `make run` uses when no real BSP is configured, and what the reconciler's
// tests drive, so it plays Meta's rules strictly instead of accepting
// whatever it is asked.
//
// # Flows
//
// A [Sandbox] holds remote flows per app: one app never sees another's
// flows, as two WABAs would not, and an id from another app is simply not
// found. The state machine is Meta's as it runs today:
//
//   - CreateFlow makes a DRAFT. Names are unique per app; categories are
//     Meta's list.
//   - UpdateFlowJSON stores the document even when validation finds errors:
//     it returns them, and only publishing is refused. Uploading to a
//     PUBLISHED flow re-drafts it, and users keep getting the published
//     document ([Sandbox.PublishedJSON]) until the flow is published again.
//     SetEndpoint edits the same way.
//   - PublishFlow takes a DRAFT with an uploaded, error-free document. A
//     flow that declares a data_api_version also needs an endpoint URI and a
//     public key on its app.
//   - DeprecateFlow takes PUBLISHED, THROTTLED and BLOCKED flows. DEPRECATED
//     is terminal; deprecating it again is a conflict wrapping
//     [providers.ErrAlreadyDeprecated], which callers treat as done.
//   - DeleteFlow removes a DRAFT that was never published.
//
// [Sandbox.Throttle], [Sandbox.Block] and [Sandbox.Recover] stand in for
// WhatsApp's quality monitoring and move published flows between the
// health states.
//
// # Messages and templates
//
// [Sandbox.SendMessage] refuses what the Cloud API refuses (an invalid
// message, a flow its mode cannot open, a template not APPROVED, with
// Meta's codes such as 132001, 132015, 132068) and records the rest for
// [Sandbox.Sent]. Its answer carries a sandbox id ("sbx-msg-0001") and a
// separate wamid, as BSPs with their own message ids answer, so callers
// learn to keep both.
//
// Templates are PENDING when created or edited and become APPROVED once
// Options.TemplateApproval has passed, checked whenever a template is
// read and, with webhooks, announced when it passes; zero approves at
// once. Edits follow Meta: APPROVED,
// REJECTED and PAUSED templates only, and an approved template keeps its
// category; DISABLED templates cannot be deleted. [Sandbox.SetTemplateStatus]
// stands in for WhatsApp's review and quality rating.
//
// # Webhooks and the simulated user
//
// With Options.WebhookURL set the sandbox talks back as a BSP does: it
// posts Meta-shaped webhooks, signed with Options.WebhookSecret in
// X-Hub-Signature-256, from [Sandbox.Run]. Every accepted message goes
// sent, delivered (after Options.DeliveredAfter) and read (after
// Options.ReadAfter); template reviews and flow health changes are
// announced as they happen. Webhooks name the app by its id, as phone
// number id and WhatsApp Business Account id.
//
// A flow message, interactive or a template with a FLOW button, is then
// opened by a simulated user once it is read: the walk of package flowrun
// runs the published document (the draft in draft mode) from the
// message's screen and data, or from INIT for a data_exchange opening,
// and each request goes to the flow's endpoint URI, sealed to the app's
// public key and signed with its app_secret when it has one, as WhatsApp
// sends them (Options.Endpoint can carry them in process instead). The
// user enters Options.Answers where given, keeps the values a screen
// shows, and fills the rest plausibly: "Sandbox User" for names, a valid
// email and phone number, the first options of selections, the earliest
// date allowed, consent to opt-ins. The completion comes back as an
// nfm_reply message whose response_json holds the flow token, answering
// the flow message's wamid.
//
// # Errors
//
// Refusals are [*providers.Error] values with Kind ErrorNotFound,
// ErrorConflict or ErrorInvalid and Meta's Graph code in Code: 100 for bad
// input, unknown ids and duplicate names; 139001 for an edit the state
// forbids; 139002 publish; 139003 deprecate; 139004 delete. HTTPStatus is
// zero: nothing went over HTTP. The health hooks' refusals carry no code,
// as no Graph call stands behind them.
//
// # Validation
//
// Options.Validate checks each upload; the server plugs in package
// flowjson. Without it the sandbox only checks that the document parses,
// reporting INVALID_FLOW_JSON at the line and column where parsing failed.
//
// # Faults and the call log
//
// For tests of code that must survive a BSP: [Sandbox.FailNext] makes the
// next calls of an operation fail with a chosen error, [Sandbox.SetUnsupported]
// takes operations away (Capabilities drops them and calls return
// [*providers.UnsupportedError]), and [Sandbox.Calls] lists every call that
// reached the sandbox, failed or not, with the time of the injected clock.
//
// # Example
//
// A reconciler test that wants the first publish to hit an outage:
//
//	sb := sandbox.New(sandbox.Options{Now: clock})
//	sb.FailNext(providers.OpPublishFlow, 1, nil) // a retryable ErrorUnavailable
//	app := providers.App{ID: "app-1", BSP: providers.BSPSandbox}
//	flow, _ := sb.CreateFlow(ctx, app, providers.CreateFlowRequest{Name: "signup", Categories: []string{"SIGN_UP"}})
//	_, _ = sb.UpdateFlowJSON(ctx, app, flow.ID, flowJSON)
//	err := sb.PublishFlow(ctx, app, flow.ID) // providers.Retryable(err) is true
//	err = sb.PublishFlow(ctx, app, flow.ID)  // nil; the flow is PUBLISHED
//
// Afterwards Calls shows both publish attempts.
package sandbox
