package providers

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// BSP names a business solution provider.
type BSP string

// The BSPs waflow speaks to.
const (
	BSPMeta    BSP = "META"
	BSPGupshup BSP = "GUPSHUP"
	BSPInfobip BSP = "INFOBIP"
	BSPKapso   BSP = "KAPSO"
	BSPSandbox BSP = "SANDBOX"
)

// BSPs lists every known BSP.
func BSPs() []BSP { return []BSP{BSPMeta, BSPGupshup, BSPInfobip, BSPKapso, BSPSandbox} }

// Valid reports whether b is a known BSP.
func (b BSP) Valid() bool {
	for _, known := range BSPs() {
		if b == known {
			return true
		}
	}
	return false
}

// Operation names one provider call, for capabilities and error reports.
type Operation string

// Operations of the flow lifecycle and of key management.
const (
	OpCreateFlow     Operation = "flows.create"
	OpUpdateFlowJSON Operation = "flows.update_json"
	OpSetEndpoint    Operation = "flows.set_endpoint"
	OpPublishFlow    Operation = "flows.publish"
	OpDeprecateFlow  Operation = "flows.deprecate"
	OpDeleteFlow     Operation = "flows.delete"
	OpGetFlow        Operation = "flows.get"
	OpPreviewFlow    Operation = "flows.preview"
	OpSetPublicKey   Operation = "encryption.set_public_key"
)

// Capabilities is the set of operations a provider offers.
type Capabilities map[Operation]bool

// Supports reports whether op is offered.
func (c Capabilities) Supports(op Operation) bool { return c[op] }

// App is what a provider needs to act for one sender: its identifiers and its
// unsealed credentials. Credentials are never logged (see LogValue).
type App struct {
	ID            string
	BSP           BSP
	PhoneNumber   string
	PhoneNumberID string
	WABAID        string
	Credentials   map[string]string
	Settings      map[string]string
}

// FlowStatus is a flow's status in Meta's names; providers map their own.
type FlowStatus string

// Flow statuses as Meta runs them. Unknown keeps a status a BSP reports that
// maps to none of them, rather than guessing.
const (
	FlowDraft      FlowStatus = "DRAFT"
	FlowPublished  FlowStatus = "PUBLISHED"
	FlowDeprecated FlowStatus = "DEPRECATED"
	FlowThrottled  FlowStatus = "THROTTLED"
	FlowBlocked    FlowStatus = "BLOCKED"
	FlowUnknown    FlowStatus = "UNKNOWN"
)

// ValidationError is one Flow JSON error as a BSP reports it after an upload.
type ValidationError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Pointer string `json:"pointer,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
}

// CreateFlowRequest creates a remote flow in DRAFT.
type CreateFlowRequest struct {
	Name        string
	Categories  []string
	EndpointURI string // may be empty; set later with SetEndpoint
}

// RemoteFlow is a flow as the BSP holds it.
type RemoteFlow struct {
	ID string
	// MetaFlowID is Meta's id of the flow when the BSP names it by an id
	// of its own (Kapso's UUIDs): messages, templates and Meta's flow
	// webhooks use this one. Empty when ID is Meta's.
	MetaFlowID       string
	Name             string
	Status           FlowStatus
	RawStatus        string // the BSP's own word, kept when Status is FlowUnknown
	ValidationErrors []ValidationError
	EndpointURI      string
	PreviewURL       string
	UpdatedAt        time.Time
}

// FlowManager drives a flow's lifecycle at one BSP.
//
// Every method is safe for concurrent use. Calls are not idempotent at the
// BSP (a repeated CreateFlow makes a second flow), so callers record each
// completed step before taking the next. UpdateFlowJSON succeeds even when the
// BSP finds validation errors: they are returned, and only PublishFlow fails.
// A missing remote flow is an *Error with Kind ErrorNotFound.
type FlowManager interface {
	CreateFlow(ctx context.Context, app App, req CreateFlowRequest) (RemoteFlow, error)
	UpdateFlowJSON(ctx context.Context, app App, remoteID string, flowJSON []byte) ([]ValidationError, error)
	SetEndpoint(ctx context.Context, app App, remoteID, endpointURI string) error
	PublishFlow(ctx context.Context, app App, remoteID string) error
	DeprecateFlow(ctx context.Context, app App, remoteID string) error
	DeleteFlow(ctx context.Context, app App, remoteID string) error
	GetFlow(ctx context.Context, app App, remoteID string) (RemoteFlow, error)
	PreviewFlow(ctx context.Context, app App, remoteID string) (string, error)
}

// KeyUploader registers the business public key that WhatsApp uses to
// encrypt data-endpoint requests for app.
type KeyUploader interface {
	SetPublicKey(ctx context.Context, app App, publicKeyPEM []byte) error
}

// Provider is one BSP.
type Provider interface {
	BSP() BSP
	Capabilities() Capabilities
	FlowManager
	KeyUploader
}

// UnsupportedError reports an operation a BSP does not offer.
type UnsupportedError struct {
	BSP       BSP
	Operation Operation
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("%s does not support %s", e.BSP, e.Operation)
}

// Is makes errors.Is(err, ErrUnsupported) true for every *UnsupportedError.
func (e *UnsupportedError) Is(target error) bool { return target == ErrUnsupported }

// ErrUnsupported matches any *UnsupportedError.
var ErrUnsupported = errors.New("operation not supported by this BSP")

// ErrorKind classifies a provider failure so callers can branch on it.
type ErrorKind string

// Kinds of provider failures.
const (
	ErrorAuth        ErrorKind = "auth"        // credentials refused; retrying will not help
	ErrorInvalid     ErrorKind = "invalid"     // the request was refused as invalid
	ErrorNotFound    ErrorKind = "not_found"   // the remote object does not exist
	ErrorConflict    ErrorKind = "conflict"    // illegal state transition or duplicate
	ErrorThrottled   ErrorKind = "throttled"   // rate limited; retry after RetryAfter
	ErrorUnavailable ErrorKind = "unavailable" // 5xx, timeouts, connection failures
	ErrorUnknown     ErrorKind = "unknown"
)

// Error is a failure reported by a BSP, keeping the BSP's own code and message.
type Error struct {
	BSP        BSP
	Operation  Operation
	Kind       ErrorKind
	HTTPStatus int
	Code       string // the BSP's error code, as text
	Message    string // the BSP's message
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s %s: %s", e.BSP, e.Operation, e.Kind)
	if e.Code != "" {
		msg += " (code " + e.Code + ")"
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Retryable reports whether a later attempt may succeed.
func (e *Error) Retryable() bool {
	return e.Kind == ErrorThrottled || e.Kind == ErrorUnavailable
}

// Retryable reports whether err is worth retrying: a retryable *Error, or a
// failure that did not come from the BSP at all (a context or network error
// other than cancellation). Unsupported operations are never retried.
func Retryable(err error) bool {
	if err == nil || errors.Is(err, ErrUnsupported) || errors.Is(err, context.Canceled) {
		return false
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Retryable()
	}
	return true
}
