package infobiptest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/waflow/waflow/providers/internal/fakebsp"
)

// Defaults of Options.
const (
	DefaultAPIKey = "fake-infobip-api-key-0123456789"
	DefaultSender = "441134960000"
	// DefaultFlowRequestsPerHour is Infobip's limit on flow management
	// calls per account.
	DefaultFlowRequestsPerHour = 100
)

// Options configures a Server. The zero value is strict and ready.
type Options struct {
	// APIKey is the only key accepted as "Authorization: App <key>";
	// empty means DefaultAPIKey.
	APIKey string
	// BasicUser and BasicPassword, when set, are also accepted as
	// "Authorization: Basic …", which Infobip offers besides App keys.
	BasicUser, BasicPassword string
	// Senders are the business numbers of the account; empty means
	// DefaultSender only. Paths and bodies naming another get a 404.
	Senders []string
	// Now is the fake's clock (rate limits, report times, preview
	// expiry); nil means time.Now.
	Now func() time.Time
	// FlowRequestsPerHour caps flow management calls per hour of the
	// clock; 0 means DefaultFlowRequestsPerHour, negative means no cap.
	FlowRequestsPerHour int
	// Security is how Deliver authenticates webhooks.
	Security Security
	// WebhookClient delivers webhooks; nil means a client with a 5s
	// timeout.
	WebhookClient *http.Client
}

// Request is one request as the fake received it.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
}

// Server is a fake of Infobip's WhatsApp API on an httptest server. Every
// method is safe for concurrent use.
type Server struct {
	// URL is the account's base URL, for the app's settings.base_url.
	URL string

	opts   Options
	now    func() time.Time
	client *http.Client

	traffic fakebsp.Traffic[Request, Fault]

	mu        sync.Mutex
	seq       int
	flowCalls []time.Time
	flows     map[string]*flow
	flowOrder []string
	templates map[string]*template
	tplOrder  []string
	keys      map[string][]byte
	sent      map[string]sentMessage
}

// New starts a fake closed when t ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{opts: opts, now: opts.Now, client: fakebsp.WebhookClient(opts.WebhookClient, 5*time.Second),
		flows: map[string]*flow{}, templates: map[string]*template{},
		keys: map[string][]byte{}, sent: map[string]sentMessage{}}
	if s.opts.APIKey == "" {
		s.opts.APIKey = DefaultAPIKey
	}
	if len(s.opts.Senders) == 0 {
		s.opts.Senders = []string{DefaultSender}
	}
	if s.opts.FlowRequestsPerHour == 0 {
		s.opts.FlowRequestsPerHour = DefaultFlowRequestsPerHour
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.URL = fakebsp.Serve(t, s)
	return s
}

// APIKey is the accepted key.
func (s *Server) APIKey() string { return s.opts.APIKey }

// Sender is the account's first business number.
func (s *Server) Sender() string { return s.opts.Senders[0] }

// Requests returns every request received, oldest first.
func (s *Server) Requests() []Request { return s.traffic.Requests() }

// nextSeq advances the id counter. Callers hold mu.
func (s *Server) nextSeq() int {
	s.seq++
	return s.seq
}

// nextNumericID is a 15-digit id with a leading kind digit, as Infobip's
// flow and template ids are numeric. Callers hold mu.
func (s *Server) nextNumericID(kind int) string {
	return fmt.Sprintf("%d%014d", kind, s.nextSeq())
}

// nextMessageID is a UUID-shaped Infobip message id. Callers hold mu.
func (s *Server) nextMessageID() string {
	return fakebsp.UUID(0x1f0b, s.nextSeq())
}

// Id kinds: the first digit of numeric ids.
const (
	kindFlow     = 1
	kindTemplate = 2
)

// call is one authorized request being answered.
type call struct {
	r      *http.Request
	body   []byte
	route  string
	sender string
	params []string // path parameters after the sender
}

