// Package gupshuptest is a fake of Gupshup's Partner, self-serve and v3
// passthrough APIs on one httptest server, strict where Gupshup is, so
// that an adapter bug in encoding, auth, ids or state fails a test instead
// of production. No test reaches the network.
//
// # What it checks
//
//   - Auth: Partner paths (/partner/app/{appId}/…) need the raw app token in
//     Authorization ("Bearer sk_…" is refused, 401 "Authentication
//     Failed"); self-serve paths need the apikey header, and /wa/api/v1/msg
//     nests its 401 message as Gupshup does. An unknown app id is 400
//     "Invalid App Details".
//   - Encodings: flows and v3 sends take JSON only, Flow JSON uploads
//     multipart only (part "file"), templates and both form sends
//     form-urlencoded only, with message, template and buttons as JSON
//     strings. v1 and template/msg answer JSON labelled text/html.
//   - Flows: create (unique names, Meta's categories; endpoint_uri refused
//     unless Options.EndpointFlows), list as a bare array, get with the
//     envelope's "status": "success" overwriting the flow's (unless
//     Options.HonestFlowStatus), metadata and JSON edits in DRAFT only,
//     publish a clean DRAFT only, deprecate a published one only, delete a
//     never-published DRAFT only, on DELETE …/flow/{id} (…/flows/{id} with
//     Options.PluralDeletePath, the singular then answering 404). Unknown
//     flow ids are 400 with Meta's text, as Gupshup flattens it.
//   - Validation stub: unparsable JSON (line and column), no version, no
//     screens, and components of type [MagicInvalidComponent] at their
//     pointer. Uploads with errors succeed; publishing refuses.
//   - Sending: v1 (channel, source, src.name, destination, a known
//     message type), template/msg (a known template id), v3 with Meta's
//     rules for flows (flow_message_version "3", one of flow_id and
//     flow_name, a CTA of 1 to 20 characters, mode against the flow's
//     state), templates (APPROVED, body parameter count, FLOW buttons)
//     and reactions; Options.NoCallbackBilling refuses v3 sends. Every
//     accepted message gets Gupshup's id and a wamid for its webhooks.
//   - Templates: form create (name pattern, category, content, example
//     when there are variables, FLOW buttons naming a PUBLISHED flow),
//     duplicates refused, list with containerMeta and meta as JSON strings
//     and times in ms, edit back to PENDING, delete by name. Review is a
//     test hook: [Server.ApproveTemplate], [Server.SetTemplateStatus].
//   - Public key: JSON public_key, an RSA key of at least 2048 bits.
//
// # Faults and webhooks
//
// [Server.Inject] queues a [Fault] per [Route]: [Unauthorized], [Invalid]
// (400 with Gupshup's envelope), [TooManyRequests] with Retry-After,
// [InternalError], [BadGatewayHTML], [Slow] (a timeout). [Server.Requests]
// is the request log, [Server.Sent] the body of an accepted message.
//
// The webhook builders write Gupshup's bodies from the fake's own state:
// version 2 [Server.MessageV2], [Server.MessageEventV2] (enqueued and
// failed by Gupshup's id, the rest by wamid with gsId, or late without
// it), [Server.TemplateEventV2]; version 3 [Server.TextV3],
// [Server.StatusV3] (enqueued in ms without metadata, failed with code
// and reason), [Server.FlowReplyV3] (context with gs_id, a short id and
// meta_msg_id). [Server.Deliver] posts them unsigned, with the custom
// header a subscription's meta.headers would add.
//
// # What it does not do
//
// The partner login and app-token chain, subscriptions, the 10 requests a
// minute limit (inject TooManyRequests instead), media upload, and the
// asynchronous failure of a template send with wrong parameters.
//
// # Example
//
//	srv := gupshuptest.New(t, gupshuptest.Options{})
//	p := gupshup.New(gupshup.Options{})
//	app := providers.App{BSP: providers.BSPGupshup, PhoneNumber: "+" + srv.PhoneNumber(),
//		Settings: map[string]string{"app_id": srv.AppID(), "app_name": srv.AppName(), "base_url": srv.URL},
//		Credentials: map[string]string{"app_token": srv.AppToken(), "api_key": srv.APIKey()}}
//	srv.Inject(gupshuptest.RouteV3Message, gupshuptest.TooManyRequests(time.Second))
//	res, err := p.SendMessage(ctx, app, msg) // retried once, then accepted
//	body, _ := srv.Sent(res.ID)             // what Gupshup received
package gupshuptest
