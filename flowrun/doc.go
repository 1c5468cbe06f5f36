// Package flowrun walks WhatsApp Flows the way the WhatsApp client does,
// without a phone: one user, one flow, one screen at a time.
//
// The runtime is written once, in JavaScript (runtime/flowrun.js, embedded
// and returned by [Script]), so that the browser preview and the Go tools
// run the same code. In a browser it is a classic script defining the
// global WaflowRuntime; in Go, [Runtime] runs it in a goja runtime of its
// own, and [Walker] connects it to a data endpoint. "waflow test", "waflow
// simulate" and the sandbox's simulated user are built on the Walker.
//
// # What the runtime does
//
// Given a Flow JSON document it keeps the current screen, its data
// (${data…}) and form values (${form…}), the values of earlier screens for
// global references (${screen.ID.form|data.x}) and the back stack. It
// renders the current screen: If conditions and Switch values evaluated,
// invisible components left out, bindings and backtick expressions
// resolved with the operators of Flow JSON §6.3 (and '*'). The expression
// parser is a port of flowjson's, checked against it on a shared table:
// the syntax errors are the validator's, word for word.
//
// Pressing the Footer first checks the inputs shown (required, min and max
// characters, email, phone, number and passcode inputs, pattern, date
// ranges, unavailable dates and weekdays, selected item counts), with the
// input's error-message, or its Form's error-messages, when given. Then
// it runs the action:
//
//   - navigate: the next screen, the resolved payload as its data;
//   - complete: the flow ends with the resolved payload plus flow_token;
//   - data_exchange: a request {action, screen, data, flow_token, version}
//     for the host; its answer opens a screen (the same screen keeps its
//     inputs), shows an error_message, or, SUCCESS, completes the flow with
//     extension_message_response.params;
//   - update_data: merged into the current screen's data;
//   - open_url: reported to the host.
//
// Selecting options fires on-select-action and on-unselect-action (the
// component's and the option's). Back returns to the previous screen as it
// was left; from a screen with refresh_on_back in an endpoint flow it sends
// BACK first. An endpoint flow opens with INIT unless it is given an
// initial screen; a flow without endpoint opens its first screen with the
// data the message carried (Options.InitialData), never __example__ values.
//
// # The JavaScript API
//
//	const w = WaflowRuntime.create(flowJSON, {flowToken, initialScreen, initialData, checkInputs});
//	w.start()             // → outcome
//	w.setValue(name, v)   // → outcome (on-select actions), or {type: "none"}
//	w.press(target)       // "footer" | {link: text} | {item: id} → outcome
//	w.back()              // → outcome
//	w.receive(answer)     // the endpoint's answer to outcome.request → outcome
//	w.view()              // {status, screen, title, terminal, tree, errors, message, pending, completion, stack}
//	w.state()             // everything kept, as JSON
//	w.value(path)         // "data.x", "form.y", "screen.ID.form.z"
//
// An outcome is {type: "screen" | "request" | "complete" | "update" |
// "open_url" | "invalid" | "closed" | "none", ...}: see [Outcome]. A step
// the walk cannot take throws an Error named "FlowError" ([KindRefused]
// in Go). The rendered tree is plain JSON: {type, name?, props, value?,
// error?, children?} per component, actions shown as {name, next?, url?}
// (see [Node]). WaflowRuntime.checkExpression and evaluateExpression
// expose the expression language on its own.
//
// # Walking from Go
//
// A [Walker] sends each request through an [Exchanger] and feeds the
// answer back before it returns, so every call is one user action.
// [EnvelopeExchanger] is the endpoint as WhatsApp reaches it: the request
// is sealed to the endpoint's public key, handled by an
// [endpoint.Handler] (the handler script and the check of its answer) and
// the answer opened with the request's key.
//
//	ex := flowrun.EnvelopeExchanger{Transport: h, Public: &key.PublicKey}
//	w, err := flowrun.NewWalker(flowJSON, ex, flowrun.Options{FlowToken: "tok"})
//	step, err := w.Start(ctx)                  // INIT, answered: step.Outcome.Screen == "CHOOSE"
//	_, err = w.SetValue(ctx, "size", "large")
//	step, err = w.Press(ctx, flowrun.Footer()) // data_exchange, answered: "DETAILS"
//	view, err := w.View()                      // view.Text() has what the screen shows
//
// A Runtime, and so a Walker, belongs to one goroutine.
//
// # Scenarios
//
// A scenario is a JSON file that walks a flow and checks what happens,
// run by "waflow test FLOW --scenario FILE [--script FILE]" ([Scenario.Run]):
//
//	{
//	  "name": "order a large pizza",
//	  "flow_token": "pizza-1",                          // default "waflow-test"
//	  "initial": {"screen": "CHOOSE", "data": {}},      // optional: the message's flow_action_payload
//	  "steps": [
//	    {"expect_screen": "CHOOSE"},
//	    {"select": {"size": "large", "toppings": ["olives"]}},
//	    {"fill": {"name": "Ada"}},
//	    {"press": "footer"},                            // or {"link": "text"}, {"item": "id"}
//	    {"back": true},
//	    {"expect_value": {"path": "form.size", "equals": "large"}},
//	    {"expect_text": "Large pizza"},
//	    {"expect_error": {"field": "name", "message": "required"}},  // or "substring of any error"
//	    {"expect_complete": {"size": "large"}}          // a subset of the completion payload
//	  ]
//	}
//
// Each step is an object with one key. fill and select enter values in
// file order (select takes an id or a list of ids and checks they are
// options); press and back act; the expect_ steps check the screen shown,
// a value as the screen resolves it, the text on the screen (title, texts,
// labels, options), an input's message or the endpoint's error_message,
// and the completion (from a complete action or a SUCCESS answer). The
// run stops at the first failed step with a [*StepError].
package flowrun
