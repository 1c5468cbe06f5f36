package metatest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Flow statuses.
const (
	statusDraft      = "DRAFT"
	statusPublished  = "PUBLISHED"
	statusDeprecated = "DEPRECATED"
	statusThrottled  = "THROTTLED"
	statusBlocked    = "BLOCKED"
)

// Flow error codes.
const (
	codeCantUpdate    = 139001
	codeCantPublish   = 139002
	codeCantDeprecate = 139003
	codeCantDelete    = 139004
)

// maxAsset is Meta's limit on flow.json.
const maxAsset = 10 << 20

// keptVersions is how many published versions Meta keeps.
const keptVersions = 5

// previewLifetime is how long a preview link lasts.
const previewLifetime = 30 * 24 * time.Hour

var categories = []string{"SIGN_UP", "SIGN_IN", "APPOINTMENT_BOOKING", "LEAD_GENERATION", "CONTACT_US", "CUSTOMER_SUPPORT", "SURVEY", "OTHER"}

type flow struct {
	id, waba, name string
	categories     []string
	status         string
	endpointURI    string
	json           []byte
	verrs          []validationError
	published      [][]byte // oldest first; the last is what users get
	previewToken   string
	previewExpiry  time.Time
}

func (f *flow) summary() map[string]any {
	return map[string]any{"id": f.id, "name": f.name, "status": f.status, "categories": f.categories, "validation_errors": f.errors()}
}

func (f *flow) errors() []validationError {
	if f.verrs == nil {
		return []validationError{}
	}
	return f.verrs
}

// createFlow: POST /{waba}/flows.
func (s *Server) createFlow(c *call) (int, any) {
	p, err := params(c)
	if err != nil {
		return invalidParam("%v", err)
	}
	name, ok := str(p, "name")
	if !ok || strings.TrimSpace(name) == "" {
		return invalidParam("The parameter name is required")
	}
	cats, ok := strList(p, "categories")
	if !ok || len(cats) == 0 {
		return invalidParam("The parameter categories is required and must be a non-empty array")
	}
	for _, cat := range cats {
		if !slices.Contains(categories, cat) {
			return invalidParam("Invalid category %q", cat)
		}
	}
	flowJSON, ok := str(p, "flow_json")
	if !ok {
		return invalidParam("Param flow_json must be a string")
	}
	endpoint, ok := str(p, "endpoint_uri")
	if !ok {
		return invalidParam("Param endpoint_uri must be a string")
	}
	for _, id := range s.flowOrder {
		if f := s.flows[id]; f.waba == c.node && f.name == name {
			return invalidParam("Flow name is not unique")
		}
	}
	f := &flow{id: s.nextID(kindFlow), waba: c.node, name: name, categories: cats, status: statusDraft, endpointURI: endpoint}
	if cloneID, _ := str(p, "clone_flow_id"); cloneID != "" {
		src, ok := s.flows[cloneID]
		if !ok {
			return invalidParam("Invalid clone_flow_id %q", cloneID)
		}
		f.json, f.verrs = append([]byte(nil), src.json...), src.verrs
	}
	if flowJSON != "" {
		f.json, f.verrs = []byte(flowJSON), validate([]byte(flowJSON))
	}
	if publish, _ := p["publish"]; (publish == true || publish == "true") && f.json != nil && len(f.verrs) == 0 {
		f.status, f.published = statusPublished, [][]byte{f.json}
	}
	s.flows[f.id] = f
	s.flowOrder = append(s.flowOrder, f.id)
	out := map[string]any{"id": f.id, "success": true}
	if f.json != nil {
		out["validation_errors"] = f.errors()
	}
	return http.StatusOK, out
}

// listFlows: GET /{waba}/flows with cursor paging.
func (s *Server) listFlows(c *call) (int, any) {
	var all []map[string]any
	for _, id := range s.flowOrder {
		if f := s.flows[id]; f.waba == c.node {
			all = append(all, f.summary())
		}
	}
	return page(c, all)
}

