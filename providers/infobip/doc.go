// Package infobip drives WhatsApp Flows, messages, templates and webhooks
// through Infobip's WhatsApp API. [Provider] implements
// [providers.Provider], [providers.MessageSender],
// [providers.TemplateManager] and [providers.WebhookReceiver]; its fake
// server is package infobiptest.
//
// # Transport
//
// Every call carries "Authorization: App <api_key>" (the app's
// credential [CredentialAPIKey]) and goes to the account's own host,
// settings.base_url ([SettingBaseURL]) or else Options.BaseURL; Infobip has
// no shared host. The sender is the app's business phone number, digits
// in international format without "+", in paths (/whatsapp/1/senders/
// {sender}/…) and in the "from" of messages. Bodies are JSON with
// camelCase keys in Infobip's own shapes, not Meta's. Retries go through
// the shared transport: 429 for every call, 5xx and timeouts for
// idempotent ones only (never a send or a creation); logs never show the
// API key or the webhook secret.
//
// # Flows and keys
//
// Create (name, categories; Infobip starts the flow with a default
// flow.json), upload the Flow JSON as the raw body of PUT …/flows/{id}/json
// (validation errors come back camelCase with a line and column range and
// no pointer; the upload succeeds anyway), publish, deprecate and delete
// (all answered 204), preview. Infobip refuses edits of a flow that is not
// a DRAFT, so editing a PUBLISHED flow is an ErrorConflict rather than a
// new draft. GetFlow reads the flow list, as there is no call for one
// flow: it gives the status but not the last upload's validation errors.
// SetEndpoint is unsupported: Infobip documents no way to set a flow's
// endpoint_uri (and CreateFlow refuses a request carrying one). The
// business public key goes as the multipart part "file" of
// POST …/public-key.
//
// # Messages and ids
//
// Text, media (image, video, audio, document, sticker; by link only),
// reply buttons, lists, URL buttons, location requests, flows
// (/message/interactive/flow, integer flowMessageVersion 3, upper-case
// mode and flowAction) and templates (the bulk /message/template, a bulk
// of one; FLOW buttons as {"type":"FLOW","flowToken","data"}), and
// marking a message read. Reactions are unsupported. SendResult.ID is
// Infobip's messageId, or the one Options.MessageID minted; Infobip never
// shows the wamid. Delivery and seen reports name the message by the same
// id, and so do the StatusUpdate events parsed from them.
//
// # Statuses
//
// Flow statuses use Meta's words. Template statuses map with
// [providers.MapTemplateStatus]: FIRST_PAUSED and SECOND_PAUSED are
// PAUSED, IN_APPEAL is PENDING, FLAGGED and REINSTATED are APPROVED,
// PENDING_DELETION and DELETED are DISABLED. Delivery reports map by
// status group: PENDING (and ACCEPTED) is PENDING, DELIVERED is
// DELIVERED, UNDELIVERABLE, EXPIRED and REJECTED are FAILED with the
// report's error; a seen report is READ. Infobip has no "sent" report and
// no flow status webhook.
//
// # Webhooks
//
// Bodies are batched under "results": inbound messages (text, media with
// the download URL as media id, location, buttons, list and button
// replies, INTERACTIVE_FLOW_REPLY whose response is already an object),
// delivery reports and seen reports, in any mix; a template status update
// comes as one object. Dedupe keys are "message:<messageId>",
// "status:<messageId>:<group or SEEN>" and
// "template_status:<id>:<status>:<timestamp>". Inbound messages and seen
// reports name the business by its sender number in Event.Account, as
// Infobip writes it (no "+"); delivery reports and template updates name
// no business.
//
// [Webhooks] verifies per the subscription profile's security: BASIC
// (each secret is "user:password") by default, or HMAC over the raw body.
//
// # Unconfirmed, and the choices made
//
// The reference could not confirm these; each is a choice, made in one
// place so a sandbox capture can change it:
//
//   - The HMAC header and encoding: [DefaultHMACHeader] "X-Signature",
//     hex or base64, an optional "sha256=" prefix, SHA-256 unless
//     Webhooks.HMACAlgorithm says otherwise (names as in Infobip's
//     security settings).
//   - Whether template updates are wrapped in "results": both are read.
//   - The template update's timestamp form: Infobip's date text or Unix
//     milliseconds are both read.
//   - The quote of an earlier message: "context": {"messageId": …}.
//   - A URL button at /message/interactive/url-button, a location request
//     at /message/interactive/location-request with a body only.
//   - The answer to a template edit: read back with GET, whatever it is.
//   - Deletion of templates by name, every language at once.
//   - A status refusal is told from a bad request by its violations naming
//     only "flowId" or "templateId" (ErrorConflict), a duplicate template
//     by looking the name up after a 400.
//   - context.id in an inbound reply is taken as Infobip's id of the
//     outbound message answered.
//
// # Example
//
//	p := infobip.New(infobip.Options{})
//	app := providers.App{BSP: providers.BSPInfobip, PhoneNumber: "+441134960000",
//		Credentials: map[string]string{"api_key": key},
//		Settings:    map[string]string{"base_url": "https://xyz123.api.infobip.com"}}
//	flow, err := p.CreateFlow(ctx, app, providers.CreateFlowRequest{Name: "booking", Categories: []string{"OTHER"}})
//	verrs, err := p.UpdateFlowJSON(ctx, app, flow.ID, flowJSON)
//	err = p.PublishFlow(ctx, app, flow.ID)
//	res, err := p.SendMessage(ctx, app, providers.OutboundMessage{To: "+15550001234",
//		Type: providers.MessageInteractive, Interactive: &providers.Interactive{
//			Type: providers.InteractiveFlow, Body: "Book a table",
//			Flow: &providers.FlowAction{FlowID: flow.ID, CTA: "Book", Token: token}}})
//	// res.ID is Infobip's messageId; delivery reports carry it.
package infobip
