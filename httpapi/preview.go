package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"github.com/waflow/waflow/apikeys"
	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/preview"
)

// PreviewCookie holds the API key of a browser that opened a preview page
// with ?key=. It is HttpOnly, SameSite=Strict and scoped to /preview/, so
// no script reads it, no other site's page sends it, and no other route
// sees it.
const PreviewCookie = "waflow_preview"

// PreviewOptions configure [FlowPreviews]. Flows, Apps and Host are
// required.
type PreviewOptions struct {
	Flows EndpointFlows
	Apps  EndpointApps
	// Host runs the handler scripts; the data endpoints' host will do.
	Host *script.Host
	// Tokens issues the flow token each preview walk starts with and
	// verifies it, as the data endpoint does; nil accepts any token.
	Tokens *crypto.Tokens
	// Logger receives the previewed endpoints' failures; nil discards
	// them.
	Logger *slog.Logger
}

// FlowPreviews builds the browser previews of stored flows (see package
// preview). A preview shows the flow's current revision, the draft an
// author is working on, not the published one users get; its requests go
// to an endpoint built like the data endpoint's from that revision and
// the current script, sealed to the key of the first app the flow is
// deployed to that has one (signed with its app secret when it has one),
// or to a throwaway key while no app has a key yet. Handlers are cached by
// what they are built from, as [FlowEndpoints] does. It is safe for
// concurrent use.
type FlowPreviews struct {
	opts      PreviewOptions
	log       *slog.Logger
	throwaway func() (*crypto.PrivateKey, error)

	mu    sync.Mutex
	cache map[string]*preview.Flow // by flow id; Version is the cache key
}

// NewFlowPreviews returns the previews of opts.Flows.
func NewFlowPreviews(opts PreviewOptions) (*FlowPreviews, error) {
	switch {
	case opts.Flows == nil:
		return nil, errors.New("httpapi: PreviewOptions.Flows is required")
	case opts.Apps == nil:
		return nil, errors.New("httpapi: PreviewOptions.Apps is required")
	case opts.Host == nil:
		return nil, errors.New("httpapi: PreviewOptions.Host is required")
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &FlowPreviews{opts: opts, log: log, cache: map[string]*preview.Flow{},
		throwaway: sync.OnceValues(func() (*crypto.PrivateKey, error) { return crypto.GenerateKey(nil, crypto.MinKeyBits) })}, nil
}

// load returns the flow's preview with a fresh flow token.
func (p *FlowPreviews) load(ctx context.Context, id string) (*preview.Flow, error) {
	f, err := p.opts.Flows.GetFlow(ctx, id)
	if err != nil {
		return nil, err
	}
	if f.CurrentRevision == 0 {
		return nil, fmt.Errorf("httpapi: preview flow %s: %w", id, lifecycle.ErrNoRevision)
	}
	app, err := p.keyedApp(ctx, id)
	if err != nil {
		return nil, err
	}
	deployed := []endpointApp{}
	if app != nil {
		deployed = append(deployed, *app)
	}
	version := versions(f.CurrentRevision, f.ScriptRevision, deployed)
	p.mu.Lock()
	pf := p.cache[id]
	p.mu.Unlock()
	if pf == nil || pf.Version != version {
		if pf, err = p.build(ctx, f, app); err != nil {
			return nil, err
		}
		pf.Version = version
		p.mu.Lock()
		p.cache[id] = pf
		p.mu.Unlock()
	}
	out := *pf
	out.FlowToken = "preview"
	if p.opts.Tokens != nil {
		if out.FlowToken, err = p.opts.Tokens.Issue(crypto.TokenClaims{FlowID: id}); err != nil {
			return nil, err
		}
	}
	return &out, nil
}

// keyedApp returns the first app, in target order, the flow is deployed
// to that has a usable key; nil when there is none.
func (p *FlowPreviews) keyedApp(ctx context.Context, flowID string) (*endpointApp, error) {
	ts, err := p.opts.Flows.Targets(ctx, flowID)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		a, err := p.opts.Apps.Get(ctx, t.AppID)
		if errors.Is(err, apps.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, err
		}
		keys, err := p.opts.Apps.Keys(ctx, t.AppID)
		if err != nil {
			return nil, err
		}
		keys = slices.DeleteFunc(keys, func(k apps.KeyPair) bool { return k.Status == apps.KeyRetired })
		if len(keys) > 0 {
			return &endpointApp{app: a, keys: keys}, nil
		}
	}
	return nil, nil
}

