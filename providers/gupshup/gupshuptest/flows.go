package gupshuptest

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"time"
)

// Flow statuses as Gupshup passes Meta's through.
const (
	statusDraft      = "DRAFT"
	statusPublished  = "PUBLISHED"
	statusDeprecated = "DEPRECATED"
	statusThrottled  = "THROTTLED"
	statusBlocked    = "BLOCKED"
)

// categories are Meta's flow categories.
var categories = []string{"SIGN_UP", "SIGN_IN", "APPOINTMENT_BOOKING", "LEAD_GENERATION", "CONTACT_US", "CUSTOMER_SUPPORT", "SURVEY", "OTHER"}

// flow is one flow the fake holds.
type flow struct {
	id, name, status, endpoint string
	categories                 []string
	doc, published             []byte
	errors                     []validationError
	everPublished              bool
}

func (f *flow) view() map[string]any {
	errs := f.errors
	if errs == nil {
		errs = []validationError{}
	}
	return map[string]any{"id": f.id, "name": f.name, "status": f.status, "categories": f.categories, "validation_errors": errs}
}

// Throttle moves a PUBLISHED flow to THROTTLED, as Meta's health
// monitoring would.
func (s *Server) Throttle(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[id]
	if !ok || f.status != statusPublished {
		return fmt.Errorf("gupshuptest: flow %s is not PUBLISHED", id)
	}
	f.status = statusThrottled
	return nil
}

// PublishedJSON is the document users get for a flow.
func (s *Server) PublishedJSON(id string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[id]
	if !ok || f.published == nil {
		return nil, false
	}
	return bytes.Clone(f.published), true
}

// FlowStatus is a flow's status as the fake holds it.
func (s *Server) FlowStatus(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[id]
	if !ok {
		return "", false
	}
	return f.status, true
}

// withFlow answers for an existing flow, or with Meta's refusal flattened
// into Gupshup's envelope (400, not 404).
func (s *Server) withFlow(c *call, answer func(*call, *flow) (int, any)) (int, any) {
	f, ok := s.flows[c.id]
	if !ok {
		return failure(http.StatusBadRequest, "Unsupported get request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation", c.id)
	}
	return answer(c, f)
}

type flowMeta struct {
	Name        string   `json:"name"`
	Categories  []string `json:"categories"`
	EndpointURI *string  `json:"endpoint_uri"`
}

func (s *Server) checkMeta(in flowMeta) (int, any, bool) {
	if in.Name == "" {
		status, out := failure(http.StatusBadRequest, "name is required")
		return status, out, false
	}
	if len(in.Categories) == 0 {
		status, out := failure(http.StatusBadRequest, "categories is required")
		return status, out, false
	}
	for _, c := range in.Categories {
		if !slices.Contains(categories, c) {
			status, out := failure(http.StatusBadRequest, "Invalid category %q", c)
			return status, out, false
		}
	}
	return 0, nil, true
}

// createFlow: JSON {name, categories, endpoint_uri?}.
func (s *Server) createFlow(c *call) (int, any) {
	var in flowMeta
	if err := jsonBody(c, &in); err != nil {
		return failure(http.StatusBadRequest, "%v", err)
	}
	if status, out, ok := s.checkMeta(in); !ok {
		return status, out
	}
	if in.EndpointURI != nil && !s.opts.EndpointFlows {
		return failure(http.StatusBadRequest, "Only flows without endpoint are supported")
	}
	for _, id := range s.flowOrder {
		if s.flows[id].name == in.Name {
			return failure(http.StatusBadRequest, "Flow name should be unique within one WhatsApp Business Account. Please select another name for your Flow.")
		}
	}
	f := &flow{id: s.nextFlowID(), name: in.Name, categories: in.Categories, status: statusDraft}
	if in.EndpointURI != nil {
		f.endpoint = *in.EndpointURI
	}
	s.flows[f.id] = f
	s.flowOrder = append(s.flowOrder, f.id)
	return ok(map[string]any{"id": f.id})
}

// listFlows answers a bare array, no envelope and no paging.
func (s *Server) listFlows() (int, any) {
	out := []map[string]any{}
	for _, id := range s.flowOrder {
		out = append(out, s.flows[id].view())
	}
	return http.StatusOK, out
}

// getFlow answers the Meta object inside Gupshup's envelope, whose status
// overwrites the flow's unless Options.HonestFlowStatus.
func (s *Server) getFlow(_ *call, f *flow) (int, any) {
	out := f.view()
	out["endpoint_uri"] = f.endpoint
	out["json_version"] = jsonVersion(f.doc)
	if !s.opts.HonestFlowStatus {
		out["status"] = "success"
	}
	return http.StatusOK, out
}

