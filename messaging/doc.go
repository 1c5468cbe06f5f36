// Package messaging is waflow's messaging: sending messages and keeping
// their status, managing message templates, and, on the inbound side,
// webhooks, subscriptions and flow responses.
//
// # Sending
//
// [Service.Send] takes a [SendRequest], an app and a
// [providers.OutboundMessage], and
//
//  1. checks the message ([providers.OutboundMessage.Validate]) and that
//     the app's BSP can send its kind ([providers.SenderOf]);
//  2. resolves what the message names: a flow by waflow's id or name to the
//     id the app's BSP gave it (see [FlowResolver]), a template to the
//     app's stored template, whose parameters must fit it;
//  3. fills in a signed flow token (crypto.Tokens, recipient and flow id)
//     wherever a flow is opened without one, so that the completion can be
//     linked back to the message;
//  4. stores the message as PENDING, then sends it, then stores SENT with
//     the BSP's id and the wamid, or FAILED with the BSP's code and
//     message.
//
// Nothing is stored when step 1, 2 or 3 refuses the request, and a stored
// message is never left PENDING because the caller went away: the send and
// its recording finish on their own deadline.
//
// # Flow messages
//
// Published mode (the default) opens the last published version, so the
// flow must have been published on the app, and be neither DEPRECATED nor
// BLOCKED; a published flow being edited (DRAFT again) still qualifies.
// Draft mode opens the draft and WhatsApp refuses it for published flows,
// so it needs a DRAFT. Refusals are a [*StateError]. CTA labels are held
// to 20 characters, what every client accepts.
//
// # Templates in messages
//
// A template message is checked against the stored template, which must be
// APPROVED: a POSITIONAL template's {{1}}…{{n}} take n text parameters in
// order, a NAMED template's {{name}} take parameters named after them, a
// media header takes media of its kind, and every button component names a
// button of the template of the matching kind. Mismatches are a
// [*ParametersError] naming each component, button and placeholder.
//
// # Idempotency
//
// With an idempotency key, the first request stores its message under
// (scope, key), where the scope is the API key. A repeated request gets
// that message back without a second send; a different body under the same
// key is an [*IdempotencyError]. A unique index makes concurrent duplicates
// store, and so send, once; the losers return the winner's message.
//
// # Statuses
//
// A message moves PENDING → SENT → DELIVERED → READ, or to FAILED from any
// of them ([Advances]). Every report is kept in the message's history with
// its time, source and whether it applied: a DELIVERED that arrives after
// READ is history only. Reports find their message by the BSP's id or the
// wamid, whichever the BSP uses ([Service.ApplyStatus],
// [Service.ReportStatus]).
//
// # Templates
//
// [TemplateService] keeps each app's templates. [ValidateTemplate] applies
// Meta's rules before anything is submitted, and errors name the component
// and field. A template is DRAFT until submitted, PENDING until reviewed,
// then APPROVED, PAUSED, DISABLED or REJECTED as the BSP reports
// ([TemplateService.ApplyTemplateStatus] from webhooks,
// [TemplateService.Sync] by reading the BSP); a submission the BSP refused
// is FAILED with its reason.
//
// # Example
//
//	msgs := messaging.NewService(db.Messages(), db.Templates(), appResolver, providerSet,
//		messaging.Options{Flows: lifecycleflows.New(flows), Tokens: tokens})
//	m, replayed, err := msgs.Send(ctx, messaging.SendRequest{
//		AppID:          appID,
//		IdempotencyKey: "order-42-signup",
//		OutboundMessage: providers.OutboundMessage{
//			To:   "15550001234",
//			Type: providers.MessageInteractive,
//			Interactive: &providers.Interactive{
//				Type: providers.InteractiveFlow, Body: "Sign up in a minute",
//				Flow: &providers.FlowAction{FlowName: "signup", CTA: "Sign up"},
//			},
//		},
//	})
//	// err is a *ValidationError, *StateError, *providers.UnsupportedError
//	// (nothing stored), or a *SendError (stored FAILED); m.FlowToken is
//	// the token the completion will carry.
//
// # Inbound webhooks
//
// [Inbound] is the path of every BSP webhook, mounted at
// /wa/v2/webhooks/{bsp}/ ([Inbound.HTTPHandler] for net/http; package
// httpapi for the server):
//
//  1. the body is bounded (MaxBodyBytes, 3 MB by default, as Meta's
//     payloads go) and its signature checked over the raw bytes before
//     anything parses it: Meta's X-Hub-Signature-256 with the app_secret
//     of any app on that BSP, or a secret configured for the BSP (the
//     sandbox's). Missing is 401, wrong 403, and nothing is stored;
//  2. the raw body is stored in the inbox before the BSP is answered 200.
//     Concurrent requests share transactions (a group commit), so a burst
//     costs one commit per batch, not per webhook;
//  3. [Inbound.Run] claims stored bodies (a lease, and SKIP LOCKED on
//     PostgreSQL, so instances share the work), parses them into
//     [providers.Event] values and drops the events already processed:
//     (BSP, DedupeKey) is a unique key, which holds across instances;
//  4. statuses go to a [StatusSink], template events to a
//     [TemplateStatusSink], flow status changes and alerts to a
//     [FlowStatusSink] (which mirrors THROTTLED and BLOCKED); user
//     messages are stored, and a flow completion (nfm_reply) becomes a
//     [FlowResponse] linked to its flow;
//  5. each new event gets one delivery per matching subscription, written
//     in the transaction that marks the body processed.
//
// A process that dies after answering 200 loses nothing: the body is
// stored, and its lease runs out so another round processes it. A sink
// that fails makes the body be retried with backoff; sinks are idempotent.
// Meta's GET handshake (hub.mode=subscribe, hub.verify_token compared in
// constant time with the apps' verify_token values, hub.challenge echoed)
// is [Inbound.Handshake].
//
// # Flow responses
//
// A completion's response_json is stored decoded, with the flow token,
// the message answered (context id) and the user. Its flow is the one
// named by waflow's signed flow token (even expired), else the flow of the
// message the reply answers, found through [SentMessages]. [Responses]
// lists a flow's responses by time window and user, a page at a time.
//
// # Subscriptions and deliveries
//
// [Subscriptions] manages endpoints that receive events: a URL, the event
// types (message, status, template_status, flow_response, flow_status), an
// optional list of apps, and a secret, sealed at rest and never shown. A
// URL that resolves to a loopback, private, link-local or shared address
// is refused when saved, and every connection of a delivery dials only an
// address checked at that moment, which defeats DNS rebinding;
// AllowPrivateTargets lifts both checks.
//
// [Deliverer] sends the outbox: it claims due deliveries under a lease
// (SKIP LOCKED on PostgreSQL, so several instances never send the same
// delivery at once) and POSTs each as JSON:
//
//	POST <url>
//	Content-Type: application/json
//	Waflow-Event-Id: evt_06f3…
//	Waflow-Signature: t=1767225600,v1=89fe20ccec1a8a421c2384be3c69eedd89db80ca5f75a1658893067edbf44386
//
//	{"id": "evt_06f3…", "type": "message", "created_at": "…",
//	 "data": {"bsp": "META", "app_ids": ["app_…"], "event": {…}}}
//
// v1 is the lowercase hex HMAC-SHA256, keyed with the subscription's
// secret, of the decimal timestamp t, a dot, and the raw body. A receiver
// recomputes it over the bytes it received, compares in constant time,
// refuses a t more than a few minutes from its clock, and remembers the
// event ids it has seen for that long: a replayed request then fails one
// check or the other. [VerifyDeliverySignature] does the first two. The
// example above is the signature of the body {"id":"evt_1"} at
// t=1767225600 with the secret "subscription-secret-0123456789".
//
// A 2xx answer delivers. Network errors, timeouts, 408, 429 and 5xx are
// retried with exponential backoff and jitter until MaxAttempts; any other
// answer, redirects included, is final. A delivery that gives up is dead:
// GET /wa/v2/subscriptions/{id}/deliveries?state=dead lists it and POST
// …/deliveries/{delivery_id}/redeliver queues it again. Delivery is at
// least once, so receivers de-duplicate on Waflow-Event-Id. Deliveries of
// one conversation (the same subscription and user, template or flow)
// leave one at a time in the order they were queued.
//
// # Example: the inbound side
//
//	in, err := messaging.NewInbound(db.Inbox(), messaging.InboundOptions{
//		Receivers:     map[providers.BSP]providers.WebhookReceiver{providers.BSPMeta: meta.Webhooks{}},
//		Apps:          appService,
//		Statuses:      msgs,
//		Templates:     templates,
//		Subscriptions: db.Subscriptions(),
//		Tokens:        tokens,
//		Sent:          db.Messages(),
//		Delivered:     deliverer.Kick,
//	})
//	if err != nil {
//		return err
//	}
//	go in.Run(ctx)
//	go deliverer.Run(ctx)
//	http.Handle("/wa/v2/webhooks/meta/", in.HTTPHandler(providers.BSPMeta))
package messaging
