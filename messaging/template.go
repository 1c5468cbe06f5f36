package messaging

import (
	"context"
	"time"

	"github.com/waflow/waflow/providers"
)

// TemplateStatus is where a template stands in waflow: the BSP's review
// statuses plus DRAFT, which only waflow has.
type TemplateStatus string

// Template statuses: DRAFT → PENDING → APPROVED → PAUSED or DISABLED;
// PENDING → REJECTED; a submission the BSP refused → FAILED.
const (
	TemplateDraft    TemplateStatus = "DRAFT"
	TemplatePending  TemplateStatus = TemplateStatus(providers.TemplatePending)
	TemplateApproved TemplateStatus = TemplateStatus(providers.TemplateApproved)
	TemplatePaused   TemplateStatus = TemplateStatus(providers.TemplatePaused)
	TemplateDisabled TemplateStatus = TemplateStatus(providers.TemplateDisabled)
	TemplateRejected TemplateStatus = TemplateStatus(providers.TemplateRejected)
	TemplateFailed   TemplateStatus = TemplateStatus(providers.TemplateFailed)
)

// TemplateStatuses lists every template status.
func TemplateStatuses() []TemplateStatus {
	return []TemplateStatus{TemplateDraft, TemplatePending, TemplateApproved, TemplatePaused,
		TemplateDisabled, TemplateRejected, TemplateFailed}
}

// Template is a message template of one app: its definition, as
// submitted to the app's BSP, and its review status there.
type Template struct {
	// ID is waflow's id, "tpl_" and 26 characters.
	ID    string `json:"id"`
	AppID string `json:"app_id"`
	providers.Template
	Status TemplateStatus `json:"status"`
	// RemoteID is the BSP's id, empty until the BSP accepted a submission.
	RemoteID string `json:"remote_id,omitempty"`
	// RawStatus is the BSP's last word on it, kept when it maps to no
	// status; Reason explains a rejection, pause or failure.
	RawStatus string    `json:"raw_status,omitempty"`
	Reason    string    `json:"reason,omitempty"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TemplateQuery selects templates for [TemplateRepository.ListTemplates].
// Zero fields select everything.
type TemplateQuery struct {
	AppID  string
	Status TemplateStatus
	Name   string
	// After is the cursor: only templates whose ID sorts after it.
	After string
	// Limit caps the number returned; it is always positive.
	Limit int
}

// TemplateRepository stores templates.
//
// Implementations must be safe for concurrent use, keep times to at least
// microsecond precision (returned in UTC) and definitions exactly. Every
// error that means "no such row" wraps [ErrNotFound], every constraint
// broken or race lost wraps [ErrConflict]. Package messagingtest checks
// all of this.
type TemplateRepository interface {
	// CreateTemplate stores a new template. A taken ID, or a name and
	// language the app already has, fails with ErrConflict.
	CreateTemplate(ctx context.Context, t Template) error
	// GetTemplate returns one template, or ErrNotFound.
	GetTemplate(ctx context.Context, id string) (Template, error)
	// TemplateByName returns the app's template with that name and
	// language, or ErrNotFound.
	TemplateByName(ctx context.Context, appID, name, language string) (Template, error)
	// TemplateByRemoteID returns the app's template with that BSP id, or
	// ErrNotFound.
	TemplateByRemoteID(ctx context.Context, appID, remoteID string) (Template, error)
	// ListTemplates returns the templates q selects, in ascending byte
	// order of ID.
	ListTemplates(ctx context.Context, q TemplateQuery) ([]Template, error)
	// UpdateTemplate stores every field of t except ID, AppID and
	// CreatedAt with Version t.Version+1, provided the stored Version
	// still equals t.Version; else ErrConflict, or ErrNotFound. A name and
	// language another template of the app has fails with ErrConflict.
	UpdateTemplate(ctx context.Context, t Template) error
	// DeleteTemplate removes a template, or fails with ErrNotFound.
	DeleteTemplate(ctx context.Context, id string) error
}
