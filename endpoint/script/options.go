package script

import (
	"context"
	"log/slog"
	"net/http"
	goruntime "runtime"
	"time"
)

// Defaults and bounds applied by [NewHost] to a zero or out-of-range
// [Options] field.
const (
	DefaultTimeout        = 3 * time.Second
	MaxTimeout            = 9 * time.Second // WhatsApp gives up after 10 s
	DefaultMaxCallStack   = 1024
	DefaultMaxHeapBytes   = 256 << 20
	DefaultMaxAnswerBytes = 64 << 10
	DefaultMaxFetchBytes  = 1 << 20
)

// Options configure a [Host]. The zero value means every default.
type Options struct {
	// Timeout is the wall-clock budget of one call; 0 means DefaultTimeout
	// and anything above MaxTimeout is clamped to it.
	Timeout time.Duration
	// MaxCallStack caps the call depth (goja's SetMaxCallStackSize).
	MaxCallStack int
	// MaxHeapBytes bounds how far the Go heap may grow while a call runs. A
	// watchdog samples the heap (runtime/metrics) and interrupts every call
	// running when the growth since its start passes the bound. The heap is
	// the process's, so the bound is a guard against runaway scripts, not an
	// exact per-script account.
	MaxHeapBytes uint64
	// MaxAnswerBytes caps the JSON encoding of an answer.
	MaxAnswerBytes int
	// PoolSize is how many idle runtimes the host keeps; 0 means GOMAXPROCS.
	// It does not limit how many calls run at once.
	PoolSize int
	// KV backs the scripts' key-value store; nil means a [NewMemoryKV].
	KV KV
	// Logger receives console.log/info/warn/error/debug with the flow_id,
	// flow_token and script attributes; nil discards them.
	Logger *slog.Logger
	// AllowedHosts are the hosts fetch may reach: "api.example.com" (any
	// port), "127.0.0.1:8080" (that port only) or "*.example.com" (any
	// subdomain). Empty means scripts have no fetch at all.
	AllowedHosts []string
	// HTTPClient makes fetch's requests; nil means a client with default
	// transport. Redirects are followed only to allowed hosts.
	HTTPClient *http.Client
	// MaxFetchBytes caps a fetched response body; 0 means DefaultMaxFetchBytes.
	MaxFetchBytes int
	// Media, when set, gives scripts decryptMedia(metadata): it is called with
	// a picker item ({media_id, cdn_url, encryption_metadata, ...}) and its
	// result reaches the script as a base64 string.
	Media func(ctx context.Context, metadata map[string]any) ([]byte, error)
	// Now is the clock for the Kapso envelope's received_at; nil means
	// time.Now.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	o.Timeout = min(o.Timeout, MaxTimeout)
	if o.MaxCallStack <= 0 {
		o.MaxCallStack = DefaultMaxCallStack
	}
	if o.MaxHeapBytes == 0 {
		o.MaxHeapBytes = DefaultMaxHeapBytes
	}
	if o.MaxAnswerBytes <= 0 {
		o.MaxAnswerBytes = DefaultMaxAnswerBytes
	}
	if o.PoolSize <= 0 {
		o.PoolSize = goruntime.GOMAXPROCS(0)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.KV == nil {
		o.KV = NewMemoryKV(o.Now)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.MaxFetchBytes <= 0 {
		o.MaxFetchBytes = DefaultMaxFetchBytes
	}
	return o
}
