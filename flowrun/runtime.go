package flowrun

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dop251/goja"
)

// maxCallStack bounds the JavaScript call depth. The deepest the runtime
// goes is an expression at flowjson's nesting limit, well under this.
const maxCallStack = 4096

// Runtime is the JavaScript walker of one flow running in its own goja
// runtime. It is not safe for concurrent use: give each goroutine (each
// simulated user) its own.
type Runtime struct {
	vm   *goja.Runtime
	call goja.Callable // (method, argsJSON) → resultJSON
}

// New starts a runtime for a Flow JSON document. The flow should be valid
// (see flowjson.Validate): the runtime trusts its structure, and reports
// what it cannot walk as an [*Error] when it meets it.
func New(flow []byte, opts Options) (*Runtime, error) {
	progs, err := compiled()
	if err != nil {
		return nil, err
	}
	if !json.Valid(flow) {
		return nil, &Error{Op: "create", Kind: KindRefused, Message: "the flow is not JSON"}
	}
	optsJSON, err := json.Marshal(opts.jsOptions())
	if err != nil {
		return nil, fmt.Errorf("flowrun: options: %w", err)
	}
	vm := goja.New()
	vm.SetMaxCallStackSize(maxCallStack)
	if _, err := vm.RunProgram(progs.runtime); err != nil {
		return nil, fmt.Errorf("flowrun: load flowrun.js: %w", err)
	}
	bv, err := vm.RunProgram(progs.bridge)
	if err != nil {
		return nil, fmt.Errorf("flowrun: load bridge: %w", err)
	}
	create, ok := goja.AssertFunction(bv)
	if !ok {
		return nil, errors.New("flowrun: bridge is not a function")
	}
	rt := &Runtime{vm: vm}
	cv, err := create(goja.Undefined(), vm.ToValue(string(flow)), vm.ToValue(string(optsJSON)))
	if err != nil {
		return nil, rt.wrap("create", err)
	}
	if rt.call, ok = goja.AssertFunction(cv); !ok {
		return nil, errors.New("flowrun: bridge returned no function")
	}
	return rt, nil
}

// invoke calls a walker method with args and decodes its result into out.
func (rt *Runtime) invoke(method string, out any, args ...any) error {
	if args == nil {
		args = []any{}
	}
	in, err := json.Marshal(args)
	if err != nil {
		return &Error{Op: method, Kind: KindRefused, Message: "arguments are not JSON: " + err.Error()}
	}
	v, err := rt.call(goja.Undefined(), rt.vm.ToValue(method), rt.vm.ToValue(string(in)))
	if err != nil {
		return rt.wrap(method, err)
	}
	if err := json.Unmarshal([]byte(v.String()), out); err != nil {
		return fmt.Errorf("flowrun: %s: decode result: %w", method, err)
	}
	return nil
}

// wrap classifies a JavaScript failure: an Error named FlowError is a
// refused step, anything else a fault of the script.
func (rt *Runtime) wrap(op string, err error) error {
	var ex *goja.Exception
	if errors.As(err, &ex) {
		if obj, ok := ex.Value().(*goja.Object); ok {
			if name := obj.Get("name"); name != nil && name.String() == "FlowError" {
				return &Error{Op: op, Kind: KindRefused, Message: obj.Get("message").String()}
			}
		}
		return &Error{Op: op, Kind: KindScript, Message: ex.String()}
	}
	return &Error{Op: op, Kind: KindScript, Message: err.Error()}
}

// Start opens the flow: the initial screen, or an INIT request for an
// endpoint flow.
func (rt *Runtime) Start() (Outcome, error) {
	var o Outcome
	return o, rt.invoke("start", &o)
}

// View renders the current screen.
func (rt *Runtime) View() (View, error) {
	var v View
	return v, rt.invoke("view", &v)
}

// State returns everything the walk keeps.
func (rt *Runtime) State() (State, error) {
	var s State
	return s, rt.invoke("state", &s)
}

// Value resolves a reference path as the current screen sees it:
// "data.x", "form.y", "screen.ID.form.z". A missing value is nil.
func (rt *Runtime) Value(path string) (any, error) {
	var v any
	return v, rt.invoke("value", &v, path)
}

// SetValue enters a value into an input of the current screen, as the
// user does; selecting may fire on-select and on-unselect actions.
func (rt *Runtime) SetValue(name string, value any) (Outcome, error) {
	var o Outcome
	return o, rt.invoke("setValue", &o, name, value)
}

// Press presses a Footer, link or item (see [Target]).
func (rt *Runtime) Press(t Target) (Outcome, error) {
	var o Outcome
	return o, rt.invoke("press", &o, t)
}

// Back presses the back button.
func (rt *Runtime) Back() (Outcome, error) {
	var o Outcome
	return o, rt.invoke("back", &o)
}

// Receive feeds the endpoint's answer to the request of the last outcome.
func (rt *Runtime) Receive(answer map[string]any) (Outcome, error) {
	var o Outcome
	return o, rt.invoke("receive", &o, answer)
}
