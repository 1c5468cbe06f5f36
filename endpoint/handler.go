package endpoint

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint/script"
)

// Request is one POST as received: the raw body and the headers.
type Request struct {
	Body   []byte
	Header http.Header
}

// Response is what to send back. Body is empty for failures detected
// before the envelope opened; otherwise it is sealed for the client.
type Response struct {
	Status      int
	Body        []byte
	ContentType string
	// Err is why Status is not 200, for the adapter's logs; nil on success.
	Err *Error
}

// ContentTypeSealed is the content type of every sealed body, as Meta's
// sample answer shows it.
const ContentTypeSealed = "text/plain"

// Precomputed plaintexts of the protocol's fixed answers.
var (
	pingAnswer = []byte(`{"data":{"status":"active"}}`)
	ackAnswer  = []byte(`{"data":{"acknowledged":true}}`)
)

// Handler is one flow's data endpoint. It is safe for concurrent use.
type Handler struct {
	cfg        Config
	routes     *routes
	maxBody    int64
	expiredMsg []byte // the sealed body's plaintext for 427
	log        *slog.Logger
	now        func() time.Time
}

// New checks cfg and returns its handler. It completes the RSA keys' CRT
// values if they are missing (a key built by hand rather than parsed or
// generated), since decryption without them is several times slower.
func New(cfg Config) (*Handler, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	for _, k := range cfg.Keys {
		if k.Precomputed.Dp == nil {
			k.Precompute()
		}
	}
	h := &Handler{cfg: cfg, maxBody: cfg.MaxBodyBytes, log: cfg.Logger, now: cfg.Now}
	if h.maxBody == 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.now == nil {
		h.now = time.Now
	}
	if cfg.Flow != nil {
		h.routes = newRoutes(cfg.Flow)
	}
	msg := cfg.ExpiredTokenMessage
	if msg == "" {
		msg = DefaultExpiredTokenMessage
	}
	var err error
	if h.expiredMsg, err = json.Marshal(map[string]string{"error_msg": msg}); err != nil {
		return nil, fmt.Errorf("endpoint: encode ExpiredTokenMessage: %w", err)
	}
	return h, nil
}

// Handle answers one request. It never panics on any input and returns one
// of the statuses 200, 400, 413, 421, 427, 432, 500 or 503 (see the package
// documentation for which failure gets which).
func (h *Handler) Handle(ctx context.Context, req Request) Response {
	start := h.now()
	o := Outcome{KeyIndex: -1}
	resp := h.handle(ctx, req, &o)
	o.Status = resp.Status
	o.Duration = h.now().Sub(start)
	if resp.Err != nil {
		o.Code = resp.Err.Code
	}
	if h.cfg.Observer != nil {
		h.cfg.Observer.Observe(o)
	}
	return resp
}

// Reject answers a request that an adapter refused before [Handler.Handle]
// could see it: a method other than POST, a body over the limit, a failed
// read. err should be an *[Error]; anything else is answered 500. The
// failure is logged and observed as Handle's would be.
func (h *Handler) Reject(ctx context.Context, err error) Response {
	resp := h.fail(ctx, nil, nil, err)
	if h.cfg.Observer != nil {
		h.cfg.Observer.Observe(Outcome{Status: resp.Status, Code: resp.Err.Code, KeyIndex: -1})
	}
	return resp
}

func (h *Handler) handle(ctx context.Context, req Request, o *Outcome) Response {
	if int64(len(req.Body)) > h.maxBody {
		return h.fail(ctx, nil, nil, newError(http.StatusRequestEntityTooLarge, CodeBodyTooLarge, "body of %d bytes, limit %d", len(req.Body), h.maxBody))
	}
	if len(h.cfg.AppSecrets) > 0 {
		if err := crypto.VerifyBodySignature(h.cfg.AppSecrets, req.Body, req.Header.Get("X-Hub-Signature-256")); err != nil {
			return h.fail(ctx, nil, nil, &Error{Status: StatusBadSignature, Code: CodeBadSignature, Err: err})
		}
	}
	plain, sess, err := h.cfg.Keys.Open(req.Body)
	if err != nil {
		return h.fail(ctx, nil, nil, &Error{Status: StatusUndecryptable, Code: CodeUndecryptable, Err: err})
	}
	o.KeyIndex = sess.KeyIndex()
	p, err := parsePayload(plain)
	if err != nil {
		return h.fail(ctx, sess, nil, err)
	}
	o.Action = p.action
	if p.action != ActionPing {
		if n, ok := notificationOf(p); ok {
			o.Action = ActionErrorNotification
			h.record(ctx, n)
			return h.seal(ctx, sess, p, ackAnswer)
		}
	}
	switch p.action {
	case ActionPing:
		return h.seal(ctx, sess, p, pingAnswer)
	case ActionInit, ActionDataExchange, ActionBack:
	default:
		return h.fail(ctx, sess, p, newError(http.StatusBadRequest, CodeUnknownAction, "action %q is not ping, INIT, data_exchange or BACK", clip(p.action)))
	}
	if err := h.checkToken(p); err != nil {
		return h.fail(ctx, sess, p, err)
	}
	if err := h.checkRequestScreen(p); err != nil {
		return h.fail(ctx, sess, p, err)
	}
	ans, err := h.cfg.Host.Run(ctx, h.cfg.Program, script.Request{FlowID: h.cfg.FlowID, Body: p.body, Env: h.cfg.Env})
	if err != nil {
		return h.fail(ctx, sess, p, runError(err))
	}
	if err := checkAnswer(h.routes, p, ans.Body); err != nil {
		return h.fail(ctx, sess, p, err)
	}
	return h.seal(ctx, sess, p, ans.Raw)
}

// checkRequestScreen refuses a request from a screen the flow lacks: the
// routing model cannot say what may follow it, and the likeliest cause is a
// client still on an older revision of the flow.
func (h *Handler) checkRequestScreen(p *payload) error {
	if p.action == ActionDataExchange && p.screen == "" {
		return newError(http.StatusBadRequest, CodeBadPayload, "data_exchange names no screen")
	}
	if h.routes == nil || p.screen == "" || p.action == ActionInit {
		return nil
	}
	if _, ok := h.cfg.Flow.Screen(p.screen); !ok {
		return newError(http.StatusBadRequest, CodeUnknownScreen, "%s from screen %q, which the flow does not have", p.action, clip(p.screen))
	}
	return nil
}

// runError classifies a failed script call. Script faults get 500, which
// makes the client show its generic error; the fault's text stays in the log.
func runError(err error) *Error {
	switch {
	case errors.As(err, new(*script.ScriptError)):
		return &Error{Status: http.StatusInternalServerError, Code: CodeScriptFault, Err: err}
	case errors.Is(err, script.ErrClosed), errors.Is(err, context.Canceled):
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeUnavailable, Err: err}
	}
	return &Error{Status: http.StatusInternalServerError, Code: CodeInternal, Err: err}
}

// RoundTrip answers one sealed request in process: the status, the body
// and, when the status is not 200, the reason (which the body never
// carries). It lets a client that plays WhatsApp's side, such as a flow
// walker, reach the handler without a network.
func (h *Handler) RoundTrip(ctx context.Context, body []byte, header http.Header) (int, []byte, error) {
	resp := h.Handle(ctx, Request{Body: body, Header: header})
	if resp.Err != nil {
		return resp.Status, resp.Body, resp.Err.Err
	}
	return resp.Status, resp.Body, nil
}