// page cuts items by the limit, after and before parameters; cursors are
// base64 positions.
func page(c *call, items []map[string]any) (int, any) {
	q := c.r.URL.Query()
	limit := 25
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return invalidParam("Invalid limit %q", v)
		}
		limit = n
	}
	start := 0
	if v := q.Get("after"); v != "" {
		n, err := cursor(v)
		if err != nil {
			return invalidParam("Invalid cursor")
		}
		start = n + 1
	}
	if v := q.Get("before"); v != "" {
		n, err := cursor(v)
		if err != nil {
			return invalidParam("Invalid cursor")
		}
		start = max(n-limit, 0)
	}
	start = min(start, len(items))
	end := min(start+limit, len(items))
	out := map[string]any{"data": append([]map[string]any{}, items[start:end]...)}
	if end > start {
		paging := map[string]any{"cursors": map[string]string{"before": mkCursor(start), "after": mkCursor(end - 1)}}
		if end < len(items) {
			next := *c.r.URL
			nq := next.Query()
			nq.Set("after", mkCursor(end-1))
			nq.Del("before")
			next.RawQuery = nq.Encode()
			paging["next"] = "https://graph.facebook.com" + next.RequestURI()
		}
		out["paging"] = paging
	}
	return http.StatusOK, out
}

func mkCursor(n int) string {
	return base64.StdEncoding.EncodeToString([]byte("pos:" + strconv.Itoa(n)))
}

func cursor(v string) (int, error) {
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		return 0, err
	}
	n, ok := strings.CutPrefix(string(b), "pos:")
	if !ok {
		return 0, errors.New("not a cursor")
	}
	return strconv.Atoi(n)
}

// flowNode: GET, POST (metadata) and DELETE /{flow}.
func (s *Server) flowNode(c *call, f *flow) (int, any) {
	switch c.r.Method {
	case http.MethodGet:
		return s.getFlow(c, f)
	case http.MethodPost:
		return s.updateFlow(c, f)
	case http.MethodDelete:
		if f.status != statusDraft || len(f.published) > 0 {
			return errorAnswer(http.StatusBadRequest, graphErr{Code: codeCantDelete, Message: "Flow can't be deleted", UserMsg: "Only draft flows that were never published can be deleted; deprecate it instead."})
		}
		delete(s.flows, f.id)
		s.flowOrder = slices.DeleteFunc(s.flowOrder, func(id string) bool { return id == f.id })
		return http.StatusOK, map[string]bool{"success": true}
	}
	return errorAnswer(http.StatusBadRequest, graphErr{Code: 100, Message: "Unsupported request - method type: " + strings.ToLower(c.r.Method)})
}

// getFlow honours fields=, including preview.invalidate(bool) and
// health_status.
func (s *Server) getFlow(c *call, f *flow) (int, any) {
	fields := c.r.URL.Query().Get("fields")
	if fields == "" {
		fields = "id,name,status,categories,validation_errors"
	}
	out := map[string]any{"id": f.id}
	for _, field := range strings.Split(fields, ",") {
		switch field = strings.TrimSpace(field); field {
		case "id":
		case "name", "status", "categories", "validation_errors":
			out[field] = f.summary()[field]
		case "json_version", "data_api_version":
			if v := jsonString(f.json, strings.TrimPrefix(field, "json_")); v != "" {
				out[field] = v
			}
		case "endpoint_uri":
			if f.endpointURI != "" {
				out[field] = f.endpointURI
			}
		case "preview", "preview.invalidate(false)", "preview.invalidate(true)":
			out["preview"] = s.preview(f, field == "preview.invalidate(true)")
		case "health_status":
			out[field] = health(f)
		case "whatsapp_business_account":
			out[field] = map[string]string{"id": f.waba}
		default:
			return invalidParam("Tried accessing nonexisting field (%s)", field)
		}
	}
	return http.StatusOK, out
}

// jsonString reads a top-level string of a Flow JSON document.
func jsonString(doc []byte, key string) string {
	var top map[string]any
	if json.Unmarshal(doc, &top) != nil {
		return ""
	}
	v, _ := top[key].(string)
	return v
}

// preview returns the flow's preview link, a new one when invalidated or
// expired. Callers hold mu.
func (s *Server) preview(f *flow, invalidate bool) map[string]string {
	if invalidate || f.previewToken == "" || !s.now().Before(f.previewExpiry) {
		s.seq++
		f.previewToken = fmt.Sprintf("fake%08d", s.seq)
		f.previewExpiry = s.now().Add(previewLifetime)
	}
	return map[string]string{
		"preview_url": "https://business.facebook.com/wa/manage/flows/" + f.id + "/preview/?token=" + f.previewToken,
		"expires_at":  f.previewExpiry.UTC().Format("2006-01-02T15:04:05-0700"),
	}
}

