package infobiptest

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
	// Status is the HTTP status.
	Status int
	// Body is sent as is with ContentType (JSON when empty).
	Body        any
	ContentType string
	// RetryAfter is sent as the Retry-After header when set.
	RetryAfter string
	// Delay is waited before answering.
	Delay time.Duration
}

// Unauthorized is the classic 401 of the message APIs.
func Unauthorized() Fault {
	return Fault{Status: http.StatusUnauthorized, Body: classicError("UNAUTHORIZED", "Invalid login details")}
}

// ClassicBadRequest is a 400 in the classic requestError envelope, as the
// message APIs answer a refused request.
func ClassicBadRequest(messageID, text string) Fault {
	return Fault{Status: http.StatusBadRequest, Body: classicError(messageID, text)}
}

// TooManyRequests is a 429 ApiError with Retry-After.
func TooManyRequests(retryAfter string) Fault {
	return Fault{Status: http.StatusTooManyRequests, RetryAfter: retryAfter,
		Body: apiError("E429", "Too many requests.", "Slow down and retry after the time given.")}
}

// InternalError is a 500 ApiError.
func InternalError() Fault {
	return Fault{Status: http.StatusInternalServerError, Body: apiError("E500", "Something went wrong.", "Retry later.")}
}

// BadGatewayHTML is a 502 HTML page from a proxy, no Infobip envelope.
func BadGatewayHTML() Fault {
	return Fault{Status: http.StatusBadGateway, ContentType: "text/html; charset=utf-8",
		Body: "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"}
}

// Slow delays the answer by d.
func Slow(d time.Duration) Fault { return Fault{Delay: d} }

// Routes faults can be injected on.
const (
	RouteFlows       = "flows"          // POST create, GET list
	RouteFlow        = "flow"           // PATCH metadata, DELETE
	RouteFlowJSON    = "flow/json"      // PUT upload, GET download link
	RoutePublish     = "flow/publish"   // POST
	RouteDeprecate   = "flow/deprecate" // POST
	RoutePreview     = "flow/preview"   // GET
	RoutePublicKey   = "public-key"     // POST, GET
	RouteRead        = "read"           // POST mark as read
	RouteTemplates   = "templates"      // POST create, GET list
	RouteTemplate    = "template"       // GET, PATCH, DELETE one
	RouteSendText    = "message/text"
	RouteSendTmpl    = "message/template"
	RouteSendFlow    = "message/interactive/flow"
	RouteSendButtons = "message/interactive/buttons"
)

// Inject queues faults for requests with method to route (one of the
// Route constants, or "message/<kind>" for any send). Each matching
// request takes the next fault.
func (s *Server) Inject(method, route string, faults ...Fault) {
	s.traffic.Inject(fakebsp.Key(strings.ToUpper(method), route), faults...)
}

// answer is f in fakebsp's terms: a string Body is sent as is, any other
// as JSON.
func (f Fault) answer() fakebsp.Fault {
	out := fakebsp.Fault{Delay: f.Delay, Status: f.Status, RetryAfter: f.RetryAfter, ContentType: f.ContentType}
	if text, ok := f.Body.(string); ok {
		out.Body = text
	} else {
		out.Envelope = func(w http.ResponseWriter, status int) { fakebsp.WriteJSON(w, status, f.Body) }
	}
	return out
}
