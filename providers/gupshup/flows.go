package gupshup

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
const flowFields = "id,name,categories,preview,status,validation_errors,json_version,data_api_version,endpoint_uri"

// maxFlowJSON is Meta's limit on an uploaded flow.json, which Gupshup
// passes on.
const maxFlowJSON = 10 << 20

// flowPath is "/partner/app/{appId}/flows/{flowId}".
func flowPath(op providers.Operation, app providers.App, remoteID string) (string, error) {
	base, err := appPath(op, app)
	if err != nil {
		return "", err
	}
	id, err := segment(op, "flow id", remoteID)
	if err != nil {
		return "", err
	}
	return base + "/flows/" + id, nil
}

// CreateFlow creates a DRAFT flow with POST /partner/app/{appId}/flows
// (JSON name, categories and, when given, endpoint_uri). It is not retried
// after an ambiguous failure: a second attempt would make a second flow.
func (p *Provider) CreateFlow(ctx context.Context, app providers.App, req providers.CreateFlowRequest) (providers.RemoteFlow, error) {
	const op = providers.OpCreateFlow
	base, err := appPath(op, app)
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
		ID string `json:"id"`
	}
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodPost, path: base + "/flows", body: body}, &out); err != nil {
		return providers.RemoteFlow{}, err
	}
	if out.ID == "" {
		return providers.RemoteFlow{}, &providers.Error{BSP: providers.BSPGupshup, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no flow id"}
	}
	return providers.RemoteFlow{ID: out.ID, Name: req.Name, Status: providers.FlowDraft,
		RawStatus: string(providers.FlowDraft), EndpointURI: req.EndpointURI}, nil
}

// UpdateFlowJSON uploads flowJSON with PUT …/flows/{flowId}/assets,
// multipart with one part "file" (flow.json, application/json). The upload
// succeeds with validation errors, which are returned; only publishing
// fails on them.
func (p *Provider) UpdateFlowJSON(ctx context.Context, app providers.App, remoteID string, flowJSON []byte) ([]providers.ValidationError, error) {
	const op = providers.OpUpdateFlowJSON
	path, err := flowPath(op, app, remoteID)
	if err != nil {
		return nil, err
	}
	if len(flowJSON) > maxFlowJSON {
		return nil, localError(op, providers.ErrorInvalid, fmt.Errorf("flow.json is %d bytes; WhatsApp takes at most %d", len(flowJSON), maxFlowJSON))
	}
	body, err := transport.FlowJSONPart(flowJSON)
	if err != nil {
		return nil, localError(op, providers.ErrorInvalid, err)
	}
	var out struct {
		outcome
		ValidationErrors []graph.ValidationError `json:"validation_errors"`
	}
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodPut, path: path + "/assets", body: body, idempotent: true}, &out); err != nil {
		return nil, err
	}
	if err := expectSuccess(op, out.outcome); err != nil {
		return nil, err
	}
	return graph.ValidationErrors(out.ValidationErrors), nil
}

// SetEndpoint is not offered: Gupshup takes endpoint_uri at creation only.
func (p *Provider) SetEndpoint(context.Context, providers.App, string, string) error {
	return unsupported(providers.OpSetEndpoint)
}

// PublishFlow publishes a DRAFT with POST …/flows/{flowId}/publish.
func (p *Provider) PublishFlow(ctx context.Context, app providers.App, remoteID string) error {
	const op = providers.OpPublishFlow
	path, err := flowPath(op, app, remoteID)
	if err != nil {
		return err
	}
	return p.mutate(ctx, app, call{op: op, method: http.MethodPost, path: path + "/publish", idempotent: true})
}

// DeprecateFlow deprecates a published flow with POST
// …/flows/{flowId}/deprecate. Gupshup words a refusal the same for a DRAFT
// and for a flow already deprecated, so the provider reads the flow's
// status to tell them apart and wraps providers.ErrAlreadyDeprecated in
// the second case.
func (p *Provider) DeprecateFlow(ctx context.Context, app providers.App, remoteID string) error {
	const op = providers.OpDeprecateFlow
	path, err := flowPath(op, app, remoteID)
	if err != nil {
		return err
	}
	err = p.mutate(ctx, app, call{op: op, method: http.MethodPost, path: path + "/deprecate", idempotent: true})
	var pe *providers.Error
	if !errors.As(err, &pe) || pe.Kind != providers.ErrorConflict {
		return err
	}
	if f, getErr := p.GetFlow(ctx, app, remoteID); getErr == nil && f.Status == providers.FlowDeprecated {
		pe.Err = fmt.Errorf("%w: %w", providers.ErrAlreadyDeprecated, pe.Err)
	}
	return pe
}

