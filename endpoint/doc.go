// Package endpoint serves one WhatsApp Flow's data endpoint: the HTTPS
// route WhatsApp calls, with an encrypted body, whenever a dynamic flow
// needs data (INIT, data_exchange, BACK), checks the endpoint's health
// (ping), or reports that an earlier answer was unusable.
//
// The core, [Handler.Handle], works on bytes: a [Request] (body and headers)
// in, a [Response] (status, body, content type) out. [Handler.ServeHTTP]
// mounts it on net/http; the fiberendpoint subpackage mounts it on Fiber.
//
// # Mounting on net/http
//
//	h, err := endpoint.New(endpoint.Config{Keys: keys, Program: prog, Host: host, Flow: flow})
//	if err != nil { return err }
//	http.Handle("/flows/endpoint", h)
//
// # What a request goes through
//
// In order, each step answering as soon as it fails:
//
//  1. Size: a body over Config.MaxBodyBytes gets 413.
//  2. Signature: with Config.AppSecrets, X-Hub-Signature-256 must be the
//     HMAC-SHA256 of the raw body under one of them; missing, malformed or
//     wrong gets 432.
//  3. Envelope: anything that does not decrypt with one of Config.Keys
//     (bad JSON, bad base64, wrong key, bad GCM tag) gets 421, which makes
//     the client fetch the current public key and retry once.
//  4. Payload: the plaintext must be a JSON object with an action and
//     fields of the right types, else 400.
//  5. Error notification: a request whose data carries a string error or
//     error_key (or only error_message, when it names no screen) reports an
//     earlier answer the client could not use. It goes to
//     Config.Notifications and is acknowledged, {"data":{"acknowledged":true}},
//     before any token check: the report is advisory.
//  6. ping: answered {"data":{"status":"active"}}, without touching tokens
//     or the script.
//  7. Action: anything but INIT, data_exchange and BACK gets 400.
//  8. Flow token: a missing one gets 400. With Config.Tokens, an invalid,
//     expired or foreign one gets 427. A Data API 4.0 flow_token_signature
//     is verified when Config.AppSecrets is set: a bad one gets 432, an
//     expired one 427.
//  9. Screen: a data_exchange must name a screen, and a data_exchange or
//     BACK naming a screen the flow lacks gets 400.
//  10. Script: the flow's handler runs on the [script.Host]. A fault
//     (exception, timeout, stack overflow, memory, bad or oversized answer)
//     gets 500 and is logged with its kind, line and column.
//  11. Answer check, then 200 with the sealed answer.
//
// # Status codes
//
// Handle answers 200, 400, 413, 421, 427, 432, 500 or 503 (the script host
// is closed or the caller went away); the adapters add 405. Every failure
// is an *[Error] whose Code names it; [StatusOf] maps an error to its
// status. Garbage input never gets a 5xx: 500 means the endpoint's own
// handler misbehaved, and WhatsApp shows its generic error.
//
// Before the envelope opens there is nothing to encrypt with, so those
// failures have empty bodies. After it opens, every failure's body is
// sealed with the request's key, {"error_msg": "..."}: the form the
// protocol defines for 427, whose text the client may show. A plaintext
// that is not JSON could therefore be answered encrypted, and it is: with
// 400, not 421, because the envelope did open (the sender had our public
// key), and a 421 would only make the client fetch the same key and send
// the same bytes again. The texts are fixed per code; causes, script
// messages and positions only go to the log.
//
// # The answer check
//
// Nothing the script returns reaches WhatsApp unchecked against
// Config.Flow. The answer must name a screen; SUCCESS must carry
// data.extension_message_response.params with the flow_token (it closes
// the flow and is allowed from any screen); any other screen must exist,
// its data must match the screen's declared data model, and the routing
// model must allow it:
//
//   - INIT may open only an entry screen, one no route leads to.
//   - data_exchange may answer its own screen (a refresh, or
//     data.error_message, which is valid on every screen) or a target of
//     its routes.
//   - BACK may answer its own screen or one that routes to it; a BACK
//     naming no screen may answer any screen. Flows without refresh_on_back
//     never send BACK, but when one comes it is answered like any other.
//
// A wrong answer is not sent: the client would only report
// invalid-screen-transition or payload-schema-error after showing the user
// an error. The request gets 500 and the log says which screen, which JSON
// pointer and what was expected (see [AnswerError]).
//
// # Keys and rotation
//
// Config.Keys is newest first. After uploading a new public key, keep the
// old private key in the set for a while: clients that still hold the old
// public key are served, and [Outcome].KeyIndex shows how many still do.
// Only a request that opens with neither gets 421.
//
// # Metrics
//
// Config.Observer, when set, is told every request's status, code, action
// and duration; the server turns that into Prometheus metrics.
package endpoint
