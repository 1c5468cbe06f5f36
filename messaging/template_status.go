package messaging

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/waflow/waflow/providers"
)

// TemplateRef names a template of an app the way BSPs report them: by the
// BSP's id or, when a report has none, by name and language.
type TemplateRef struct {
	RemoteID string
	Name     string
	Language string
}

// ApplyTemplateStatus records a template status webhook: it implements
// [TemplateStatusSink]. The template is found by the BSP's id, or by name
// and language when the event has no id. A review can overtake the answer
// to the submission: a template still DRAFT, without the BSP's id, is not
// what the BSP reviewed yet, so within TemplateOptions.ReportGrace of at
// the event is ErrReportAhead, which the inbound pipeline retries, and
// ErrNotFound after.
func (s *TemplateService) ApplyTemplateStatus(ctx context.Context, appID string, u providers.TemplateStatusUpdate, at time.Time) error {
	ref := TemplateRef{RemoteID: u.TemplateID, Name: u.Name, Language: u.Language}
	t, err := s.find(ctx, appID, ref)
	if err == nil && t.Status == TemplateDraft && t.RemoteID == "" {
		err = fmt.Errorf("messaging: template %s is not submitted: %w", t.ID, ErrNotFound)
	}
	if errors.Is(err, ErrNotFound) && s.now().Sub(at) < s.grace {
		return fmt.Errorf("messaging: %s review of template %s%s: %w", u.RawStatus, u.TemplateID, u.Name, ErrReportAhead)
	}
	if err != nil {
		return err
	}
	_, err = s.SetTemplateStatus(ctx, appID, ref, u.Status, u.RawStatus, u.Reason)
	return err
}

// SetTemplateStatus records the status a BSP reports for one of the
// app's templates (a webhook, or [TemplateService.Sync]). The BSP is the
// authority on review, so every status it reports is taken: raw is its
// own word, kept as RawStatus; a word that maps to no status
// ([providers.TemplateUnknown]) leaves the status as it was. A template
// the app does not have is ErrNotFound.
func (s *TemplateService) SetTemplateStatus(ctx context.Context, appID string, ref TemplateRef, status providers.TemplateStatus, raw, reason string) (Template, error) {
	for attempt := 1; ; attempt++ {
		t, err := s.find(ctx, appID, ref)
		if err != nil {
			return Template{}, err
		}
		next := withStatus(t, status, raw, reason)
		if ref.RemoteID != "" {
			next.RemoteID = ref.RemoteID
		}
		next.UpdatedAt = s.clock()
		err = s.repo.UpdateTemplate(ctx, next)
		switch {
		case err == nil:
			next.Version++
			return next, nil
		case !errors.Is(err, ErrConflict) || attempt == updateAttempts:
			return Template{}, fmt.Errorf("messaging: template status of %s: %w", t.ID, err)
		}
	}
}

func (s *TemplateService) find(ctx context.Context, appID string, ref TemplateRef) (Template, error) {
	var (
		t   Template
		err = ErrNotFound
	)
	if ref.RemoteID != "" {
		t, err = s.repo.TemplateByRemoteID(ctx, appID, ref.RemoteID)
	}
	if errors.Is(err, ErrNotFound) && ref.Name != "" {
		t, err = s.repo.TemplateByName(ctx, appID, ref.Name, ref.Language)
	}
	if err != nil {
		return Template{}, fmt.Errorf("messaging: template %s%s of app %s: %w", ref.RemoteID, ref.Name, appID, err)
	}
	return t, nil
}

func withStatus(t Template, status providers.TemplateStatus, raw, reason string) Template {
	if status != providers.TemplateUnknown && status != "" {
		t.Status = TemplateStatus(status)
	}
	t.RawStatus, t.Reason = raw, reason
	return t
}

// SyncResult counts what [TemplateService.Sync] did.
type SyncResult struct {
	// Updated templates were known here and took the BSP's status.
	Updated int `json:"updated"`
	// Imported templates existed at the BSP only and are stored now.
	Imported int `json:"imported"`
	// Missing templates were submitted from here but the BSP no longer
	// has them; they are DISABLED, as deleted templates cannot be sent.
	Missing int `json:"missing"`
}

// Sync reads every template of the app from its BSP: known ones take the
// BSP's status, unknown ones are imported with their definition, and ones
// the BSP no longer has become DISABLED.
func (s *TemplateService) Sync(ctx context.Context, appID string) (SyncResult, error) {
	app, tm, err := s.manager(ctx, appID, providers.OpListTemplates)
	if err != nil {
		return SyncResult{}, err
	}
	remote, err := tm.ListTemplates(ctx, app)
	if err != nil {
		return SyncResult{}, fmt.Errorf("messaging: sync templates of app %s: %w", appID, err)
	}
	var res SyncResult
	seen := map[string]bool{}
	for _, rt := range remote {
		seen[rt.ID] = true
		ref := TemplateRef{RemoteID: rt.ID, Name: rt.Template.Name, Language: rt.Template.Language}
		_, err := s.SetTemplateStatus(ctx, appID, ref, rt.Status, rt.RawStatus, rt.Reason)
		switch {
		case err == nil:
			res.Updated++
			continue
		case !errors.Is(err, ErrNotFound):
			return res, err
		}
		if err := s.importTemplate(ctx, appID, rt); err != nil {
			return res, err
		}
		res.Imported++
	}
	local, err := s.allOf(ctx, appID)
	if err != nil {
		return res, err
	}
	for _, t := range local {
		if t.RemoteID == "" || seen[t.RemoteID] || t.Status == TemplateDisabled {
			continue
		}
		if _, err := s.SetTemplateStatus(ctx, appID, TemplateRef{RemoteID: t.RemoteID}, providers.TemplateDisabled,
			"", "the BSP no longer has this template"); err != nil {
			return res, err
		}
		res.Missing++
	}
	return res, nil
}

func (s *TemplateService) importTemplate(ctx context.Context, appID string, rt providers.RemoteTemplate) error {
	now := s.clock()
	id, err := newID("tpl_", now, s.random)
	if err != nil {
		return err
	}
	t := withStatus(Template{ID: id, AppID: appID, Template: rt.Template, Status: TemplatePending, RemoteID: rt.ID,
		Version: 1, CreatedAt: now, UpdatedAt: now}, rt.Status, rt.RawStatus, rt.Reason)
	if err := s.repo.CreateTemplate(ctx, t); err != nil {
		return fmt.Errorf("messaging: import template %s: %w", rt.ID, err)
	}
	return nil
}

func (s *TemplateService) allOf(ctx context.Context, appID string) ([]Template, error) {
	var out []Template
	after := ""
	for {
		page, err := s.repo.ListTemplates(ctx, TemplateQuery{AppID: appID, After: after, Limit: MaxPageSize})
		if err != nil {
			return nil, fmt.Errorf("messaging: templates of app %s: %w", appID, err)
		}
		out = append(out, page...)
		if len(page) < MaxPageSize {
			return out, nil
		}
		after = page[len(page)-1].ID
	}
}
