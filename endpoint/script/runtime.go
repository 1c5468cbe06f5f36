package script

import (
	"container/list"
	"fmt"

	"github.com/dop251/goja"
)

// runtime is one goja runtime set up for one program. It is used by one
// goroutine at a time: the pool hands it to a single Run.
type runtime struct {
	key  programKey
	prog *Program
	host *Host
	vm   *goja.Runtime

	factory   goja.Callable // returns a fresh instance of the script's entry function
	parse     goja.Callable // JSON.parse as it was before the script ran
	stringify goja.Callable // JSON.stringify likewise
	freeze    goja.Callable // Object.freeze likewise

	kv            *goja.Object
	responseProto *goja.Object

	call *call         // the call in progress
	elem *list.Element // position in the pool while idle
}

func (h *Host) newRuntime(p *Program) (*runtime, error) {
	vm := goja.New()
	vm.SetMaxCallStackSize(h.opts.MaxCallStack)
	rt := &runtime{key: keyOf(p), prog: p, host: h, vm: vm}
	var ok [3]bool
	json := vm.Get("JSON").ToObject(vm)
	rt.parse, ok[0] = goja.AssertFunction(json.Get("parse"))
	rt.stringify, ok[1] = goja.AssertFunction(json.Get("stringify"))
	rt.freeze, ok[2] = goja.AssertFunction(vm.Get("Object").ToObject(vm).Get("freeze"))
	if !ok[0] || !ok[1] || !ok[2] {
		return nil, fmt.Errorf("script: set up runtime for %s: JSON or Object built-ins missing", p.name)
	}
	setup := []func() error{rt.installConsole, rt.installResponse, rt.installKV}
	if len(h.allowed) > 0 {
		setup = append(setup, rt.installFetch)
	}
	if h.opts.Media != nil {
		setup = append(setup, rt.installDecryptMedia)
	}
	for _, f := range setup {
		if err := f(); err != nil {
			return nil, fmt.Errorf("script: set up runtime for %s: %w", p.name, err)
		}
	}
	v, err := vm.RunProgram(p.prg)
	if err != nil {
		return nil, fmt.Errorf("script: set up runtime for %s: %w", p.name, err)
	}
	if rt.factory, ok[0] = goja.AssertFunction(v); !ok[0] {
		return nil, fmt.Errorf("script: set up runtime for %s: compiled program is not a function", p.name)
	}
	return rt, nil
}

// global defines a frozen, read-only global, so a script cannot replace a
// host function for its own later calls.
func (rt *runtime) global(name string, v *goja.Object) error {
	if _, err := rt.freeze(goja.Undefined(), v); err != nil {
		return err
	}
	return rt.vm.GlobalObject().DefineDataProperty(name, v, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// methods builds an object of native functions.
func (rt *runtime) methods(fns map[string]func(goja.FunctionCall) goja.Value) (*goja.Object, error) {
	obj := rt.vm.NewObject()
	for name, fn := range fns {
		if err := obj.Set(name, fn); err != nil {
			return nil, err
		}
	}
	return obj, nil
}

// throw raises err from a native function: goja's own errors as they are
// (an interrupt must stay uncatchable), any other as a JavaScript Error.
func (rt *runtime) throw(err error) {
	switch err.(type) {
	case *goja.Exception, *goja.InterruptedError, *goja.StackOverflowError:
		panic(err)
	}
	panic(rt.vm.NewGoError(err))
}

func (rt *runtime) throwType(format string, args ...any) {
	panic(rt.vm.NewTypeError(fmt.Sprintf(format, args...)))
}
