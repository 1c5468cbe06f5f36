package messaging

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/waflow/waflow/providers"
)

// TemplateOptions tune a [TemplateService]. The zero value means the
// defaults.
type TemplateOptions struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Random supplies ids; nil means crypto/rand.
	Random io.Reader
	// ReportGrace is how long after its time a review webhook that finds
	// its template still DRAFT (its submission not recorded yet) is
	// answered ErrReportAhead, so that it is retried, rather than
	// ErrNotFound; 0 means 1 minute.
	ReportGrace time.Duration
}

// TemplateService manages the apps' message templates: it checks them
// before submission, submits them to each app's BSP and follows their
// review. It is safe for concurrent use.
type TemplateService struct {
	repo      TemplateRepository
	apps      AppResolver
	providers Providers
	now       func() time.Time
	random    io.Reader
	grace     time.Duration
}

// NewTemplateService returns a TemplateService storing into repo.
func NewTemplateService(repo TemplateRepository, apps AppResolver, provs Providers, opts TemplateOptions) *TemplateService {
	s := &TemplateService{repo: repo, apps: apps, providers: provs, now: opts.Now, random: opts.Random,
		grace: opts.ReportGrace}
	if s.now == nil {
		s.now = time.Now
	}
	if s.random == nil {
		s.random = rand.Reader
	}
	if s.grace == 0 {
		s.grace = time.Minute
	}
	return s
}

func (s *TemplateService) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// NewTemplate is what [TemplateService.Create] needs. Draft keeps the
// template in DRAFT instead of submitting it.
type NewTemplate struct {
	AppID    string
	Template providers.Template
	Draft    bool
}

// SubmitError is a submission the BSP refused or that failed on the way;
// the template is stored as FAILED with the BSP's message as its reason.
type SubmitError struct {
	TemplateID string
	Err        error
}

func (e *SubmitError) Error() string {
	return fmt.Sprintf("messaging: submit template %s: %v", e.TemplateID, e.Err)
}

func (e *SubmitError) Unwrap() error { return e.Err }

