package script

import (
	"net/http"
	"strings"

	"github.com/dop251/goja"
)

// response is the host's side of a Response object: what the script cannot
// forge by building a look-alike object.
type response struct {
	status int
	body   string
}

// installResponse defines the Response class: new Response(body, init),
// Response.json(data, init), and on instances status, statusText, ok,
// headers.get/has, text() and json().
func (rt *runtime) installResponse() error {
	vm := rt.vm
	ctor, ok := vm.ToValue(func(cc goja.ConstructorCall) *goja.Object {
		body := ""
		if b := cc.Argument(0); !goja.IsUndefined(b) && !goja.IsNull(b) {
			body = b.String()
		}
		rt.initResponse(cc.This, body, cc.Argument(1), "")
		return nil
	}).(*goja.Object)
	if !ok {
		return errNotObject("Response")
	}
	proto, ok := ctor.Get("prototype").(*goja.Object)
	if !ok {
		return errNotObject("Response.prototype")
	}
	rt.responseProto = proto
	for name, fn := range map[string]func(goja.FunctionCall) goja.Value{
		"text": func(fc goja.FunctionCall) goja.Value {
			return rt.resolved(rt.vm.ToValue(rt.responseOf(fc.This, "text").body))
		},
		"json": func(fc goja.FunctionCall) goja.Value {
			r := rt.responseOf(fc.This, "json")
			v, err := rt.parse(goja.Undefined(), vm.ToValue(r.body))
			if err != nil {
				return rt.rejected(err)
			}
			return rt.resolved(v)
		},
	} {
		if err := proto.Set(name, fn); err != nil {
			return err
		}
	}
	err := ctor.Set("json", func(fc goja.FunctionCall) goja.Value {
		s, err := rt.stringify(goja.Undefined(), fc.Argument(0))
		if err != nil {
			rt.throw(err)
		}
		if goja.IsUndefined(s) {
			rt.throwType("Response.json: the data cannot be encoded as JSON")
		}
		obj := vm.CreateObject(proto)
		rt.initResponse(obj, s.String(), fc.Argument(1), "application/json")
		return obj
	})
	if err != nil {
		return err
	}
	if _, err := rt.freeze(goja.Undefined(), proto); err != nil {
		return err
	}
	return rt.global("Response", ctor)
}

func (rt *runtime) initResponse(obj *goja.Object, body string, init goja.Value, contentType string) {
	status, statusText, headers := 200, "", map[string]string{}
	if o, ok := init.(*goja.Object); ok {
		if v := o.Get("status"); v != nil && !goja.IsUndefined(v) {
			status = int(v.ToInteger())
			if status < 200 || status > 599 {
				rt.throwType("Response: status %d is outside 200-599", status)
			}
		}
		if v := o.Get("statusText"); v != nil && !goja.IsUndefined(v) {
			statusText = v.String()
		}
		if h, ok := o.Get("headers").(*goja.Object); ok {
			for _, k := range h.Keys() {
				headers[strings.ToLower(k)] = h.Get(k).String()
			}
		}
	}
	if _, set := headers["content-type"]; !set && contentType != "" {
		headers["content-type"] = contentType
	}
	rt.setResponse(obj, &response{status: status, body: body}, statusText, headers)
}

func (rt *runtime) newResponse(r *response, statusText string, headers map[string]string) *goja.Object {
	obj := rt.vm.CreateObject(rt.responseProto)
	rt.setResponse(obj, r, statusText, headers)
	return obj
}

func (rt *runtime) setResponse(obj *goja.Object, r *response, statusText string, headers map[string]string) {
	if statusText == "" {
		statusText = http.StatusText(r.status)
	}
	for k, v := range map[string]any{
		"status":     r.status,
		"statusText": statusText,
		"ok":         r.status >= 200 && r.status <= 299,
		"headers":    rt.headers(headers),
	} {
		if err := obj.DefineDataProperty(k, rt.vm.ToValue(v), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE); err != nil {
			rt.throw(err)
		}
	}
	rt.call.responses[obj] = r
}

func (rt *runtime) responseOf(this goja.Value, method string) *response {
	if o, ok := this.(*goja.Object); ok {
		if r, ok := rt.call.responses[o]; ok {
			return r
		}
	}
	rt.throwType("Response.prototype.%s called on an object that is not a Response", method)
	return nil
}

// headers builds a read-only view with case-insensitive get and has.
func (rt *runtime) headers(h map[string]string) *goja.Object {
	obj, err := rt.methods(map[string]func(goja.FunctionCall) goja.Value{
		"get": func(fc goja.FunctionCall) goja.Value {
			if v, ok := h[strings.ToLower(fc.Argument(0).String())]; ok {
				return rt.vm.ToValue(v)
			}
			return goja.Null()
		},
		"has": func(fc goja.FunctionCall) goja.Value {
			_, ok := h[strings.ToLower(fc.Argument(0).String())]
			return rt.vm.ToValue(ok)
		},
	})
	if err != nil {
		rt.throw(err)
	}
	return obj
}

func (rt *runtime) resolved(v goja.Value) goja.Value {
	p, resolve, _ := rt.vm.NewPromise()
	if err := resolve(v); err != nil {
		rt.throw(err)
	}
	return rt.vm.ToValue(p)
}

// rejected returns a promise rejected with the JavaScript value of a goja
// exception, or with an Error for any other error.
func (rt *runtime) rejected(err error) goja.Value {
	if ex, ok := err.(*goja.Exception); ok {
		return rt.rejectWith(ex.Value())
	}
	return rt.rejectWith(rt.vm.NewGoError(err))
}

func (rt *runtime) rejectWith(reason goja.Value) goja.Value {
	p, _, reject := rt.vm.NewPromise()
	if err := reject(reason); err != nil {
		rt.throw(err)
	}
	return rt.vm.ToValue(p)
}

type errNotObject string

func (e errNotObject) Error() string { return string(e) + " is not an object" }
