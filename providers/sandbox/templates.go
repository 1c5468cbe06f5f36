package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/waflow/waflow/providers"
)

// remoteTemplate is one template as the sandbox holds it.
type remoteTemplate struct {
	id          string
	def         []byte // the providers.Template as submitted, encoded
	name        string
	language    string
	category    providers.TemplateCategory
	status      providers.TemplateStatus
	reason      string
	submittedAt time.Time
	// announced is the status waflow was last told of: PENDING from the
	// submission's answer, then what the webhooks said.
	announced providers.TemplateStatus
}

var templateName = regexp.MustCompile(`^[a-z0-9_]{1,512}$`)

// review approves a PENDING template once Options.TemplateApproval has
// passed since it was submitted, standing in for Meta's review. It runs
// whenever a template is read, so no timer outlives the sandbox. Callers
// hold mu.
func (s *Sandbox) review(t *remoteTemplate) {
	if t.status == providers.TemplatePending && !s.now().Before(t.submittedAt.Add(s.approval)) {
		t.status = providers.TemplateApproved
	}
}

func (t *remoteTemplate) snapshot() providers.RemoteTemplate {
	rt := providers.RemoteTemplate{ID: t.id, Status: t.status, RawStatus: string(t.status), Reason: t.reason}
	// The bytes were produced by json.Marshal of the same type.
	_ = json.Unmarshal(t.def, &rt.Template)
	return rt
}

func templateNotFound(op providers.Operation, remoteID string) *providers.Error {
	return opError(op, providers.ErrorNotFound, codeInvalidParameter, "template %q does not exist for this app", remoteID)
}

// checkTemplate refuses what Meta refuses before any review: a bad name,
// no language, an unknown category, no body.
func checkTemplate(op providers.Operation, t providers.Template) error {
	var problems []string
	if !templateName.MatchString(t.Name) {
		problems = append(problems, "name must be 1 to 512 of a-z, 0-9 and _")
	}
	if strings.TrimSpace(t.Language) == "" {
		problems = append(problems, "language is required")
	}
	if !slices.Contains(providers.TemplateCategories(), t.Category) {
		problems = append(problems, fmt.Sprintf("category %q is unknown", t.Category))
	}
	if !slices.ContainsFunc(t.Components, func(c providers.TemplateComponent) bool { return c.Type == providers.ComponentBody }) {
		problems = append(problems, "a BODY component is required")
	}
	if len(problems) > 0 {
		return invalid(op, "%s", strings.Join(problems, "; "))
	}
	return nil
}

