package sandbox

import (
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/waflow/waflow/flowrun"
	"github.com/waflow/waflow/providers"
)

// DefaultPreviewBaseURL prefixes preview links when Options.PreviewBaseURL is
// empty. The .invalid domain never resolves, so a link that escapes into a
// browser cannot be mistaken for a working preview.
const DefaultPreviewBaseURL = "https://sandbox.waflow.invalid/flows"

// maxFlowJSONSize is Meta's limit on an uploaded flow.json.
const maxFlowJSONSize = 10 << 20

// Options configures a Sandbox. The zero value is ready to use.
type Options struct {
	// Now is the clock behind UpdatedAt and the call log; nil means
	// time.Now.
	Now func() time.Time
	// IDs returns the id of each new remote flow; nil means a counter per
	// Sandbox: "sbx-flow-0001", "sbx-flow-0002", …. It is called with the
	// sandbox's lock held, so it must not call back into the Sandbox.
	IDs func() string
	// PreviewBaseURL prefixes every preview link; empty means
	// DefaultPreviewBaseURL.
	PreviewBaseURL string
	// Validate checks an uploaded Flow JSON document, as the server does with
	// package flowjson. Nil means a check that the document parses, so a
	// sandbox without the validator still refuses to publish garbage. It is
	// called without the sandbox's lock, possibly from several goroutines.
	Validate func(flowJSON []byte) []providers.ValidationError
	// TemplateApproval is how long a submitted template stays PENDING
	// before it is APPROVED, counted on Now. Zero approves it at the next
	// read, which is what tests want; a server that wants the wait a real
	// review has passes DefaultTemplateApproval.
	TemplateApproval time.Duration

	// WebhookURL receives the sandbox's webhooks, as Meta posts them (see
	// meta.EncodeWebhook) and signed with WebhookSecret in
	// X-Hub-Signature-256: the statuses of accepted messages, template
	// review outcomes and flow health changes. Empty sends none. They
	// leave from [Sandbox.Run], which must be running.
	WebhookURL    string
	WebhookSecret []byte
	// DeliveredAfter is how long after it was accepted a message is
	// DELIVERED, and ReadAfter how long after that it is READ; zero means
	// at once.
	DeliveredAfter time.Duration
	ReadAfter      time.Duration
	// Answers gives the simulated user's form values for a flow message,
	// by screen id and then input name; nil, or no value for an input,
	// means a plausible one (see [Sandbox.Run]).
	Answers func(m SentMessage) map[string]map[string]any
	// Endpoint carries the simulated user's requests to the data endpoint
	// of the app's flow with the sandbox's id flowID; nil, or a nil
	// answer, means POSTing them, sealed to the app's public key, to the
	// flow's endpoint URI, as WhatsApp does.
	Endpoint func(appID, flowID string) flowrun.Exchanger
	// HTTPClient posts webhooks and the simulated user's data endpoint
	// requests; nil means a client with a 10 s timeout.
	HTTPClient *http.Client
	// Logger receives the webhooks given up on; nil discards them.
	Logger *slog.Logger
}

// DefaultTemplateApproval is a review delay short enough for a demo and
// long enough to show a template PENDING first.
const DefaultTemplateApproval = 3 * time.Second

// Sandbox is a BSP that lives in the process. It implements
// providers.Messenger (flows, keys, messages and templates); every method
// is safe for concurrent use.
type Sandbox struct {
	now         func() time.Time
	ids         func() string
	previewBase string
	validate    func([]byte) []providers.ValidationError
	approval    time.Duration
	hooks       hookConfig
	user        userConfig
	wake        chan struct{} // kicks Run when a job is queued

	mu          sync.Mutex
	counter     int
	msgCounter  int
	tplCounter  int
	sent        []sentMessage
	apps        map[string]*appState
	calls       []Call
	faults      map[providers.Operation][]error
	unsupported map[providers.Operation]bool
	jobs        []*job // what Run does, by due time
	jobSeq      int
}

// appState is everything the sandbox holds for one app; apps never share
// flows, as two WABAs would not.
type appState struct {
	flows     map[string]*remoteFlow
	publicKey []byte
	templates map[string]*remoteTemplate
}

var _ providers.Messenger = (*Sandbox)(nil)

// New returns an empty Sandbox configured by opts.
func New(opts Options) *Sandbox {
	s := &Sandbox{
		now:         opts.Now,
		ids:         opts.IDs,
		previewBase: opts.PreviewBaseURL,
		validate:    opts.Validate,
		approval:    opts.TemplateApproval,
		hooks:       newHookConfig(opts),
		user:        userConfig{answers: opts.Answers, endpoint: opts.Endpoint},
		wake:        make(chan struct{}, 1),
		apps:        map[string]*appState{},
		faults:      map[providers.Operation][]error{},
		unsupported: map[providers.Operation]bool{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.previewBase == "" {
		s.previewBase = DefaultPreviewBaseURL
	}
	if s.validate == nil {
		s.validate = checkParses
	}
	return s
}

// BSP reports providers.BSPSandbox.
func (s *Sandbox) BSP() providers.BSP { return providers.BSPSandbox }

// Capabilities reports every operation except those switched off with
// SetUnsupported.
func (s *Sandbox) Capabilities() providers.Capabilities {
	s.mu.Lock()
	defer s.mu.Unlock()
	caps := providers.Capabilities{}
	for _, op := range providers.Operations() {
		caps[op] = !s.unsupported[op]
	}
	return caps
}

// app returns the state of appID, creating it on first use. Callers hold mu.
func (s *Sandbox) app(appID string) *appState {
	a, ok := s.apps[appID]
	if !ok {
		a = &appState{flows: map[string]*remoteFlow{}, templates: map[string]*remoteTemplate{}}
		s.apps[appID] = a
	}
	return a
}

// newID draws the next remote flow id. Callers hold mu.
func (s *Sandbox) newID() string {
	if s.ids != nil {
		return s.ids()
	}
	s.counter++
	return fmt.Sprintf("sbx-flow-%04d", s.counter)
}
