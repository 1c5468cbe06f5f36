package metatest

import (
	"net/http"
	"strings"
	"time"

	"github.com/waflow/waflow/providers/internal/fakebsp"
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
	s.traffic.Inject(fakebsp.Key(strings.ToUpper(method), edge), faults...)
}

// answer is f in fakebsp's terms: a Graph error envelope unless Body is
// set; a Code without a Status is a 400.
func (s *Server) answer(f Fault) fakebsp.Fault {
	out := fakebsp.Fault{Delay: f.Delay, Status: f.Status, RetryAfter: f.RetryAfter, ContentType: f.ContentType, Body: f.Body}
	if f.Body == "" {
		if out.Status == 0 && f.Code != 0 {
			out.Status = http.StatusBadRequest
		}
		out.Envelope = func(w http.ResponseWriter, status int) {
			s.fail(w, status, graphErr{Code: f.Code, Subcode: f.Subcode, Type: f.Type, Message: f.Message, Transient: f.Transient})
		}
	}
	return out
}