// Create checks the definition (see [ValidateTemplate]), stores it as a
// DRAFT and, unless nt.Draft, submits it: the template becomes PENDING
// with the BSP's id, or FAILED with the BSP's reason, returned as a
// *SubmitError. A name and language the app already has is ErrConflict; a
// BSP without template management is a *providers.UnsupportedError, found
// before anything is stored.
func (s *TemplateService) Create(ctx context.Context, nt NewTemplate) (Template, error) {
	if nt.AppID == "" {
		return Template{}, invalid("app_id", "is required")
	}
	if err := ValidateTemplate(nt.Template); err != nil {
		return Template{}, err
	}
	app, tm, err := s.manager(ctx, nt.AppID, providers.OpCreateTemplate)
	if err != nil {
		return Template{}, err
	}
	now := s.clock()
	id, err := newID("tpl_", now, s.random)
	if err != nil {
		return Template{}, err
	}
	def := nt.Template
	if def.ParameterFormat == "" {
		def.ParameterFormat = providers.FormatPositional
	}
	t := Template{ID: id, AppID: nt.AppID, Template: def, Status: TemplateDraft, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := s.repo.CreateTemplate(ctx, t); err != nil {
		return Template{}, fmt.Errorf("messaging: create template %s: %w", def.Name, err)
	}
	if nt.Draft {
		return t, nil
	}
	return s.submit(ctx, app, tm, t)
}

// manager finds the app and its BSP's template manager for op.
func (s *TemplateService) manager(ctx context.Context, appID string, op providers.Operation) (providers.App, providers.TemplateManager, error) {
	app, err := s.apps.ResolveApp(ctx, appID)
	if err != nil {
		return providers.App{}, nil, fmt.Errorf("messaging: app %s: %w", appID, err)
	}
	p, err := providerFor(s.providers, app, op)
	if err != nil {
		return providers.App{}, nil, err
	}
	tm, err := providers.TemplatesOf(p, op)
	if err != nil {
		return providers.App{}, nil, err
	}
	return app, tm, nil
}

// submit sends t to the BSP, creating it there or, once it has a remote id,
// editing it, and stores the outcome.
func (s *TemplateService) submit(ctx context.Context, app providers.App, tm providers.TemplateManager, t Template) (Template, error) {
	var (
		rt  providers.RemoteTemplate
		err error
	)
	if t.RemoteID == "" {
		rt, err = tm.CreateTemplate(ctx, app, t.Template)
	} else {
		rt, err = tm.UpdateTemplate(ctx, app, t.RemoteID, t.Template)
	}
	next := t
	next.UpdatedAt = s.clock()
	if err != nil {
		next.Status, next.RawStatus, next.Reason = TemplateFailed, "", failureReason(err)
	} else {
		next.RemoteID, next.RawStatus, next.Reason = rt.ID, rt.RawStatus, rt.Reason
		next.Status = TemplatePending
		if st := rt.Status; st != providers.TemplateUnknown && st != "" {
			next.Status = TemplateStatus(st)
		}
	}
	if serr := s.repo.UpdateTemplate(ctx, next); serr != nil {
		return t, errors.Join(err, fmt.Errorf("messaging: record submission of template %s: %w", t.ID, serr))
	}
	next.Version++
	if err != nil {
		return next, &SubmitError{TemplateID: t.ID, Err: err}
	}
	return next, nil
}

func failureReason(err error) string {
	var pe *providers.Error
	if errors.As(err, &pe) && pe.Message != "" {
		if pe.Code != "" {
			return pe.Message + " (code " + pe.Code + ")"
		}
		return pe.Message
	}
	return err.Error()
}

// Get returns one template.
func (s *TemplateService) Get(ctx context.Context, id string) (Template, error) {
	t, err := s.repo.GetTemplate(ctx, id)
	if err != nil {
		return Template{}, fmt.Errorf("messaging: get template %s: %w", id, err)
	}
	return t, nil
}

// TemplateListOptions select and page templates. Zero fields select all.
type TemplateListOptions struct {
	AppID  string
	Status TemplateStatus
	Name   string
	After  string
	// Limit is the page size: 0 means DefaultPageSize, more than
	// MaxPageSize means MaxPageSize.
	Limit int
}

// TemplatePage is one page of templates; Next is "" on the last one.
type TemplatePage struct {
	Templates []Template
	Next      string
}

// List returns one page of templates in creation order.
func (s *TemplateService) List(ctx context.Context, o TemplateListOptions) (TemplatePage, error) {
	var fields []FieldError
	if o.Status != "" && !validTemplateStatus(o.Status) {
		fields = append(fields, FieldError{Field: "status", Message: fmt.Sprintf("unknown status %q", o.Status)})
	}
	if o.Limit < 0 {
		fields = append(fields, FieldError{Field: "limit", Message: "must not be negative"})
	}
	if len(fields) > 0 {
		return TemplatePage{}, &ValidationError{Fields: fields}
	}
	limit := min(o.Limit, MaxPageSize)
	if limit == 0 {
		limit = DefaultPageSize
	}
	ts, err := s.repo.ListTemplates(ctx, TemplateQuery{AppID: o.AppID, Status: o.Status, Name: o.Name, After: o.After, Limit: limit + 1})
	if err != nil {
		return TemplatePage{}, fmt.Errorf("messaging: list templates: %w", err)
	}
	p := TemplatePage{Templates: ts}
	if len(ts) > limit {
		p.Templates = ts[:limit]
		p.Next = ts[limit-1].ID
	}
	return p, nil
}

func validTemplateStatus(st TemplateStatus) bool {
	for _, k := range TemplateStatuses() {
		if st == k {
			return true
		}
	}
	return false
}

// TemplateChange replaces a template's category, parameter format and
// components; name and language never change (another name is another
// template). Draft keeps the change local instead of submitting it.
type TemplateChange struct {
	Category        providers.TemplateCategory
	ParameterFormat providers.ParameterFormat
	Components      []providers.TemplateComponent
	Draft           bool
}

// Update changes a template and, unless c.Draft, submits it again: as a new
// template while the BSP has none, else as an edit, which Meta allows for
// APPROVED, REJECTED and PAUSED templates. A PENDING or DISABLED template
// cannot change (a *StateError). The outcome is stored as in Create.
func (s *TemplateService) Update(ctx context.Context, id string, c TemplateChange) (Template, error) {
	t, err := s.Get(ctx, id)
	if err != nil {
		return Template{}, err
	}
	if t.Status == TemplatePending || t.Status == TemplateDisabled {
		return Template{}, &StateError{Kind: "template", ID: id, Status: string(t.Status),
			Reason: "only DRAFT, FAILED, APPROVED, REJECTED and PAUSED templates can be edited"}
	}
	next := t
	next.Category, next.ParameterFormat, next.Components = c.Category, c.ParameterFormat, c.Components
	if next.ParameterFormat == "" {
		next.ParameterFormat = providers.FormatPositional
	}
	if err := ValidateTemplate(next.Template); err != nil {
		return Template{}, err
	}
	op := providers.OpUpdateTemplate
	if t.RemoteID == "" {
		op = providers.OpCreateTemplate
	}
	var (
		app providers.App
		tm  providers.TemplateManager
	)
	if !c.Draft {
		if app, tm, err = s.manager(ctx, t.AppID, op); err != nil {
			return Template{}, err
		}
	}
	next.UpdatedAt = s.clock()
	if err := s.repo.UpdateTemplate(ctx, next); err != nil {
		return Template{}, fmt.Errorf("messaging: update template %s: %w", id, err)
	}
	next.Version++
	if c.Draft {
		return next, nil
	}
	return s.submit(ctx, app, tm, next)
}

// Delete removes a template, first at the BSP when it was submitted there:
// a template the BSP no longer has is deleted here as well, and a refusal
// (Meta keeps DISABLED templates) keeps it here too.
func (s *TemplateService) Delete(ctx context.Context, id string) error {
	t, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if t.RemoteID != "" {
		app, tm, err := s.manager(ctx, t.AppID, providers.OpDeleteTemplate)
		if err != nil {
			return err
		}
		var pe *providers.Error
		if err := tm.DeleteTemplate(ctx, app, t.RemoteID, t.Name); err != nil && !(errors.As(err, &pe) && pe.Kind == providers.ErrorNotFound) {
			return fmt.Errorf("messaging: delete template %s at the BSP: %w", id, err)
		}
	}
	if err := s.repo.DeleteTemplate(ctx, id); err != nil {
		return fmt.Errorf("messaging: delete template %s: %w", id, err)
	}
	return nil
}
