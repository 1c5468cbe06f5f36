// Package script runs the JavaScript handler of a flow's data endpoint.
//
// After the endpoint has decrypted a request from WhatsApp, it hands the
// request to a [Host], which calls the flow's handler script in a goja
// runtime and returns the plaintext answer for the endpoint to check and
// encrypt. The host bounds every call in time, call depth, memory and
// answer size, so a runaway script is answered with an error and the server
// keeps serving.
//
// # Script forms
//
// [Compile] accepts two forms and detects which from the top-level
// declarations.
//
// The Kapso form, as Kapso's data-endpoint functions are written:
//
//	async function handler(request, env) {
//	  const body = await request.json()
//	  // body: {source: "whatsapp_flow", flow: {id}, received_at,
//	  //        data_exchange: {version, action, screen, data, flow_token}}
//	  return Response.json({screen: "NEXT", data: {}})
//	}
//
// request has json(), text(), method and headers; env holds the flow's
// settings and secrets ([Request.Env]). The answer is the JSON body of the
// returned Response, which must have a 2xx status. Response.json(data,
// init) and new Response(body, init) are provided; a look-alike object is
// not accepted.
//
// The plain form:
//
//	function handle(req, ctx) {
//	  // req: the decrypted request plus flow_id
//	  // ctx: {env, kv, flow_id, flow_token}
//	  return {screen: "NEXT", data: {}}
//	}
//
// It may return {error_message: "..."} instead, which becomes the protocol's
// "same screen, with an error" answer: {screen: <request's screen>, data:
// {error_message}}. Either form may be async or return a promise.
//
// The answer must be {screen, data} (data defaults to {}) or one of the
// protocol's screen-less answers, {data: {acknowledged: true}} and {data:
// {status: "active"}}. Anything else is a [FaultBadAnswer].
//
// # What a script sees
//
// Scripts run in strict mode with the ECMAScript built-ins and these host
// objects, all frozen:
//
//   - console.log, info, debug, warn, error: to [Options.Logger], with the
//     flow_id, flow_token and script attributes.
//   - kv (a global in the Kapso form, ctx.kv in the plain form): get(key),
//     set(key, value, ttl), delete(key) on the [KV] entries of the request's
//     flow token. They are synchronous: they return the value (get gives
//     null for a missing key) and throw on failure. await works on them as on
//     any value. Values are strings; ttl is seconds, or {expirationTtl}.
//   - Response, as above.
//   - fetch(url, init), only when [Options.AllowedHosts] is set. It returns
//     a promise of a Response; a URL on any other host gives a rejected
//     promise with a TypeError naming the host.
//   - decryptMedia(item), only when [Options.Media] is set: a promise of the
//     decrypted file of a PhotoPicker or DocumentPicker item, base64 encoded.
//
// There is no require, no file system, no timers and no network beyond
// fetch. Nothing a script starts outlives its call: when the call ends,
// pending fetches are cancelled and their results dropped.
//
// # Runtimes and isolation
//
// A [Program] is compiled once; cache it by [Program.Revision]. The host
// keeps a pool of idle runtimes, each bound to one program: a runtime is
// set up for a program once (built-ins, host objects, the compiled code)
// and then serves one call at a time of that program only, so one flow's
// script can never see another's runtime.
//
// The script's code is compiled inside a function that the host calls
// afresh for every call: top-level let, const, var and function
// declarations are new on each call, so a value kept in a top-level
// variable does not carry over to the next request, whoever's it is. Keep
// per-user state in kv. Strict mode turns assignments to undeclared names
// into ReferenceErrors instead of globals, and the host objects are frozen.
// What remains shared between calls of the same program on one runtime is
// whatever the script changes on the built-ins themselves (for example
// adding to Array.prototype or globalThis); scripts must not rely on it, and
// since it never crosses programs, it cannot leak one flow's data into
// another's.
//
// # Limits and faults
//
// Each call has a wall-clock budget ([Options.Timeout], at most 9 s as
// WhatsApp waits 10 s) and honours the caller's context. On the deadline
// the host calls the runtime's Interrupt; a watchdog does the same when the
// Go heap grows past [Options.MaxHeapBytes] during the call; and the call
// depth is capped with SetMaxCallStackSize. A failed call returns a
// *[ScriptError] whose [Fault] tells exception, timeout, memory, stack
// overflow, bad answer, oversized answer and a promise that can never settle
// apart, with the line and column in the script where it happened. A
// runtime that faulted is dropped, never reused; the interrupt flag of a
// runtime going back to the pool is cleared first.
//
// # Example
//
//	prog, err := script.Compile("booking.js", `
//	  function handle(req, ctx) {
//	    if (req.action === "INIT") return {screen: "DATES", data: {}}
//	    if (!req.data.date) return {error_message: "Pick a date"}
//	    ctx.kv.set("date", req.data.date)
//	    return {screen: "CONFIRM", data: {date: req.data.date}}
//	  }`)
//	if err != nil {
//	  return err // *script.CompileError with line and column
//	}
//	host := script.NewHost(script.Options{Timeout: 2 * time.Second})
//	defer host.Close()
//	ans, err := host.Run(ctx, prog, script.Request{FlowID: "1234", Body: decrypted})
//	var se *script.ScriptError
//	if errors.As(err, &se) && se.Fault == script.FaultTimeout {
//	  // answer WhatsApp with an error status; the host keeps serving
//	}
//	// ans.Raw is the JSON to encrypt: {"screen":"CONFIRM","data":{"date":"..."}}
package script