// DeleteFlow deletes a never-published DRAFT with DELETE
// /partner/app/{appId}/flow/{flowId}: the singular path of every curl
// sample in Gupshup's docs. The docs' title says …/flows/{flowId}; when the
// singular path is answered 404 (no such route: an unknown flow is a 400),
// the plural one is tried.
func (p *Provider) DeleteFlow(ctx context.Context, app providers.App, remoteID string) error {
	const op = providers.OpDeleteFlow
	base, err := appPath(op, app)
	if err != nil {
		return err
	}
	id, err := segment(op, "flow id", remoteID)
	if err != nil {
		return err
	}
	err = p.mutate(ctx, app, call{op: op, method: http.MethodDelete, path: base + "/flow/" + id, idempotent: true})
	var pe *providers.Error
	if errors.As(err, &pe) && pe.HTTPStatus == http.StatusNotFound {
		return p.mutate(ctx, app, call{op: op, method: http.MethodDelete, path: base + "/flows/" + id, idempotent: true})
	}
	return err
}

// GetFlow reads the flow with GET …/flows/{flowId}?fields=…. Gupshup's
// envelope key "status" collides with the flow's status there; when the
// answer's status is not a flow status, the status is read from the list
// endpoint, GET …/flows, which does not wrap its items.
func (p *Provider) GetFlow(ctx context.Context, app providers.App, remoteID string) (providers.RemoteFlow, error) {
	const op = providers.OpGetFlow
	path, err := flowPath(op, app, remoteID)
	if err != nil {
		return providers.RemoteFlow{}, err
	}
	var w graph.Flow
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodGet, path: path,
		query: url.Values{"fields": {flowFields}}, idempotent: true}, &w); err != nil {
		return providers.RemoteFlow{}, err
	}
	if w.ID == "" {
		w.ID = remoteID
	}
	// The get endpoint's status may hold Gupshup's envelope word
	// ("success") instead of the flow's: the list then says it.
	status := graph.FlowStatus(w.Status)
	if status == providers.FlowUnknown {
		listed, err := p.listedFlow(ctx, app, op, remoteID)
		if err != nil {
			return providers.RemoteFlow{}, err
		}
		w.Status, status = listed.Status, graph.FlowStatus(listed.Status)
	}
	f := providers.RemoteFlow{ID: w.ID, Name: w.Name, Status: status, RawStatus: w.Status,
		ValidationErrors: graph.ValidationErrors(w.ValidationErrors), EndpointURI: w.EndpointURI}
	if w.Preview != nil {
		f.PreviewURL = w.Preview.PreviewURL
	}
	return f, nil
}

// listedFlow finds a flow in GET /partner/app/{appId}/flows (a bare
// array, no paging).
func (p *Provider) listedFlow(ctx context.Context, app providers.App, op providers.Operation, remoteID string) (graph.Flow, error) {
	base, err := appPath(op, app)
	if err != nil {
		return graph.Flow{}, err
	}
	var list []graph.Flow
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodGet, path: base + "/flows", idempotent: true}, &list); err != nil {
		return graph.Flow{}, err
	}
	for _, f := range list {
		if f.ID == remoteID {
			return f, nil
		}
	}
	return graph.Flow{}, &providers.Error{BSP: providers.BSPGupshup, Operation: op, Kind: providers.ErrorNotFound,
		Message: "the flow is not in the app's flow list"}
}

// PreviewFlow returns the flow's preview link with GET
// …/flows/{flowId}/preview.
func (p *Provider) PreviewFlow(ctx context.Context, app providers.App, remoteID string) (string, error) {
	const op = providers.OpPreviewFlow
	path, err := flowPath(op, app, remoteID)
	if err != nil {
		return "", err
	}
	var w graph.Flow
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodGet, path: path + "/preview", idempotent: true}, &w); err != nil {
		return "", err
	}
	if w.Preview == nil || w.Preview.PreviewURL == "" {
		return "", &providers.Error{BSP: providers.BSPGupshup, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no preview_url"}
	}
	return w.Preview.PreviewURL, nil
}
