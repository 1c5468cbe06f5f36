package preview

import (
	"context"
	"crypto/rsa"
	"embed"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"

	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/flowrun"
)

// web holds the page: its HTML, stylesheet and script. The runtime the
// script drives comes from package flowrun, so the page and the Go walker
// run the same file.
//
//go:embed web/index.html web/preview.css web/preview.js
var web embed.FS

// Flow is what a page previews, as a [Loader] finds it now.
type Flow struct {
	// Name is shown above the phone.
	Name string
	// JSON is the Flow JSON document, served as it is.
	JSON []byte
	// Version changes whenever JSON or anything Endpoint is built from
	// changes. The page polls it and restarts the flow when it moves.
	Version string
	// Endpoint answers the flow's requests (INIT, data_exchange, BACK).
	// Nil when there is nothing to call; NoEndpoint then says why, and the
	// page shows it for every request the flow makes.
	Endpoint   *endpoint.Handler
	NoEndpoint string
	// Key is the public key requests are sealed to, as WhatsApp seals them
	// to the key uploaded for the sending number; KeyLabel says whose key
	// it is ("app Pizza (app_1), key version 2").
	Key      *rsa.PublicKey
	KeyLabel string
	// AppSecret, when set, signs every sealed request (X-Hub-Signature-256)
	// as Meta's platform does, for an Endpoint that checks signatures.
	AppSecret []byte
	// FlowToken is the flow_token a walk starts with: one the Endpoint
	// accepts.
	FlowToken string
}

// Loader returns the flow to preview. It is called for every request for
// the flow's data (the page polls the version about once a second), so
// that the page always shows the current flow; implementations keep what
// is costly to build (compiled scripts, handlers) until its inputs change.
// It must be safe for concurrent use.
type Loader func(ctx context.Context) (*Flow, error)

// Options configure a [Handler]. Load is required.
type Options struct {
	Load Loader
	// Random is the source of the AES keys and IVs of sealed requests; nil
	// means crypto/rand.
	Random io.Reader
	// Logger receives failures to load the flow; nil discards them.
	Logger *slog.Logger
}

// Handler serves the preview page of one flow and the resources the page
// fetches, relative to where it is mounted:
//
//	GET  /                  the page
//	GET  /flowrun.js        the flow runtime (package flowrun's script, as it is)
//	GET  /preview.js        the page's script
//	GET  /preview.css       the page's stylesheet
//	GET  /flow.json         the Flow JSON document
//	GET  /diagnostics.json  the validator's findings, grouped by screen
//	GET  /version           the flow's version, name, key and flow token
//	POST /exchange          a request of the runtime through the real envelope
//
// Mount it on a path ending in "/" (the page refers to its resources by
// relative URLs). It is safe for concurrent use.
type Handler struct {
	load   Loader
	random io.Reader
	log    *slog.Logger
}

// New returns the handler of opts.
func New(opts Options) *Handler {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Handler{load: opts.Load, random: opts.Random, log: log}
}

// contentSecurityPolicy keeps the page to its own origin: rendered flow
// text (markdown, links, images) cannot load or run anything else. Images
// of a flow are base64 data.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Path == "/exchange" {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeError(w, http.StatusMethodNotAllowed, "POST a request of the runtime")
			return
		}
		h.exchange(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "this resource is read with GET")
		return
	}
	switch r.URL.Path {
	case "/":
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		serveAsset(w, "index.html", "text/html; charset=utf-8")
	case "/preview.js":
		serveAsset(w, "preview.js", "text/javascript; charset=utf-8")
	case "/preview.css":
		serveAsset(w, "preview.css", "text/css; charset=utf-8")
	case "/flowrun.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = io.WriteString(w, flowrun.Script())
	case "/flow.json":
		if f, ok := h.flow(w, r); ok {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(f.JSON)
		}
	case "/diagnostics.json":
		if f, ok := h.flow(w, r); ok {
			writeJSON(w, http.StatusOK, Diagnose(f.JSON))
		}
	case "/version":
		if f, ok := h.flow(w, r); ok {
			writeJSON(w, http.StatusOK, versionOf(f))
		}
	default:
		writeError(w, http.StatusNotFound, "no such preview resource")
	}
}

// flow loads the flow, answering 500 with the reason when it cannot.
func (h *Handler) flow(w http.ResponseWriter, r *http.Request) (*Flow, bool) {
	f, err := h.load(r.Context())
	if err != nil {
		h.log.Warn("preview: load flow", "error", err)
		writeError(w, http.StatusInternalServerError, err.Error())
		return nil, false
	}
	return f, true
}

// Version is what GET /version answers.
type Version struct {
	Version   string `json:"version"`
	Name      string `json:"name"`
	FlowToken string `json:"flow_token"`
	// Endpoint says where requests go: the key they are sealed to, or why
	// there is no endpoint.
	Endpoint string `json:"endpoint"`
}

func versionOf(f *Flow) Version {
	v := Version{Version: f.Version, Name: f.Name, FlowToken: f.FlowToken}
	switch {
	case f.Endpoint == nil:
		v.Endpoint = "no data endpoint: " + f.NoEndpoint
	case f.KeyLabel != "":
		v.Endpoint = "requests sealed to " + f.KeyLabel
	default:
		v.Endpoint = "requests sealed to the flow's key"
	}
	return v
}

func serveAsset(w http.ResponseWriter, name, contentType string) {
	b, err := web.ReadFile("web/" + name)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", contentType)
	_, _ = w.Write(b)
}

// errorBody is the shape of every failure, the same as the management
// API's, so the page reads one kind of error.
type errorBody struct {
	Error struct {
		Message string `json:"message"`
	} `json:"error"`
}

func writeError(w http.ResponseWriter, status int, message string) {
	var b errorBody
	b.Error.Message = message
	writeJSON(w, status, b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
