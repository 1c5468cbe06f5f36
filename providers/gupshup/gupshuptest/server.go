package gupshuptest

import (
	"encoding/json"
	"fmt"
	"io"
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
	DefaultAppID       = "5b9b6d2e-0f3a-4c1e-9a57-7f0c2d1e8a40"
	DefaultAppName     = "waflowdemo"
	DefaultPhoneNumber = "15550009999"
	DefaultAppToken    = "sk_fake0123456789abcdef"
	DefaultAPIKey      = "fake-api-key-0123456789"
	DefaultWABAID      = "100000000000077"
	DefaultPhoneID     = "200000000000077"
)

// Options configures a Server. The zero value is strict and ready.
type Options struct {
	// AppID, AppName and PhoneNumber (digits) name the only app the fake
	// knows; empty means the defaults.
	AppID, AppName, PhoneNumber string
	// AppToken is the Partner API token, APIKey the self-serve key;
	// empty means the defaults.
	AppToken, APIKey string
	// Now is the fake's clock (ids, preview expiry, webhook times); nil
	// means time.Now.
	Now func() time.Time
	// HonestFlowStatus makes GET …/flows/{id} answer the flow's status. By
	// default the envelope's "status": "success" overwrites it, as
	// Gupshup's documented sample shows.
	HonestFlowStatus bool
	// PluralDeletePath serves DELETE …/flows/{id} and answers the
	// singular …/flow/{id} with 404, the other reading of Gupshup's docs.
	PluralDeletePath bool
	// EndpointFlows accepts endpoint_uri on flow creation; by default it
	// is refused, as the partner guide says only flows without an
	// endpoint are supported.
	EndpointFlows bool
	// NoCallbackBilling refuses v3 sends as an app without Callback
	// Billing is refused.
	NoCallbackBilling bool
	// WebhookClient delivers webhooks; nil means a client with a 10s
	// timeout, Gupshup's own limit.
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

// Server is a fake of Gupshup's Partner, self-serve and v3 passthrough
// APIs on one httptest server: /partner/… and /wa/… share its URL. Every
// method is safe for concurrent use.
type Server struct {
	// URL is the base to configure the provider with (settings.base_url).
	URL string

	opts   Options
	now    func() time.Time
	client *http.Client

	traffic fakebsp.Traffic[Request, Fault]

	mu        sync.Mutex
	seq       int
	flows     map[string]*flow
	flowOrder []string
	templates map[string]*template
	tplOrder  []string
	key       []byte
	sent      map[string]*sentMessage
}

// New starts a fake closed when t ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	defaults := []struct {
		field *string
		value string
	}{
		{&opts.AppID, DefaultAppID}, {&opts.AppName, DefaultAppName}, {&opts.PhoneNumber, DefaultPhoneNumber},
		{&opts.AppToken, DefaultAppToken}, {&opts.APIKey, DefaultAPIKey},
	}
	for _, d := range defaults {
		if *d.field == "" {
			*d.field = d.value
		}
	}
	s := &Server{opts: opts, now: opts.Now, client: fakebsp.WebhookClient(opts.WebhookClient, 10*time.Second),
		flows: map[string]*flow{}, templates: map[string]*template{}, sent: map[string]*sentMessage{}}
	if s.now == nil {
		s.now = time.Now
	}
	s.URL = fakebsp.Serve(t, s)
	return s
}

// AppID, AppName, PhoneNumber, AppToken and APIKey are what the fake
// accepts.
func (s *Server) AppID() string       { return s.opts.AppID }
func (s *Server) AppName() string     { return s.opts.AppName }
func (s *Server) PhoneNumber() string { return s.opts.PhoneNumber }
func (s *Server) AppToken() string    { return s.opts.AppToken }
func (s *Server) APIKey() string      { return s.opts.APIKey }

// Requests returns every request received, oldest first.
func (s *Server) Requests() []Request { return s.traffic.Requests() }

// nextSeq draws the next counter value. Callers hold mu.
func (s *Server) nextSeq() int {
	s.seq++
	return s.seq
}

// nextFlowID is a Meta-like 16-digit id. Callers hold mu.
func (s *Server) nextFlowID() string { return fmt.Sprintf("1%015d", s.nextSeq()) }

// nextUUID is a UUIDv4-shaped id from the counter, for Gupshup's message
// and template ids. Callers hold mu.
func (s *Server) nextUUID() string {
	n := s.nextSeq()
	return fakebsp.UUID(n, n)
}

