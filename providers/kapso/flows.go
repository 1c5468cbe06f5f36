package kapso

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/graph"
	"github.com/waflow/waflow/providers/internal/transport"
)

// maxFlowJSON is Meta's limit on a Flow JSON document, which Kapso syncs
// to Meta.
const maxFlowJSON = 10 << 20

// Flow is a flow as Kapso's Platform API holds it: Kapso's own id (a UUID,
// the remote id waflow stores) and the id of the same flow at Meta, which
// messages, templates and Meta's webhooks use.
type Flow struct {
	ID                        string
	MetaFlowID                string
	Name                      string
	Status                    string // Kapso's word, lower case ("draft")
	JSONVersion               string
	DataAPIVersion            string
	BusinessAccountID         string
	PhoneNumberID             string
	PreviewURL                string
	DataEndpointURL           string
	HasDataEndpoint           bool
	FlowsEncryptionConfigured bool
	CreatedAt                 time.Time
	UpdatedAt                 time.Time
	PublishedAt               time.Time
	LastSyncedAt              time.Time
}

// wireFlow is the Platform API's flow object.
type wireFlow struct {
	ID                        string `json:"id"`
	MetaFlowID                string `json:"meta_flow_id"`
	Name                      string `json:"name"`
	Status                    string `json:"status"`
	JSONVersion               string `json:"json_version"`
	DataAPIVersion            string `json:"data_api_version"`
	BusinessAccountID         string `json:"business_account_id"`
	PhoneNumberID             string `json:"phone_number_id"`
	PreviewURL                string `json:"preview_url"`
	DataEndpointURL           string `json:"data_endpoint_url"`
	HasDataEndpoint           bool   `json:"has_data_endpoint"`
	FlowsEncryptionConfigured bool   `json:"flows_encryption_configured"`
	CreatedAt                 string `json:"created_at"`
	UpdatedAt                 string `json:"updated_at"`
	PublishedAt               string `json:"published_at"`
	LastSyncedAt              string `json:"last_synced_at"`
}

func (w wireFlow) flow() Flow {
	return Flow{
		ID: w.ID, MetaFlowID: w.MetaFlowID, Name: w.Name, Status: w.Status,
		JSONVersion: w.JSONVersion, DataAPIVersion: w.DataAPIVersion,
		BusinessAccountID: w.BusinessAccountID, PhoneNumberID: w.PhoneNumberID,
		PreviewURL: w.PreviewURL, DataEndpointURL: w.DataEndpointURL, HasDataEndpoint: w.HasDataEndpoint,
		FlowsEncryptionConfigured: w.FlowsEncryptionConfigured,
		CreatedAt:                 readTime(w.CreatedAt), UpdatedAt: readTime(w.UpdatedAt),
		PublishedAt: readTime(w.PublishedAt), LastSyncedAt: readTime(w.LastSyncedAt),
	}
}

// readTime reads Kapso's ISO 8601 times; anything else is the zero time,
// as a timestamp is never worth failing a call for.
func readTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// wireVersion is what waflow reads of a Flow JSON version: its
// validation_errors, null when the document is clean.
type wireVersion struct {
	ValidationErrors json.RawMessage `json:"validation_errors"`
}

// CreateFlow creates a DRAFT with POST /platform/v1/whatsapp/flows for the
// app's phone number; the flow's remote id is Kapso's UUID. The Platform
// API takes no categories, so the request's categories are then set on
// the Meta flow through the proxy (POST /{meta_flow_id}); when that fails
// the new flow is deleted again, so that a failed CreateFlow leaves
// nothing behind. Creation is not retried after an ambiguous failure: a
// second attempt would make a second flow. An endpoint URI is refused as
// unsupported (see SetEndpoint).
func (p *Provider) CreateFlow(ctx context.Context, app providers.App, req providers.CreateFlowRequest) (providers.RemoteFlow, error) {
	const op = providers.OpCreateFlow
	if req.EndpointURI != "" {
		return providers.RemoteFlow{}, unsupported(providers.OpSetEndpoint)
	}
	if _, err := segment(op, "app's phone_number_id", app.PhoneNumberID); err != nil {
		return providers.RemoteFlow{}, err
	}
	if strings.TrimSpace(req.Name) == "" {
		return providers.RemoteFlow{}, localError(op, providers.ErrorInvalid, errors.New("the flow name is empty"))
	}
	body, err := transport.JSONPayload(struct {
		PhoneNumberID string `json:"phone_number_id"`
		Name          string `json:"name"`
	}{app.PhoneNumberID, req.Name})
	if err != nil {
		return providers.RemoteFlow{}, localError(op, providers.ErrorInvalid, err)
	}
	var w wireFlow
	if _, err := p.do(ctx, app, call{op: op, surface: platform, method: http.MethodPost, path: "whatsapp/flows", body: body}, &w); err != nil {
		return providers.RemoteFlow{}, err
	}
	if w.ID == "" || w.MetaFlowID == "" {
		return providers.RemoteFlow{}, unexpectedAnswer(op, http.StatusOK,
			fmt.Sprintf("the answer lacks the flow's id or meta_flow_id (id %q)", w.ID), nil)
	}
	if len(req.Categories) > 0 {
		if err := p.setCategories(ctx, app, op, w.MetaFlowID, req.Categories); err != nil {
			return providers.RemoteFlow{}, p.undoCreate(ctx, app, w, err)
		}
	}
	return providers.RemoteFlow{ID: w.ID, MetaFlowID: w.MetaFlowID, Name: w.Name, Status: graph.FlowStatus(w.Status), RawStatus: w.Status,
		PreviewURL: w.PreviewURL, UpdatedAt: readTime(w.UpdatedAt)}, nil
}

