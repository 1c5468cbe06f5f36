package metatest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/waflow/waflow/providers/internal/fakebsp"
)

// Defaults of Options.
const (
	DefaultToken     = "EAAtest-token-0123456789"
	DefaultAppSecret = "fake-app-secret"
)

// Options configures a Server. The zero value is strict and ready.
type Options struct {
	// Token is the only Bearer token accepted; empty means DefaultToken.
	Token string
	// ExpiredToken, when set, is a token answered as expired (code 190,
	// subcode 463).
	ExpiredToken string
	// AppSecret signs webhooks; empty means DefaultAppSecret.
	AppSecret string
	// Now is the fake's clock (template edit limits, preview expiry, the
	// customer-service window, webhook timestamps); nil means time.Now.
	Now func() time.Time
	// LegacyPublishedEdits makes edits of a PUBLISHED flow fail with
	// 139001, as older flows still do, instead of moving it back to DRAFT.
	LegacyPublishedEdits bool
	// NoServiceWindow lets non-template messages through without a
	// message from the user in the last 24 hours.
	NoServiceWindow bool
	// WebhookClient delivers webhooks; nil means a client with a 5s
	// timeout.
	WebhookClient *http.Client
}

// Request is one request as the fake received it.
type Request struct {
	Method  string
	Path    string // after the version: "123/flows"
	Version string
	Query   url.Values
	Header  http.Header
	Body    []byte
}

// Server is a fake Graph API on an httptest server. Every method is safe
// for concurrent use.
type Server struct {
	// URL is the base to configure the provider with (no version).
	URL string

	opts   Options
	now    func() time.Time
	client *http.Client

	traffic fakebsp.Traffic[Request, Fault]

	mu         sync.Mutex
	seq        int
	flows      map[string]*flow
	flowOrder  []string
	templates  map[string]*template
	tplOrder   []string
	blocked    map[string]time.Time // WABA|name → until when the name stays reserved
	keys       map[string][]byte
	sent       map[string]sentMessage
	sentOrder  []string
	windows    map[string]time.Time // phone|user → last message from the user
	flowSends  map[string][]time.Time
	downloadID map[string]string // download token → flow id
}

// New starts a fake closed when t ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{
		opts: opts, now: opts.Now, client: fakebsp.WebhookClient(opts.WebhookClient, 5*time.Second),
		flows: map[string]*flow{}, templates: map[string]*template{},
		blocked: map[string]time.Time{}, keys: map[string][]byte{}, sent: map[string]sentMessage{},
		windows: map[string]time.Time{}, flowSends: map[string][]time.Time{}, downloadID: map[string]string{},
	}
	if s.opts.Token == "" {
		s.opts.Token = DefaultToken
	}
	if s.opts.AppSecret == "" {
		s.opts.AppSecret = DefaultAppSecret
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.URL = fakebsp.Serve(t, s)
	return s
}

// Token is the accepted Bearer token.
func (s *Server) Token() string { return s.opts.Token }

// AppSecret is the secret webhooks are signed with.
func (s *Server) AppSecret() string { return s.opts.AppSecret }

// Requests returns every request received, oldest first.
func (s *Server) Requests() []Request { return s.traffic.Requests() }

// nextID draws a 16-digit id with a prefix digit per kind. Callers hold mu.
func (s *Server) nextID(kind int) string {
	s.seq++
	return fmt.Sprintf("%d%015d", kind, s.seq)
}

// Id kinds: the first digit of each fake id.
const (
	kindFlow     = 1
	kindTemplate = 2
	kindTrace    = 3
)

// nextWAMID draws a message id: "wamid." and base64 of a counter.
func (s *Server) nextWAMID() string {
	s.seq++
	return fakebsp.WAMID("fake", s.seq)
}

var versionPattern = regexp.MustCompile(`^v\d+\.\d+$`)

// ServeHTTP routes /{version}/{node}[/{edge}] and the asset downloads.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	if id, ok := strings.CutPrefix(r.URL.Path, "/_assets/"); ok {
		s.serveDownload(w, id)
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	req := Request{Method: r.Method, Version: parts[0], Path: strings.Join(parts[1:], "/"),
		Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
	edge := ""
	if len(parts) == 3 {
		edge = parts[2]
	}
	if fault, ok := s.traffic.Receive(req, fakebsp.Key(r.Method, edge)); ok && s.answer(fault).Answer(w, r) {
		return
	}
	if !s.authorized(w, r) {
		return
	}
	if !versionPattern.MatchString(req.Version) || len(parts) < 2 || len(parts) > 3 || parts[1] == "" {
		s.fail(w, http.StatusBadRequest, graphErr{Code: 100, Message: "Unknown path components: " + r.URL.Path})
		return
	}
	in := &call{r: r, body: body, node: parts[1], edge: edge}
	s.mu.Lock()
	defer s.mu.Unlock()
	status, out := s.route(in)
	if e, ok := out.(errorBody); ok {
		e.Error.FBTraceID = "Afake" + s.nextID(kindTrace)
		out = e
	}
	fakebsp.WriteJSON(w, status, out)
}

// call is one authorized request being answered.
type call struct {
	r    *http.Request
	body []byte
	node string
	edge string
}

