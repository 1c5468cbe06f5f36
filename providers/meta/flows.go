package meta

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/graph"
	"github.com/waflow/waflow/providers/internal/transport"
)

// flowFields are the fields GetFlow asks for.
const flowFields = "id,name,status,categories,validation_errors,json_version,data_api_version,endpoint_uri,preview"

// maxFlowJSON is Meta's limit on an uploaded flow.json.
const maxFlowJSON = 10 << 20

// CreateFlow creates a DRAFT flow in the app's WABA with
// POST /{waba}/flows. It is not retried after an ambiguous failure: a
// second attempt would make a second flow.
func (p *Provider) CreateFlow(ctx context.Context, app providers.App, req providers.CreateFlowRequest) (providers.RemoteFlow, error) {
	const op = providers.OpCreateFlow
	waba, err := node(op, "app's WABA id", app.WABAID)
	if err != nil {
		return providers.RemoteFlow{}, err
	}
	body, err := transport.JSONPayload(struct {
		Name        string   `json:"name"`
		Categories  []string `json:"categories"`
		EndpointURI string   `json:"endpoint_uri,omitempty"`
	}{req.Name, req.Categories, req.EndpointURI})
	if err != nil {
		return providers.RemoteFlow{}, localError(op, providers.ErrorInvalid, err)
	}
	var out struct {
		ID               string                  `json:"id"`
		ValidationErrors []graph.ValidationError `json:"validation_errors"`
	}
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodPost, path: waba + "/flows", body: body}, &out); err != nil {
		return providers.RemoteFlow{}, err
	}
	if out.ID == "" {
		return providers.RemoteFlow{}, &providers.Error{BSP: providers.BSPMeta, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no flow id"}
	}
	return providers.RemoteFlow{
		ID: out.ID, Name: req.Name, Status: providers.FlowDraft, RawStatus: string(providers.FlowDraft),
		EndpointURI: req.EndpointURI, ValidationErrors: graph.ValidationErrors(out.ValidationErrors),
	}, nil
}

// UpdateFlowJSON uploads flowJSON as the flow's flow.json asset
// (multipart: file, name=flow.json, asset_type=FLOW_JSON). The upload
// succeeds with validation errors, which are returned; only publishing
// fails on them.
func (p *Provider) UpdateFlowJSON(ctx context.Context, app providers.App, remoteID string, flowJSON []byte) ([]providers.ValidationError, error) {
	const op = providers.OpUpdateFlowJSON
	id, err := node(op, "flow id", remoteID)
	if err != nil {
		return nil, err
	}
	if len(flowJSON) > maxFlowJSON {
		return nil, localError(op, providers.ErrorInvalid, fmt.Errorf("flow.json is %d bytes; Meta takes at most %d", len(flowJSON), maxFlowJSON))
	}
	body, err := graph.FlowJSONUpload(flowJSON)
	if err != nil {
		return nil, localError(op, providers.ErrorInvalid, err)
	}
	var out struct {
		success
		ValidationErrors []graph.ValidationError `json:"validation_errors"`
	}
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodPost, path: id + "/assets", body: body, idempotent: true}, &out); err != nil {
		return nil, err
	}
	if err := expectSuccess(op, out.success); err != nil {
		return nil, err
	}
	return graph.ValidationErrors(out.ValidationErrors), nil
}

// SetEndpoint sets the flow's endpoint_uri with POST /{flow}.
func (p *Provider) SetEndpoint(ctx context.Context, app providers.App, remoteID, endpointURI string) error {
	const op = providers.OpSetEndpoint
	id, err := node(op, "flow id", remoteID)
	if err != nil {
		return err
	}
	body, err := transport.JSONPayload(map[string]string{"endpoint_uri": endpointURI})
	if err != nil {
		return localError(op, providers.ErrorInvalid, err)
	}
	return p.mutate(ctx, app, call{op: op, method: http.MethodPost, path: id, body: body, idempotent: true})
}

