package meta

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
	DefaultBaseURL    = "https://graph.facebook.com"
	DefaultAPIVersion = "v23.0"
)

// RetryPolicy says how often and how patiently calls are retried; the zero
// value means 4 attempts, 250ms doubling to at most 30s, with jitter.
type RetryPolicy = transport.Policy

// Options configures a Provider. The zero value means the defaults.
type Options struct {
	// BaseURL is the Graph API host; empty means DefaultBaseURL. An app's
	// settings.base_url, when set, wins for that app's calls.
	BaseURL string
	// APIVersion is the Graph version in every path ("v23.0"); empty
	// means DefaultAPIVersion.
	APIVersion string
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
	// Logger receives request, response and retry lines with the access
	// token removed; nil logs nothing.
	Logger *slog.Logger
}

// Provider speaks Meta's Cloud API (Graph API) directly. It implements
// providers.Messenger and providers.WebhookReceiver; every method is safe
// for concurrent use and the Provider keeps no state between calls.
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
		version: opts.APIVersion,
		http: transport.For(providers.BSPMeta, transport.Client{
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
		p.version = DefaultAPIVersion
	}
	return p
}

// BSP reports providers.BSPMeta.
func (p *Provider) BSP() providers.BSP { return providers.BSPMeta }
