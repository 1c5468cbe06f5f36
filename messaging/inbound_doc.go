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
