package kapso

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/graph"
	"github.com/waflow/waflow/providers/internal/transport"
	"github.com/waflow/waflow/providers/meta"
)

// wabaPath is the escaped WABA id templates are addressed by.
func wabaPath(op providers.Operation, app providers.App) (string, error) {
	if app.WABAID == "" {
		return "", localError(op, providers.ErrorInvalid, errors.New("Kapso addresses templates by the WABA id: set the app's waba_id"))
	}
	return url.PathEscape(app.WABAID), nil
}

// withMetaFlowIDs returns t with every FLOW button that names a Kapso flow
// id naming its meta_flow_id instead: a template stores Meta's id.
func (p *Provider) withMetaFlowIDs(ctx context.Context, app providers.App, op providers.Operation, t providers.Template) (providers.Template, error) {
	out := t
	out.Components = make([]providers.TemplateComponent, len(t.Components))
	for i, c := range t.Components {
		out.Components[i] = c
		if len(c.Buttons) == 0 {
			continue
		}
		out.Components[i].Buttons = make([]providers.TemplateButton, len(c.Buttons))
		for j, b := range c.Buttons {
			if b.Type == providers.ButtonFlow && b.FlowID != "" {
				id, err := p.metaFlowID(ctx, app, op, b.FlowID)
				if err != nil {
					return providers.Template{}, err
				}
				b.FlowID = id
			}
			out.Components[i].Buttons[j] = b
		}
	}
	return out, nil
}

// CreateTemplate submits t through the proxy with
// POST /{waba_id}/message_templates, Meta's shape, which is the
// providers.Template's JSON; FLOW buttons naming Kapso flow ids are sent
// with the Meta ids. The answer is the id, PENDING and the category Meta
// chose. Meta refuses a name already used in that language with code
// 100, the code of every bad parameter, so the name is looked up to tell a
// duplicate (ErrorConflict) from another refusal (ErrorInvalid).
func (p *Provider) CreateTemplate(ctx context.Context, app providers.App, t providers.Template) (providers.RemoteTemplate, error) {
	const op = providers.OpCreateTemplate
	waba, err := wabaPath(op, app)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	sent, err := p.withMetaFlowIDs(ctx, app, op, t)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	body, err := transport.JSONPayload(sent)
	if err != nil {
		return providers.RemoteTemplate{}, localError(op, providers.ErrorInvalid, err)
	}
	var out graph.Created
	_, err = p.do(ctx, app, call{op: op, surface: proxy, method: http.MethodPost, path: waba + "/message_templates", body: body}, &out)
	if err != nil {
		if code, _ := graphCode(err); code == meta.CodeInvalidParameter && p.templateExists(ctx, app, t.Name, t.Language) {
			return providers.RemoteTemplate{}, refusedAs(err, providers.ErrorConflict)
		}
		return providers.RemoteTemplate{}, err
	}
	if out.ID == "" {
		return providers.RemoteTemplate{}, unexpectedAnswer(op, http.StatusOK, "the answer has no template id", nil)
	}
	return out.Remote(sent), nil
}

// templateExists reports whether the WABA has a template name in
// language; a failed lookup counts as no.
func (p *Provider) templateExists(ctx context.Context, app providers.App, name, language string) bool {
	list, err := p.listTemplates(ctx, app, providers.OpCreateTemplate, url.Values{"name": {name}})
	return err == nil && graph.HasTemplate(list, name, language)
}

// GetTemplate reads one template with
// GET /{waba_id}/message_templates/{template_id}, the form Kapso's proxy
// documents (Meta's own is GET /{template_id}).
func (p *Provider) GetTemplate(ctx context.Context, app providers.App, remoteID string) (providers.RemoteTemplate, error) {
	return p.getTemplate(ctx, app, providers.OpGetTemplate, remoteID)
}

func (p *Provider) getTemplate(ctx context.Context, app providers.App, op providers.Operation, remoteID string) (providers.RemoteTemplate, error) {
	waba, err := wabaPath(op, app)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	id, err := segment(op, "template id", remoteID)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	var w graph.Template
	if _, err := p.do(ctx, app, call{op: op, surface: proxy, method: http.MethodGet, path: waba + "/message_templates/" + id,
		query: url.Values{"fields": {graph.TemplateFields}}, idempotent: true}, &w); err != nil {
		return providers.RemoteTemplate{}, err
	}
	return w.Remote(), nil
}

