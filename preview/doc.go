// Package preview serves a flow in the browser: a page that draws the
// flow's screens in a phone frame with WhatsApp's look, lets its author
// walk it (type, pick, press, go back), and shows beside the phone the
// screen's data, the form values, the data exchanges with the endpoint in
// plaintext and the validator's findings on the current screen.
//
// # One runtime
//
// The page draws what WaflowRuntime says: the JavaScript of package
// flowrun, served as it is, the same file the Go [flowrun.Walker] runs in
// goja for "waflow test" and the sandbox's simulated user. The runtime
// evaluates If and Switch, resolves bindings and expressions, checks the
// inputs and runs the actions; preview.js only renders its view() and
// turns clicks into setValue, press and back. A flow therefore behaves the
// same in the browser, in scenario tests and in the sandbox.
//
// # The real envelope
//
// Requests of an endpoint flow (INIT, data_exchange, BACK) go from the
// page to POST exchange as plaintext. The [Handler] seals each one to the
// flow's public key with a fresh AES key as WhatsApp does, signs it when
// the flow's endpoint checks signatures, hands it to the flow's
// [endpoint.Handler] (the same code the server's data endpoint runs: the
// envelope, the flow token check, the handler script, the check of the
// answer against the flow) and opens the answer. A status other than 200
// comes back with what WhatsApp makes of it (see [Meaning]) and the cause
// the real endpoint only logs.
//
// # Where flows come from
//
// A [Loader] returns the flow on every request for its data. [Files]
// reads a flow and its script from disk ("waflow preview FILE"); the
// server's /preview/flows/{id} loads a stored flow's current revision and
// script (package httpapi). The page polls GET version and restarts the
// flow when the version changes, so an edit shows within a second.
//
// # Example
//
//	key, _ := crypto.GenerateKey(nil, crypto.MinKeyBits)
//	files := &preview.Files{Flow: "order.json", Script: "order.js", Key: key, Host: host}
//	http.Handle("/", preview.New(preview.Options{Load: files.Load}))
package preview
