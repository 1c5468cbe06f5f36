package meta

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/graph"
	"github.com/waflow/waflow/providers/internal/transport"
)

// CreateTemplate submits t with POST /{waba}/message_templates. Meta
// answers with the id, PENDING and the category it chose. The definition
// is sent as the providers.Template's JSON, which is Meta's shape. Meta
// refuses a name already used in that language with code 100, the code of
// every bad parameter; the provider looks the name up to tell a duplicate
// (ErrorConflict) from another refusal (ErrorInvalid).
func (p *Provider) CreateTemplate(ctx context.Context, app providers.App, t providers.Template) (providers.RemoteTemplate, error) {
	const op = providers.OpCreateTemplate
	waba, err := node(op, "app's WABA id", app.WABAID)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	body, err := transport.JSONPayload(t)
	if err != nil {
		return providers.RemoteTemplate{}, localError(op, providers.ErrorInvalid, err)
	}
	var out graph.Created
	_, err = p.do(ctx, app, call{op: op, method: http.MethodPost, path: waba + "/message_templates", body: body}, &out)
	if err != nil {
		if g := graphOf(err); g != nil && g.Code == CodeInvalidParameter && p.templateExists(ctx, app, t.Name, t.Language) {
			return providers.RemoteTemplate{}, reclassify(err, providers.ErrorConflict)
		}
		return providers.RemoteTemplate{}, err
	}
	if out.ID == "" {
		return providers.RemoteTemplate{}, &providers.Error{BSP: providers.BSPMeta, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no template id"}
	}
	return out.Remote(t), nil
}

// templateExists reports whether the WABA has a template name in
// language; a failed lookup counts as no.
func (p *Provider) templateExists(ctx context.Context, app providers.App, name, language string) bool {
	list, err := p.listTemplates(ctx, app, providers.OpCreateTemplate, url.Values{"name": {name}})
	return err == nil && graph.HasTemplate(list, name, language)
}

// GetTemplate reads one template with GET /{template_id}.
func (p *Provider) GetTemplate(ctx context.Context, app providers.App, remoteID string) (providers.RemoteTemplate, error) {
	return p.getTemplate(ctx, app, providers.OpGetTemplate, remoteID)
}

func (p *Provider) getTemplate(ctx context.Context, app providers.App, op providers.Operation, remoteID string) (providers.RemoteTemplate, error) {
	id, err := node(op, "template id", remoteID)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	var w graph.Template
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodGet, path: id,
		query: url.Values{"fields": {graph.TemplateFields}}, idempotent: true}, &w); err != nil {
		return providers.RemoteTemplate{}, err
	}
	return w.Remote(), nil
}

// ListTemplates reads every template of the WABA with
// GET /{waba}/message_templates, following the after cursor.
func (p *Provider) ListTemplates(ctx context.Context, app providers.App) ([]providers.RemoteTemplate, error) {
	return p.listTemplates(ctx, app, providers.OpListTemplates, nil)
}

func (p *Provider) listTemplates(ctx context.Context, app providers.App, op providers.Operation, filter url.Values) ([]providers.RemoteTemplate, error) {
	waba, err := node(op, "app's WABA id", app.WABAID)
	if err != nil {
		return nil, err
	}
	return graph.ListTemplates(filter, func(q url.Values, page *graph.TemplatePage) error {
		_, err := p.do(ctx, app, call{op: op, method: http.MethodGet, path: waba + "/message_templates", query: q, idempotent: true}, page)
		return err
	})
}

// UpdateTemplate edits a template with POST /{template_id}: its category
// and components, replaced wholesale (name and language never change).
// Meta allows it for APPROVED, REJECTED and PAUSED templates only; its
// refusal is code 100, so the provider reads the template's status to
// report a refusal by status as ErrorConflict. The answer is read back
// with GetTemplate, as the edit sends the template to review again.
func (p *Provider) UpdateTemplate(ctx context.Context, app providers.App, remoteID string, t providers.Template) (providers.RemoteTemplate, error) {
	const op = providers.OpUpdateTemplate
	id, err := node(op, "template id", remoteID)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	body, err := transport.JSONPayload(graph.TemplateEdit(t))
	if err != nil {
		return providers.RemoteTemplate{}, localError(op, providers.ErrorInvalid, err)
	}
	if err := p.mutate(ctx, app, call{op: op, method: http.MethodPost, path: id, body: body, idempotent: true}); err != nil {
		if g := graphOf(err); g != nil && g.Code == CodeInvalidParameter && g.Subcode != SubcodeNoObject {
			if cur, getErr := p.getTemplate(ctx, app, op, remoteID); getErr == nil && !graph.Editable(cur.Status) {
				return providers.RemoteTemplate{}, reclassify(err, providers.ErrorConflict)
			}
		}
		return providers.RemoteTemplate{}, err
	}
	return p.getTemplate(ctx, app, op, remoteID)
}

// DeleteTemplate deletes with DELETE /{waba}/message_templates: with
// hsm_id and name the one template remoteID, with name alone (remoteID
// empty) every language of the name. DISABLED templates cannot be
// deleted; that refusal is reported as ErrorConflict.
func (p *Provider) DeleteTemplate(ctx context.Context, app providers.App, remoteID, name string) error {
	const op = providers.OpDeleteTemplate
	waba, err := node(op, "app's WABA id", app.WABAID)
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
	err = p.mutate(ctx, app, call{op: op, method: http.MethodDelete, path: waba + "/message_templates", query: q, idempotent: true})
	if g := graphOf(err); g != nil && g.Code == CodeInvalidParameter && g.Subcode != SubcodeNoObject && remoteID != "" {
		if cur, getErr := p.getTemplate(ctx, app, op, remoteID); getErr == nil && cur.Status == providers.TemplateDisabled {
			return reclassify(err, providers.ErrorConflict)
		}
	}
	return err
}

// reclassify returns err's *providers.Error with another kind.
func reclassify(err error, kind providers.ErrorKind) error {
	pe, ok := err.(*providers.Error)
	if !ok {
		return err
	}
	out := *pe
	out.Kind = kind
	return &out
}