// route dispatches a call. Callers hold mu.
func (s *Server) route(c *call) (int, any) {
	m := c.r.Method
	switch c.edge {
	case "":
		if f, ok := s.flows[c.node]; ok {
			return s.flowNode(c, f)
		}
		if t, ok := s.templates[c.node]; ok {
			return s.templateNode(c, t)
		}
		return noObject(m, c.node)
	case "flows":
		switch m {
		case http.MethodPost:
			return s.createFlow(c)
		case http.MethodGet:
			return s.listFlows(c)
		}
	case "assets", "publish", "deprecate":
		f, ok := s.flows[c.node]
		if !ok {
			return noObject(m, c.node)
		}
		switch {
		case c.edge == "assets" && m == http.MethodPost:
			return s.uploadAsset(c, f)
		case c.edge == "assets" && m == http.MethodGet:
			return s.listAssets(f)
		case c.edge == "publish" && m == http.MethodPost:
			return s.publish(f)
		case c.edge == "deprecate" && m == http.MethodPost:
			return s.deprecate(f)
		}
	case "message_templates":
		switch m {
		case http.MethodPost:
			return s.createTemplate(c)
		case http.MethodGet:
			return s.listTemplates(c)
		case http.MethodDelete:
			return s.deleteTemplate(c)
		}
	case "messages":
		if m == http.MethodPost {
			return s.sendMessage(c)
		}
	case "whatsapp_business_encryption":
		switch m {
		case http.MethodPost:
			return s.setKey(c)
		case http.MethodGet:
			return s.getKey(c)
		}
	default:
		return errorAnswer(http.StatusBadRequest, graphErr{Code: 100, Message: "Unknown path components: /" + c.edge})
	}
	return errorAnswer(http.StatusBadRequest, graphErr{Code: 100, Message: "Unsupported request - method type: " + strings.ToLower(m)})
}

// authorized checks the Bearer token and answers 401 when it is wrong.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch {
	case !ok || token == "":
		s.fail(w, http.StatusUnauthorized, graphErr{Code: 190, Message: "Invalid OAuth access token - Cannot parse access token"})
	case s.opts.ExpiredToken != "" && token == s.opts.ExpiredToken:
		s.fail(w, http.StatusUnauthorized, graphErr{Code: 190, Subcode: 463, Message: "Error validating access token: Session has expired"})
	case token != s.opts.Token:
		s.fail(w, http.StatusUnauthorized, graphErr{Code: 190, Message: "Invalid OAuth access token - Cannot parse access token"})
	default:
		return true
	}
	return false
}

// graphErr is the error object of the Graph envelope.
type graphErr struct {
	Message   string `json:"message"`
	Type      string `json:"type"`
	Code      int    `json:"code"`
	Subcode   int    `json:"error_subcode,omitempty"`
	UserMsg   string `json:"error_user_msg,omitempty"`
	Transient bool   `json:"is_transient,omitempty"`
	FBTraceID string `json:"fbtrace_id"`
}

type errorBody struct {
	Error graphErr `json:"error"`
}

// errorAnswer builds an error answer; ServeHTTP adds the trace id.
func errorAnswer(status int, g graphErr) (int, any) {
	if g.Type == "" {
		g.Type = "OAuthException"
	}
	return status, errorBody{Error: g}
}

// fail writes an error outside route. It takes mu for the trace id.
func (s *Server) fail(w http.ResponseWriter, status int, g graphErr) {
	_, out := errorAnswer(status, g)
	fakebsp.WriteJSON(w, status, s.traced(out))
}

func (s *Server) traced(out any) any {
	if e, ok := out.(errorBody); ok {
		s.mu.Lock()
		e.Error.FBTraceID = "Afake" + s.nextID(kindTrace)
		s.mu.Unlock()
		return e
	}
	return out
}

// noObject is Graph's answer for an id it cannot see: code 100, subcode 33.
func noObject(method, id string) (int, any) {
	return errorAnswer(http.StatusBadRequest, graphErr{Code: 100, Subcode: 33, Message: fmt.Sprintf(
		"Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation",
		strings.ToLower(method), id)})
}

func invalidParam(format string, args ...any) (int, any) {
	return errorAnswer(http.StatusBadRequest, graphErr{Code: 100, Message: "(#100) " + fmt.Sprintf(format, args...)})
}

// params reads POST parameters as Graph does: a JSON object, a form, or
// the query string. Multipart is refused: only the asset upload takes it.
func params(c *call) (map[string]any, error) {
	out := map[string]any{}
	for k, v := range c.r.URL.Query() {
		out[k] = v[0]
	}
	if len(c.body) == 0 {
		return out, nil
	}
	mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	switch mt {
	case "application/json":
		dec := json.NewDecoder(bytes.NewReader(c.body))
		dec.UseNumber()
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			return nil, fmt.Errorf("the body is not a JSON object: %v", err)
		}
		for k, v := range obj {
			out[k] = v
		}
	case "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(c.body))
		if err != nil {
			return nil, fmt.Errorf("the form does not parse: %v", err)
		}
		for k, v := range form {
			out[k] = v[0]
		}
	default:
		return nil, fmt.Errorf("content type %q is not accepted here", mt)
	}
	return out, nil
}

// str reads a string parameter; ok is false when it is present but not a
// string.
func str(p map[string]any, key string) (string, bool) {
	v, present := p[key]
	if !present {
		return "", true
	}
	s, ok := v.(string)
	return s, ok
}

// strList reads an array of strings, given as a JSON array or, in a form,
// as a JSON-encoded array in a string.
func strList(p map[string]any, key string) ([]string, bool) {
	v, present := p[key]
	if !present {
		return nil, true
	}
	if s, ok := v.(string); ok {
		var out []string
		if json.Unmarshal([]byte(s), &out) != nil {
			return nil, false
		}
		return out, true
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		s, ok := e.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}