// nextWAMID is "wamid." and base64 of a counter. Callers hold mu.
func (s *Server) nextWAMID() string {
	return fakebsp.WAMID("fake", s.nextSeq())
}

// Route names an endpoint, for fault injection.
type Route string

// Routes of the fake.
const (
	RouteFlows           Route = "flows"        // POST create, GET list
	RouteFlow            Route = "flow"         // GET, PUT …/flows/{id}
	RouteAssets          Route = "assets"       // PUT, GET …/flows/{id}/assets
	RoutePreview         Route = "preview"      // GET …/flows/{id}/preview
	RoutePublish         Route = "publish"      // POST …/flows/{id}/publish
	RouteDeprecate       Route = "deprecate"    // POST …/flows/{id}/deprecate
	RouteDeleteFlow      Route = "delete_flow"  // DELETE …/flow/{id}
	RoutePublicKey       Route = "public_key"   // POST /wa/app/{id}/flows/public_key
	RouteV1Message       Route = "v1_message"   // POST /wa/api/v1/msg
	RouteTemplateMessage Route = "template_msg" // POST …/template/msg
	RouteV3Message       Route = "v3_message"   // POST …/v3/message
	RouteTemplates       Route = "templates"    // GET list, POST create
	RouteTemplate        Route = "template"     // PUT …/templates/{id}, DELETE …/template/{name}
)

// call is one request being answered.
type call struct {
	r     *http.Request
	body  []byte
	route Route
	id    string // the flow id, template id or template name in the path
}

// envelope is Gupshup's error body.
type envelope struct {
	Status  string `json:"status"`
	Message any    `json:"message"`
}

func failure(status int, format string, args ...any) (int, any) {
	return status, envelope{Status: "error", Message: fmt.Sprintf(format, args...)}
}

func ok(v map[string]any) (int, any) {
	v["status"] = "success"
	return http.StatusOK, v
}

// ServeHTTP authenticates, routes and answers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	s.traffic.Record(Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body})
	if id, found := strings.CutPrefix(r.URL.Path, "/_assets/"); found && r.Method == http.MethodGet {
		s.serveAsset(w, strings.TrimSuffix(id, "/flow.json"))
		return
	}

	c, partner, appID := s.locate(r, body)
	if c == nil {
		fakebsp.WriteJSON(w, http.StatusNotFound, envelope{Status: "error", Message: "Not Found"})
		return
	}
	if f, has := s.traffic.Take(string(c.route)); has && f.answer().Answer(w, r) {
		return
	}
	if status, out, refused := s.authenticate(r, c, partner); refused {
		fakebsp.WriteJSON(w, status, out)
		return
	}
	if appID != s.opts.AppID {
		status, out := failure(http.StatusBadRequest, "Invalid App Details")
		fakebsp.WriteJSON(w, status, out)
		return
	}
	s.mu.Lock()
	status, out := s.route(c)
	s.mu.Unlock()
	if c.route == RouteV1Message || c.route == RouteTemplateMessage {
		// Gupshup labels these JSON answers text/html.
		data, _ := json.Marshal(out)
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(status)
		_, _ = w.Write(data)
		return
	}
	fakebsp.WriteJSON(w, status, out)
}

