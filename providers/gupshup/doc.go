// Package gupshup is the providers.Provider for Gupshup, implementing
// providers.Messenger (flows, the flows public key, messages, templates)
// and providers.WebhookReceiver. Facts and their confidence come from the
// providers reference §2; gupshuptest is its fake server.
//
// # Three API surfaces
//
// Gupshup splits WhatsApp over three APIs, and each operation uses the one
// that documents it:
//
//	surface                 host (Options)                auth header              encoding            used for
//	Partner API             partner.gupshup.io/partner    Authorization: <token>   JSON, form, multipart  flows, templates, template/msg
//	v3 passthrough          partner …/app/{id}/v3/message Authorization: <token>   JSON (Meta's body)  flow messages, FLOW-button templates, reactions, interactive, media by id
//	self-serve ("v1")       api.gupshup.io                apikey: <API key>        form                /wa/api/v1/msg sends, the flows public key
//
// The app token is sent raw, without "Bearer". An app's settings.base_url
// replaces both hosts (a test server serving /partner/… and /wa/… alike).
//
// # Credentials and settings
//
// settings.app_id (Gupshup's app UUID, in every Partner API path) and
// settings.app_name (src.name of form sends); phone_number (the source);
// credentials app_token (required), api_key (v1 sends and the public key)
// and webhook_secret (see Webhooks). Every credential is scrubbed from the
// request, response and retry lines logged through Options.Logger.
//
// # Flows
//
// Create, upload (PUT …/assets, multipart part "file"), publish,
// deprecate, delete, get and preview go through the Partner API. Two
// documented quirks are handled: the get endpoint's envelope key "status"
// ("success") overwrites the flow's status, so when the status read is not
// a flow status it is read from the list endpoint (a bare array); and
// delete uses the singular …/flow/{id} of every curl sample, falling back
// to …/flows/{id} on a 404. SetEndpoint is unsupported: endpoint_uri is
// taken at creation only. Deprecating twice is ErrorConflict wrapping
// providers.ErrAlreadyDeprecated, found by reading the flow.
//
// # Sending
//
// settings.message_api chooses the surface per app, and per message kind:
//
//	auto (default)  the form-encoded API when it can express the message
//	                faithfully, the v3 passthrough otherwise
//	v3              everything through the v3 passthrough (Meta's body)
//	v1              the form-encoded APIs only; other kinds are refused as
//	                ErrorInvalid naming the setting
//
// The form-encoded APIs take: a text or link media (image, video, audio,
// document without caption) on /wa/api/v1/msg, as long as the app has an
// api_key, with the message in Gupshup's format as a JSON string in the
// form field "message"; and a template whose values are positional body
// texts on template/msg, with the JSON-string field template
// {"id": "<Gupshup template id>", "params": [...]} (the id is looked up by
// name and language in the template list first). Callback data, media by
// id, stickers, voice notes, reactions, interactive and flow messages and
// templates with header, button or named values exist only in Meta's
// format, so they take the v3 passthrough, which Gupshup documents as
// beta for select partners with Callback Billing enabled. Mark-read is
// unsupported: no Gupshup surface documents it.
//
// # Ids
//
// Every send answers Gupshup's message id (providers.SendResult.ID); WAMID
// is set only if the answer's id is a wamid, which Gupshup's documented
// answers never are. Status webhooks name the message by Gupshup's id when
// they carry it (v2 gsId, v3 gs_id, or the v2 id of enqueued and failed
// events), otherwise by the wamid (v2 events more than a week late).
// Flow replies name the flow message by v3 context.gs_id, else
// context.meta_msg_id (the wamid); context.id is Gupshup's short id and is
// never used.
//
// # Templates
//
// Created and edited form-encoded (buttons a JSON string; FLOW buttons by
// flow_id; positional variables; example fields with the samples in place),
// listed from the Partner API, read by finding the id in the list (there
// is no documented read of one template), and deleted by name, which
// removes every language. Statuses map with providers.MapTemplateStatus:
// SUBMITTED, IN_REVIEW, APPEALED are PENDING; DESACTIVATED and DELETED are
// DISABLED; FAILED (the submission to Meta failed) is FAILED.
//
// # Webhooks
//
// [Webhooks] parses both subscription formats into providers.Event: v2
// (message, message-event with gsId, template-event) and v3 (Meta's
// envelope with gs_app_id, statuses with gs_id, an enqueued status timed
// in milliseconds, failures as code and reason, nfm_reply). enqueued maps
// to PENDING. User, billing and account events, set-callback, deleted and
// category or quality updates are skipped.
//
// Gupshup does not sign webhooks. The subscription's meta.headers makes it
// send a custom header; VerifyWebhook accepts a delivery whose header
// (Options.WebhookHeader, default DefaultWebhookHeader) equals one of the
// app's webhook secrets. This is weaker than a signature: the secret
// travels with every delivery and the body is not covered, so only TLS
// keeps either intact; restrict the webhook URL to Gupshup's addresses
// where possible. A secret in the URL's query is not checked here: the
// receiver interface sees headers and body only.
//
// # Errors
//
// Refusals are *providers.Error values keeping Gupshup's message, with an
// *APIError in Err. Gupshup has no error codes, so Kind comes from the
// HTTP status and, for its overloaded 400, from the documented messages in
// one table (errors.go). 429 and refused connections are retried for every
// call, 5xx and timeouts for idempotent ones only: never a send or a
// creation.
//
// # UNCONFIRMED in the reference, and the choice made
//
//   - Flow delete path (/flow/ vs /flows/): singular, plural on 404.
//   - Whether the get endpoint's status is clobbered: assumed it may be;
//     the list is read when the status is not a flow status.
//   - v1 image keys originalUrl and previewUrl: both carry the link.
//   - Reactions and flows in v1: not used; v3 only.
//   - Template create keys of FLOW buttons beyond type, text and flow_id:
//     Meta's names (flow_action, navigate_screen); containerMeta read back
//     with the same names.
//   - Public-key answer: any 2xx without the error envelope is success.
//   - Endpoint flows: endpoint_uri is sent on create when given.
//
// # Example
//
//	p := gupshup.New(gupshup.Options{})
//	app := providers.App{BSP: providers.BSPGupshup, PhoneNumber: "+15550009999",
//		Settings:    map[string]string{gupshup.SettingAppID: "5b9b6d2e-…", gupshup.SettingAppName: "shop"},
//		Credentials: map[string]string{gupshup.CredentialAppToken: "sk_…", gupshup.CredentialAPIKey: "…"}}
//	flow, _ := p.CreateFlow(ctx, app, providers.CreateFlowRequest{Name: "booking", Categories: []string{"OTHER"}})
//	verrs, _ := p.UpdateFlowJSON(ctx, app, flow.ID, doc)
//	_ = p.PublishFlow(ctx, app, flow.ID)
//	res, _ := p.SendMessage(ctx, app, providers.OutboundMessage{To: "15550001234", Type: providers.MessageInteractive,
//		Interactive: &providers.Interactive{Type: providers.InteractiveFlow, Body: "Book a table",
//			Flow: &providers.FlowAction{FlowID: flow.ID, CTA: "Book", Token: "session-42"}}})
//	// res.ID is Gupshup's id; status webhooks report on it.
package gupshup
