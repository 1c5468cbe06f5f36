package gupshup

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// Defaults of Options: the hosts of the Partner API (flows, templates,
// template sends, the v3 passthrough) and of the self-serve API (v1 sends,
// the flows public key).
const (
	DefaultPartnerBaseURL = "https://partner.gupshup.io"
	DefaultAPIBaseURL     = "https://api.gupshup.io"
	// DefaultWebhookHeader is the custom header Gupshup is told to send
	// (in the subscription's meta.headers) with the shared webhook secret.
	DefaultWebhookHeader = "X-Waflow-Webhook-Secret"
)

// Names in providers.App this package reads (apps.Validate lists them for
// GUPSHUP).
const (
	// CredentialAppToken is the Partner API app token ("sk_…"), sent as
	// the raw Authorization header value, without "Bearer".
	CredentialAppToken = "app_token"
	// CredentialAPIKey is the self-serve API key, sent in the apikey
	// header; v1 sends and the public-key upload need it.
	CredentialAPIKey = "api_key"
	// CredentialWebhookSecret is the shared secret Gupshup sends back in
	// the webhook header; the inbound pipeline passes it to VerifyWebhook.
	CredentialWebhookSecret = "webhook_secret"

	// SettingAppID is Gupshup's app id (a UUID), in every Partner API path.
	SettingAppID = "app_id"
	// SettingAppName is the Gupshup app name, the src.name of v1 and
	// template sends.
	SettingAppName = "app_name"
	// SettingBaseURL, when set, replaces both hosts for the app (a test
	// server that serves /partner/… and /wa/… alike).
	SettingBaseURL = "base_url"
	// SettingMessageAPI chooses the sending surface: MessageAPIAuto (the
	// default), MessageAPIV3 or MessageAPIV1; see the package
	// documentation, "Sending".
	SettingMessageAPI = "message_api"
)

// Values of SettingMessageAPI.
const (
	MessageAPIAuto = "auto"
	MessageAPIV3   = "v3"
	MessageAPIV1   = "v1"
)

// credentialNames are scrubbed from every log line.
var credentialNames = []string{CredentialAppToken, CredentialAPIKey, CredentialWebhookSecret}

// RetryPolicy says how often and how patiently calls are retried; the zero
// value means 4 attempts, 250ms doubling to at most 30s, with jitter.
type RetryPolicy = transport.Policy

// Options configures a Provider. The zero value means the defaults.
type Options struct {
	// PartnerBaseURL is the Partner API host; empty means
	// DefaultPartnerBaseURL.
	PartnerBaseURL string
	// APIBaseURL is the self-serve API host; empty means
	// DefaultAPIBaseURL.
	APIBaseURL string
	// WebhookHeader is the header VerifyWebhook reads the shared secret
	// from; empty means DefaultWebhookHeader.
	WebhookHeader string
	// HTTPClient sends the requests; nil means a client of the provider's
	// own.
	HTTPClient *http.Client
	// Timeout bounds each attempt; 0 means 30s.
	Timeout time.Duration
	// Now is the clock for Retry-After dates; nil means time.Now.
	Now func() time.Time
	// Sleep waits between attempts; nil means a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Retry is the retry policy; its Jitter is where randomness comes in.
	Retry RetryPolicy
	// Logger receives request, response and retry lines with the app
	// token, API key and webhook secret removed; nil logs nothing.
	Logger *slog.Logger
}

// Provider speaks Gupshup's Partner, self-serve and v3 passthrough APIs.
// It implements providers.Messenger and providers.WebhookReceiver; every
// method is safe for concurrent use and the Provider keeps no state
// between calls.
type Provider struct {
	partner       string
	api           string
	webhookHeader string
	http          *transport.Client
}

var (
	_ providers.Messenger       = (*Provider)(nil)
	_ providers.WebhookReceiver = (*Provider)(nil)
)

// New returns a Provider configured by opts.
func New(opts Options) *Provider {
	p := &Provider{
		partner:       strings.TrimRight(opts.PartnerBaseURL, "/"),
		api:           strings.TrimRight(opts.APIBaseURL, "/"),
		webhookHeader: opts.WebhookHeader,
		http: transport.For(providers.BSPGupshup, transport.Client{
			HTTP: opts.HTTPClient, Policy: opts.Retry, Timeout: opts.Timeout,
			Logger: opts.Logger, Now: opts.Now, Sleep: opts.Sleep,
		}),
	}
	if p.partner == "" {
		p.partner = DefaultPartnerBaseURL
	}
	if p.api == "" {
		p.api = DefaultAPIBaseURL
	}
	if p.webhookHeader == "" {
		p.webhookHeader = DefaultWebhookHeader
	}
	return p
}

