package infobip

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/graph"
	"github.com/waflow/waflow/providers/internal/transport"
)

// maxFlowJSON is the largest Flow JSON Infobip takes.
const maxFlowJSON = 10 << 20

// wireFlow is a flow as the create and list calls return it.
type wireFlow struct {
	ID                string   `json:"id"`
	Name              string   `json:"name"`
	BusinessAccountID int64    `json:"businessAccountId"`
	Categories        []string `json:"categories"`
	Status            string   `json:"status"`
}

func (w wireFlow) remote() providers.RemoteFlow {
	return providers.RemoteFlow{ID: w.ID, Name: w.Name, Status: graph.FlowStatus(w.Status), RawStatus: w.Status}
}

// wireValidationError is one entry of validationErrors: camelCase, with a
// line and column range and no JSON pointer.
type wireValidationError struct {
	Error       string `json:"error"`
	ErrorType   string `json:"errorType"`
	Message     string `json:"message"`
	LineStart   int    `json:"lineStart"`
	LineEnd     int    `json:"lineEnd"`
	ColumnStart int    `json:"columnStart"`
	ColumnEnd   int    `json:"columnEnd"`
}

// flowPath is ".../senders/{sender}/flows" and, with remoteID, the flow's
// own path.
func flowPath(op providers.Operation, app providers.App, remoteID ...string) (string, error) {
	base, err := senderPath(op, "1", app)
	if err != nil {
		return "", err
	}
	base += "/flows"
	for _, id := range remoteID {
		seg, err := segment(op, "flow id", id)
		if err != nil {
			return "", err
		}
		base += "/" + seg
	}
	return base, nil
}

// CreateFlow creates a DRAFT flow with POST …/senders/{sender}/flows
// (name and categories; Infobip takes no Flow JSON and no endpoint here and
// starts the flow with a default flow.json). Answered 201 with the flow.
// A request with EndpointURI is refused: Infobip has no way to set it.
func (p *Provider) CreateFlow(ctx context.Context, app providers.App, req providers.CreateFlowRequest) (providers.RemoteFlow, error) {
	const op = providers.OpCreateFlow
	if req.EndpointURI != "" {
		return providers.RemoteFlow{}, localError(op, providers.ErrorInvalid,
			errors.New("Infobip has no call to set a flow's endpoint_uri; create the flow without one"))
	}
	path, err := flowPath(op, app)
	if err != nil {
		return providers.RemoteFlow{}, err
	}
	body, err := transport.JSONPayload(struct {
		Name       string   `json:"name"`
		Categories []string `json:"categories"`
	}{req.Name, req.Categories})
	if err != nil {
		return providers.RemoteFlow{}, localError(op, providers.ErrorInvalid, err)
	}
	var out wireFlow
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodPost, path: path, body: body}, &out); err != nil {
		return providers.RemoteFlow{}, err
	}
	if out.ID == "" {
		return providers.RemoteFlow{}, &providers.Error{BSP: providers.BSPInfobip, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no flow id"}
	}
	return out.remote(), nil
}

// UpdateFlowJSON uploads flowJSON as the raw request body of
// PUT …/flows/{id}/json. Infobip stores the document even when it finds
// errors, answering 201 with validationErrors, which are returned; only
// publishing fails on them. Infobip refuses the upload for a flow that is
// not a DRAFT (ErrorConflict).
func (p *Provider) UpdateFlowJSON(ctx context.Context, app providers.App, remoteID string, flowJSON []byte) ([]providers.ValidationError, error) {
	const op = providers.OpUpdateFlowJSON
	path, err := flowPath(op, app, remoteID)
	if err != nil {
		return nil, err
	}
	if len(flowJSON) > maxFlowJSON {
		return nil, localError(op, providers.ErrorInvalid, fmt.Errorf("flow.json is %d bytes; Infobip takes at most %d", len(flowJSON), maxFlowJSON))
	}
	var out struct {
		ValidationErrors []wireValidationError `json:"validationErrors"`
	}
	c := call{op: op, method: http.MethodPut, path: path + "/json", idempotent: true,
		body: transport.Payload{ContentType: "application/json", Data: flowJSON}}
	if _, err := p.do(ctx, app, c, &out); err != nil {
		return nil, err
	}
	return validationErrors(out.ValidationErrors), nil
}