func health(f *flow) map[string]any {
	can := "AVAILABLE"
	var errs []map[string]any
	switch f.status {
	case statusThrottled:
		can = "LIMITED"
	case statusBlocked, statusDeprecated:
		can = "BLOCKED"
		errs = append(errs, map[string]any{"error_code": 131000, "error_description": "The flow is " + strings.ToLower(f.status), "possible_solution": "Clone the flow"})
	}
	entity := map[string]any{"entity_type": "FLOW", "id": f.id, "can_send_message": can}
	if errs != nil {
		entity["errors"] = errs
	}
	return map[string]any{"can_send_message": can, "entities": []any{entity}}
}

// edit applies Meta's rule on changing a flow: a DRAFT changes; a
// PUBLISHED one goes back to DRAFT (users keep the published version),
// or with LegacyPublishedEdits is refused; nothing else changes.
func (s *Server) edit(f *flow) (int, any, bool) {
	switch {
	case f.status == statusDraft:
		return 0, nil, true
	case f.status == statusPublished && !s.opts.LegacyPublishedEdits:
		f.status = statusDraft
		return 0, nil, true
	}
	status, out := errorAnswer(http.StatusBadRequest, graphErr{Code: codeCantUpdate, Message: "Flow can't be updated",
		UserMsg: fmt.Sprintf("The flow is %s and cannot be updated; clone it instead.", f.status)})
	return status, out, false
}

// updateFlow: POST /{flow} with name, categories, endpoint_uri,
// application_id.
func (s *Server) updateFlow(c *call, f *flow) (int, any) {
	p, err := params(c)
	if err != nil {
		return invalidParam("%v", err)
	}
	name, okName := str(p, "name")
	cats, okCats := strList(p, "categories")
	endpoint, okEndpoint := str(p, "endpoint_uri")
	if !okName || !okCats || !okEndpoint {
		return invalidParam("name and endpoint_uri must be strings, categories an array of strings")
	}
	if _, present := p["categories"]; present && len(cats) == 0 {
		return invalidParam("categories must not be empty")
	}
	if _, present := p["flow_json"]; present {
		return invalidParam("Flow JSON is uploaded as an asset, not with this call")
	}
	if status, out, ok := s.edit(f); !ok {
		return status, out
	}
	if name != "" {
		f.name = name
	}
	if len(cats) > 0 {
		f.categories = cats
	}
	if _, present := p["endpoint_uri"]; present {
		f.endpointURI = endpoint
	}
	return http.StatusOK, map[string]bool{"success": true}
}

// uploadAsset: POST /{flow}/assets, multipart only.
func (s *Server) uploadAsset(c *call, f *flow) (int, any) {
	mt, mp, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return invalidParam("The Flow JSON asset must be uploaded as multipart/form-data, got %q", c.r.Header.Get("Content-Type"))
	}
	form, err := multipart.NewReader(bytes.NewReader(c.body), mp["boundary"]).ReadForm(2 * maxAsset)
	if err != nil {
		return invalidParam("The multipart body does not parse: %v", err)
	}
	defer func() { _ = form.RemoveAll() }()
	if v := form.Value["name"]; len(v) != 1 || v[0] != "flow.json" {
		return invalidParam("Param name must be flow.json")
	}
	if v := form.Value["asset_type"]; len(v) != 1 || v[0] != "FLOW_JSON" {
		return invalidParam("Param asset_type must be FLOW_JSON")
	}
	files := form.File["file"]
	if len(files) != 1 {
		return invalidParam("Param file is required")
	}
	if files[0].Size > maxAsset {
		return invalidParam("The file is larger than 10 MB")
	}
	fh, err := files[0].Open()
	if err != nil {
		return invalidParam("The file cannot be read")
	}
	doc, err := io.ReadAll(fh)
	_ = fh.Close()
	if err != nil {
		return invalidParam("The file cannot be read")
	}
	if status, out, ok := s.edit(f); !ok {
		return status, out
	}
	f.json, f.verrs = doc, validate(doc)
	return http.StatusOK, map[string]any{"success": true, "validation_errors": f.errors()}
}

