package kapso

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/graph"
	"github.com/waflow/waflow/providers/internal/transport"
	"github.com/waflow/waflow/providers/meta"
)

// wireMetaFlow is a flow as Meta's GET /{flow}?fields=… returns it.
type wireMetaFlow struct {
	Status           string          `json:"status"`
	ValidationErrors json.RawMessage `json:"validation_errors"`
	Preview          *struct {
		PreviewURL string `json:"preview_url"`
	} `json:"preview"`
}

// metaFlow reads fields of the Meta flow through the proxy.
func (p *Provider) metaFlow(ctx context.Context, app providers.App, op providers.Operation, metaID, fields string) (wireMetaFlow, error) {
	id, err := segment(op, "Meta flow id", metaID)
	if err != nil {
		return wireMetaFlow{}, err
	}
	q := phoneScope(app)
	q.Set("fields", fields)
	var m wireMetaFlow
	_, err = p.do(ctx, app, call{op: op, surface: proxy, method: http.MethodGet, path: id, query: q, idempotent: true}, &m)
	return m, err
}

// DeprecateFlow deprecates a published flow through the proxy, which the
// Platform API does not offer: POST /{meta_flow_id}/deprecate. Meta
// answers 139003 both for a flow never published and for one already
// deprecated; the flow's status is read to tell them apart, and the second
// case wraps providers.ErrAlreadyDeprecated.
func (p *Provider) DeprecateFlow(ctx context.Context, app providers.App, remoteID string) error {
	const op = providers.OpDeprecateFlow
	f, err := p.lookup(ctx, app, op, remoteID)
	if err != nil {
		return err
	}
	id, err := segment(op, "Meta flow id", f.MetaFlowID)
	if err != nil {
		return err
	}
	err = p.mutate(ctx, app, call{op: op, surface: proxy, method: http.MethodPost, path: id + "/deprecate", query: phoneScope(app), idempotent: true})
	var pe *providers.Error
	if code, _ := graphCode(err); code != meta.CodeFlowNotDeprecatable || !errors.As(err, &pe) {
		return err
	}
	if m, getErr := p.metaFlow(ctx, app, op, f.MetaFlowID, "id,status"); getErr == nil && graph.FlowStatus(m.Status) == providers.FlowDeprecated {
		out := *pe
		out.Err = fmt.Errorf("%w: %w", providers.ErrAlreadyDeprecated, pe.Err)
		return &out
	}
	return pe
}

// DeleteFlow deletes a never-published DRAFT through the proxy, which the
// Platform API does not offer: DELETE /{meta_flow_id}. Kapso's flow goes
// with it: the Platform API then answers 404 for its id.
func (p *Provider) DeleteFlow(ctx context.Context, app providers.App, remoteID string) error {
	const op = providers.OpDeleteFlow
	f, err := p.lookup(ctx, app, op, remoteID)
	if err != nil {
		return err
	}
	return p.deleteMetaFlow(ctx, app, op, f.MetaFlowID)
}

func (p *Provider) deleteMetaFlow(ctx context.Context, app providers.App, op providers.Operation, metaID string) error {
	id, err := segment(op, "Meta flow id", metaID)
	if err != nil {
		return err
	}
	return p.mutate(ctx, app, call{op: op, surface: proxy, method: http.MethodDelete, path: id, query: phoneScope(app), idempotent: true})
}

// setCategories sets the Meta flow's categories with POST /{meta_flow_id}.
func (p *Provider) setCategories(ctx context.Context, app providers.App, op providers.Operation, metaID string, categories []string) error {
	id, err := segment(op, "Meta flow id", metaID)
	if err != nil {
		return err
	}
	body, err := transport.JSONPayload(map[string][]string{"categories": categories})
	if err != nil {
		return localError(op, providers.ErrorInvalid, err)
	}
	return p.mutate(ctx, app, call{op: op, surface: proxy, method: http.MethodPost, path: id, query: phoneScope(app), body: body, idempotent: true})
}

// uploadAsset uploads a document as the Meta flow's flow.json asset
// (multipart, as Meta requires) and returns Meta's validation errors.
func (p *Provider) uploadAsset(ctx context.Context, app providers.App, op providers.Operation, metaID string, doc []byte) ([]providers.ValidationError, error) {
	id, err := segment(op, "Meta flow id", metaID)
	if err != nil {
		return nil, err
	}
	body, err := graph.FlowJSONUpload(doc)
	if err != nil {
		return nil, localError(op, providers.ErrorInvalid, err)
	}
	var out struct {
		success
		ValidationErrors json.RawMessage `json:"validation_errors"`
	}
	if _, err := p.do(ctx, app, call{op: op, surface: proxy, method: http.MethodPost, path: id + "/assets", query: phoneScope(app),
		body: body, idempotent: true}, &out); err != nil {
		return nil, err
	}
	if !out.Success {
		return nil, unexpectedAnswer(op, http.StatusOK, `the answer did not say "success": true`, nil)
	}
	verrs, err := readValidationErrors(out.ValidationErrors)
	if err != nil {
		return nil, unexpectedAnswer(op, http.StatusOK, "validation_errors is not a list Meta would send", err)
	}
	return verrs, nil
}

// kapsoFlowID matches Kapso's flow ids (UUIDs); Meta's are digits.
var kapsoFlowID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// metaFlowID returns the Meta id behind a flow id given to a message or a
// template: a Kapso id is looked up, anything else is taken as Meta's.
func (p *Provider) metaFlowID(ctx context.Context, app providers.App, op providers.Operation, id string) (string, error) {
	if !kapsoFlowID.MatchString(id) {
		return id, nil
	}
	f, err := p.lookup(ctx, app, op, id)
	if err != nil {
		return "", err
	}
	return f.MetaFlowID, nil
}
