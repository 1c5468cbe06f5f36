package lifecycle

import (
	"time"

	"github.com/waflow/waflow/flowjson"
)

// Status is a flow's state, in Meta's names.
type Status string

// Flow statuses. DRAFT, PUBLISHED and DEPRECATED follow the API's actions;
// THROTTLED and BLOCKED are health states a BSP reports for a published flow
// and waflow only mirrors (see [Service.MirrorRemoteStatus]).
const (
	StatusDraft      Status = "DRAFT"
	StatusPublished  Status = "PUBLISHED"
	StatusDeprecated Status = "DEPRECATED"
	StatusThrottled  Status = "THROTTLED"
	StatusBlocked    Status = "BLOCKED"
)

// Statuses lists every flow status, in lifecycle order.
func Statuses() []Status {
	return []Status{StatusDraft, StatusPublished, StatusThrottled, StatusBlocked, StatusDeprecated}
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, k := range Statuses() {
		if s == k {
			return true
		}
	}
	return false
}

// live reports whether users can be sent the flow's published revision:
// PUBLISHED and the two health states a published flow can fall into.
func (s Status) live() bool {
	return s == StatusPublished || s == StatusThrottled || s == StatusBlocked
}

// Flow is a WhatsApp Flow as waflow manages it, across every app it is
// deployed to.
type Flow struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Categories []string `json:"categories"`
	Status     Status   `json:"status"`
	// CurrentRevision is the newest Flow JSON revision, 0 before the first
	// upload. PublishedRevision is the one users get, 0 while the flow was
	// never published; the two differ while a published flow is being
	// edited.
	CurrentRevision   int `json:"current_revision"`
	PublishedRevision int `json:"published_revision"`
	// ScriptRevision is the current handler script, 0 when there is none.
	ScriptRevision int `json:"script_revision"`
	// EndpointURI overrides the data endpoint WhatsApp calls for this flow;
	// empty means waflow's own, {PublicBaseURL}/wa/v2/flows/{id}/endpoint.
	// It only matters for flows whose JSON declares a data_api_version.
	EndpointURI string    `json:"endpoint_uri,omitempty"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// everPublished reports whether some revision of the flow was published,
// which is what forbids deleting it.
func (f Flow) everPublished() bool { return f.PublishedRevision > 0 }

// Revision is one uploaded Flow JSON document. Revisions are numbered from
// 1 per flow and never change once stored.
type Revision struct {
	FlowID string `json:"flow_id"`
	Number int    `json:"number"`
	JSON   []byte `json:"-"`
	// FlowJSONVersion is the version the document was validated at;
	// DataAPIVersion is its data_api_version, empty for a flow without a
	// data endpoint.
	FlowJSONVersion string `json:"flow_json_version"`
	DataAPIVersion  string `json:"data_api_version,omitempty"`
	// Valid and Diagnostics are what package flowjson found at upload.
	// Invalid documents are refused, so Diagnostics holds warnings only.
	Valid       bool                 `json:"valid"`
	Diagnostics flowjson.Diagnostics `json:"diagnostics"`
	CreatedAt   time.Time            `json:"created_at"`
}

// Script is one uploaded handler script, compiled at upload. Like
// revisions, scripts are numbered per flow and never change.
type Script struct {
	FlowID   string `json:"flow_id"`
	Revision int    `json:"revision"`
	Source   string `json:"source"`
	// Form is the calling convention found by compiling it: "kapso" or
	// "plain" (see package endpoint/script).
	Form      string    `json:"form"`
	CreatedAt time.Time `json:"created_at"`
}

// NewFlow is what [Service.CreateFlow] needs.
type NewFlow struct {
	Name        string
	Categories  []string
	EndpointURI string
}

// MetadataChange is a partial update of a flow's metadata; nil fields keep
// their value.
type MetadataChange struct {
	Name        *string
	Categories  []string
	EndpointURI *string
}

// categories are the flow categories Meta accepts.
func categories() []string {
	return []string{
		"SIGN_UP", "SIGN_IN", "APPOINTMENT_BOOKING", "LEAD_GENERATION",
		"CONTACT_US", "CUSTOMER_SUPPORT", "SURVEY", "OTHER",
	}
}
