// Package kapsotest is a fake of Kapso's two APIs on an httptest server:
// the Platform API (/platform/v1) and the Meta proxy
// (/meta/whatsapp/{version}), strict enough that an adapter bug in
// encoding, ids, state or signatures fails a test instead of production.
// No test reaches the network.
//
// # Design
//
// A real Kapso keeps its flow records and calls Meta behind them; so does
// the fake. Behind both surfaces is a [metatest.Server] ([Server.Meta]),
// called in process: every flow the Platform API creates is a Meta flow
// there, with Meta's state machine, validation stub and Graph errors, and
// the proxy relays Meta's answers unchanged. A flow's state is therefore
// the same through both surfaces, and the Meta fake's hooks (template
// review, flow health, the customer-service window, Meta's webhook
// builders, Graph faults) work for Kapso tests too.
//
// # What it checks
//
//   - Authentication: X-API-Key must be Options.APIKey on both surfaces
//     (the proxy also takes the Meta token as a Bearer token); otherwise
//     401 {"error": "Invalid API key"}.
//   - Platform flows: ids are UUIDs distinct from meta_flow_id; answers
//     are wrapped in {"data": …}, lists add {"meta": {page, per_page,
//     total_pages, total_count}}; flow_json must be a JSON object;
//     versions carry validation_errors as Meta reports them, null (never
//     []) when clean; the status is Meta's in lower case. Creating without
//     flow_json gives the flow [StarterScreen], Kapso's welcome screen,
//     unless Options.EmptyDrafts. Meta's refusals come back as 422
//     {"error": "<Meta's text>"}. setup_encryption answers "success" and
//     then "already_configured".
//   - Proxy: the first id of the path must be a phone number or WABA of
//     the project, or the query must name one (phone_number_id,
//     business_account_id): 400 when nothing resolves the config, 403 for
//     one outside the project. Kapso's own forms are rewritten to Meta's:
//     GET /{phone}/flows, GET /{waba}/message_templates/{id},
//     PUT /{waba}/message_templates?hsm_id=. Deleting a flow through the
//     proxy removes Kapso's record too.
//
// # Faults and the request log
//
// [Server.Inject] queues [Fault] answers by method and route
// ("platform.versions", "proxy.messages", …), before authentication, as
// a gateway answers: [Unauthorized], [Refused] and [RefusedNested]
// (Kapso's two error envelopes, 400 or 422), [IntegrityBlocked],
// [InFlight] (409), [TooManyRequests] with Retry-After, [ServerError],
// [BadGatewayHTML] and [Slow] for timeouts. Meta's own errors behind the
// proxy are injected with Server.Meta.Inject. [Server.Requests] lists
// every request with its surface, route, query, headers and raw body.
//
// # Webhooks
//
// The builders write Kapso's v2 payloads from the fake's state:
// [Server.ReceivedText], [Server.ReceivedFlowReply] (Meta's nfm_reply and
// Kapso's parsed flow_response, or the latter alone), [Server.Status]
// (with the cumulative history of Meta statuses, errors on failure),
// [Server.ConversationCreated] and [Batch]; [ForwardMeta] wraps Meta's
// payloads for webhooks of kind "meta". [Server.Deliver] posts them
// signed as Kapso does (X-Webhook-Signature, hex HMAC-SHA256 of the raw
// body), with X-Webhook-Event, X-Idempotency-Key and
// X-Webhook-Payload-Version, redelivering on failure after the given
// waits ([RetrySchedule] is Kapso's), or spoiled by a [Tamper]: wrong
// secret, no signature, altered body, re-serialized body, Meta's
// "sha256=" prefix.
//
// # What it does not do
//
// Kapso-hosted data endpoints (function code, deploy, register), webhook
// management routes, stored-history endpoints and media are not faked.
//
// # Example
//
//	srv := kapsotest.New(t, kapsotest.Options{})
//	p := kapso.New(kapso.Options{BaseURL: srv.URL})
//	app := providers.App{BSP: providers.BSPKapso, PhoneNumberID: kapsotest.DefaultPhoneNumberID,
//		WABAID: kapsotest.DefaultWABAID, Credentials: map[string]string{"api_key": srv.APIKey()}}
//	srv.Inject("POST", "proxy.messages", kapsotest.InFlight())
//	res, err := p.SendMessage(ctx, app, msg) // retried once, then accepted
//	body, _ := srv.Meta.Sent(res.ID)         // what Meta received through the proxy
package kapsotest