// undoCreate deletes a flow whose creation failed half-way and returns
// cause, noting the flow's id when the deletion failed too.
func (p *Provider) undoCreate(ctx context.Context, app providers.App, w wireFlow, cause error) error {
	del := p.deleteMetaFlow(ctx, app, providers.OpCreateFlow, w.MetaFlowID)
	if del == nil {
		return cause
	}
	var pe *providers.Error
	if errors.As(cause, &pe) {
		out := *pe
		out.Message = strings.TrimSpace(out.Message + fmt.Sprintf(" (flow %s was created and could not be deleted: %v)", w.ID, del))
		return &out
	}
	return cause
}

// UpdateFlowJSON uploads a new version with
// POST /platform/v1/whatsapp/flows/{id}/versions, flow_json as a JSON
// object; Kapso syncs it to Meta. The upload succeeds with validation
// errors, which are returned; only publishing fails on them. A document
// that is not a JSON object cannot travel as one: it goes to Meta's asset
// upload through the proxy instead, which stores it and reports why it
// does not parse. Uploading to a PUBLISHED flow moves it back to DRAFT, as
// Meta does; a refused upload to a flow that is not a DRAFT (DEPRECATED,
// or PUBLISHED under Meta's older rule) is an ErrorConflict.
func (p *Provider) UpdateFlowJSON(ctx context.Context, app providers.App, remoteID string, flowJSON []byte) ([]providers.ValidationError, error) {
	const op = providers.OpUpdateFlowJSON
	id, err := segment(op, "flow id", remoteID)
	if err != nil {
		return nil, err
	}
	if len(flowJSON) > maxFlowJSON {
		return nil, localError(op, providers.ErrorInvalid, fmt.Errorf("the Flow JSON is %d bytes; Meta takes at most %d", len(flowJSON), maxFlowJSON))
	}
	if !isJSONObject(flowJSON) {
		f, err := p.lookup(ctx, app, op, remoteID)
		if err != nil {
			return nil, err
		}
		verrs, err := p.uploadAsset(ctx, app, op, f.MetaFlowID, flowJSON)
		return verrs, p.conflictUnlessEditable(ctx, app, op, remoteID, err)
	}
	body, err := transport.JSONPayload(struct {
		FlowJSON      json.RawMessage `json:"flow_json"`
		PhoneNumberID string          `json:"phone_number_id,omitempty"`
	}{flowJSON, app.PhoneNumberID})
	if err != nil {
		return nil, localError(op, providers.ErrorInvalid, err)
	}
	var v wireVersion
	_, err = p.do(ctx, app, call{op: op, surface: platform, method: http.MethodPost, path: "whatsapp/flows/" + id + "/versions",
		body: body, idempotent: true}, &v)
	if err != nil {
		return nil, p.conflictUnlessEditable(ctx, app, op, remoteID, err)
	}
	verrs, err := readValidationErrors(v.ValidationErrors)
	if err != nil {
		return nil, unexpectedAnswer(op, http.StatusOK, "validation_errors is not a list Kapso or Meta would send", err)
	}
	return verrs, nil
}

// isJSONObject reports whether doc is one well-formed JSON object.
func isJSONObject(doc []byte) bool {
	trimmed := bytes.TrimSpace(doc)
	return len(trimmed) > 0 && trimmed[0] == '{' && json.Valid(trimmed)
}

// conflictUnlessEditable turns a refusal of an edit or a publish into an
// ErrorConflict when the flow's status is the reason: it is not a DRAFT.
// The Platform API words its refusals without Meta's codes, so the status
// is read to tell. (Meta takes uploads to a PUBLISHED flow today, so a
// refused one is the older rule, a conflict too.)
func (p *Provider) conflictUnlessEditable(ctx context.Context, app providers.App, op providers.Operation, remoteID string, err error) error {
	var pe *providers.Error
	if !errors.As(err, &pe) || pe.Kind != providers.ErrorInvalid && pe.Kind != providers.ErrorConflict {
		return err
	}
	f, getErr := p.remoteFlow(ctx, app, op, remoteID)
	if getErr != nil || f.Status == providers.FlowDraft {
		return err
	}
	return refusedAs(err, providers.ErrorConflict)
}