// locate maps a path to its route: partner paths are
// /partner/app/{appId}/…, self-serve ones /wa/api/v1/msg and
// /wa/app/{appId}/flows/public_key. Nil means no such route.
func (s *Server) locate(r *http.Request, body []byte) (c *call, partner bool, appID string) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	c = &call{r: r, body: body}
	m := r.Method
	switch {
	case len(parts) == 4 && parts[0] == "wa" && parts[1] == "api" && parts[2] == "v1" && parts[3] == "msg" && m == http.MethodPost:
		c.route = RouteV1Message
		return c, false, s.opts.AppID
	case len(parts) == 5 && parts[0] == "wa" && parts[1] == "app" && parts[3] == "flows" && parts[4] == "public_key" && m == http.MethodPost:
		c.route = RoutePublicKey
		return c, false, parts[2]
	case len(parts) < 4 || parts[0] != "partner" || parts[1] != "app":
		return nil, false, ""
	}
	appID, rest := parts[2], parts[3:]
	switch {
	case len(rest) == 1 && rest[0] == "flows" && (m == http.MethodPost || m == http.MethodGet):
		c.route = RouteFlows
	case len(rest) == 2 && rest[0] == "flows" && (m == http.MethodGet || m == http.MethodPut):
		c.route, c.id = RouteFlow, rest[1]
	case len(rest) == 3 && rest[0] == "flows" && rest[2] == "assets" && (m == http.MethodPut || m == http.MethodGet):
		c.route, c.id = RouteAssets, rest[1]
	case len(rest) == 3 && rest[0] == "flows" && rest[2] == "preview" && m == http.MethodGet:
		c.route, c.id = RoutePreview, rest[1]
	case len(rest) == 3 && rest[0] == "flows" && rest[2] == "publish" && m == http.MethodPost:
		c.route, c.id = RoutePublish, rest[1]
	case len(rest) == 3 && rest[0] == "flows" && rest[2] == "deprecate" && m == http.MethodPost:
		c.route, c.id = RouteDeprecate, rest[1]
	case len(rest) == 2 && m == http.MethodDelete && rest[0] == deletePath(s.opts.PluralDeletePath):
		c.route, c.id = RouteDeleteFlow, rest[1]
	case len(rest) == 2 && rest[0] == "v3" && rest[1] == "message" && m == http.MethodPost:
		c.route = RouteV3Message
	case len(rest) == 2 && rest[0] == "template" && rest[1] == "msg" && m == http.MethodPost:
		c.route = RouteTemplateMessage
	case len(rest) == 1 && rest[0] == "templates" && (m == http.MethodGet || m == http.MethodPost):
		c.route = RouteTemplates
	case len(rest) == 2 && rest[0] == "templates" && m == http.MethodPut,
		len(rest) == 2 && rest[0] == "template" && m == http.MethodDelete:
		c.route, c.id = RouteTemplate, rest[1]
	default:
		return nil, false, ""
	}
	return c, true, appID
}

func deletePath(plural bool) string {
	if plural {
		return "flows"
	}
	return "flow"
}

// authenticate checks the header each surface takes: the raw app token
// in Authorization (a "Bearer" prefix is refused) on the Partner API, the
// apikey header on the self-serve API. The v1 send API nests its 401
// message.
func (s *Server) authenticate(r *http.Request, c *call, partner bool) (int, any, bool) {
	if partner {
		if r.Header.Get("Authorization") != s.opts.AppToken {
			status, out := failure(http.StatusUnauthorized, "Authentication Failed")
			return status, out, true
		}
		return 0, nil, false
	}
	if r.Header.Get("apikey") != s.opts.APIKey {
		if c.route == RouteV1Message {
			return http.StatusUnauthorized, envelope{Status: "error", Message: map[string]string{"message": "Authentication Failed"}}, true
		}
		status, out := failure(http.StatusUnauthorized, "Authentication Failed")
		return status, out, true
	}
	return 0, nil, false
}

// route answers an authenticated call. Callers hold mu.
func (s *Server) route(c *call) (int, any) {
	m := c.r.Method
	switch c.route {
	case RouteFlows:
		if m == http.MethodPost {
			return s.createFlow(c)
		}
		return s.listFlows()
	case RouteFlow:
		if m == http.MethodPut {
			return s.withFlow(c, s.updateFlow)
		}
		return s.withFlow(c, s.getFlow)
	case RouteAssets:
		if m == http.MethodPut {
			return s.withFlow(c, s.uploadAsset)
		}
		return s.withFlow(c, s.listAssets)
	case RoutePreview:
		return s.withFlow(c, s.preview)
	case RoutePublish:
		return s.withFlow(c, s.publish)
	case RouteDeprecate:
		return s.withFlow(c, s.deprecate)
	case RouteDeleteFlow:
		return s.withFlow(c, s.deleteFlow)
	case RoutePublicKey:
		return s.setKey(c)
	case RouteV1Message:
		return s.sendV1(c)
	case RouteTemplateMessage:
		return s.sendTemplateMsg(c)
	case RouteV3Message:
		return s.sendV3(c)
	case RouteTemplates:
		if m == http.MethodPost {
			return s.createTemplate(c)
		}
		return s.listTemplates()
	}
	if m == http.MethodPut {
		return s.updateTemplate(c)
	}
	return s.deleteTemplate(c)
}

// form parses a form-encoded body, refusing any other content type.
func form(c *call) (url.Values, error) {
	if ct := c.r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return nil, fmt.Errorf("content type %q is not accepted here; send application/x-www-form-urlencoded", ct)
	}
	return url.ParseQuery(string(c.body))
}

// jsonBody parses a JSON object body, refusing any other content type.
func jsonBody(c *call, v any) error {
	if ct := c.r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("content type %q is not accepted here; send application/json", ct)
	}
	return json.Unmarshal(c.body, v)
}
