package providers

import "strings"

// TemplateStatus is a template's review status at the BSP, in the
// toolkit's names (see MapTemplateStatus). DRAFT is not among them: no
// BSP has drafts, only waflow does.
type TemplateStatus string

// Template statuses reported by BSPs. Unknown keeps a word that maps to
// none of them, rather than guessing.
const (
	TemplatePending  TemplateStatus = "PENDING"
	TemplateApproved TemplateStatus = "APPROVED"
	TemplatePaused   TemplateStatus = "PAUSED"
	TemplateDisabled TemplateStatus = "DISABLED"
	TemplateRejected TemplateStatus = "REJECTED"
	TemplateFailed   TemplateStatus = "FAILED"
	TemplateUnknown  TemplateStatus = "UNKNOWN"
)

// reviewWords maps the status words of Meta, Gupshup (upper-cased), Infobip
// and Kapso to the toolkit's. FLAGGED, LOCKED and UNLOCKED templates can
// still be sent, so they count as APPROVED; deleted and archived ones can
// not, so they count as DISABLED; LIMIT_EXCEEDED is a creation refused.
var reviewWords = map[string]TemplateStatus{
	"PENDING": TemplatePending, "IN_APPEAL": TemplatePending, "SUBMITTED": TemplatePending,
	"IN_REVIEW": TemplatePending, "APPEALED": TemplatePending, "SANDBOX_REQUESTED": TemplatePending,
	"APPROVED": TemplateApproved, "REINSTATED": TemplateApproved, "FLAGGED": TemplateApproved,
	"LOCKED": TemplateApproved, "UNLOCKED": TemplateApproved,
	"PAUSED": TemplatePaused, "FIRST_PAUSED": TemplatePaused, "SECOND_PAUSED": TemplatePaused,
	"DISABLED": TemplateDisabled, "DESACTIVATED": TemplateDisabled, "PENDING_DELETION": TemplateDisabled,
	"DELETED": TemplateDisabled, "ARCHIVED": TemplateDisabled,
	"REJECTED":       TemplateRejected,
	"FAILED":         TemplateFailed,
	"LIMIT_EXCEEDED": TemplateFailed,
}

// MapTemplateStatus maps a BSP's template status word to the toolkit's,
// ignoring case and surrounding space; unknown words give TemplateUnknown.
func MapTemplateStatus(raw string) TemplateStatus {
	if s, ok := reviewWords[strings.ToUpper(strings.TrimSpace(raw))]; ok {
		return s
	}
	return TemplateUnknown
}
