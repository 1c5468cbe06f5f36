package kapso

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// Defaults of Options.
const (
	// DefaultBaseURL is Kapso's API host; the Platform API lives under
	// /platform/v1 and the Meta proxy under /meta/whatsapp/{version}.
	DefaultBaseURL = "https://api.kapso.ai"
	// DefaultGraphVersion is the Graph version the Meta proxy is called
	// with.
	DefaultGraphVersion = "v24.0"
)

// Names in providers.App this package reads.
const (
	// CredentialAPIKey is the Kapso project key, sent as X-API-Key on both
	// surfaces.
	CredentialAPIKey = "api_key"
	// CredentialWebhookSecret is the secret Kapso signs webhooks with. The
	// provider only scrubs it from logs; the inbound pipeline passes it to
	// VerifyWebhook.
	CredentialWebhookSecret = "webhook_secret"
	// SettingBaseURL, when set, replaces Options.BaseURL for the app.
	SettingBaseURL = "base_url"
)

// RetryPolicy says how often and how patiently calls are retried; the zero
// value means 4 attempts, 250ms doubling to at most 30s, with jitter.
type RetryPolicy = transport.Policy

// Options configures a Provider. The zero value means the defaults.
type Options struct {
	// BaseURL is Kapso's host; empty means DefaultBaseURL. An app's
	// settings.base_url, when set, wins for that app's calls.
	BaseURL string
	// GraphVersion is the Graph version in Meta proxy paths ("v24.0");
	// empty means DefaultGraphVersion.
	GraphVersion string
	// HTTPClient sends the requests; nil means a client of the provider's
	// own.
	HTTPClient *http.Client
	// Timeout bounds each attempt; 0 means 30s.
	Timeout time.Duration
	// Now is the clock for Retry-After dates; nil means time.Now.
	Now func() time.Time
	// Sleep waits between attempts; nil means a timer. Tests pass one that
	// records the waits.
	Sleep func(ctx context.Context, d time.Duration) error
	// Retry is the retry policy; its Jitter is where randomness comes in.
	Retry RetryPolicy
	// Logger receives request, response and retry lines with the API key
	// and the webhook secret removed; nil logs nothing.
	Logger *slog.Logger
}

// Provider speaks Kapso's two APIs: the Platform API for the flows Kapso
// keeps (its own flow ids, versions, publishing) and the Meta proxy for
// everything else (deprecation, deletion, flow metadata, messages,
// templates). It implements providers.Messenger and
// providers.WebhookReceiver; every method is safe for concurrent use and
// the Provider keeps no state between calls.
type Provider struct {
	base    string
	version string
	http    *transport.Client
}

var (
	_ providers.Messenger       = (*Provider)(nil)
	_ providers.WebhookReceiver = (*Provider)(nil)
)

// New returns a Provider configured by opts.
func New(opts Options) *Provider {
	p := &Provider{
		base:    strings.TrimRight(opts.BaseURL, "/"),
		version: opts.GraphVersion,
		http: transport.For(providers.BSPKapso, transport.Client{
			HTTP:     opts.HTTPClient,
			Policy:   opts.Retry,
			Timeout:  opts.Timeout,
			Classify: classifyRetry,
			Logger:   opts.Logger,
			Now:      opts.Now,
			Sleep:    opts.Sleep,
		}),
	}
	if p.base == "" {
		p.base = DefaultBaseURL
	}
	if p.version == "" {
		p.version = DefaultGraphVersion
	}
	return p
}

// BSP reports providers.BSPKapso.
func (p *Provider) BSP() providers.BSP { return providers.BSPKapso }
