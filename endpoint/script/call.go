package script

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// call is one run of a program on a runtime: the request, the watchers that
// may interrupt it, and the small event loop that lets promises wait for
// work the host does on other goroutines (fetch, decryptMedia).
type call struct {
	h     *Host
	rt    *runtime
	req   Request
	token string
	raw   []byte // the request body as JSON

	ctx    context.Context // bounded by the budget; cancelled when the call ends
	cancel context.CancelFunc

	mu          sync.Mutex
	done        bool
	reason      *interruption
	interrupted chan struct{} // closed by the first interrupt

	timer   *time.Timer
	stopCtx func() bool

	// Touched only by the goroutine running the call.
	pending   int               // host work started and not yet settled
	jobs      chan func() error // settlements of host work
	finished  chan struct{}     // closed when the call ends
	responses map[*goja.Object]*response
}

var promiseType = reflect.TypeFor[*goja.Promise]()

// interruption is what the host passes to vm.Interrupt, and why.
type interruption struct {
	fault Fault // 0 when the caller cancelled: not the script's fault
	msg   string
	cause error
}

func (i *interruption) Error() string { return i.msg }

// settle runs on the call's goroutine and gives the value to resolve the
// promise with, or the reason to reject it with.
type settle func() (value, reason goja.Value)

func (h *Host) startCall(ctx context.Context, rt *runtime, req Request, raw []byte) *call {
	c := &call{
		h:           h,
		rt:          rt,
		req:         req,
		token:       req.flowToken(),
		raw:         raw,
		interrupted: make(chan struct{}),
		jobs:        make(chan func() error),
		finished:    make(chan struct{}),
		responses:   map[*goja.Object]*response{},
	}
	budget := h.opts.Timeout
	c.ctx, c.cancel = context.WithTimeout(ctx, budget)
	c.timer = time.AfterFunc(budget, func() {
		c.interrupt(&interruption{fault: FaultTimeout, cause: context.DeadlineExceeded,
			msg: fmt.Sprintf("the script ran past its %v budget", budget)})
	})
	c.stopCtx = context.AfterFunc(ctx, func() {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			c.interrupt(&interruption{fault: FaultTimeout, cause: context.DeadlineExceeded,
				msg: "the script ran past the caller's deadline"})
			return
		}
		c.interrupt(&interruption{cause: context.Cause(ctx), msg: "the caller cancelled the call"})
	})
	rt.call = c
	h.watch.add(c)
	return c
}

// interrupt stops the script at its next instruction, or the event loop if
// it is waiting. Only the first reason counts, and none after the call ended,
// so that a runtime going back to the pool carries no stray interrupt.
func (c *call) interrupt(r *interruption) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done || c.reason != nil {
		return
	}
	c.reason = r
	close(c.interrupted)
	c.rt.vm.Interrupt(r)
}

func (c *call) finish() {
	c.mu.Lock()
	c.done = true
	c.mu.Unlock()
	c.timer.Stop()
	c.stopCtx()
	c.h.watch.remove(c)
	c.cancel()
	close(c.finished)
	c.rt.call = nil
}

func (c *call) run() (Answer, error) {
	prog := c.rt.prog
	v, err := c.rt.factory(goja.Undefined())
	if err != nil {
		return Answer{}, c.fail(err)
	}
	entry, ok := goja.AssertFunction(v)
	if !ok {
		return Answer{}, c.fault(FaultException, fmt.Sprintf("%s is not a function when the script has run", prog.form.entryName()), nil)
	}
	args, err := c.arguments()
	if err != nil {
		return Answer{}, c.fail(err)
	}
	ret, err := entry(goja.Undefined(), args...)
	if err != nil {
		return Answer{}, c.fail(err)
	}
	// ExportType is cheap where Export would copy a whole answer object.
	if o, ok := ret.(*goja.Object); ok && o.ExportType() == promiseType {
		if ret, err = c.await(o.Export().(*goja.Promise)); err != nil {
			return Answer{}, err
		}
	}
	return c.answer(ret)
}

