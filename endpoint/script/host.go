package script

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
)

// Request is what one call of a handler script answers.
type Request struct {
	// FlowID identifies the flow; scripts see it as flow.id (Kapso form) or
	// req.flow_id and ctx.flow_id (plain form).
	FlowID string
	// Body is the decrypted request: version, action, screen, data,
	// flow_token. The host encodes it as JSON; the script gets its own copy.
	Body map[string]any
	// Env holds per-flow settings and secrets: `env` in the Kapso form,
	// ctx.env in the plain form.
	Env map[string]string
}

func (r Request) flowToken() string {
	s, _ := r.Body["flow_token"].(string)
	return s
}

func (r Request) screen() string {
	s, _ := r.Body["screen"].(string)
	return s
}

// Answer is the plaintext answer the endpoint encrypts.
type Answer struct {
	// Body is the answer: {"screen", "data"} or one of the protocol's
	// screen-less answers ({"data": {"acknowledged": true}} and
	// {"data": {"status": "active"}}).
	Body map[string]any
	// Raw is the JSON encoding of Body: the script's own encoding, keys in
	// its order, unless the host had to rewrite the answer.
	Raw []byte
}

// Host runs compiled programs on a pool of goja runtimes under the limits of
// its [Options]. It is safe for concurrent use.
type Host struct {
	opts    Options
	allowed allowList
	client  *http.Client
	pool    *pool
	watch   *watchdog

	closed    atomic.Bool
	closeOnce sync.Once
}

// NewHost returns a host with opts' defaults filled in. Close it to stop its
// memory watchdog.
func NewHost(opts Options) *Host {
	opts = opts.withDefaults()
	h := &Host{
		opts:    opts,
		allowed: newAllowList(opts.AllowedHosts),
		pool:    newPool(opts.PoolSize),
		watch:   newWatchdog(opts.MaxHeapBytes),
	}
	if len(h.allowed) > 0 {
		h.client = fetchClient(opts.HTTPClient, h.allowed)
	}
	return h
}

// Close drops the idle runtimes and stops the watchdog. Calls still running
// finish; later calls return [ErrClosed].
func (h *Host) Close() error {
	h.closeOnce.Do(func() {
		h.closed.Store(true)
		h.pool.close()
		h.watch.stop()
	})
	return nil
}

// Run calls p's handler for req and returns its answer. A script that
// fails returns a *[ScriptError] whose Fault says how; a cancelled ctx
// returns an error wrapping ctx.Err(). The call runs at most Options.Timeout
// or until ctx's deadline, whichever comes first.
func (h *Host) Run(ctx context.Context, p *Program, req Request) (Answer, error) {
	if p == nil {
		return Answer{}, ErrNoProgram
	}
	if h.closed.Load() {
		return Answer{}, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return Answer{}, fmt.Errorf("script: run %s: %w", p.name, err)
	}
	body := req.Body
	if body == nil {
		body = map[string]any{}
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return Answer{}, fmt.Errorf("script: run %s: encode request body: %w", p.name, err)
	}
	rt := h.pool.get(p)
	if rt == nil {
		if rt, err = h.newRuntime(p); err != nil {
			return Answer{}, err
		}
	}
	c := h.startCall(ctx, rt, req, raw)
	ans, err := c.run()
	c.finish()
	if err != nil {
		// The runtime may be half-way through anything; it is dropped.
		return Answer{}, err
	}
	rt.vm.ClearInterrupt()
	h.pool.put(rt)
	return ans, nil
}
