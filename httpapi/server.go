package httpapi

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// DefaultBodyLimit is the largest request body accepted when
// Options.BodyLimit is 0.
const DefaultBodyLimit = 1 << 20

// Options configure a [Server]. The zero value is usable: no API key is
// accepted (every management route answers 401), the server is always
// ready, and logs go nowhere.
type Options struct {
	// Logger receives the access log and every internal error; nil
	// discards them.
	Logger *slog.Logger
	// Metrics is the registry /metrics serves; nil means a new one holding
	// the Go runtime and process collectors as well.
	Metrics *prometheus.Registry
	// Auth checks API keys; nil refuses every key.
	Auth Authenticator
	// Ready backs /readyz (usually the store's Ping); nil means always
	// ready.
	Ready func(ctx context.Context) error
	// ReadyTimeout bounds one Ready call; 0 means 2 seconds.
	ReadyTimeout time.Duration
	// BodyLimit is the largest request body in bytes; 0 means
	// [DefaultBodyLimit]. Larger bodies are answered 413.
	BodyLimit int
	// Version is the API version the OpenAPI document states; "" means
	// "dev".
	Version string
	// Now is the clock of the access log and the latency histogram; nil
	// means time.Now.
	Now func() time.Time
	// Random supplies request ids; nil means crypto/rand.
	Random io.Reader
}

// Server is the REST layer: a Fiber app with the middleware every route
// shares, the operational routes, and the route table behind
// /openapi.json. Register routes with [Server.Handle] before serving;
// serving is safe for concurrent use.
type Server struct {
	app          *fiber.App
	log          *slog.Logger
	metrics      *Metrics
	auth         Authenticator
	ready        func(ctx context.Context) error
	readyTimeout time.Duration
	version      string
	now          func() time.Time
	random       io.Reader
	routes       []Route
	largeBodies  []Route // routes with their own BodyLimit
	schemas      map[string]Schema
}

// New builds a server with the operational routes mounted.
func New(opts Options) *Server {
	s := &Server{
		log:          opts.Logger,
		auth:         opts.Auth,
		ready:        opts.Ready,
		readyTimeout: opts.ReadyTimeout,
		version:      opts.Version,
		now:          opts.Now,
		random:       opts.Random,
		schemas:      map[string]Schema{},
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	reg := opts.Metrics
	if reg == nil {
		reg = prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	s.metrics = newMetrics(reg)
	if s.readyTimeout == 0 {
		s.readyTimeout = 2 * time.Second
	}
	if s.version == "" {
		s.version = "dev"
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.random == nil {
		s.random = rand.Reader
	}
	bodyLimit := opts.BodyLimit
	if bodyLimit <= 0 {
		bodyLimit = DefaultBodyLimit
	}
	s.app = fiber.New(fiber.Config{
		BodyLimit: bodyLimit,
		// Case-sensitive routing keeps the bearer check, which looks at
		// the literal path, and the router in agreement.
		CaseSensitive: true,
		// Handlers hand request values (ids, methods) to services that
		// may keep them; fasthttp would otherwise reuse their bytes.
		Immutable:             true,
		DisableStartupMessage: true,
		ErrorHandler:          s.writeError,
		ReadTimeout:           30 * time.Second,
		IdleTimeout:           2 * time.Minute,
	})
	s.app.Server().HeaderReceived = s.requestConfig
	s.app.Use(s.requestID, s.observe, s.recoverPanic, s.authenticate)
	s.defineCommonSchemas()
	s.mountOperations()
	return s
}

// App is the underlying Fiber app, for app.Test in tests and for
// listening. Routes added to it directly bypass the route table, and the
// OpenAPI test fails on them: use [Server.Handle].
func (s *Server) App() *fiber.App { return s.app }

// Metrics returns the server's collectors.
func (s *Server) Metrics() *Metrics { return s.metrics }

// Logger is the server's logger, for handlers that log.
func (s *Server) Logger() *slog.Logger { return s.log }

// Serve answers requests on ln until [Server.Shutdown].
func (s *Server) Serve(ln net.Listener) error { return s.app.Listener(ln) }

// Shutdown stops accepting connections and waits for requests in flight
// until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error { return s.app.ShutdownWithContext(ctx) }

// writeError is Fiber's error handler: every error a handler, a middleware
// or fasthttp itself raises ends here and leaves as the JSON envelope.
func (s *Server) writeError(c *fiber.Ctx, err error) error {
	e := *errorFor(err)
	e.RequestID = requestIDOf(c)
	if e.RequestID == "" {
		// fasthttp's own errors (413, 431) arrive before any middleware ran.
		e.RequestID = s.newRequestID()
		c.Set(HeaderRequestID, e.RequestID)
	}
	if e.Details == nil {
		e.Details = []any{}
	}
	if e.Status == fiber.StatusMethodNotAllowed && e.Header == nil {
		e.Header = map[string]string{fiber.HeaderAllow: strings.Join(s.allowedMethods(c.Path()), ", ")}
	}
	if e.Status >= fiber.StatusInternalServerError {
		// The answer says little on purpose; the log says everything.
		level := slog.LevelWarn
		if e.Code == CodeInternal {
			level = slog.LevelError
		}
		s.log.Log(c.UserContext(), level, "request failed",
			"request_id", e.RequestID, "method", c.Method(), "path", c.Path(), "code", e.Code, "error", err)
	}
	for k, v := range e.Header {
		c.Set(k, v)
	}
	return c.Status(e.Status).JSON(struct {
		Error *Error `json:"error"`
	}{&e})
}

// errPanic is what a recovered panic becomes; the panic value and stack
// are logged where it happens.
var errPanic = errors.New("httpapi: handler panicked")