// PublishFlow publishes a DRAFT with POST /{flow}/publish.
func (p *Provider) PublishFlow(ctx context.Context, app providers.App, remoteID string) error {
	const op = providers.OpPublishFlow
	id, err := node(op, "flow id", remoteID)
	if err != nil {
		return err
	}
	return p.mutate(ctx, app, call{op: op, method: http.MethodPost, path: id + "/publish", idempotent: true})
}

// DeprecateFlow deprecates a published flow with POST /{flow}/deprecate.
// Meta answers 139003 both for a flow never published and for one already
// deprecated; the provider reads the flow's status to tell them apart and
// wraps providers.ErrAlreadyDeprecated in the second case.
func (p *Provider) DeprecateFlow(ctx context.Context, app providers.App, remoteID string) error {
	const op = providers.OpDeprecateFlow
	id, err := node(op, "flow id", remoteID)
	if err != nil {
		return err
	}
	err = p.mutate(ctx, app, call{op: op, method: http.MethodPost, path: id + "/deprecate", idempotent: true})
	var pe *providers.Error
	if g := graphOf(err); g == nil || g.Code != CodeFlowNotDeprecatable || !errors.As(err, &pe) {
		return err
	}
	if f, getErr := p.GetFlow(ctx, app, remoteID); getErr == nil && f.Status == providers.FlowDeprecated {
		pe.Err = fmt.Errorf("%w: %w", providers.ErrAlreadyDeprecated, pe.Err)
	}
	return pe
}

// DeleteFlow deletes a DRAFT that was never published with
// DELETE /{flow}.
func (p *Provider) DeleteFlow(ctx context.Context, app providers.App, remoteID string) error {
	const op = providers.OpDeleteFlow
	id, err := node(op, "flow id", remoteID)
	if err != nil {
		return err
	}
	return p.mutate(ctx, app, call{op: op, method: http.MethodDelete, path: id, idempotent: true})
}

// GetFlow reads the flow with GET /{flow}?fields=… (see flowFields).
func (p *Provider) GetFlow(ctx context.Context, app providers.App, remoteID string) (providers.RemoteFlow, error) {
	const op = providers.OpGetFlow
	id, err := node(op, "flow id", remoteID)
	if err != nil {
		return providers.RemoteFlow{}, err
	}
	var w graph.Flow
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodGet, path: id,
		query: url.Values{"fields": {flowFields}}, idempotent: true}, &w); err != nil {
		return providers.RemoteFlow{}, err
	}
	f := providers.RemoteFlow{
		ID: w.ID, Name: w.Name, Status: graph.FlowStatus(w.Status), RawStatus: w.Status,
		ValidationErrors: graph.ValidationErrors(w.ValidationErrors), EndpointURI: w.EndpointURI,
	}
	if w.Preview != nil {
		f.PreviewURL = w.Preview.PreviewURL
	}
	return f, nil
}

// PreviewFlow returns the flow's preview link with
// GET /{flow}?fields=preview.invalidate(false): the same link while it is
// valid (30 days), a new one after.
func (p *Provider) PreviewFlow(ctx context.Context, app providers.App, remoteID string) (string, error) {
	const op = providers.OpPreviewFlow
	id, err := node(op, "flow id", remoteID)
	if err != nil {
		return "", err
	}
	var w graph.Flow
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodGet, path: id,
		query: url.Values{"fields": {"preview.invalidate(false)"}}, idempotent: true}, &w); err != nil {
		return "", err
	}
	if w.Preview == nil || w.Preview.PreviewURL == "" {
		return "", &providers.Error{BSP: providers.BSPMeta, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no preview_url"}
	}
	return w.Preview.PreviewURL, nil
}

// mutate sends a call answered by {"success": true}.
func (p *Provider) mutate(ctx context.Context, app providers.App, c call) error {
	var out success
	if _, err := p.do(ctx, app, c, &out); err != nil {
		return err
	}
	return expectSuccess(c.op, out)
}
