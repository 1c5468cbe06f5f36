package kapsotest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/waflow/waflow/providers/internal/fakebsp"
	"github.com/waflow/waflow/providers/meta/metatest"
)

// Defaults of Options.
const (
	DefaultAPIKey        = "kapso-test-key-0123456789"
	DefaultWebhookSecret = "kapso-test-webhook-secret"
	DefaultPhoneNumberID = "647015955153740"
	DefaultWABAID        = "102290129340398"
)

// Options configures a Server. The zero value is strict and ready.
type Options struct {
	// APIKey is the only X-API-Key accepted; empty means DefaultAPIKey.
	APIKey string
	// WebhookSecret signs webhooks; empty means DefaultWebhookSecret.
	WebhookSecret string
	// PhoneNumbers maps the project's phone_number_ids to their WABA ids;
	// nil means DefaultPhoneNumberID in DefaultWABAID.
	PhoneNumbers map[string]string
	// Now is the clock of both fakes (timestamps, webhook times); nil
	// means time.Now.
	Now func() time.Time
	// EmptyDrafts creates flows without a document, as Meta does, instead
	// of Kapso's documented starter welcome screen, which can be
	// published at once.
	EmptyDrafts bool
	// Meta configures the Meta fake behind the proxy; its Token and Now
	// are set by the Server.
	Meta metatest.Options
	// WebhookClient delivers webhooks; nil means a client with a 5s
	// timeout.
	WebhookClient *http.Client
}

// Surface names the API a request reached.
type Surface string

// Kapso's two APIs.
const (
	Platform Surface = "platform"
	Proxy    Surface = "proxy"
)

// Request is one request as the fake received it.
type Request struct {
	Surface Surface
	Method  string
	// Path follows the surface's prefix: "whatsapp/flows/{id}/versions"
	// on the Platform API, "{phone_number_id}/messages" on the proxy.
	Path string
	// Route is the name faults are injected by ("platform.versions").
	Route  string
	Query  url.Values
	Header http.Header
	Body   []byte
}

// Server is a fake of Kapso's Platform API and Meta proxy on an httptest
// server. Every method is safe for concurrent use.
type Server struct {
	// URL is the base to configure the provider with.
	URL string
	// Meta is the Meta fake behind the proxy and behind Kapso's flows:
	// template review, flow health, the customer-service window and Meta's
	// own webhooks are driven through it.
	Meta *metatest.Server

	opts   Options
	now    func() time.Time
	client *http.Client

	traffic fakebsp.Traffic[Request, Fault]

	mu        sync.Mutex
	seq       int
	flows     map[string]*flow // by Kapso id
	flowOrder []string
	encrypted map[string]bool // phone_number_id → Kapso holds its flows key
}

// New starts a fake closed when t ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = DefaultAPIKey
	}
	if opts.WebhookSecret == "" {
		opts.WebhookSecret = DefaultWebhookSecret
	}
	if opts.PhoneNumbers == nil {
		opts.PhoneNumbers = map[string]string{DefaultPhoneNumberID: DefaultWABAID}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	metaOpts := opts.Meta
	metaOpts.Now = opts.Now
	s := &Server{
		opts: opts, now: opts.Now, client: fakebsp.WebhookClient(opts.WebhookClient, 5*time.Second),
		Meta: metatest.New(t, metaOpts), flows: map[string]*flow{}, encrypted: map[string]bool{},
	}
	s.URL = fakebsp.Serve(t, s)
	return s
}

// APIKey is the accepted X-API-Key.
func (s *Server) APIKey() string { return s.opts.APIKey }

// WebhookSecret is the secret webhooks are signed with.
func (s *Server) WebhookSecret() string { return s.opts.WebhookSecret }

// Requests returns every request received, oldest first.
func (s *Server) Requests() []Request { return s.traffic.Requests() }

// uuid draws a deterministic UUID (version 4 layout). Callers hold mu.
func (s *Server) uuid() string {
	s.seq++
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", 0x6b617073, s.seq>>16&0xffff, s.seq>>4&0xfff, s.seq&0xfff, s.seq)
}

// nextWAMID draws a message id: "wamid." and base64 of a counter.
func (s *Server) nextWAMID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fakebsp.WAMID("kapso", s.seq)
}

var proxyPrefix = regexp.MustCompile(`^/meta/whatsapp/(v\d+\.\d+)/(.*)$`)

// ServeHTTP routes /platform/v1/… and /meta/whatsapp/{version}/….
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "the body could not be read")
		return
	}
	req := Request{Method: r.Method, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
	version := ""
	if rest, ok := strings.CutPrefix(r.URL.Path, "/platform/v1/"); ok {
		req.Surface, req.Path = Platform, rest
		req.Route = platformRoute(rest)
	} else if m := proxyPrefix.FindStringSubmatch(r.URL.Path); m != nil {
		req.Surface, req.Path, version = Proxy, m[2], m[1]
		req.Route = proxyRoute(m[2])
	}
	if fault, ok := s.traffic.Receive(req, fakebsp.Key(r.Method, req.Route)); ok && fault.answer().Answer(w, r) {
		return
	}
	switch {
	case req.Surface == "":
		writeError(w, http.StatusNotFound, "Not found: "+r.URL.Path)
	case !s.authorized(r, req.Surface):
		writeError(w, http.StatusUnauthorized, "Invalid API key")
	case req.Surface == Platform:
		status, out := s.platform(r, req, body)
		writeJSON(w, status, out)
	default:
		s.proxy(w, r, req, version, body)
	}
}

// authorized checks X-API-Key; the proxy also takes the Meta token of
// the config as a Bearer token.
func (s *Server) authorized(r *http.Request, surface Surface) bool {
	if r.Header.Get("X-API-Key") == s.opts.APIKey {
		return true
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return surface == Proxy && ok && token == s.Meta.Token()
}

// errorBody is Kapso's own error envelope.
type errorBody struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Error: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// metaAnswer is the Meta fake's answer to an internal call.
type metaAnswer struct {
	status int
	header http.Header
	body   []byte
}

func (a metaAnswer) ok() bool { return a.status >= 200 && a.status < 300 }

// graphMessage is the Graph error's text, with Meta's text for users.
func (a metaAnswer) graphMessage() string {
	var env struct {
		Error struct {
			Message string `json:"message"`
			UserMsg string `json:"error_user_msg"`
		} `json:"error"`
	}
	if json.Unmarshal(a.body, &env) != nil || env.Error.Message == "" {
		return strings.TrimSpace(string(a.body))
	}
	if env.Error.UserMsg != "" {
		return env.Error.Message + ": " + env.Error.UserMsg
	}
	return env.Error.Message
}

// callMeta sends one request to the Meta fake in process, as Kapso calls
// Meta with the config's token.
func (s *Server) callMeta(method, version, path string, query url.Values, contentType string, body []byte) metaAnswer {
	target := "/" + version + "/" + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	r := httptest.NewRequest(method, target, bytes.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+s.Meta.Token())
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	s.Meta.ServeHTTP(rec, r)
	return metaAnswer{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// metaVersion is the Graph version Kapso's own calls to Meta use.
const metaVersion = "v24.0"

// wabaOf returns the WABA of a phone number of the project.
func (s *Server) wabaOf(phoneNumberID string) (string, bool) {
	waba, ok := s.opts.PhoneNumbers[phoneNumberID]
	return waba, ok
}

// ownsWABA reports whether a WABA belongs to the project.
func (s *Server) ownsWABA(waba string) bool {
	return slices.Contains(slices.Collect(maps.Values(s.opts.PhoneNumbers)), waba)
}
