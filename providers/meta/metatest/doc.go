// Package metatest is a fake of Meta's Graph API for WhatsApp (Cloud API
// and Flows API) on an httptest server, strict enough that an adapter bug
// in encoding, ids, state or signatures fails a test instead of
// production. No test reaches the network.
//
// # What it checks
//
// Every request needs "Authorization: Bearer <Options.Token>" (401, code
// 190 otherwise; Options.ExpiredToken gets subcode 463) and a version in
// the path (/v23.0/…, any vN.N). Errors use the Graph envelope with a
// fbtrace_id and Meta's HTTP statuses: ids that name nothing are code 100
// subcode 33 (HTTP 400), throttling is HTTP 400, a missing template 404.
//
//   - Flows: create (JSON or form; flow_json must be a string; names
//     unique per WABA; categories from Meta's list), list with cursors,
//     get with fields= (preview, health_status, json_version, …), metadata
//     update, Flow JSON upload as multipart only (file, name=flow.json,
//     asset_type=FLOW_JSON, ≤ 10 MB), publish, deprecate, delete, with
//     Meta's state machine: editing a PUBLISHED flow moves it back to DRAFT
//     while users keep the published version (Options.LegacyPublishedEdits
//     refuses with 139001 instead); publish only a clean DRAFT (139002);
//     deprecate only a published flow (139003, also when already
//     deprecated); delete only a never-published DRAFT (139004).
//   - Validation stub: unparsable JSON (its line and column), no version,
//     no screens, a screen called SUCCESS, a routing model naming unknown
//     screens, and a component of type [MagicInvalidComponent], reported
//     at its pointer as INVALID_PROPERTY_VALUE with Meta's odd path
//     spacing. Uploads with errors succeed; publishing refuses.
//   - Messages: JSON only, messaging_product, a recipient, exactly one of
//     id and link for media, reactions to messages the fake sent, flow
//     messages (flow_message_version the string "3", one of flow_id and
//     flow_name, flow_cta of 1 to 20 characters, payload only with
//     navigate, mode against the flow's state, BLOCKED 132068, THROTTLED
//     10 an hour 132069), templates (APPROVED in that language, body
//     parameter count 132000, FLOW buttons where the template has one),
//     and the 24-hour window for everything but templates (131047) unless
//     Options.NoServiceWindow; [Server.Inbound] opens it.
//   - Templates: create (name pattern, category, a BODY, FLOW buttons
//     naming one published flow), list with filters and cursors, get, edit
//     (APPROVED/REJECTED/PAUSED only, an APPROVED one once a day and
//     keeping its category), delete by name or hsm_id+name (DISABLED
//     refused; an APPROVED name is reserved 30 days). Review is a test
//     hook: [Server.ApproveTemplate], RejectTemplate, PauseTemplate,
//     DisableTemplate.
//   - Public keys: form or JSON business_public_key, an RSA key of at
//     least 2048 bits.
//
// # What it does not do
//
// Duplicate template names are refused with code 100 and no subcode, as
// the reference knows no other; so is an edit the status forbids. Publish
// with validation errors answers 139002 (Meta's real code there is
// unconfirmed). Media upload, metrics and migration are not faked.
//
// # Faults and webhooks
//
// [Server.Inject] queues [Fault] answers per method and edge ([Unauthorized],
// [TooManyRequests], [Throttled], [InternalError], [BadGatewayHTML],
// [Slow]). [Server.Requests] is the request log, [Server.Sent] the body of
// an accepted message. The webhook builders (TextWebhook, FlowReplyWebhook,
// StatusWebhook, TemplateStatusWebhook, FlowStatusWebhook, [Batch]) write
// Meta's envelopes from the fake's own state, and [Server.Deliver] posts
// them signed with X-Hub-Signature-256, or spoiled by a [Tamper].
// [Server.Subscribe] plays the verification handshake.
//
// # Example
//
//	srv := metatest.New(t, metatest.Options{NoServiceWindow: true})
//	p := meta.New(meta.Options{BaseURL: srv.URL})
//	app := providers.App{BSP: providers.BSPMeta, WABAID: "100", PhoneNumberID: "200",
//		Credentials: map[string]string{"access_token": srv.Token()}}
//	srv.Inject("POST", "messages", metatest.Throttled(130429))
//	res, err := p.SendMessage(ctx, app, msg) // retried once, then accepted
//	body, _ := srv.Sent(res.ID)             // what Meta received
package metatest
