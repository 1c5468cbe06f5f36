package messaging

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
)

// AppResolver finds an app with its credentials unsealed, as package apps
// gives it. It must be safe for concurrent use; its errors are returned
// as they are, so an unknown app keeps the apps package's sentinel.
type AppResolver interface {
	ResolveApp(ctx context.Context, appID string) (providers.App, error)
}

// AppResolverFunc adapts a function to an [AppResolver].
type AppResolverFunc func(ctx context.Context, appID string) (providers.App, error)

// ResolveApp calls f.
func (f AppResolverFunc) ResolveApp(ctx context.Context, appID string) (providers.App, error) {
	return f(ctx, appID)
}

// Providers finds the provider that acts for a BSP; false when the server
// has none configured for it. It must be safe for concurrent use.
type Providers interface {
	Provider(bsp providers.BSP) (providers.Provider, bool)
}

// TokenIssuer signs flow tokens; crypto.Tokens is one.
type TokenIssuer interface {
	Issue(c crypto.TokenClaims) (string, error)
}

// Options tune a [Service]. The zero value means the defaults, except that
// flow messages need Flows and Tokens.
type Options struct {
	// Flows resolves the flows that messages name; nil refuses flow
	// messages.
	Flows FlowResolver
	// Tokens issues the flow tokens of flow messages and FLOW buttons sent
	// without one; nil refuses such messages.
	Tokens TokenIssuer
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Random supplies ids; nil means crypto/rand.
	Random io.Reader
	// SendTimeout bounds the BSP call and the recording of its outcome,
	// which go on when the request that asked for the send is cancelled,
	// so that what was sent is known; 0 means 30 s.
	SendTimeout time.Duration
	// ReportGrace is how long after its time a status webhook for a
	// message waflow does not know is answered ErrReportAhead, so that it
	// is retried, instead of ErrNotFound, which drops it: a status can
	// overtake the answer to the send. 0 means 1 minute.
	ReportGrace time.Duration
}

// List page sizes.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// updateAttempts bounds how often a status change is retried against a
// message that a concurrent change moved on under it.
const updateAttempts = 5

// Service sends messages and keeps their status. It is safe for
// concurrent use.
type Service struct {
	repo        MessageRepository
	templates   TemplateRepository
	apps        AppResolver
	providers   Providers
	flows       FlowResolver
	tokens      TokenIssuer
	now         func() time.Time
	random      io.Reader
	sendTimeout time.Duration
	reportGrace time.Duration
}

// NewService returns a Service storing messages into repo and checking
// template messages against templates.
func NewService(repo MessageRepository, templates TemplateRepository, apps AppResolver, provs Providers, opts Options) *Service {
	s := &Service{repo: repo, templates: templates, apps: apps, providers: provs, flows: opts.Flows,
		tokens: opts.Tokens, now: opts.Now, random: opts.Random, sendTimeout: opts.SendTimeout,
		reportGrace: opts.ReportGrace}
	if s.now == nil {
		s.now = time.Now
	}
	if s.random == nil {
		s.random = rand.Reader
	}
	if s.sendTimeout == 0 {
		s.sendTimeout = 30 * time.Second
	}
	if s.reportGrace == 0 {
		s.reportGrace = time.Minute
	}
	return s
}

// clock returns the time in the precision every repository keeps.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// provider finds the app's provider; a BSP the server has no provider for
// is as unsupported as an operation the provider lacks.
func providerFor(provs Providers, app providers.App, op providers.Operation) (providers.Provider, error) {
	p, ok := provs.Provider(app.BSP)
	if !ok {
		return nil, fmt.Errorf("messaging: no provider configured: %w", &providers.UnsupportedError{BSP: app.BSP, Operation: op})
	}
	return p, nil
}
