// Package kapso is waflow's provider for Kapso (kapso.ai), a BSP that
// wraps Meta's Cloud API in two HTTP APIs under one project key.
//
// # Two surfaces
//
// The Platform API (/platform/v1) holds Kapso's own flow records:
// snake_case resources, answers wrapped in {"data": …}. The Meta proxy
// (/meta/whatsapp/{version}) passes Meta's Graph paths and JSON through
// unchanged. Each operation uses the surface the providers reference
// (§4, §7.1) documents for it:
//
//	CreateFlow       Platform  POST /whatsapp/flows, then proxy POST /{meta_flow_id} for the categories
//	UpdateFlowJSON   Platform  POST /whatsapp/flows/{id}/versions, flow_json as an object
//	                 (proxy    POST /{meta_flow_id}/assets for text that is not a JSON object)
//	PublishFlow      Platform  POST /whatsapp/flows/{id}/publish
//	GetFlow          Platform  GET /whatsapp/flows/{id}, and proxy GET /{meta_flow_id}?fields=status,validation_errors
//	PreviewFlow      Platform  preview_url of the flow (proxy fields=preview.invalidate(false) when absent)
//	DeprecateFlow    proxy     POST /{meta_flow_id}/deprecate
//	DeleteFlow       proxy     DELETE /{meta_flow_id}
//	SendMessage      proxy     POST /{phone_number_id}/messages, Meta's message JSON
//	templates        proxy     /{waba_id}/message_templates: POST, GET (list), GET …/{id}, PUT ?hsm_id=, DELETE
//	SetupEncryption  Platform  POST /whatsapp/flows/{id}/setup_encryption
//
// Proxy calls addressed by a flow id alone carry ?phone_number_id= (the
// app's), which tells Kapso which WhatsApp config the call is for.
// Templates are addressed by the app's waba_id, which Kapso apps must then
// have.
//
// # Authentication
//
// Every call sends the app's api_key credential ([CredentialAPIKey]) as
// X-API-Key on both surfaces. The key and the webhook secret are passed
// to the shared transport as secrets: no log line holds them, in headers,
// URLs or bodies.
//
// # Flow ids
//
// A flow's remote id is Kapso's UUID, as the Platform API names it. The
// same flow has a Meta id, meta_flow_id, which the proxy, messages,
// templates and Meta's webhooks use. The mapping is Kapso's to keep and
// is read back whenever needed: [Provider.LookupFlow] returns the [Flow]
// with both ids; proxy operations look the Meta id up first (one GET);
// SendMessage and the template calls accept either id for a flow, turning
// a UUID into its meta_flow_id before sending. Flow events Meta forwards
// name the Meta id.
//
// # Statuses
//
// GetFlow reports Meta's status read through the proxy: the Platform
// API's lower-case word is documented only as "draft", Meta's statuses
// are all documented. CreateFlow, which answers from the Platform API
// alone, maps Kapso's word by upper-casing it; a word that is none of
// Meta's is providers.FlowUnknown, its RawStatus kept.
//
// Refusals of the Platform API carry no Meta code ({"error": "…"}, 422
// for what Meta refused), so a refused upload or publish reads the flow's
// status to report a refusal by status as ErrorConflict, and anything
// else (validation errors, integrity) as ErrorInvalid.
//
// # Encryption and data endpoints
//
// Kapso generates and holds the flows key pair of a phone number and
// hosts the data endpoint behind it. waflow therefore offers neither
// SetPublicKey nor SetEndpoint for Kapso: both answer
// *[providers.UnsupportedError]. [Provider.SetupEncryption] asks Kapso to
// set up its managed key for a flow.
//
// # Errors
//
// Failures are *[providers.Error] with BSP KAPSO. The proxy's Graph
// envelope keeps Meta's code and message, and the whole *[meta.GraphError]
// in Err; Kapso's own envelopes ({"error": "text"}, {"error": {"code",
// "message"}}, {"message"}) keep their message and code. Kinds: 401 and
// 403 ErrorAuth, 404 ErrorNotFound, 429 and Meta's throttling codes
// ErrorThrottled, 5xx and unreadable gateway pages ErrorUnavailable, other
// 4xx ErrorInvalid; 139001–139004 ErrorConflict. A send refused with 409
// ("another message in flight for this conversation") is ErrorThrottled
// and retried, as Kapso asks.
//
// # Webhooks
//
// [Webhooks] verifies X-Webhook-Signature (hex HMAC-SHA256 of the raw
// body with the webhook secret, no prefix, constant-time, several
// secrets for rotation) and parses both kinds of Kapso webhook: its own
// v2 events and Meta's payloads it forwards, which are read by package
// meta. Messages and statuses normalize exactly as Meta's, with the same
// dedupe keys ("message:<wamid>", "status:<wamid>:<status>").
//
// # Unconfirmed in the reference, and the choice made
//
//   - Platform flow statuses other than "draft": mapped by upper-casing;
//     GetFlow relies on Meta's status instead.
//   - Deleting through the proxy: Kapso's record is taken to go with the
//     Meta flow (the Platform API then answers 404).
//   - Whether Kapso signs forwarded Meta payloads: its docs say every
//     webhook is signed, so every delivery must carry X-Webhook-Signature.
//   - The event name of a v2 payload is only in a header, which
//     ParseWebhook is not given: direction "inbound" is a received
//     message, "outbound" a status, reported once with the raw Meta status
//     from message.kapso.statuses matching message.kapso.status.
//   - Buffered batches: {"batch": true, "data": [payloads]}, as Kapso's
//     webhook overview shows; a bare array is read too.
//   - Where a flow completion's response sits: Meta's nfm_reply when
//     present, else Kapso's parsed message.kapso.flow_response and
//     flow_token.
//   - Template and flow status events exist only as forwarded Meta
//     payloads; they are read when they come.
//   - The shape of validation_errors in a version object: Meta's, with
//     bare strings accepted too.
//   - The categories Kapso gives a flow it creates: whatever they are,
//     CreateFlow sets the requested ones through the proxy.
//
// Kapso creates a flow with a starter welcome screen when given no
// document, so a new Kapso flow can be published before any upload,
// unlike a Meta one. The reconciler always uploads before publishing.
//
// # Example
//
//	p := kapso.New(kapso.Options{})
//	app := providers.App{BSP: providers.BSPKapso, PhoneNumberID: "647015955153740", WABAID: "102290129340398",
//		Credentials: map[string]string{kapso.CredentialAPIKey: key}}
//	flow, err := p.CreateFlow(ctx, app, providers.CreateFlowRequest{Name: "Book a table", Categories: []string{"APPOINTMENT_BOOKING"}})
//	verrs, err := p.UpdateFlowJSON(ctx, app, flow.ID, doc) // a new version; errors block publishing only
//	err = p.PublishFlow(ctx, app, flow.ID)
//	kf, err := p.LookupFlow(ctx, app, flow.ID) // kf.MetaFlowID is the flow's id at Meta
//	res, err := p.SendMessage(ctx, app, providers.OutboundMessage{To: "15550001234", Type: providers.MessageInteractive,
//		Interactive: &providers.Interactive{Type: providers.InteractiveFlow, Body: "Book now",
//			Flow: &providers.FlowAction{FlowID: flow.ID, CTA: "Book", Token: "tok-1"}}}) // sent with the meta_flow_id
//
// Package kapsotest fakes both surfaces for tests; see example_test.go.
package kapso