// BSP reports providers.BSPGupshup.
func (p *Provider) BSP() providers.BSP { return providers.BSPGupshup }

// surface is one of Gupshup's APIs, with its host and its auth header.
type surface int

const (
	// partnerAPI: partner host, Authorization: <app token>.
	partnerAPI surface = iota
	// selfServeAPI: api host, apikey: <API key>.
	selfServeAPI
)

// call is one request.
type call struct {
	op      providers.Operation
	surface surface
	method  string
	// path starts with "/partner/…" or "/wa/…", its ids already escaped.
	path       string
	query      url.Values
	body       transport.Payload
	idempotent bool
}

// segment escapes an id as a path segment, refusing an empty one.
func segment(op providers.Operation, what, id string) (string, error) {
	return transport.Segment(providers.BSPGupshup, op, what, id)
}

// appPath is "/partner/app/{appId}" for the app, or an error when the app
// has no settings.app_id.
func appPath(op providers.Operation, app providers.App) (string, error) {
	id, err := segment(op, "app's settings."+SettingAppID, app.Settings[SettingAppID])
	if err != nil {
		return "", err
	}
	return "/partner/app/" + id, nil
}

// do sends c for app and decodes a 2xx answer into out (unless nil),
// returning the raw answer too. Failures are *providers.Error values.
func (p *Provider) do(ctx context.Context, app providers.App, c call, out any) ([]byte, error) {
	header := http.Header{"Accept": {"application/json"}}
	base := p.partner
	switch c.surface {
	case partnerAPI:
		token := app.Credentials[CredentialAppToken]
		if token == "" {
			return nil, localError(c.op, providers.ErrorAuth, errors.New("the app has no app_token credential"))
		}
		header.Set("Authorization", token)
	case selfServeAPI:
		key := app.Credentials[CredentialAPIKey]
		if key == "" {
			return nil, localError(c.op, providers.ErrorAuth, errors.New("the app has no api_key credential, which Gupshup's self-serve API needs"))
		}
		header.Set("apikey", key)
		base = p.api
	}
	if s := strings.TrimRight(app.Settings[SettingBaseURL], "/"); s != "" {
		base = s
	}
	u := base + c.path
	if len(c.query) > 0 {
		u += "?" + c.query.Encode()
	}
	if c.body.ContentType != "" {
		header.Set("Content-Type", c.body.ContentType)
	}
	req := transport.Request{Method: c.method, URL: u, Header: header, Body: c.body.Data, Idempotent: c.idempotent}
	for _, name := range credentialNames {
		req.Secrets = append(req.Secrets, app.Credentials[name])
	}
	resp, err := p.http.Do(ctx, req)
	if err != nil {
		return nil, transport.Unanswered(providers.BSPGupshup, c.op, err)
	}
	if resp.Status < 200 || resp.Status > 299 {
		return resp.Body, responseError(c.op, resp)
	}
	// Gupshup answers some refusals with 200 and its error envelope.
	if env := envelopeOf(resp.Body); env != nil && env.Status == "error" {
		return resp.Body, responseError(c.op, resp)
	}
	if out != nil {
		if err := transport.Decode(providers.BSPGupshup, c.op, resp.Status, resp.Body, out); err != nil {
			return resp.Body, err
		}
	}
	return resp.Body, nil
}

// outcome is the {"status": "success", "success": true} of Partner API
// mutations; either key may be missing.
type outcome struct {
	Status  string `json:"status"`
	Success *bool  `json:"success"`
}

// expectSuccess refuses a 2xx answer that does not say success.
func expectSuccess(op providers.Operation, o outcome) error {
	if o.Status == "success" || o.Success != nil && *o.Success {
		return nil
	}
	return &providers.Error{BSP: providers.BSPGupshup, Operation: op, Kind: providers.ErrorUnknown,
		Message: `the answer did not say "status": "success"`}
}

// mutate sends a call answered by the success envelope.
func (p *Provider) mutate(ctx context.Context, app providers.App, c call) error {
	var out outcome
	if _, err := p.do(ctx, app, c, &out); err != nil {
		return err
	}
	return expectSuccess(c.op, out)
}
