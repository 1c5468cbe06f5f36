package metatest

import (
	"net/http"
	"strings"
	"time"
)

// Fault is an answer the fake gives instead of the real one, to one
// request. With only Delay set it waits and then answers normally (or not
// at all when the client gave up meanwhile).
type Fault struct {
	// Status is the HTTP status; 0 means 400 when Code is set.
	Status int
	// Code, Subcode, Type, Message and Transient fill the Graph error
	// envelope.
	Code      int
	Subcode   int
	Type      string
	Message   string
	Transient bool
	// RetryAfter is sent as the Retry-After header when set.
	RetryAfter string
	// Body, when set, is sent as is with ContentType instead of the
	// envelope (an HTML 502 page from a proxy).
	Body        string
	ContentType string
	// Delay is waited before answering.
	Delay time.Duration
}

// Unauthorized is the answer to a revoked token: 401, code 190.
func Unauthorized() Fault {
	return Fault{Status: http.StatusUnauthorized, Code: 190, Message: "Error validating access token: The session has been invalidated"}
}

// TooManyRequests is a 429 with Retry-After, as a proxy in front of the
// Graph API answers.
func TooManyRequests(retryAfter string) Fault {
	return Fault{Status: http.StatusTooManyRequests, Code: 4, Message: "(#4) Application request limit reached", RetryAfter: retryAfter}
}

// Throttled is Meta's rate limiting as it really arrives: HTTP 400 with a
// throttling code (4, 80007, 130429, 131048, 131056, 133016).
func Throttled(code int) Fault {
	return Fault{Status: http.StatusBadRequest, Code: code, Message: "Rate limit hit"}
}

// InternalError is a 500 with Meta's generic code 1.
func InternalError() Fault {
	return Fault{Status: http.StatusInternalServerError, Code: 1, Message: "An unknown error occurred"}
}

// BadGatewayHTML is a 502 HTML page, no Graph envelope.
func BadGatewayHTML() Fault {
	return Fault{Status: http.StatusBadGateway, ContentType: "text/html; charset=utf-8",
		Body: "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"}
}

// Slow delays the answer by d.
func Slow(d time.Duration) Fault { return Fault{Delay: d} }

// Inject queues faults for requests with method to edge: "messages",
// "publish", "deprecate", "assets", "flows", "message_templates",
// "whatsapp_business_encryption", or "" for requests to a node itself
// (GET, POST or DELETE /{id}). Each matching request takes the next fault.
func (s *Server) Inject(method, edge string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToUpper(method) + " " + edge
	s.faults[key] = append(s.faults[key], faults...)
}

// takeFault pops the next fault for a request. Callers hold mu.
func (s *Server) takeFault(method, edge string) (Fault, bool) {
	key := method + " " + edge
	q := s.faults[key]
	if len(q) == 0 {
		return Fault{}, false
	}
	s.faults[key] = q[1:]
	return q[0], true
}

// applyFault answers with f; false means the request goes on normally.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			return true
		case <-t.C:
		}
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch {
	case f.Body != "":
		w.Header().Set("Content-Type", f.ContentType)
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(f.Body))
	case f.Code != 0 || f.Status != 0:
		status := f.Status
		if status == 0 {
			status = http.StatusBadRequest
		}
		s.fail(w, status, graphErr{Code: f.Code, Subcode: f.Subcode, Type: f.Type, Message: f.Message, Transient: f.Transient})
	default:
		return false
	}
	return true
}