// listAssets: GET /{flow}/assets with a download URL the fake serves.
func (s *Server) listAssets(f *flow) (int, any) {
	data := []map[string]string{}
	if f.json != nil {
		s.seq++
		token := fmt.Sprintf("dl%08d", s.seq)
		s.downloadID[token] = f.id
		data = append(data, map[string]string{"name": "flow.json", "asset_type": "FLOW_JSON", "download_url": s.URL + "/_assets/" + token})
	}
	return http.StatusOK, map[string]any{"data": data}
}

func (s *Server) serveDownload(w http.ResponseWriter, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[s.downloadID[token]]
	if !ok || f.json == nil {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(f.json)
}

// publish: POST /{flow}/publish. The code for a flow with validation
// errors or without JSON is 139002, the code of every refused publish.
func (s *Server) publish(f *flow) (int, any) {
	refuse := func(msg string) (int, any) {
		return errorAnswer(http.StatusBadRequest, graphErr{Code: codeCantPublish, Message: "Publishing Flow in invalid state", UserMsg: msg})
	}
	switch {
	case f.status != statusDraft:
		return refuse("Only a DRAFT flow can be published; this one is " + f.status + ".")
	case f.json == nil:
		return refuse("The flow has no Flow JSON.")
	case len(f.verrs) > 0:
		return refuse("The Flow JSON has validation errors.")
	case jsonString(f.json, "data_api_version") != "" && f.endpointURI == "":
		return refuse("An endpoint flow needs an endpoint_uri.")
	}
	f.status = statusPublished
	f.published = append(f.published, f.json)
	if len(f.published) > keptVersions {
		f.published = f.published[len(f.published)-keptVersions:]
	}
	return http.StatusOK, map[string]bool{"success": true}
}

// deprecate: POST /{flow}/deprecate.
func (s *Server) deprecate(f *flow) (int, any) {
	switch f.status {
	case statusPublished, statusThrottled, statusBlocked:
		f.status = statusDeprecated
		return http.StatusOK, map[string]bool{"success": true}
	case statusDeprecated:
		return errorAnswer(http.StatusBadRequest, graphErr{Code: codeCantDeprecate, Message: "Can't deprecate flow", UserMsg: "Flow is already deprecated."})
	}
	return errorAnswer(http.StatusBadRequest, graphErr{Code: codeCantDeprecate, Message: "Can't deprecate flow", UserMsg: "Only published flows can be deprecated; delete a draft instead."})
}

// Throttle moves a PUBLISHED flow to THROTTLED, as Meta's health
// monitoring does.
func (s *Server) Throttle(flowID string) error {
	return s.moveHealth(flowID, statusThrottled, statusPublished)
}

// Block moves a PUBLISHED or THROTTLED flow to BLOCKED.
func (s *Server) Block(flowID string) error {
	return s.moveHealth(flowID, statusBlocked, statusPublished, statusThrottled)
}

// Recover moves a BLOCKED flow to THROTTLED and a THROTTLED one to
// PUBLISHED.
func (s *Server) Recover(flowID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[flowID]
	switch {
	case !ok:
		return fmt.Errorf("metatest: no flow %s", flowID)
	case f.status == statusBlocked:
		f.status = statusThrottled
	case f.status == statusThrottled:
		f.status = statusPublished
	default:
		return fmt.Errorf("metatest: flow %s is %s, neither BLOCKED nor THROTTLED", flowID, f.status)
	}
	return nil
}

func (s *Server) moveHealth(flowID, to string, from ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[flowID]
	if !ok {
		return fmt.Errorf("metatest: no flow %s", flowID)
	}
	if !slices.Contains(from, f.status) {
		return fmt.Errorf("metatest: flow %s is %s, not one of %v", flowID, f.status, from)
	}
	f.status = to
	return nil
}

// FlowStatus returns a flow's status, "" for an unknown flow.
func (s *Server) FlowStatus(flowID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.flows[flowID]; ok {
		return f.status
	}
	return ""
}

// PublishedJSON returns the Flow JSON users get for a flow.
func (s *Server) PublishedJSON(flowID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[flowID]
	if !ok || len(f.published) == 0 {
		return nil, false
	}
	return append([]byte(nil), f.published[len(f.published)-1]...), true
}
