package script

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/dop251/goja"
)

// errNoFlowToken is thrown into a script that uses kv on a request without
// a flow token (ping and some error notifications carry none).
var errNoFlowToken = errors.New("kv: this request has no flow_token to keep state under")

// installKV builds the kv object. Its methods are synchronous: they return
// the value itself, not a promise, and block the script until the store
// answers (within the call's deadline). `await kv.get(k)` still works, as
// await accepts plain values.
func (rt *runtime) installKV() error {
	kv, err := rt.methods(map[string]func(goja.FunctionCall) goja.Value{
		"get":    rt.kvGet,
		"set":    rt.kvSet,
		"delete": rt.kvDelete,
	})
	if err != nil {
		return err
	}
	if _, err := rt.freeze(goja.Undefined(), kv); err != nil {
		return err
	}
	rt.kv = kv
	if rt.prog.form == FormKapso {
		return rt.global("kv", kv)
	}
	return nil
}

func (rt *runtime) kvToken() string {
	if rt.call.token == "" {
		rt.throw(errNoFlowToken)
	}
	return rt.call.token
}

func (rt *runtime) kvGet(fc goja.FunctionCall) goja.Value {
	token, key := rt.kvToken(), fc.Argument(0).String()
	v, ok, err := rt.host.opts.KV.Get(rt.call.ctx, token, key)
	if err != nil {
		rt.throw(fmt.Errorf("kv.get %q: %w", key, err))
	}
	if !ok {
		return goja.Null()
	}
	return rt.vm.ToValue(v)
}

// kvSet is set(key, value, ttl): value must be a string; ttl is seconds, or
// an options object {expirationTtl: seconds} as Workers KV takes it.
func (rt *runtime) kvSet(fc goja.FunctionCall) goja.Value {
	token, key := rt.kvToken(), fc.Argument(0).String()
	value, ok := fc.Argument(1).Export().(string)
	if !ok {
		rt.throwType("kv.set %q: the value must be a string; store objects with JSON.stringify", key)
	}
	ttl := rt.kvTTL(key, fc.Argument(2))
	if err := rt.host.opts.KV.Set(rt.call.ctx, token, key, value, ttl); err != nil {
		rt.throw(fmt.Errorf("kv.set %q: %w", key, err))
	}
	return goja.Undefined()
}

func (rt *runtime) kvTTL(key string, arg goja.Value) time.Duration {
	if goja.IsUndefined(arg) || goja.IsNull(arg) {
		return 0
	}
	if o, ok := arg.(*goja.Object); ok {
		arg = o.Get("expirationTtl")
		if arg == nil || goja.IsUndefined(arg) {
			return 0
		}
	}
	secs := arg.ToFloat()
	if math.IsNaN(secs) || secs < 0 || secs > math.MaxInt64/float64(time.Second) {
		rt.throwType("kv.set %q: the ttl must be a number of seconds", key)
	}
	return time.Duration(secs * float64(time.Second))
}

func (rt *runtime) kvDelete(fc goja.FunctionCall) goja.Value {
	token, key := rt.kvToken(), fc.Argument(0).String()
	if err := rt.host.opts.KV.Delete(rt.call.ctx, token, key); err != nil {
		rt.throw(fmt.Errorf("kv.delete %q: %w", key, err))
	}
	return goja.Undefined()
}
