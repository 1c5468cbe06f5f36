package kapsotest

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/waflow/waflow/providers/internal/fakebsp"
)

// Fault is an answer the fake gives instead of the real one, to one
// request. With only Delay set it waits and then answers normally (or not
// at all when the client gave up meanwhile). Meta's own errors behind the
// proxy (Graph envelopes, throttling codes) are injected into the Meta
// fake instead: Server.Meta.Inject.
type Fault struct {
	// Status is the HTTP status.
	Status int
	// Body is sent as is with ContentType; empty means Kapso's envelope
	// {"error": Message}.
	Body        string
	ContentType string
	Message     string
	// RetryAfter is sent as the Retry-After header when set.
	RetryAfter string
	// Delay is waited before answering.
	Delay time.Duration
}

// Unauthorized is the answer to a revoked or wrong project key.
func Unauthorized() Fault {
	return Fault{Status: http.StatusUnauthorized, Message: "Invalid API key"}
}

// Refused is a refusal in Kapso's plain envelope {"error": message}, with
// 400 for bad input or 422 for what Meta refused.
func Refused(status int, message string) Fault {
	return Fault{Status: status, Message: message}
}

// RefusedNested is a refusal in Kapso's other envelope,
// {"error": {"code": code, "message": message}}.
func RefusedNested(status int, code, message string) Fault {
	body, _ := json.Marshal(map[string]map[string]string{"error": {"code": code, "message": message}})
	return Fault{Status: status, ContentType: "application/json", Body: string(body)}
}

// IntegrityBlocked is Kapso's answer to publishing for an account Meta's
// integrity checks block (Meta 139000).
func IntegrityBlocked() Fault {
	return Fault{Status: http.StatusUnprocessableEntity, Message: "Integrity requirements not met"}
}

// InFlight is Kapso's 409 for a send while another message to the same
// conversation is in flight.
func InFlight() Fault {
	return Fault{Status: http.StatusConflict, Message: "Another message is in-flight for this conversation, retry shortly"}
}

// TooManyRequests is a 429 with Retry-After.
func TooManyRequests(retryAfter string) Fault {
	return Fault{Status: http.StatusTooManyRequests, Message: "Rate limit exceeded", RetryAfter: retryAfter}
}

// ServerError is a 500 in Kapso's envelope.
func ServerError() Fault {
	return Fault{Status: http.StatusInternalServerError, Message: "Internal server error"}
}

// BadGatewayHTML is a 502 HTML page from a gateway, no JSON at all.
func BadGatewayHTML() Fault {
	return Fault{Status: http.StatusBadGateway, ContentType: "text/html; charset=utf-8",
		Body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"}
}

// Slow delays the answer by d; a client with a shorter timeout sees none.
func Slow(d time.Duration) Fault { return Fault{Delay: d} }

// Inject queues faults for requests with method to route: a Platform
// route ("platform.flows", "platform.flow", "platform.versions",
// "platform.version", "platform.publish", "platform.setup_encryption") or
// a proxy one (see proxyRoute: "proxy.messages", "proxy.deprecate",
// "proxy.node", …). Each matching request takes the next fault, before
// authentication, as a gateway would answer.
func (s *Server) Inject(method, route string, faults ...Fault) {
	s.traffic.Inject(fakebsp.Key(strings.ToUpper(method), route), faults...)
}

// answer is f in fakebsp's terms: Kapso's envelope unless Body is set.
func (f Fault) answer() fakebsp.Fault {
	out := fakebsp.Fault{Delay: f.Delay, Status: f.Status, RetryAfter: f.RetryAfter, ContentType: f.ContentType, Body: f.Body}
	if f.Body == "" {
		out.Envelope = func(w http.ResponseWriter, status int) { writeError(w, status, f.Message) }
	}
	return out
}
