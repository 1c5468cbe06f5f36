package gupshuptest

import (
	"net/http"
	"strconv"
	"time"

	"github.com/waflow/waflow/providers/internal/fakebsp"
)

// Fault is an answer the fake gives instead of the real one, to one
// request. With only Delay set it waits and then answers normally (or not
// at all when the client gave up meanwhile).
type Fault struct {
	// Status is the HTTP status.
	Status int
	// Message fills Gupshup's envelope {"status": "error", "message"}.
	Message string
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter time.Duration
	// Body, when set, is sent as is with ContentType instead of the
	// envelope (an HTML 502 page from a proxy).
	Body        string
	ContentType string
	// Delay is waited before answering.
	Delay time.Duration
}

// Unauthorized is the answer to a revoked token.
func Unauthorized() Fault {
	return Fault{Status: http.StatusUnauthorized, Message: "Authentication Failed"}
}

// Invalid is a 400 with Gupshup's envelope and message, which is how
// Gupshup passes Meta's refusals on ("Blocked by Integrity", …).
func Invalid(message string) Fault {
	return Fault{Status: http.StatusBadRequest, Message: message}
}

// TooManyRequests is Gupshup's documented 429, with a Retry-After.
func TooManyRequests(retryAfter time.Duration) Fault {
	return Fault{Status: http.StatusTooManyRequests, Message: "Too Many Requests", RetryAfter: retryAfter}
}

// InternalError is Gupshup's documented 500.
func InternalError() Fault {
	return Fault{Status: http.StatusInternalServerError, Message: "Internal server error. Please try again later."}
}

// BadGatewayHTML is a 502 HTML page, no envelope.
func BadGatewayHTML() Fault {
	return Fault{Status: http.StatusBadGateway, ContentType: "text/html; charset=utf-8",
		Body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"}
}

// Slow delays the answer by d; longer than the client's timeout, it is a
// timeout.
func Slow(d time.Duration) Fault { return Fault{Delay: d} }

// Inject queues faults for requests to route; each matching request takes
// the next one.
func (s *Server) Inject(route Route, faults ...Fault) {
	s.traffic.Inject(string(route), faults...)
}

// answer is f in fakebsp's terms: Gupshup's envelope unless Body is set,
// Retry-After in whole seconds.
func (f Fault) answer() fakebsp.Fault {
	out := fakebsp.Fault{Delay: f.Delay, Status: f.Status, ContentType: f.ContentType, Body: f.Body}
	if f.RetryAfter > 0 {
		out.RetryAfter = strconv.Itoa(int(f.RetryAfter / time.Second))
	}
	if f.Body == "" {
		out.Envelope = func(w http.ResponseWriter, status int) {
			fakebsp.WriteJSON(w, status, envelope{Status: "error", Message: f.Message})
		}
	}
	return out
}