// SetEndpoint is not offered: Infobip documents no call that sets a
// flow's endpoint_uri.
func (p *Provider) SetEndpoint(context.Context, providers.App, string, string) error {
	return unsupported(providers.OpSetEndpoint)
}

// PublishFlow publishes a DRAFT with POST …/flows/{id}/publish, answered
// 204.
func (p *Provider) PublishFlow(ctx context.Context, app providers.App, remoteID string) error {
	return p.transition(ctx, app, providers.OpPublishFlow, http.MethodPost, remoteID, "/publish")
}

// DeprecateFlow deprecates a published flow with POST
// …/flows/{id}/deprecate, answered 204. Infobip refuses a flow that is not
// published the same way whether it is a DRAFT or already DEPRECATED; the
// provider reads the flow's status to tell them apart and wraps
// providers.ErrAlreadyDeprecated in the second case.
func (p *Provider) DeprecateFlow(ctx context.Context, app providers.App, remoteID string) error {
	err := p.transition(ctx, app, providers.OpDeprecateFlow, http.MethodPost, remoteID, "/deprecate")
	var pe *providers.Error
	if !errors.As(err, &pe) || pe.Kind != providers.ErrorConflict {
		return err
	}
	if f, getErr := p.GetFlow(ctx, app, remoteID); getErr == nil && f.Status == providers.FlowDeprecated {
		pe.Err = fmt.Errorf("%w: %w", providers.ErrAlreadyDeprecated, pe.Err)
	}
	return pe
}

// DeleteFlow deletes a DRAFT with DELETE …/flows/{id}, answered 204.
func (p *Provider) DeleteFlow(ctx context.Context, app providers.App, remoteID string) error {
	return p.transition(ctx, app, providers.OpDeleteFlow, http.MethodDelete, remoteID, "")
}

// transition sends a body-less call answered 204.
func (p *Provider) transition(ctx context.Context, app providers.App, op providers.Operation, method, remoteID, suffix string) error {
	path, err := flowPath(op, app, remoteID)
	if err != nil {
		return err
	}
	_, err = p.do(ctx, app, call{op: op, method: method, path: path + suffix, idempotent: true}, nil)
	return err
}

// GetFlow finds the flow in GET …/senders/{sender}/flows: Infobip has no
// call for one flow. The list carries id, name, categories and status, not
// the validation errors of the last upload nor an endpoint, so those stay
// empty. A flow missing from the list is an ErrorNotFound.
func (p *Provider) GetFlow(ctx context.Context, app providers.App, remoteID string) (providers.RemoteFlow, error) {
	const op = providers.OpGetFlow
	if _, err := segment(op, "flow id", remoteID); err != nil {
		return providers.RemoteFlow{}, err
	}
	path, err := flowPath(op, app)
	if err != nil {
		return providers.RemoteFlow{}, err
	}
	var out struct {
		Flows []wireFlow `json:"flows"`
	}
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodGet, path: path, idempotent: true}, &out); err != nil {
		return providers.RemoteFlow{}, err
	}
	for _, f := range out.Flows {
		if f.ID == remoteID {
			return f.remote(), nil
		}
	}
	return providers.RemoteFlow{}, &providers.Error{BSP: providers.BSPInfobip, Operation: op, Kind: providers.ErrorNotFound,
		Message: fmt.Sprintf("flow %s is not in the sender's flow list", remoteID)}
}

// PreviewFlow returns the preview link of GET …/flows/{id}/preview.
func (p *Provider) PreviewFlow(ctx context.Context, app providers.App, remoteID string) (string, error) {
	const op = providers.OpPreviewFlow
	path, err := flowPath(op, app, remoteID)
	if err != nil {
		return "", err
	}
	var out struct {
		PreviewURL string `json:"previewUrl"`
		ExpiresAt  string `json:"expiresAt"`
	}
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodGet, path: path + "/preview", idempotent: true}, &out); err != nil {
		return "", err
	}
	if out.PreviewURL == "" {
		return "", &providers.Error{BSP: providers.BSPInfobip, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no previewUrl"}
	}
	return out.PreviewURL, nil
}

// validationErrors maps Infobip's validation errors, which have no
// pointer: the error name is the code, the start of the range the
// position.
func validationErrors(in []wireValidationError) []providers.ValidationError {
	var out []providers.ValidationError
	for _, w := range in {
		out = append(out, providers.ValidationError{Code: w.Error, Message: w.Message, Line: w.LineStart, Column: w.ColumnStart})
	}
	return out
}