// PublishFlow publishes a DRAFT with
// POST /platform/v1/whatsapp/flows/{id}/publish. Kapso answers 422 for
// what Meta refuses (validation errors, integrity); a refusal of a flow
// that is not a DRAFT is reported as ErrorConflict.
func (p *Provider) PublishFlow(ctx context.Context, app providers.App, remoteID string) error {
	const op = providers.OpPublishFlow
	id, err := segment(op, "flow id", remoteID)
	if err != nil {
		return err
	}
	body, err := transport.JSONPayload(map[string]string{"phone_number_id": app.PhoneNumberID})
	if err != nil {
		return localError(op, providers.ErrorInvalid, err)
	}
	var w wireFlow
	_, err = p.do(ctx, app, call{op: op, surface: platform, method: http.MethodPost, path: "whatsapp/flows/" + id + "/publish",
		body: body, idempotent: true}, &w)
	return p.conflictUnlessEditable(ctx, app, op, remoteID, err)
}

// GetFlow reads the flow from the Platform API (GET
// /platform/v1/whatsapp/flows/{id}: name, preview_url, the hosted data
// endpoint's URL as EndpointURI) and its Meta side through the proxy (GET
// /{meta_flow_id}?fields=status,validation_errors): the Platform flow
// object carries no validation errors, and only its "draft" status word
// is documented, while Meta's statuses are.
func (p *Provider) GetFlow(ctx context.Context, app providers.App, remoteID string) (providers.RemoteFlow, error) {
	return p.remoteFlow(ctx, app, providers.OpGetFlow, remoteID)
}

func (p *Provider) remoteFlow(ctx context.Context, app providers.App, op providers.Operation, remoteID string) (providers.RemoteFlow, error) {
	f, err := p.lookup(ctx, app, op, remoteID)
	if err != nil {
		return providers.RemoteFlow{}, err
	}
	m, err := p.metaFlow(ctx, app, op, f.MetaFlowID, "id,status,validation_errors")
	if err != nil {
		return providers.RemoteFlow{}, err
	}
	verrs, err := readValidationErrors(m.ValidationErrors)
	if err != nil {
		return providers.RemoteFlow{}, unexpectedAnswer(op, http.StatusOK, "validation_errors is not a list Meta would send", err)
	}
	return providers.RemoteFlow{
		ID: f.ID, MetaFlowID: f.MetaFlowID, Name: f.Name, Status: graph.FlowStatus(m.Status), RawStatus: m.Status, ValidationErrors: verrs,
		EndpointURI: f.DataEndpointURL, PreviewURL: f.PreviewURL, UpdatedAt: f.UpdatedAt,
	}, nil
}

// PreviewFlow returns the flow's preview_url from the Platform API, or,
// when Kapso has none yet, Meta's preview link through the proxy (fields
// preview.invalidate(false)).
func (p *Provider) PreviewFlow(ctx context.Context, app providers.App, remoteID string) (string, error) {
	const op = providers.OpPreviewFlow
	f, err := p.lookup(ctx, app, op, remoteID)
	if err != nil {
		return "", err
	}
	if f.PreviewURL != "" {
		return f.PreviewURL, nil
	}
	m, err := p.metaFlow(ctx, app, op, f.MetaFlowID, "preview.invalidate(false)")
	if err != nil {
		return "", err
	}
	if m.Preview == nil || m.Preview.PreviewURL == "" {
		return "", unexpectedAnswer(op, http.StatusOK, "neither Kapso nor Meta gave a preview_url", nil)
	}
	return m.Preview.PreviewURL, nil
}

// LookupFlow reads a flow from the Platform API by Kapso's id, with the
// Meta id and the Kapso-only fields (hosted data endpoint, encryption).
// This is how a Kapso flow id maps to Meta's.
func (p *Provider) LookupFlow(ctx context.Context, app providers.App, remoteID string) (Flow, error) {
	return p.lookup(ctx, app, providers.OpGetFlow, remoteID)
}

// lookup is LookupFlow on behalf of op, which names any failure.
func (p *Provider) lookup(ctx context.Context, app providers.App, op providers.Operation, remoteID string) (Flow, error) {
	id, err := segment(op, "flow id", remoteID)
	if err != nil {
		return Flow{}, err
	}
	var w wireFlow
	if _, err := p.do(ctx, app, call{op: op, surface: platform, method: http.MethodGet, path: "whatsapp/flows/" + id, idempotent: true}, &w); err != nil {
		return Flow{}, err
	}
	if w.ID == "" || w.MetaFlowID == "" {
		return Flow{}, unexpectedAnswer(op, http.StatusOK, fmt.Sprintf("flow %q has no id or meta_flow_id", remoteID), nil)
	}
	return w.flow(), nil
}