// arguments builds the entry function's arguments for the program's form,
// each a fresh JavaScript value the script may change freely.
func (c *call) arguments() ([]goja.Value, error) {
	vm := c.rt.vm
	env := vm.NewObject()
	for k, v := range c.req.Env {
		if err := env.Set(k, v); err != nil {
			return nil, err
		}
	}
	if c.rt.prog.form == FormKapso {
		envelope, err := json.Marshal(map[string]any{
			"source":        "whatsapp_flow",
			"flow":          map[string]string{"id": c.req.FlowID},
			"data_exchange": json.RawMessage(c.raw),
			"received_at":   c.h.opts.Now().UTC().Format(time.RFC3339),
		})
		if err != nil {
			return nil, fmt.Errorf("encode request envelope: %w", err)
		}
		req, err := c.rt.kapsoRequest(string(envelope))
		if err != nil {
			return nil, err
		}
		return []goja.Value{req, env}, nil
	}
	req, err := c.rt.parse(goja.Undefined(), vm.ToValue(string(c.raw)))
	if err != nil {
		return nil, err
	}
	reqObj, ok := req.(*goja.Object)
	if !ok {
		return nil, errNotObject("request body")
	}
	ctx := vm.NewObject()
	for k, v := range map[string]any{
		"env":        env,
		"kv":         c.rt.kv,
		"flow_id":    c.req.FlowID,
		"flow_token": c.token,
	} {
		if err := ctx.Set(k, v); err != nil {
			return nil, err
		}
	}
	if err := reqObj.Set("flow_id", c.req.FlowID); err != nil {
		return nil, err
	}
	return []goja.Value{reqObj, ctx}, nil
}

// kapsoRequest is the request object of the Kapso form: a POST whose body,
// read with json() or text(), is the envelope Kapso sends its functions.
func (rt *runtime) kapsoRequest(envelope string) (goja.Value, error) {
	req, err := rt.methods(map[string]func(goja.FunctionCall) goja.Value{
		"json": func(goja.FunctionCall) goja.Value {
			v, err := rt.parse(goja.Undefined(), rt.vm.ToValue(envelope))
			if err != nil {
				return rt.rejected(err)
			}
			return rt.resolved(v)
		},
		"text": func(goja.FunctionCall) goja.Value {
			return rt.resolved(rt.vm.ToValue(envelope))
		},
	})
	if err != nil {
		return nil, err
	}
	for k, v := range map[string]any{
		"method":  "POST",
		"url":     "",
		"headers": rt.headers(map[string]string{"content-type": "application/json"}),
	} {
		if err := req.Set(k, v); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// await runs the event loop until p settles. Promise jobs run whenever
// control returns from JavaScript, so the loop only waits for host work;
// with none left, p can never settle.
func (c *call) await(p *goja.Promise) (goja.Value, error) {
	for p.State() == goja.PromiseStatePending {
		if c.pending == 0 {
			return nil, c.fault(FaultUnsettled, "the handler's promise is still pending and nothing it waits for is running", nil)
		}
		select {
		case job := <-c.jobs:
			if err := job(); err != nil {
				return nil, c.fail(err)
			}
		case <-c.interrupted:
			return nil, c.interruptError(c.reason, nil)
		}
	}
	if p.State() == goja.PromiseStateRejected {
		return nil, c.rejection(p.Result())
	}
	return p.Result(), nil
}

// spawn starts host work on another goroutine and returns a promise that
// the event loop settles with the work's result. work must not touch the
// runtime; the settle function it returns runs on the call's goroutine.
func (c *call) spawn(work func(ctx context.Context) settle) goja.Value {
	vm := c.rt.vm
	p, resolve, reject := vm.NewPromise()
	c.pending++
	go func() {
		done := work(c.ctx)
		job := func() error {
			c.pending--
			var value, reason goja.Value
			if ex := vm.Try(func() { value, reason = done() }); ex != nil {
				reason = ex.Value()
			}
			if reason != nil {
				return reject(reason)
			}
			return resolve(value)
		}
		select {
		case c.jobs <- job:
		case <-c.finished:
		}
	}()
	return vm.ToValue(p)
}