// CreateTemplate submits t: it is PENDING until Options.TemplateApproval
// has passed. A name and language the app already has is refused.
func (s *Sandbox) CreateTemplate(ctx context.Context, app providers.App, t providers.Template) (providers.RemoteTemplate, error) {
	const op = providers.OpCreateTemplate
	call, err := s.begin(ctx, op, app.ID, "")
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	if err := checkTemplate(op, t); err != nil {
		return providers.RemoteTemplate{}, err
	}
	def, err := json.Marshal(t)
	if err != nil {
		return providers.RemoteTemplate{}, opError(op, providers.ErrorUnknown, "", "encode template: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.app(app.ID)
	for _, other := range a.templates {
		if other.name == t.Name && other.language == t.Language {
			return providers.RemoteTemplate{}, conflict(op, codeInvalidParameter, "template %s already exists in %s", t.Name, t.Language)
		}
	}
	s.tplCounter++
	rt := &remoteTemplate{
		id: fmt.Sprintf("sbx-tpl-%04d", s.tplCounter), def: def, name: t.Name, language: t.Language,
		category: t.Category, status: providers.TemplatePending, submittedAt: s.now(),
		announced: providers.TemplatePending,
	}
	a.templates[rt.id] = rt
	s.queueTemplateReviewLocked(app.ID, rt.id, rt.submittedAt.Add(s.approval))
	s.calls[call].RemoteID = rt.id
	return rt.snapshot(), nil
}

// GetTemplate returns one template of the app.
func (s *Sandbox) GetTemplate(ctx context.Context, app providers.App, remoteID string) (providers.RemoteTemplate, error) {
	const op = providers.OpGetTemplate
	if _, err := s.begin(ctx, op, app.ID, remoteID); err != nil {
		return providers.RemoteTemplate{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.app(app.ID).templates[remoteID]
	if !ok {
		return providers.RemoteTemplate{}, templateNotFound(op, remoteID)
	}
	s.review(t)
	return t.snapshot(), nil
}

// ListTemplates returns every template of the app in id order.
func (s *Sandbox) ListTemplates(ctx context.Context, app providers.App) ([]providers.RemoteTemplate, error) {
	const op = providers.OpListTemplates
	if _, err := s.begin(ctx, op, app.ID, ""); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.app(app.ID)
	out := make([]providers.RemoteTemplate, 0, len(a.templates))
	for _, t := range a.templates {
		s.review(t)
		out = append(out, t.snapshot())
	}
	slices.SortFunc(out, func(x, y providers.RemoteTemplate) int { return strings.Compare(x.ID, y.ID) })
	return out, nil
}

// UpdateTemplate replaces the template's components and submits it again,
// as Meta edits do: only APPROVED, REJECTED and PAUSED templates can be
// edited, an APPROVED one keeps its category, and name and language never
// change.
func (s *Sandbox) UpdateTemplate(ctx context.Context, app providers.App, remoteID string, t providers.Template) (providers.RemoteTemplate, error) {
	const op = providers.OpUpdateTemplate
	if _, err := s.begin(ctx, op, app.ID, remoteID); err != nil {
		return providers.RemoteTemplate{}, err
	}
	if err := checkTemplate(op, t); err != nil {
		return providers.RemoteTemplate{}, err
	}
	def, err := json.Marshal(t)
	if err != nil {
		return providers.RemoteTemplate{}, opError(op, providers.ErrorUnknown, "", "encode template: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.app(app.ID).templates[remoteID]
	if !ok {
		return providers.RemoteTemplate{}, templateNotFound(op, remoteID)
	}
	s.review(cur)
	switch {
	case cur.status != providers.TemplateApproved && cur.status != providers.TemplateRejected && cur.status != providers.TemplatePaused:
		return providers.RemoteTemplate{}, conflict(op, codeInvalidParameter, "template %s is %s; only APPROVED, REJECTED and PAUSED templates can be edited", remoteID, cur.status)
	case t.Name != cur.name || t.Language != cur.language:
		return providers.RemoteTemplate{}, invalid(op, "the name and language of template %s cannot change", remoteID)
	case cur.status == providers.TemplateApproved && t.Category != cur.category:
		return providers.RemoteTemplate{}, conflict(op, codeInvalidParameter, "the category of approved template %s cannot change", remoteID)
	}
	cur.def, cur.category, cur.status, cur.reason, cur.submittedAt = def, t.Category, providers.TemplatePending, "", s.now()
	cur.announced = providers.TemplatePending
	s.queueTemplateReviewLocked(app.ID, remoteID, cur.submittedAt.Add(s.approval))
	return cur.snapshot(), nil
}

// DeleteTemplate removes the template with remoteID; DISABLED templates
// cannot be deleted. name must be the template's, as Meta deletes by name.
func (s *Sandbox) DeleteTemplate(ctx context.Context, app providers.App, remoteID, name string) error {
	const op = providers.OpDeleteTemplate
	if _, err := s.begin(ctx, op, app.ID, remoteID); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.app(app.ID)
	t, ok := a.templates[remoteID]
	switch {
	case !ok:
		return templateNotFound(op, remoteID)
	case t.name != name:
		return invalid(op, "template %s is named %q, not %q", remoteID, t.name, name)
	case t.status == providers.TemplateDisabled:
		return conflict(op, codeInvalidParameter, "template %s is disabled and cannot be deleted", remoteID)
	}
	delete(a.templates, remoteID)
	return nil
}

// SetTemplateStatus stands in for WhatsApp's review and quality rating:
// it moves a template to status (REJECTED, PAUSED, DISABLED, APPROVED…)
// with reason.
func (s *Sandbox) SetTemplateStatus(appID, remoteID string, status providers.TemplateStatus, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.app(appID).templates[remoteID]
	if !ok {
		return templateNotFound(providers.OpGetTemplate, remoteID)
	}
	t.status, t.reason = status, reason
	s.queueTemplateReviewLocked(appID, remoteID, s.now())
	return nil
}
