package lifecycle

import (
	"time"

	"github.com/waflow/waflow/providers"
)

// Step is one call the reconciler makes to a target's BSP.
type Step string

// Reconciler steps, in the order they are taken.
const (
	StepCreate    Step = "create"    // create the remote flow
	StepUpload    Step = "upload"    // upload the Flow JSON of the revision to serve
	StepEndpoint  Step = "endpoint"  // set the data endpoint URL
	StepPublish   Step = "publish"   // publish the uploaded revision
	StepDeprecate Step = "deprecate" // deprecate the remote flow
)

// operation is the provider operation a step calls.
func (s Step) operation() providers.Operation {
	switch s {
	case StepCreate:
		return providers.OpCreateFlow
	case StepUpload:
		return providers.OpUpdateFlowJSON
	case StepEndpoint:
		return providers.OpSetEndpoint
	case StepPublish:
		return providers.OpPublishFlow
	}
	return providers.OpDeprecateFlow
}

// StepState says where a target's reconciliation stands.
type StepState string

// Step states. A target is due for the reconciler while it is pending or
// retrying and its NextAttemptAt has come; failed and unsupported targets
// wait for the desired state to change or for [Service.RetryTarget].
const (
	StatePending     StepState = "pending"     // the desired state changed; nothing tried yet
	StateRetrying    StepState = "retrying"    // Step failed and will be tried again at NextAttemptAt
	StateFailed      StepState = "failed"      // Step failed in a way retrying will not fix
	StateUnsupported StepState = "unsupported" // the BSP does not offer Step's operation
	StateDone        StepState = "done"        // the target is in its desired state
)

// Target is one app a flow is deployed to, and how far the reconciler got
// in bringing the app's remote flow to the desired state.
type Target struct {
	FlowID string `json:"flow_id"`
	AppID  string `json:"app_id"`
	// Desired is DRAFT (the remote flow holds Revision, unpublished),
	// PUBLISHED (it holds and publishes Revision) or DEPRECATED.
	Desired Status `json:"desired"`
	// Revision is the Flow JSON revision to serve, 0 while the flow has none.
	Revision int `json:"revision"`
	// Generation counts changes of the desired state, so that a reconciler
	// working on an older one never overwrites a newer one's schedule.
	Generation int `json:"generation"`

	// What the BSP holds, as far as the recorded steps tell.
	RemoteID string `json:"remote_id,omitempty"`
	// MetaFlowID is Meta's id of the remote flow when the BSP names it by
	// an id of its own (Kapso); Meta's flow webhooks name this one.
	MetaFlowID        string               `json:"meta_flow_id,omitempty"`
	RemoteStatus      providers.FlowStatus `json:"remote_status,omitempty"`
	UploadedRevision  int                  `json:"uploaded_revision"`
	PublishedRevision int                  `json:"published_revision"`
	EndpointURI       string               `json:"endpoint_uri,omitempty"`

	// InFlight is the step whose call started and whose outcome is not
	// recorded yet: after a crash it tells a reconciler not to repeat a
	// create that may have reached the BSP.
	InFlight Step `json:"in_flight,omitempty"`

	// Progress of the reconciler: the last step taken and how it went.
	Step          Step                  `json:"step,omitempty"`
	StepState     StepState             `json:"step_state"`
	Attempts      int                   `json:"attempts"`
	NextAttemptAt *time.Time            `json:"next_attempt_at,omitempty"`
	LastError     string                `json:"last_error,omitempty"`
	Unsupported   []providers.Operation `json:"unsupported,omitempty"`

	// ClaimedBy names the reconciler working on the target until
	// ClaimedUntil; both are empty when none is.
	ClaimedBy    string     `json:"-"`
	ClaimedUntil *time.Time `json:"-"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Outcome is how one step ended.
type Outcome string

// Step outcomes.
const (
	OutcomeOK          Outcome = "ok"
	OutcomeFailed      Outcome = "failed"
	OutcomeUnsupported Outcome = "unsupported"
)

// TargetEvent is one entry of a target's step log.
type TargetEvent struct {
	FlowID  string  `json:"flow_id"`
	AppID   string  `json:"app_id"`
	Step    Step    `json:"step"`
	Outcome Outcome `json:"outcome"`
	// Attempt counts the tries of this step in a row, from 1.
	Attempt int       `json:"attempt"`
	Error   string    `json:"error,omitempty"`
	At      time.Time `json:"at"`
}