// build makes the preview of revision f.CurrentRevision: the document,
// and its endpoint when the revision declares a data_api_version and the
// flow has a script.
func (p *FlowPreviews) build(ctx context.Context, f lifecycle.Flow, app *endpointApp) (*preview.Flow, error) {
	r, err := p.opts.Flows.Revision(ctx, f.ID, f.CurrentRevision)
	if err != nil {
		return nil, err
	}
	pf := &preview.Flow{Name: f.Name, JSON: r.JSON}
	flow, _, err := flowjson.Decode(r.JSON)
	switch {
	case err != nil:
		pf.NoEndpoint = fmt.Sprintf("revision %d does not decode: %v", f.CurrentRevision, err)
		return pf, nil
	case !flow.HasEndpoint():
		pf.NoEndpoint = fmt.Sprintf("revision %d declares no data_api_version, so it never calls one", f.CurrentRevision)
		return pf, nil
	case f.ScriptRevision == 0:
		pf.NoEndpoint = "the flow has no handler script; PUT one to /wa/v2/flows/" + f.ID + "/script"
		return pf, nil
	}
	sc, err := p.opts.Flows.Script(ctx, f.ID, f.ScriptRevision)
	if err != nil {
		return nil, err
	}
	prg, err := script.Compile("flow-"+f.ID+"-script-"+strconv.Itoa(sc.Revision)+".js", sc.Source)
	if err != nil {
		pf.NoEndpoint = "the script does not compile: " + err.Error()
		return pf, nil
	}
	var keys crypto.KeySet
	if app != nil {
		if keys, err = p.opts.Apps.KeySet(ctx, app.app.ID); err != nil {
			return nil, err
		}
		pf.KeyLabel = fmt.Sprintf("the key of app %s (%s), version %d", app.app.Name, app.app.ID, app.keys[0].Version)
		if s := app.app.Credentials[appSecretCredential]; s != "" {
			pf.AppSecret = []byte(s)
		}
	} else {
		k, err := p.throwaway()
		if err != nil {
			return nil, err
		}
		keys = crypto.KeySet{k}
		pf.KeyLabel = "a throwaway key (no app the flow is deployed to has a flows key yet)"
	}
	cfg := endpoint.Config{FlowID: f.ID, Flow: flow, Keys: keys, Tokens: p.opts.Tokens, Program: prg,
		Host: p.opts.Host, Logger: p.log}
	if pf.AppSecret != nil {
		cfg.AppSecrets = [][]byte{pf.AppSecret}
	}
	if pf.Endpoint, err = endpoint.New(cfg); err != nil {
		return nil, fmt.Errorf("httpapi: preview endpoint of flow %s: %w", f.ID, err)
	}
	pf.Key = &keys[0].PublicKey
	return pf, nil
}

// previewResources are the preview page's resources under
// /preview/flows/{id}/, with what the route table says of each.
var previewResources = []struct {
	name, method, contentType, summary string
	needsFlow                          bool
}{
	{"flowrun.js", http.MethodGet, "text/javascript", "The flow runtime the preview page drives.", false},
	{"preview.js", http.MethodGet, "text/javascript", "The preview page's script.", false},
	{"preview.css", http.MethodGet, "text/css", "The preview page's stylesheet.", false},
	{"flow.json", http.MethodGet, "application/json", "The flow's current revision, as stored.", true},
	{"diagnostics.json", http.MethodGet, "application/json", "The validator's findings on the current revision, grouped by screen.", true},
	{"version", http.MethodGet, "application/json", "What the preview shows (revision, script, key versions) and a fresh flow token; the page polls it and restarts on a change.", true},
	{"exchange", http.MethodPost, "application/json", "A plaintext request of the page's runtime, sealed to the flow's key and answered by its data endpoint: " +
		"200 with the endpoint's status, opened answer and, for a status other than 200, its meaning and cause; 503 when the flow has no endpoint.", true},
}

