package messaging

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/waflow/waflow/providers"
)

// DefaultMaxWebhookBytes is the largest webhook body accepted when
// InboundOptions.MaxBodyBytes is 0: Meta's payloads go up to 3 MB.
const DefaultMaxWebhookBytes = 3 << 20

// InboundOptions configure an [Inbound]. The zero value of each optional
// field means its default.
type InboundOptions struct {
	// Receivers read each BSP's webhooks; a BSP without one is answered
	// 404. Required.
	Receivers map[providers.BSP]providers.WebhookReceiver
	// Apps lists the apps whose app_secret (or webhook_secret) signs their
	// BSP's webhooks, whose verify_token answers Meta's handshake, and
	// whose ids events are attributed to. Required.
	Apps AppLister
	// Secrets and VerifyTokens are accepted for a BSP besides those of its
	// apps, newest first: the sandbox's own secret, or a Meta app secret
	// shared by every number of one Meta app.
	Secrets      map[providers.BSP][][]byte
	VerifyTokens map[providers.BSP][]string
	// AppCacheTTL bounds how long app secrets are cached; 0 means 30 s.
	AppCacheTTL time.Duration
	// MaxBodyBytes caps a webhook body; 0 means DefaultMaxWebhookBytes.
	MaxBodyBytes int
	// MaxBatch caps how many concurrent webhooks one transaction stores;
	// 0 means 256.
	MaxBatch int

	// Processing (see [Inbound.Run]).

	// Statuses, Templates and Flows receive the events that change state
	// elsewhere; nil drops those events after storing and fanning them
	// out.
	Statuses  StatusSink
	Templates TemplateStatusSink
	Flows     FlowStatusSink
	// Subscriptions lists the subscriptions events are fanned out to;
	// nil fans out nothing.
	Subscriptions SubscriptionLister
	// Tokens and Sent link flow responses to their flow; see FlowResponse.
	Tokens FlowTokenVerifier
	Sent   SentMessages
	// Delivered is called after processed events queued deliveries, to
	// wake the delivery worker; nil means nobody is told.
	Delivered func()
	// ClaimBatch is how many entries one processing round takes; 0 means
	// 64. Lease is how long a claimed entry is reserved for its processor;
	// 0 means 1 minute. PollInterval is how often Run looks for work
	// without being kicked; 0 means 1 s.
	ClaimBatch   int
	Lease        time.Duration
	PollInterval time.Duration
	// Retry spaces the attempts at an entry whose events a sink failed
	// to take; the zero value means 1 s doubling up to 5 minutes.
	Retry RetryBackoff

	// Now is the clock; nil means time.Now. Random supplies ids; nil
	// means crypto/rand. Logger receives processing failures; nil
	// discards them.
	Now    func() time.Time
	Random io.Reader
	Logger *slog.Logger
}

// Inbound is the pipeline of BSP webhooks: it verifies each request's
// signature, stores the raw body durably before the BSP gets its 200, and
// processes stored bodies afterwards, in [Inbound.Run], into
// de-duplicated events, stored messages and flow responses, state changes
// and subscription deliveries. It is safe for concurrent use.
type Inbound struct {
	store   InboxStore
	opts    InboundOptions
	apps    *appDirectory
	now     func() time.Time
	random  io.Reader
	log     *slog.Logger
	commits *groupCommit
	kick    chan struct{}
}

// NewInbound returns the pipeline storing into store.
func NewInbound(store InboxStore, opts InboundOptions) (*Inbound, error) {
	if len(opts.Receivers) == 0 || opts.Apps == nil {
		return nil, errors.New("messaging: inbound options: Receivers and Apps are required")
	}
	in := &Inbound{store: store, opts: opts, now: opts.Now, random: opts.Random, log: opts.Logger,
		kick: make(chan struct{}, 1)}
	if in.now == nil {
		in.now = time.Now
	}
	if in.random == nil {
		in.random = rand.Reader
	}
	if in.log == nil {
		in.log = slog.New(slog.DiscardHandler)
	}
	ttl := opts.AppCacheTTL
	if ttl <= 0 {
		ttl = 30 * time.Second
	}
	in.apps = &appDirectory{lister: opts.Apps, ttl: ttl, now: in.now}
	maxBatch := opts.MaxBatch
	if maxBatch <= 0 {
		maxBatch = 256
	}
	in.commits = &groupCommit{store: store, max: maxBatch}
	return in, nil
}

// Errors of [Inbound.Receive] and [Inbound.Handshake]. [InboundStatus]
// gives the HTTP status for each.
var (
	ErrUnknownBSP       = errors.New("messaging: no webhook receiver for this BSP")
	ErrWebhookTooLarge  = errors.New("messaging: webhook body too large")
	ErrHandshakeRefused = errors.New("messaging: webhook handshake refused")
)

// InboundStatus is the HTTP status that answers an error of Receive or
// Handshake: 404 for an unknown BSP, 413 for a body too large, 401 for a
// missing signature, 403 for a wrong one or a refused handshake, 503 when
// no secret is configured (the BSP retries once one is), 500 otherwise
// (the body was not stored; the BSP retries).
func InboundStatus(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, ErrUnknownBSP):
		return http.StatusNotFound
	case errors.Is(err, ErrWebhookTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, providers.ErrWebhookUnsigned):
		return http.StatusUnauthorized
	case errors.Is(err, providers.ErrWebhookSignature), errors.Is(err, ErrHandshakeRefused):
		return http.StatusForbidden
	case errors.Is(err, providers.ErrWebhookNoSecret):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Receive verifies and stores one webhook. When it returns nil the body is