// ServeHTTP logs the request, applies a queued fault, checks the key and
// routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	c := &call{r: r, body: body}
	c.route, c.sender, c.params = classify(r.Method, r.URL.Path)
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
	if fault, ok := s.traffic.Receive(req, fakebsp.Key(r.Method, c.route)); ok && fault.answer().Answer(w, r) {
		return
	}
	if !s.authorized(r) {
		if strings.HasPrefix(r.URL.Path, "/whatsapp/1/message/") {
			fakebsp.WriteJSON(w, http.StatusUnauthorized, classicError("UNAUTHORIZED", "Invalid login details"))
		} else {
			fakebsp.WriteJSON(w, http.StatusUnauthorized, apiError("E401", "Unauthorized access.", "Check the API key and the Authorization scheme."))
		}
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	status, out := s.route(c)
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	fakebsp.WriteJSON(w, status, out)
}

// classify names the route of a path, for routing and fault injection,
// and returns the sender and the parameters after it.
func classify(method, path string) (route, sender string, params []string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) >= 4 && parts[0] == "whatsapp" && parts[1] == "1" && parts[2] == "message" {
		return "message/" + strings.Join(parts[3:], "/"), "", nil
	}
	if len(parts) < 5 || parts[0] != "whatsapp" || parts[2] != "senders" {
		return "unknown", "", nil
	}
	sender, rest := parts[3], parts[4:]
	switch {
	case parts[1] == "1" && rest[0] == "flows" && len(rest) == 1:
		return "flows", sender, nil
	case parts[1] == "1" && rest[0] == "flows" && len(rest) == 2:
		return "flow", sender, rest[1:]
	case parts[1] == "1" && rest[0] == "flows" && len(rest) == 3:
		return "flow/" + rest[2], sender, rest[1:2]
	case parts[1] == "1" && rest[0] == "public-key" && len(rest) == 1:
		return "public-key", sender, nil
	case parts[1] == "1" && rest[0] == "message" && len(rest) == 3 && rest[2] == "read":
		return "read", sender, rest[1:2]
	case parts[1] == "2" && rest[0] == "templates" && len(rest) == 1:
		return "templates", sender, nil
	case parts[1] == "2" && rest[0] == "templates" && len(rest) == 2:
		return "template", sender, rest[1:]
	}
	return "unknown", sender, nil
}

// route dispatches a call. Callers hold mu.
func (s *Server) route(c *call) (int, any) {
	if c.sender != "" && !s.knownSender(c.sender) {
		return notFound("Sender " + c.sender + " does not belong to the account.")
	}
	m := c.r.Method
	if strings.HasPrefix(c.route, "flow") {
		if status, out, limited := s.rateLimited(); limited {
			return status, out
		}
	}
	switch {
	case c.route == "flows" && m == http.MethodPost:
		return s.createFlow(c)
	case c.route == "flows" && m == http.MethodGet:
		return s.listFlows(c)
	case c.route == "flow" && m == http.MethodPatch:
		return s.withFlow(c, s.updateFlow)
	case c.route == "flow" && m == http.MethodDelete:
		return s.withFlow(c, s.deleteFlow)
	case c.route == "flow/json" && m == http.MethodPut:
		return s.withFlow(c, s.uploadJSON)
	case c.route == "flow/json" && m == http.MethodGet:
		return s.withFlow(c, s.flowJSONLink)
	case c.route == "flow/publish" && m == http.MethodPost:
		return s.withFlow(c, s.publish)
	case c.route == "flow/deprecate" && m == http.MethodPost:
		return s.withFlow(c, s.deprecate)
	case c.route == "flow/preview" && m == http.MethodGet:
		return s.withFlow(c, s.preview)
	case c.route == "public-key" && m == http.MethodPost:
		return s.setKey(c)
	case c.route == "public-key" && m == http.MethodGet:
		return s.getKey(c)
	case c.route == "read" && m == http.MethodPost:
		return s.markRead(c)
	case c.route == "templates" && m == http.MethodPost:
		return s.createTemplate(c)
	case c.route == "templates" && m == http.MethodGet:
		return s.listTemplates(c)
	case c.route == "template" && m == http.MethodGet:
		return s.getTemplate(c)
	case c.route == "template" && m == http.MethodPatch:
		return s.editTemplate(c)
	case c.route == "template" && m == http.MethodDelete:
		return s.deleteTemplate(c)
	case c.route == "message/template" && m == http.MethodPost:
		return s.sendTemplate(c)
	case strings.HasPrefix(c.route, "message/") && m == http.MethodPost:
		return s.sendSingle(c)
	}
	return notFound("No resource at " + m + " " + c.r.URL.Path + ".")
}