func (s *Server) updateFlow(c *call, f *flow) (int, any) {
	var in flowMeta
	if err := jsonBody(c, &in); err != nil {
		return failure(http.StatusBadRequest, "%v", err)
	}
	if status, out, ok := s.checkMeta(in); !ok {
		return status, out
	}
	if f.status != statusDraft {
		return failure(http.StatusBadRequest, "Flow can only be modified in Draft status")
	}
	f.name, f.categories = in.Name, in.Categories
	return ok(map[string]any{"success": true})
}

// uploadAsset takes multipart only, with the document in part "file".
// The upload succeeds with validation errors, which it returns.
func (s *Server) uploadAsset(c *call, f *flow) (int, any) {
	mt, params, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return failure(http.StatusBadRequest, "Flow JSON must be uploaded as multipart/form-data with a part named file")
	}
	doc, err := filePart(c.body, params["boundary"])
	if err != nil {
		return failure(http.StatusBadRequest, "%v", err)
	}
	if f.status != statusDraft {
		return failure(http.StatusBadRequest, "Flow can only be modified in Draft status")
	}
	f.doc, f.errors = doc, validate(doc)
	return ok(map[string]any{"success": true, "validation_errors": f.view()["validation_errors"]})
}

func filePart(body []byte, boundary string) ([]byte, error) {
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return nil, fmt.Errorf("the multipart body has no part named file")
		}
		if err != nil {
			return nil, fmt.Errorf("the multipart body does not parse: %v", err)
		}
		if p.FormName() == "file" {
			return io.ReadAll(p)
		}
	}
}

// listAssets answers a bare array with the document's download link.
func (s *Server) listAssets(_ *call, f *flow) (int, any) {
	out := []map[string]string{}
	if f.doc != nil {
		out = append(out, map[string]string{"asset_type": "FLOW_JSON", "name": "flow.json",
			"download_url": s.URL + "/_assets/" + f.id + "/flow.json"})
	}
	return http.StatusOK, out
}

// serveAsset answers a download link of listAssets, without auth as
// WhatsApp's CDN does.
func (s *Server) serveAsset(w http.ResponseWriter, id string) {
	s.mu.Lock()
	f, found := s.flows[id]
	var doc []byte
	if found {
		doc = bytes.Clone(f.doc)
	}
	s.mu.Unlock()
	if doc == nil {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(doc)
}

func (s *Server) preview(_ *call, f *flow) (int, any) {
	expires := s.now().Add(30 * 24 * time.Hour).UTC().Format("2006-01-02T15:04:05-0700")
	return ok(map[string]any{"id": f.id, "preview": map[string]string{"preview_url": "https://business.facebook.com/wa/manage/flows/" + f.id + "/preview/?token=fake", "expires_at": expires}})
}

func (s *Server) publish(_ *call, f *flow) (int, any) {
	switch {
	case f.status != statusDraft:
		return failure(http.StatusBadRequest, "Flow cannot be published as it's not in DRAFT state")
	case f.doc == nil:
		return failure(http.StatusBadRequest, "Flow cannot be published as it has no Flow JSON")
	case len(f.errors) > 0:
		return failure(http.StatusBadRequest, "Flow cannot be published as it has validation errors")
	}
	f.status, f.published, f.everPublished = statusPublished, bytes.Clone(f.doc), true
	return ok(map[string]any{"success": true})
}

// deprecate refuses a DRAFT and a flow already deprecated with the same
// words (the wording is the fake's; Gupshup's is not documented).
func (s *Server) deprecate(_ *call, f *flow) (int, any) {
	switch f.status {
	case statusPublished, statusThrottled, statusBlocked:
		f.status = statusDeprecated
		return ok(map[string]any{"success": true})
	}
	return failure(http.StatusBadRequest, "Flow cannot be deprecated as it's not in PUBLISHED state")
}

func (s *Server) deleteFlow(_ *call, f *flow) (int, any) {
	if f.everPublished || f.status != statusDraft {
		return failure(http.StatusBadRequest, "After a flow has been published, it cannot be deleted. Please deprecate instead")
	}
	delete(s.flows, f.id)
	s.flowOrder = slices.DeleteFunc(s.flowOrder, func(id string) bool { return id == f.id })
	return ok(map[string]any{"success": true})
}
