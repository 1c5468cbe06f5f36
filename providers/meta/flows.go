package meta

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/waflow/waflow/providers"
)

// flowFields are the fields GetFlow asks for.
const flowFields = "id,name,status,categories,validation_errors,json_version,data_api_version,endpoint_uri,preview"

// maxFlowJSON is Meta's limit on an uploaded flow.json.
const maxFlowJSON = 10 << 20

// wireValidationError is one entry of validation_errors.
type wireValidationError struct {
	Error       string `json:"error"`
	ErrorType   string `json:"error_type"`
	Message     string `json:"message"`
	LineStart   int    `json:"line_start"`
	ColumnStart int    `json:"column_start"`
	Pointers    []struct {
		LineStart   int    `json:"line_start"`
		ColumnStart int    `json:"column_start"`
		Path        string `json:"path"`
	} `json:"pointers"`
}

// wireFlow is a flow as GET /{flow} returns it.
type wireFlow struct {
	ID               string                `json:"id"`
	Name             string                `json:"name"`
	Status           string                `json:"status"`
	Categories       []string              `json:"categories"`
	ValidationErrors []wireValidationError `json:"validation_errors"`
	JSONVersion      string                `json:"json_version"`
	DataAPIVersion   string                `json:"data_api_version"`
	EndpointURI      string                `json:"endpoint_uri"`
	Preview          *wirePreview          `json:"preview"`
}

type wirePreview struct {
	PreviewURL string `json:"preview_url"`
	ExpiresAt  string `json:"expires_at"`
}

// CreateFlow creates a DRAFT flow in the app's WABA with
// POST /{waba}/flows. It is not retried after an ambiguous failure: a
// second attempt would make a second flow.
func (p *Provider) CreateFlow(ctx context.Context, app providers.App, req providers.CreateFlowRequest) (providers.RemoteFlow, error) {
	const op = providers.OpCreateFlow
	waba, err := node(op, "app's WABA id", app.WABAID)
	if err != nil {
		return providers.RemoteFlow{}, err
	}
	body, err := jsonPayload(struct {
		Name        string   `json:"name"`
		Categories  []string `json:"categories"`
		EndpointURI string   `json:"endpoint_uri,omitempty"`
	}{req.Name, req.Categories, req.EndpointURI})
	if err != nil {
		return providers.RemoteFlow{}, localError(op, providers.ErrorInvalid, err)
	}
	var out struct {
		ID               string                `json:"id"`
		ValidationErrors []wireValidationError `json:"validation_errors"`
	}
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodPost, path: waba + "/flows", body: body}, &out); err != nil {
		return providers.RemoteFlow{}, err
	}
	if out.ID == "" {
		return providers.RemoteFlow{}, &providers.Error{BSP: providers.BSPMeta, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no flow id"}
	}
	return providers.RemoteFlow{
		ID: out.ID, Name: req.Name, Status: providers.FlowDraft, RawStatus: string(providers.FlowDraft),
		EndpointURI: req.EndpointURI, ValidationErrors: validationErrors(out.ValidationErrors),
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
	body, err := multipartPayload(
		[][2]string{{"name", "flow.json"}, {"asset_type", "FLOW_JSON"}},
		filePart{field: "file", filename: "flow.json", contentType: "application/json", data: flowJSON},
	)
	if err != nil {
		return nil, localError(op, providers.ErrorInvalid, err)
	}
	var out struct {
		success
		ValidationErrors []wireValidationError `json:"validation_errors"`
	}
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodPost, path: id + "/assets", body: body, idempotent: true}, &out); err != nil {
		return nil, err
	}
	if err := expectSuccess(op, out.success); err != nil {
		return nil, err
	}
	return validationErrors(out.ValidationErrors), nil
}

// SetEndpoint sets the flow's endpoint_uri with POST /{flow}.
func (p *Provider) SetEndpoint(ctx context.Context, app providers.App, remoteID, endpointURI string) error {
	const op = providers.OpSetEndpoint
	id, err := node(op, "flow id", remoteID)
	if err != nil {
		return err
	}
	body, err := jsonPayload(map[string]string{"endpoint_uri": endpointURI})
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
	var w wireFlow
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodGet, path: id,
		query: url.Values{"fields": {flowFields}}, idempotent: true}, &w); err != nil {
		return providers.RemoteFlow{}, err
	}
	f := providers.RemoteFlow{
		ID: w.ID, Name: w.Name, Status: flowStatus(w.Status), RawStatus: w.Status,
		ValidationErrors: validationErrors(w.ValidationErrors), EndpointURI: w.EndpointURI,
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
	var w wireFlow
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

// flowStatus maps Meta's status word; unknown words give FlowUnknown.
func flowStatus(raw string) providers.FlowStatus {
	s := providers.FlowStatus(strings.ToUpper(strings.TrimSpace(raw)))
	switch s {
	case providers.FlowDraft, providers.FlowPublished, providers.FlowDeprecated, providers.FlowThrottled, providers.FlowBlocked:
		return s
	}
	return providers.FlowUnknown
}

// validationErrors maps Meta's validation errors: one entry per pointer,
// with the pointer's path as a JSON pointer and its start position; an
// error without pointers keeps its own position.
func validationErrors(in []wireValidationError) []providers.ValidationError {
	var out []providers.ValidationError
	for _, w := range in {
		if len(w.Pointers) == 0 {
			out = append(out, providers.ValidationError{Code: w.Error, Message: w.Message, Line: w.LineStart, Column: w.ColumnStart})
			continue
		}
		for _, ptr := range w.Pointers {
			out = append(out, providers.ValidationError{
				Code: w.Error, Message: w.Message, Pointer: jsonPointer(ptr.Path),
				Line: ptr.LineStart, Column: ptr.ColumnStart,
			})
		}
	}
	return out
}

// jsonPointer turns Meta's pointer path ("screens [0]. layout.children
// [0].type", spaces and all, or "$root/screens/0/…") into an RFC 6901 JSON
// pointer ("/screens/0/layout/children/0/type").
func jsonPointer(path string) string {
	path = strings.Join(strings.Fields(path), "")
	var tokens []string
	if rest, ok := strings.CutPrefix(path, "$root"); ok {
		for _, t := range strings.Split(strings.Trim(rest, "/"), "/") {
			if t != "" {
				tokens = append(tokens, t)
			}
		}
	} else {
		for _, seg := range strings.Split(path, ".") {
			name, indexes, _ := strings.Cut(seg, "[")
			if name != "" {
				tokens = append(tokens, name)
			}
			for _, ix := range strings.Split(indexes, "[") {
				if ix = strings.TrimSuffix(ix, "]"); ix != "" {
					tokens = append(tokens, ix)
				}
			}
		}
	}
	var b strings.Builder
	for _, t := range tokens {
		b.WriteString("/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return b.String()
}