// previewAuthHelp tells a browser without a key how to get in.
const previewAuthHelp = "the preview needs an API key: open /preview/flows/{id}/?key=<API key> once; " +
	"the browser then keeps it in an HttpOnly cookie for /preview/ (or send Authorization: Bearer <key>)"

// RegisterPreview mounts the browser preview of stored flows: the page at
// GET /preview/flows/{id}/ and its resources below it. The routes live
// outside /wa/v2/, where a browser cannot add a bearer header to a page
// load, and check the API key themselves: from ?key= on the page (which
// sets [PreviewCookie] and redirects to the page without the key, so it
// stays out of the history), then from the cookie or a bearer header.
func RegisterPreview(s *Server, p *FlowPreviews) {
	s.Handle(Route{Method: http.MethodGet, Path: "/preview/flows/:id", Tag: "preview", ContentType: "text/html",
		Query: []QueryParam{{Name: "key", Type: "string",
			Description: "An API key, given once: it is moved into an HttpOnly cookie and the page reloads without it."}},
		Summary: "The flow's browser preview page (its current revision, walked against its script). " +
			"Needs an API key: ?key= once, then the " + PreviewCookie + " cookie, or a bearer header."},
		s.previewHandler(p, "", true))
	for _, r := range previewResources {
		s.Handle(Route{Method: r.method, Path: "/preview/flows/:id/" + r.name, Tag: "preview", ContentType: r.contentType,
			Summary: r.summary + " Needs the API key, as the page does."},
			s.previewHandler(p, r.name, r.needsFlow))
	}
}

// previewHandler serves one resource of a flow's preview through the
// preview package's net/http handler.
func (s *Server) previewHandler(p *FlowPreviews, resource string, needsFlow bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id := c.Params("id")
		page := "/preview/flows/" + url.PathEscape(id) + "/"
		if key := c.Query("key"); resource == "" && key != "" {
			if err := s.previewAuthenticate(c, key); err != nil {
				return err
			}
			c.Cookie(&fiber.Cookie{Name: PreviewCookie, Value: key, Path: "/preview/", HTTPOnly: true,
				SameSite: fiber.CookieSameSiteStrictMode, Secure: c.Protocol() == "https"})
			return c.Redirect(page, http.StatusSeeOther)
		}
		key, ok := bearer(c.Get(fiber.HeaderAuthorization))
		if !ok {
			key = c.Cookies(PreviewCookie)
		}
		if err := s.previewAuthenticate(c, key); err != nil {
			return err
		}
		if resource == "" && !strings.HasSuffix(c.Path(), "/") {
			// The page names its resources relative to itself.
			return c.Redirect(page, http.StatusFound)
		}
		var flow *preview.Flow
		if needsFlow {
			f, err := p.load(c.UserContext(), id)
			if err != nil {
				return err
			}
			flow = f
		}
		h := preview.New(preview.Options{Load: func(context.Context) (*preview.Flow, error) { return flow, nil }, Logger: s.log})
		// The adaptor makes fasthttp's RequestCtx the request's context,
		// and fasthttp recycles it once this handler returns. The exchange
		// hands the context to the flow's endpoint, whose script call
		// derives contexts from it; for a context of a foreign type the
		// context package watches it from a goroutine that may run after
		// the request ended (and after a Shutdown, which rewrites what
		// RequestCtx.Done reads). Serve with the context every other route
		// uses instead.
		ctx := c.UserContext()
		return adaptor.HTTPHandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r = r.WithContext(ctx)
			r.URL.Path, r.URL.RawPath = "/"+resource, ""
			h.ServeHTTP(w, r)
		})(c)
	}
}

// previewAuthenticate checks an API key as the bearer check does.
func (s *Server) previewAuthenticate(c *fiber.Ctx, key string) error {
	if key == "" || s.auth == nil {
		return &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Message: previewAuthHelp}
	}
	pr, err := s.auth.Authenticate(c.UserContext(), key)
	switch {
	case errors.Is(err, ErrUnauthorized), errors.Is(err, apikeys.ErrUnauthorized):
		return &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Message: previewAuthHelp}
	case err != nil:
		return fmt.Errorf("httpapi: authenticate: %w", err)
	}
	c.Locals(principalKey, pr)
	return nil
}
