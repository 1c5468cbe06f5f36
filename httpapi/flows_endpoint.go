package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/fiberendpoint"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/lifecycle"
)

// CodeEndpointNotReady answers a data endpoint request for a flow that
// cannot be served yet: no Flow JSON with a data_api_version, no handler
// script, no app with a flows key. The message says which.
const CodeEndpointNotReady = "ENDPOINT_NOT_READY"

// EndpointFlows is what the data endpoint reads of a flow;
// *lifecycle.Service implements it.
type EndpointFlows interface {
	GetFlow(ctx context.Context, id string) (lifecycle.Flow, error)
	Revision(ctx context.Context, flowID string, number int) (lifecycle.Revision, error)
	Script(ctx context.Context, flowID string, revision int) (lifecycle.Script, error)
	Targets(ctx context.Context, flowID string) ([]lifecycle.Target, error)
}

// EndpointApps is what the data endpoint reads of the apps a flow is
// deployed to: the app secret among the credentials, the key versions and
// the private keys. *apps.Service implements it.
type EndpointApps interface {
	Get(ctx context.Context, id string) (apps.App, error)
	Keys(ctx context.Context, appID string) ([]apps.KeyPair, error)
	KeySet(ctx context.Context, appID string) (crypto.KeySet, error)
}

// EndpointOptions configure [FlowEndpoints]. Flows, Apps and Host are
// required.
type EndpointOptions struct {
	Flows EndpointFlows
	Apps  EndpointApps
	// Host runs every flow's handler script; one host serves all flows.
	Host *script.Host
	// Tokens verifies the flow tokens waflow issued (427 for a forged,
	// expired or foreign one); nil accepts any non-empty token.
	Tokens *crypto.Tokens
	// Metrics counts every answer by flow; nil counts nothing.
	Metrics *Metrics
	// Logger receives one record per failed request; nil discards them.
	Logger *slog.Logger
	// Revalidate is how long a cached handler is served without reading
	// the flow, its targets and its apps' keys again; 0 means
	// DefaultRevalidate. Changes made through this server drop the cache at
	// once (Forget, KeyChanged); the window only bounds how long another
	// server sharing the database may serve what it had.
	Revalidate time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// DefaultRevalidate keeps the reads that check a cached handler off most
// data-endpoint requests, while other servers' changes show within a second.
const DefaultRevalidate = time.Second

// appSecretCredential is the credential holding an app's Meta app secret.
const appSecretCredential = "app_secret"

// FlowEndpoints serves the data endpoint of every flow at
// POST /wa/v2/flows/{id}/endpoint. For each flow it builds an
// [endpoint.Handler] from:
//
//   - the Flow JSON users get: the published revision once the flow was
//     published, else the current draft, which must declare a
//     data_api_version;
//   - the current handler script, compiled;
//   - the flows keys of every app the flow is deployed to. WhatsApp seals
//     each request to the public key of the number that sent the flow, and
//     nothing in the envelope says which number that was, so the handler
//     tries the keys of all the flow's apps, app by app in id order, each
//     app's active key before its previous ones;
//   - the app secrets: a request must carry a valid X-Hub-Signature-256
//     (else 432) when every one of those apps has an app_secret credential.
//     One app without it turns the check off for the flow, since requests
//     coming through that app could not be told from forged ones;
//   - the server's flow token secret, the shared script host and the
//     metrics.
//
// Handlers are cached. A request finding a handler checked less than
// Revalidate ago uses it as is; otherwise it reads the flow, its targets
// and the apps' key versions and rebuilds the handler only when the
// revision, the script, an app or its keys changed, so that several
// servers sharing one database serve another's change within Revalidate
// and the hot path stays free of store reads.
// [FlowEndpoints.Forget] and [FlowEndpoints.KeyChanged] drop cached
// handlers at once, so that replaced private keys and programs do not
// stay in memory until the next request. It is safe for concurrent use.
type FlowEndpoints struct {
	opts EndpointOptions
	log  *slog.Logger

	mu    sync.Mutex
	cache map[string]*servedFlow
}

// servedFlow is one flow's handler and what it was built from.
type servedFlow struct {
	key            string    // the versions it was built from; see versions
	checked        time.Time // when key was last compared with the store; guarded by FlowEndpoints.mu
	handler        *endpoint.Handler
	revision       int
	scriptRevision int
	appIDs         []string
}

// NewFlowEndpoints returns the data endpoints of opts.Flows.
func NewFlowEndpoints(opts EndpointOptions) (*FlowEndpoints, error) {
	switch {
	case opts.Flows == nil:
		return nil, errors.New("httpapi: EndpointOptions.Flows is required")
	case opts.Apps == nil:
		return nil, errors.New("httpapi: EndpointOptions.Apps is required")
	case opts.Host == nil:
		return nil, errors.New("httpapi: EndpointOptions.Host is required")
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.Revalidate <= 0 {
		opts.Revalidate = DefaultRevalidate
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &FlowEndpoints{opts: opts, log: log, cache: map[string]*servedFlow{}}, nil
}

// Forget drops the cached handler of a flow.
func (e *FlowEndpoints) Forget(flowID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.cache, flowID)
}

// KeyChanged drops the cached handlers that hold an app's keys; pass it
// as AppsDeps.KeyChanged.
func (e *FlowEndpoints) KeyChanged(appID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for id, sf := range e.cache {
		if slices.Contains(sf.appIDs, appID) {
			delete(e.cache, id)
		}
	}
}

// notReady answers a flow whose endpoint cannot be served; the message
// says what is missing. It is a 503 because WhatsApp may call again once
// the flow is complete, and it is logged like every 5xx.
func notReady(format string, args ...any) *Error {
	return &Error{Status: http.StatusServiceUnavailable, Code: CodeEndpointNotReady, Message: fmt.Sprintf(format, args...)}
}

// endpointApp is one app whose keys the flow's handler holds.
type endpointApp struct {
	app  apps.App
	keys []apps.KeyPair // the usable ones
}

// served returns the flow's handler, from the cache when nothing it was
// built from changed.
func (e *FlowEndpoints) served(ctx context.Context, flowID string) (*servedFlow, error) {
	e.mu.Lock()
	now := e.opts.Now()
	if sf := e.cache[flowID]; sf != nil && now.Sub(sf.checked) < e.opts.Revalidate {
		e.mu.Unlock()
		return sf, nil
	}
	e.mu.Unlock()
	f, err := e.opts.Flows.GetFlow(ctx, flowID)
	if err != nil {
		return nil, err
	}
	rev := f.PublishedRevision
	if rev == 0 {
		rev = f.CurrentRevision
	}
	if rev == 0 {
		return nil, notReady("the flow has no Flow JSON yet; PUT one to /wa/v2/flows/%s/json", flowID)
	}
	if f.ScriptRevision == 0 {
		return nil, notReady("the flow has no handler script; PUT one to /wa/v2/flows/%s/script", flowID)
	}
	deployed, err := e.appsOf(ctx, flowID)
	if err != nil {
		return nil, err
	}
	key := versions(rev, f.ScriptRevision, deployed)
	e.mu.Lock()
	sf := e.cache[flowID]
	if sf != nil && sf.key == key {
		sf.checked = now
		e.mu.Unlock()
		return sf, nil
	}
	e.mu.Unlock()
	if sf, err = e.build(ctx, f, rev, deployed); err != nil {
		return nil, err
	}
	sf.key, sf.checked = key, now
	e.mu.Lock()
	e.cache[flowID] = sf
	e.mu.Unlock()
	return sf, nil
}

// appsOf returns the flow's apps that have a usable key, in id order.
func (e *FlowEndpoints) appsOf(ctx context.Context, flowID string) ([]endpointApp, error) {
	ts, err := e.opts.Flows.Targets(ctx, flowID)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, notReady("the flow is deployed to no app, so no key can open its requests; PUT /wa/v2/flows/%s/targets/{app_id}", flowID)
	}
	var out []endpointApp
	for _, t := range ts {
		a, err := e.opts.Apps.Get(ctx, t.AppID)
		if errors.Is(err, apps.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, err
		}
		keys, err := e.opts.Apps.Keys(ctx, t.AppID)
		if err != nil {
			return nil, err
		}
		keys = slices.DeleteFunc(keys, func(k apps.KeyPair) bool { return k.Status == apps.KeyRetired })
		if len(keys) > 0 {
			out = append(out, endpointApp{app: a, keys: keys})
		}
	}
	if len(out) == 0 {
		return nil, notReady("no app the flow is deployed to has a flows encryption key; " +
			`POST {"action":"generate"} to /wa/v2/apps/{id}/encryption`)
	}
	return out, nil
}

// versions is the cache key: everything a handler is built from, by
// version.
func versions(rev, scriptRev int, deployed []endpointApp) string {
	var b strings.Builder
	fmt.Fprintf(&b, "r%d s%d", rev, scriptRev)
	for _, d := range deployed {
		fmt.Fprintf(&b, " %s@%d:", d.app.ID, d.app.Version)
		for _, k := range d.keys {
			fmt.Fprintf(&b, "%d%s,", k.Version, k.Status)
		}
	}
	return b.String()
}

func (e *FlowEndpoints) build(ctx context.Context, f lifecycle.Flow, rev int, deployed []endpointApp) (*servedFlow, error) {
	r, err := e.opts.Flows.Revision(ctx, f.ID, rev)
	if err != nil {
		return nil, err
	}
	flow, _, err := flowjson.Decode(r.JSON)
	if err != nil {
		return nil, fmt.Errorf("httpapi: decode revision %d of flow %s: %w", rev, f.ID, err)
	}
	if !flow.HasEndpoint() {
		return nil, notReady("revision %d of the flow declares no data_api_version, so WhatsApp never calls an endpoint for it", rev)
	}
	sc, err := e.opts.Flows.Script(ctx, f.ID, f.ScriptRevision)
	if err != nil {
		return nil, err
	}
	prg, err := script.Compile("flow-"+f.ID+"-script-"+strconv.Itoa(sc.Revision)+".js", sc.Source)
	if err != nil {
		return nil, fmt.Errorf("httpapi: compile script %d of flow %s: %w", sc.Revision, f.ID, err)
	}
	sf := &servedFlow{revision: rev, scriptRevision: sc.Revision}
	var (
		keys    crypto.KeySet
		secrets [][]byte
	)
	for _, d := range deployed {
		ks, err := e.opts.Apps.KeySet(ctx, d.app.ID)
		if err != nil {
			return nil, err
		}
		keys = append(keys, ks...)
		sf.appIDs = append(sf.appIDs, d.app.ID)
		if s := d.app.Credentials[appSecretCredential]; s != "" {
			secrets = append(secrets, []byte(s))
		}
	}
	cfg := endpoint.Config{FlowID: f.ID, Flow: flow, Keys: keys, Tokens: e.opts.Tokens, Program: prg,
		Host: e.opts.Host, Logger: e.log}
	if len(secrets) == len(deployed) {
		cfg.AppSecrets = secrets
	}
	if e.opts.Metrics != nil {
		cfg.Observer = e.opts.Metrics.EndpointObserver(f.ID)
	}
	if sf.handler, err = endpoint.New(cfg); err != nil {
		return nil, fmt.Errorf("httpapi: data endpoint of flow %s: %w", f.ID, err)
	}
	return sf, nil
}

// Schema names of the data endpoint routes.
const (
	SchemaEndpointStatus   = "FlowEndpointStatus"
	SchemaEndpointEnvelope = "FlowEndpointEnvelope"
	SchemaSealedAnswer     = "FlowEndpointAnswer"
)

// RegisterFlowEndpoint mounts the data endpoint on s: POST, which
// WhatsApp calls (authenticated by the envelope and the signature, not by
// an API key), and GET, which tells an operator whether the flow can be
// served.
func RegisterFlowEndpoint(s *Server, e *FlowEndpoints) {
	s.DefineSchema(SchemaEndpointStatus, Schema{
		"type":     "object",
		"required": []string{"status", "flow_id", "revision", "script_revision", "app_ids"},
		"properties": Schema{
			"status":          Schema{"type": "string", "enum": []string{"ok"}},
			"flow_id":         Schema{"type": "string"},
			"revision":        Schema{"type": "integer", "description": "The Flow JSON revision answers are checked against."},
			"script_revision": Schema{"type": "integer"},
			"app_ids":         Schema{"type": "array", "items": Schema{"type": "string"}, "description": "The apps whose keys open requests."},
		},
	})
	b64 := Schema{"type": "string", "contentEncoding": "base64"}
	s.DefineSchema(SchemaEndpointEnvelope, Schema{
		"type":        "object",
		"required":    []string{"encrypted_flow_data", "encrypted_aes_key", "initial_vector"},
		"description": "The request as WhatsApp seals it to the app's public key.",
		"properties":  Schema{"encrypted_flow_data": b64, "encrypted_aes_key": b64, "initial_vector": b64},
	})
	s.DefineSchema(SchemaSealedAnswer, Schema{"type": "string", "description": "The answer, sealed for the client (base64)."})
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/flows/:id/endpoint", Tag: "flows",
		Request: SchemaEndpointEnvelope, Response: SchemaSealedAnswer, ContentType: endpoint.ContentTypeSealed,
		Summary: "The flow's data endpoint, called by WhatsApp: the encrypted data exchange (421 undecryptable, " +
			"427 invalid flow token, 432 bad signature; 503 ENDPOINT_NOT_READY when the flow lacks a script, JSON or key)."},
		func(c *fiber.Ctx) error {
			sf, err := e.served(c.UserContext(), c.Params("id"))
			if err != nil {
				return err
			}
			return fiberendpoint.New(sf.handler)(c)
		})
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/flows/:id/endpoint", Tag: "flows", Response: SchemaEndpointStatus,
		Summary: "Whether the flow's data endpoint can answer: 200 with what it serves, else 503 ENDPOINT_NOT_READY saying what is missing."},
		func(c *fiber.Ctx) error {
			id := c.Params("id")
			sf, err := e.served(c.UserContext(), id)
			if err != nil {
				return err
			}
			return c.JSON(fiber.Map{"status": "ok", "flow_id": id, "revision": sf.revision,
				"script_revision": sf.scriptRevision, "app_ids": sf.appIDs})
		})
}