func (s *Server) knownSender(sender string) bool {
	for _, k := range s.opts.Senders {
		if k == sender {
			return true
		}
	}
	return false
}

// rateLimited counts a flow management call against the hourly cap.
// Callers hold mu.
func (s *Server) rateLimited() (int, any, bool) {
	if s.opts.FlowRequestsPerHour < 0 {
		return 0, nil, false
	}
	now := s.now()
	kept := s.flowCalls[:0]
	for _, at := range s.flowCalls {
		if now.Sub(at) < time.Hour {
			kept = append(kept, at)
		}
	}
	s.flowCalls = kept
	if len(s.flowCalls) >= s.opts.FlowRequestsPerHour {
		return http.StatusTooManyRequests, apiError("E429", "Too many requests.", "Flow management allows 100 requests per hour; try again later."), true
	}
	s.flowCalls = append(s.flowCalls, now)
	return 0, nil, false
}

// authorized accepts the App key, or Basic credentials when configured.
func (s *Server) authorized(r *http.Request) bool {
	scheme, value, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	switch scheme {
	case "App":
		return value == s.opts.APIKey
	case "Basic":
		if s.opts.BasicUser == "" {
			return false
		}
		want := base64.StdEncoding.EncodeToString([]byte(s.opts.BasicUser + ":" + s.opts.BasicPassword))
		return value == want
	}
	return false
}

// APIError is the newer error envelope.
type APIError struct {
	ErrorCode   string      `json:"errorCode"`
	Description string      `json:"description"`
	Action      string      `json:"action"`
	Violations  []Violation `json:"violations"`
	Resources   []Resource  `json:"resources"`
}

// Violation is one broken rule of an APIError.
type Violation struct {
	Property  string `json:"property"`
	Violation string `json:"violation"`
}

// Resource is a documentation link of an APIError.
type Resource struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

func apiError(code, description, action string, violations ...Violation) APIError {
	if violations == nil {
		violations = []Violation{}
	}
	return APIError{ErrorCode: code, Description: description, Action: action, Violations: violations, Resources: []Resource{}}
}

// classicError is the requestError envelope of the message APIs.
func classicError(messageID, text string) any {
	return map[string]any{"requestError": map[string]any{"serviceException": map[string]string{"messageId": messageID, "text": text}}}
}

func notFound(description string) (int, any) {
	return http.StatusNotFound, apiError("E404", description, "Check the identifiers in the path.")
}

// badRequest is a 400 with violations.
func badRequest(description string, violations ...Violation) (int, any) {
	return http.StatusBadRequest, apiError("E400", description, "Check the request against the API reference.", violations...)
}

// stateRefused is the 400 Infobip answers when the flow's or template's
// status forbids a call: one violation on the id's path parameter.
func stateRefused(description, property, violation string) (int, any) {
	return badRequest(description, Violation{Property: property, Violation: violation})
}

// jsonBody decodes a JSON object body into v, refusing other content
// types and unknown shapes.
func jsonBody(c *call, v any) error {
	mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if mt != "application/json" {
		return fmt.Errorf("content type %q is not application/json", mt)
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		return fmt.Errorf("the body is not the JSON expected: %v", err)
	}
	return nil
}