// ListTemplates reads every template of the WABA with
// GET /{waba_id}/message_templates, following Meta's after cursor.
func (p *Provider) ListTemplates(ctx context.Context, app providers.App) ([]providers.RemoteTemplate, error) {
	return p.listTemplates(ctx, app, providers.OpListTemplates, nil)
}

func (p *Provider) listTemplates(ctx context.Context, app providers.App, op providers.Operation, filter url.Values) ([]providers.RemoteTemplate, error) {
	waba, err := wabaPath(op, app)
	if err != nil {
		return nil, err
	}
	return graph.ListTemplates(filter, func(q url.Values, page *graph.TemplatePage) error {
		_, err := p.do(ctx, app, call{op: op, surface: proxy, method: http.MethodGet, path: waba + "/message_templates", query: q, idempotent: true}, page)
		return err
	})
}

// UpdateTemplate edits a template with
// PUT /{waba_id}/message_templates?hsm_id={template_id}, Kapso's form of
// Meta's edit: category and components, replaced wholesale. Meta allows
// it for APPROVED, REJECTED and PAUSED templates only and refuses with
// code 100, so a refusal of a template in another status is reported as
// ErrorConflict. The template is read back, as the edit sends it to review
// again.
func (p *Provider) UpdateTemplate(ctx context.Context, app providers.App, remoteID string, t providers.Template) (providers.RemoteTemplate, error) {
	const op = providers.OpUpdateTemplate
	waba, err := wabaPath(op, app)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	if _, err := segment(op, "template id", remoteID); err != nil {
		return providers.RemoteTemplate{}, err
	}
	sent, err := p.withMetaFlowIDs(ctx, app, op, t)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	body, err := transport.JSONPayload(graph.TemplateEdit(sent))
	if err != nil {
		return providers.RemoteTemplate{}, localError(op, providers.ErrorInvalid, err)
	}
	err = p.mutate(ctx, app, call{op: op, surface: proxy, method: http.MethodPut, path: waba + "/message_templates",
		query: url.Values{"hsm_id": {remoteID}}, body: body, idempotent: true})
	if err != nil {
		if code, sub := graphCode(err); code == meta.CodeInvalidParameter && sub != meta.SubcodeNoObject {
			if cur, getErr := p.getTemplate(ctx, app, op, remoteID); getErr == nil && !graph.Editable(cur.Status) {
				return providers.RemoteTemplate{}, refusedAs(err, providers.ErrorConflict)
			}
		}
		return providers.RemoteTemplate{}, err
	}
	return p.getTemplate(ctx, app, op, remoteID)
}

// DeleteTemplate deletes with DELETE /{waba_id}/message_templates: with
// hsm_id and name the one template remoteID, with name alone (remoteID
// empty) every language of the name. DISABLED templates cannot be
// deleted; that refusal is reported as ErrorConflict.
func (p *Provider) DeleteTemplate(ctx context.Context, app providers.App, remoteID, name string) error {
	const op = providers.OpDeleteTemplate
	waba, err := wabaPath(op, app)
	if err != nil {
		return err
	}
	if name == "" {
		return localError(op, providers.ErrorInvalid, errors.New("a template is deleted by name; the name is empty"))
	}
	q := url.Values{"name": {name}}
	if remoteID != "" {
		q.Set("hsm_id", remoteID)
	}
	err = p.mutate(ctx, app, call{op: op, surface: proxy, method: http.MethodDelete, path: waba + "/message_templates", query: q, idempotent: true})
	if code, sub := graphCode(err); code == meta.CodeInvalidParameter && sub != meta.SubcodeNoObject && remoteID != "" {
		if cur, getErr := p.getTemplate(ctx, app, op, remoteID); getErr == nil && cur.Status == providers.TemplateDisabled {
			return refusedAs(err, providers.ErrorConflict)
		}
	}
	return err
}
