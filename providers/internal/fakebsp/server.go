package fakebsp

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

// Serve starts h on an httptest server closed when t ends and returns its
// URL.
func Serve(t testing.TB, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// WebhookClient is c, or when c is nil a client with the timeout given:
// the client a fake delivers webhooks with.
func WebhookClient(c *http.Client, timeout time.Duration) *http.Client {
	if c != nil {
		return c
	}
	return &http.Client{Timeout: timeout}
}

// Traffic is a fake's log of requests (R) and its queues of faults (F),
// under one lock of their own. The zero value is ready; every method is
// safe for concurrent use.
type Traffic[R, F any] struct {
	mu       sync.Mutex
	requests []R
	faults   map[string][]F
}

// Key is the usual fault key: the method as given and the route.
func Key(method, route string) string { return method + " " + route }

// Inject queues faults for key; each request received with that key takes
// the next one.
func (t *Traffic[R, F]) Inject(key string, faults ...F) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.faults == nil {
		t.faults = map[string][]F{}
	}
	t.faults[key] = append(t.faults[key], faults...)
}

// Receive logs r and pops the next fault queued for key, in one step.
func (t *Traffic[R, F]) Receive(r R, key string) (F, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.requests = append(t.requests, r)
	return t.take(key)
}

// Record logs r, for a fake that knows a request's key only later (Take).
func (t *Traffic[R, F]) Record(r R) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.requests = append(t.requests, r)
}

// Take pops the next fault queued for key.
func (t *Traffic[R, F]) Take(key string) (F, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.take(key)
}

func (t *Traffic[R, F]) take(key string) (F, bool) {
	q := t.faults[key]
	if len(q) == 0 {
		var zero F
		return zero, false
	}
	t.faults[key] = q[1:]
	return q[0], true
}

// Requests returns every request logged, oldest first.
func (t *Traffic[R, F]) Requests() []R {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.requests)
}

// WriteJSON answers status with v as application/json.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
