package infobip

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// RetryPolicy says how often and how patiently calls are retried; the zero
// value means 4 attempts, 250ms doubling to at most 30s, with jitter.
type RetryPolicy = transport.Policy

// Names in providers.App this package reads.
const (
	// CredentialAPIKey is the API key sent as "Authorization: App <key>".
	CredentialAPIKey = "api_key"
	// CredentialWebhookSecret verifies webhooks: "user:password" for a
	// BASIC subscription profile, the shared key for an HMAC one. The
	// inbound pipeline passes it to VerifyWebhook.
	CredentialWebhookSecret = "webhook_secret"
	// SettingBaseURL is the account's own API host
	// ("https://xyz123.api.infobip.com"); it wins over Options.BaseURL.
	SettingBaseURL = "base_url"
)

// Options configures a Provider. The zero value means the defaults.
type Options struct {
	// BaseURL is the API host used for apps without settings.base_url.
	// Infobip gives every account its own host, so there is no default:
	// an app with neither is refused before anything is sent.
	BaseURL string
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
	// MessageID, when set, mints the messageId sent with every message,
	// so that the id is known before Infobip answers (a send that times
	// out can still be matched with its delivery reports). Nil lets
	// Infobip mint the id.
	MessageID func() string
	// Webhooks says how Infobip authenticates its webhooks to this
	// server; the zero value is BASIC.
	Webhooks Webhooks
	// Logger receives request, response and retry lines with the API key
	// and webhook secret removed; nil logs nothing.
	Logger *slog.Logger
}

// Provider speaks Infobip's WhatsApp API. It implements
// providers.Messenger and providers.WebhookReceiver; every method is safe
// for concurrent use and the Provider keeps no state between calls.
type Provider struct {
	base      string
	http      *transport.Client
	messageID func() string
	hooks     Webhooks
}

var (
	_ providers.Messenger       = (*Provider)(nil)
	_ providers.WebhookReceiver = (*Provider)(nil)
)

// New returns a Provider configured by opts.
func New(opts Options) *Provider {
	p := &Provider{
		base:      strings.TrimRight(opts.BaseURL, "/"),
		messageID: opts.MessageID,
		hooks:     opts.Webhooks,
		http: transport.For(providers.BSPInfobip, transport.Client{
			HTTP:    opts.HTTPClient,
			Policy:  opts.Retry,
			Timeout: opts.Timeout,
			Logger:  opts.Logger,
			Now:     opts.Now,
			Sleep:   opts.Sleep,
		}),
	}
	return p
}

// BSP reports providers.BSPInfobip.
func (p *Provider) BSP() providers.BSP { return providers.BSPInfobip }