// durable and the BSP may be answered 200; processing happens later. The
// signature is checked over body exactly as received, before anything
// parses it; a request that fails stores nothing.
func (in *Inbound) Receive(ctx context.Context, bsp providers.BSP, header http.Header, body []byte) error {
	rcv, ok := in.opts.Receivers[bsp]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownBSP, bsp)
	}
	if len(body) > in.maxBody() {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrWebhookTooLarge, len(body), in.maxBody())
	}
	if err := in.verify(ctx, rcv, bsp, header, body); err != nil {
		return err
	}
	if err := in.commits.append(ctx, InboxEntry{BSP: bsp, Body: body, ReceivedAt: in.now().UTC()}); err != nil {
		return err
	}
	in.Kick()
	return nil
}

func (in *Inbound) maxBody() int {
	if in.opts.MaxBodyBytes > 0 {
		return in.opts.MaxBodyBytes
	}
	return DefaultMaxWebhookBytes
}

// verify tries the cached secrets, and once more with freshly loaded ones
// when they fail, so that a new app's first webhook is not refused.
func (in *Inbound) verify(ctx context.Context, rcv providers.WebhookReceiver, bsp providers.BSP, header http.Header, body []byte) error {
	var err error
	for _, fresh := range []bool{false, true} {
		v, lerr := in.apps.view(ctx, bsp, fresh)
		if lerr != nil {
			return lerr
		}
		secrets := append(append([][]byte{}, in.opts.Secrets[bsp]...), v.secrets...)
		err = rcv.VerifyWebhook(secrets, header, body)
		if err == nil || errors.Is(err, providers.ErrWebhookUnsigned) {
			return err
		}
	}
	return err
}

// Handshake answers a BSP's subscription check: the challenge to echo, or
// an error wrapping ErrHandshakeRefused.
func (in *Inbound) Handshake(ctx context.Context, bsp providers.BSP, query url.Values) (string, error) {
	rcv, ok := in.opts.Receivers[bsp]
	if !ok {
		return "", fmt.Errorf("%w: %q", ErrUnknownBSP, bsp)
	}
	for _, fresh := range []bool{false, true} {
		v, err := in.apps.view(ctx, bsp, fresh)
		if err != nil {
			return "", err
		}
		tokens := append(append([]string{}, in.opts.VerifyTokens[bsp]...), v.verifyTokens...)
		if challenge, ok := rcv.Handshake(query, tokens); ok {
			return challenge, nil
		}
	}
	return "", ErrHandshakeRefused
}

// Kick wakes [Inbound.Run] to process what was stored; it never blocks.
func (in *Inbound) Kick() {
	select {
	case in.kick <- struct{}{}:
	default:
	}
}

// ListMessages lists stored user messages in the order they were stored,
// after the id after, at most limit (0 means DefaultPageSize, at most
// MaxPageSize).
func (in *Inbound) ListMessages(ctx context.Context, after string, limit int) ([]InboundRecord, error) {
	if limit <= 0 {
		limit = DefaultPageSize
	}
	return in.store.ListInbound(ctx, after, min(limit, MaxPageSize))
}

// HTTPHandler serves one BSP's webhook URL with net/http: GET is the
// handshake, POST a webhook. Errors are answered with the status of
// [InboundStatus] and a JSON body {"error": {"code", "message"}}.
func (in *Inbound) HTTPHandler(bsp providers.BSP) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			challenge, err := in.Handshake(r.Context(), bsp, r.URL.Query())
			if err != nil {
				writeInboundError(w, err)
				return
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = io.WriteString(w, challenge)
		case http.MethodPost:
			// One byte past the limit tells "too large" from "exactly full".
			body, err := io.ReadAll(io.LimitReader(r.Body, int64(in.maxBody())+1))
			if err != nil {
				http.Error(w, "read body", http.StatusBadRequest)
				return
			}
			if err := in.Receive(r.Context(), bsp, r.Header, body); err != nil {
				writeInboundError(w, err)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"status":"received"}`)
		default:
			w.Header().Set("Allow", "GET, POST")
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
}

// InboundErrorCode is the stable code of an inbound error, for the JSON
// error body.
func InboundErrorCode(err error) string {
	switch InboundStatus(err) {
	case http.StatusNotFound:
		return "UNKNOWN_BSP"
	case http.StatusRequestEntityTooLarge:
		return "BODY_TOO_LARGE"
	case http.StatusUnauthorized:
		return "SIGNATURE_MISSING"
	case http.StatusForbidden:
		if errors.Is(err, ErrHandshakeRefused) {
			return "HANDSHAKE_REFUSED"
		}
		return "SIGNATURE_INVALID"
	case http.StatusServiceUnavailable:
		return "NO_WEBHOOK_SECRET"
	}
	return "INTERNAL"
}

func writeInboundError(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(InboundStatus(err))
	_, _ = fmt.Fprintf(w, `{"error":{"code":%q,"message":%q}}`, InboundErrorCode(err), InboundErrorMessage(err))
}

// InboundErrorMessage is the text the sender sees. It names the failure only:
// how many secrets were tried, or why storing failed, stays inside.
func InboundErrorMessage(err error) string {
	switch InboundErrorCode(err) {
	case "UNKNOWN_BSP":
		return "no webhook receiver is configured for this BSP"
	case "BODY_TOO_LARGE":
		return "the webhook body is larger than accepted"
	case "SIGNATURE_MISSING":
		return "the request carries no signature"
	case "SIGNATURE_INVALID":
		return "the signature does not match the body"
	case "HANDSHAKE_REFUSED":
		return "the verification request is malformed or its token is unknown"
	case "NO_WEBHOOK_SECRET":
		return "no secret is configured to verify this BSP's webhooks"
	}
	return "the webhook was not stored; retry"
}
