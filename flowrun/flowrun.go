package flowrun

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/dop251/goja"
)

// source is the runtime's JavaScript, the same file a browser loads.
//
//go:embed runtime/flowrun.js
var source string

// Script returns the JavaScript of the runtime. Served to a browser as a
// classic script, it defines the global WaflowRuntime.
func Script() string { return source }

// bridge adapts the JavaScript walker to Go: every call crosses as JSON
// text, so Go sees plain JSON values (float64 numbers, map[string]any
// objects) and the walker sees fresh copies it cannot share with Go.
const bridge = `(function (flow, options) {
  var w = WaflowRuntime.create(JSON.parse(flow), JSON.parse(options));
  return function (method, args) {
    var r = w[method].apply(w, JSON.parse(args));
    return r === undefined ? "null" : JSON.stringify(r);
  };
})`

// programs are the runtime and the bridge, compiled once per process and
// run in every [Runtime].
type programs struct {
	runtime, bridge *goja.Program
}

var compiled = sync.OnceValues(func() (programs, error) {
	rt, err := goja.Compile("flowrun.js", source, true)
	if err != nil {
		return programs{}, fmt.Errorf("flowrun: compile flowrun.js: %w", err)
	}
	br, err := goja.Compile("bridge.js", bridge, true)
	if err != nil {
		return programs{}, fmt.Errorf("flowrun: compile bridge: %w", err)
	}
	return programs{runtime: rt, bridge: br}, nil
})

// Options start a walk. The zero value walks from the first screen (or
// INIT, for a flow with a data_api_version) with an empty flow token and
// the client's input checks on.
type Options struct {
	// FlowToken is the flow_token of the message that opened the flow; it
	// goes into every request and into the completion payload.
	FlowToken string
	// InitialScreen and InitialData are the message's flow_action_payload:
	// the screen to open and its data. An endpoint flow given an
	// InitialScreen opens it directly instead of sending INIT, as WhatsApp
	// does for a flow sent with flow_action "navigate".
	InitialScreen string
	InitialData   map[string]any
	// SkipInputChecks lets the Footer act on inputs the client would
	// refuse (required ones empty, malformed email addresses, ...) and
	// SetValue pick options the list lacks, so that a walk can reach the
	// endpoint's own checks.
	SkipInputChecks bool
}

// jsOptions is Options as the JavaScript create() takes them.
func (o Options) jsOptions() map[string]any {
	data := o.InitialData
	if data == nil {
		data = map[string]any{}
	}
	return map[string]any{
		"flowToken":     o.FlowToken,
		"initialScreen": o.InitialScreen,
		"initialData":   data,
		"checkInputs":   !o.SkipInputChecks,
	}
}
