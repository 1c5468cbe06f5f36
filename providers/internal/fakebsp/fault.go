package fakebsp

import (
	"net/http"
	"time"
)

// Fault is an injected answer in terms every BSP shares; each fake builds
// one from its own Fault type.
type Fault struct {
	// Delay is waited before answering.
	Delay time.Duration
	// Status is the HTTP status; 0 lets the request go on normally after
	// the delay.
	Status int
	// RetryAfter is sent as the Retry-After header when set.
	RetryAfter string
	// Envelope writes the BSP's error body with the status. When nil,
	// Body is written as is with ContentType.
	Envelope    func(w http.ResponseWriter, status int)
	ContentType string
	Body        string
}

// Answer answers r with f and reports whether it did: false means the
// request goes on normally. A client that gives up during the delay gets
// no answer at all (true).
func (f Fault) Answer(w http.ResponseWriter, r *http.Request) bool {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			return true
		case <-t.C:
		}
	}
	if f.Status == 0 {
		return false
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Envelope != nil {
		f.Envelope(w, f.Status)
		return true
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(f.Body))
	return true
}
