package kapsotest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// StarterScreen is the document Kapso gives a flow created without one:
// a single welcome screen, publishable as it is.
const StarterScreen = `{
  "version": "7.3",
  "screens": [
    {
      "id": "WELCOME",
      "title": "Welcome",
      "terminal": true,
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {"type": "TextBody", "text": "Welcome!"},
          {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}
        ]
      }
    }
  ]
}`

// flow is one flow of the Platform API; its state lives in the Meta fake
// under metaID.
type flow struct {
	id, metaID, name, phoneID, wabaID string
	versions                          []*version
	createdAt, updatedAt, publishedAt time.Time
}

// version is one Flow JSON version. verrs is Meta's validation_errors
// array, nil when clean (answered as null).
type version struct {
	id, label, sha       string
	doc                  json.RawMessage
	verrs                json.RawMessage
	createdAt, updatedAt time.Time
	publishedAt          time.Time
}

// platformRoute names a Platform API path for faults.
func platformRoute(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) < 2 || parts[0] != "whatsapp" || parts[1] != "flows" {
		return "platform.other"
	}
	switch {
	case len(parts) == 2:
		return "platform.flows"
	case len(parts) == 3:
		return "platform.flow"
	case len(parts) == 5 && parts[3] == "versions":
		return "platform.version"
	}
	return "platform." + parts[3]
}

// platform answers a Platform API call. Answers are wrapped in
// {"data": …}. It takes mu.
func (s *Server) platform(r *http.Request, req Request, body []byte) (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	parts := strings.Split(strings.Trim(req.Path, "/"), "/")
	m := r.Method
	switch req.Route {
	case "platform.flows":
		switch m {
		case http.MethodPost:
			return s.createFlow(body)
		case http.MethodGet:
			return s.listFlows(req.Query)
		}
	case "platform.flow", "platform.versions", "platform.version", "platform.publish", "platform.setup_encryption":
		f, ok := s.flows[parts[2]]
		if !ok {
			return http.StatusNotFound, errorBody{Error: "Flow not found"}
		}
		switch {
		case req.Route == "platform.flow" && m == http.MethodGet:
			return http.StatusOK, data(s.flowObject(f))
		case req.Route == "platform.versions" && m == http.MethodPost:
			return s.createVersion(f, body)
		case req.Route == "platform.versions" && m == http.MethodGet:
			return s.listVersions(f, req.Query)
		case req.Route == "platform.version" && m == http.MethodGet:
			return s.getVersion(f, parts[4])
		case req.Route == "platform.publish" && m == http.MethodPost:
			return s.publishFlow(f, body)
		case req.Route == "platform.setup_encryption" && m == http.MethodPost:
			return s.setupEncryption(f)
		}
	default:
		return http.StatusNotFound, errorBody{Error: "Not found: /platform/v1/" + req.Path}
	}
	return http.StatusMethodNotAllowed, errorBody{Error: "Method not allowed: " + m}
}

func data(v any) map[string]any { return map[string]any{"data": v} }

// object reads a JSON object body.
func object(body []byte) (map[string]json.RawMessage, bool) {
	var obj map[string]json.RawMessage
	return obj, json.Unmarshal(body, &obj) == nil && obj != nil
}

// text reads an optional string member; ok is false when it is present
// but not a string.
func text(obj map[string]json.RawMessage, key string) (string, bool) {
	raw, present := obj[key]
	if !present || string(raw) == "null" {
		return "", true
	}
	var s string
	return s, json.Unmarshal(raw, &s) == nil
}

// jsonObject reports whether raw is a JSON object.
func jsonObject(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{'
}

// createFlow: POST /platform/v1/whatsapp/flows. Callers hold mu.
func (s *Server) createFlow(body []byte) (int, any) {
	obj, ok := object(body)
	if !ok {
		return http.StatusBadRequest, errorBody{Error: "The body must be a JSON object"}
	}
	phone, ok := text(obj, "phone_number_id")
	if !ok || phone == "" {
		return http.StatusUnprocessableEntity, errorBody{Error: "phone_number_id is required"}
	}
	waba, known := s.wabaOf(phone)
	if !known {
		return http.StatusNotFound, errorBody{Error: "WhatsApp phone number not found"}
	}
	name, ok := text(obj, "name")
	if !ok {
		return http.StatusUnprocessableEntity, errorBody{Error: "name must be a string"}
	}
	if name == "" {
		name = fmt.Sprintf("Flow %d", len(s.flowOrder)+1)
	}
	doc := json.RawMessage(StarterScreen)
	if raw, present := obj["flow_json"]; present {
		if !jsonObject(raw) {
			return http.StatusUnprocessableEntity, errorBody{Error: "flow_json must be a JSON object"}
		}
		doc = raw
	} else if s.opts.EmptyDrafts {
		doc = nil
	}
	create, _ := json.Marshal(map[string]any{"name": name, "categories": []string{"OTHER"}})
	ans := s.callMeta(http.MethodPost, metaVersion, waba+"/flows", nil, "application/json", create)
	if !ans.ok() {
		return http.StatusUnprocessableEntity, errorBody{Error: ans.graphMessage()}
	}
	var created struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(ans.body, &created)
	now := s.now().UTC()
	f := &flow{id: s.uuid(), metaID: created.ID, name: name, phoneID: phone, wabaID: waba, createdAt: now, updatedAt: now}
	s.flows[f.id] = f
	s.flowOrder = append(s.flowOrder, f.id)
	if doc != nil {
		if status, out, ok := s.upload(f, doc); !ok {
			return status, out
		}
	}
	if raw := obj["publish"]; string(raw) == "true" {
		if status, out, ok := s.publishMeta(f); !ok {
			return status, out
		}
	}
	return http.StatusCreated, data(s.flowObject(f))
}

// upload sends doc to the Meta flow as its asset and records a version.
// Callers hold mu.
func (s *Server) upload(f *flow, doc json.RawMessage) (int, any, bool) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="flow.json"`)
	h.Set("Content-Type", "application/json")
	part, _ := w.CreatePart(h)
	_, _ = part.Write(doc)
	_ = w.WriteField("name", "flow.json")
	_ = w.WriteField("asset_type", "FLOW_JSON")
	_ = w.Close()
	ans := s.callMeta(http.MethodPost, metaVersion, f.metaID+"/assets", nil, w.FormDataContentType(), buf.Bytes())
	if !ans.ok() {
		return http.StatusUnprocessableEntity, errorBody{Error: ans.graphMessage()}, false
	}
	var out struct {
		ValidationErrors json.RawMessage `json:"validation_errors"`
	}
	_ = json.Unmarshal(ans.body, &out)
	now := s.now().UTC()
	sum := sha256.Sum256(doc)
	v := &version{id: s.uuid(), label: "v" + strconv.Itoa(len(f.versions)+1), sha: hex.EncodeToString(sum[:]),
		doc: doc, createdAt: now, updatedAt: now}
	if trimmed := bytes.TrimSpace(out.ValidationErrors); len(trimmed) > 0 && string(trimmed) != "[]" && string(trimmed) != "null" {
		v.verrs = trimmed
	}
	f.versions = append(f.versions, v)
	f.updatedAt = now
	return 0, nil, true
}

// createVersion: POST …/flows/{id}/versions with flow_json as an object.
// Callers hold mu.
func (s *Server) createVersion(f *flow, body []byte) (int, any) {
	obj, ok := object(body)
	if !ok {
		return http.StatusBadRequest, errorBody{Error: "The body must be a JSON object"}
	}
	if phone, ok := text(obj, "phone_number_id"); !ok || phone != "" && phone != f.phoneID {
		return http.StatusUnprocessableEntity, errorBody{Error: "phone_number_id does not match the flow"}
	}
	raw, present := obj["flow_json"]
	if !present || !jsonObject(raw) {
		return http.StatusUnprocessableEntity, errorBody{Error: "flow_json must be a JSON object"}
	}
	if status, out, ok := s.upload(f, raw); !ok {
		return status, out
	}
	return http.StatusCreated, data(versionObject(f.versions[len(f.versions)-1], true))
}

func versionObject(v *version, withJSON bool) map[string]any {
	status := "draft"
	if !v.publishedAt.IsZero() {
		status = "published"
	}
	// A nil RawMessage would encode as null too, but only through this
	// conversion: validation_errors is null, never [], when clean.
	var verrs any
	if v.verrs != nil {
		verrs = v.verrs
	}
	out := map[string]any{"id": v.id, "version_label": v.label, "status": status, "flow_json_sha": v.sha,
		"published_at": timeOrNull(v.publishedAt), "validation_errors": verrs,
		"created_at": v.createdAt.Format(time.RFC3339), "updated_at": v.updatedAt.Format(time.RFC3339)}
	if withJSON {
		out["flow_json"] = v.doc
	}
	return out
}

func timeOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(time.RFC3339)
}

func (s *Server) listVersions(f *flow, q url.Values) (int, any) {
	items := make([]any, 0, len(f.versions))
	for i := len(f.versions) - 1; i >= 0; i-- {
		items = append(items, versionObject(f.versions[i], false))
	}
	return paged(items, q)
}

func (s *Server) getVersion(f *flow, id string) (int, any) {
	for _, v := range f.versions {
		if v.id == id {
			return http.StatusOK, data(versionObject(v, true))
		}
	}
	return http.StatusNotFound, errorBody{Error: "Flow version not found"}
}

// publishFlow: POST …/flows/{id}/publish. Callers hold mu.
func (s *Server) publishFlow(f *flow, body []byte) (int, any) {
	if len(bytes.TrimSpace(body)) > 0 {
		obj, ok := object(body)
		if !ok {
			return http.StatusBadRequest, errorBody{Error: "The body must be a JSON object"}
		}
		if phone, ok := text(obj, "phone_number_id"); !ok || phone != "" && phone != f.phoneID {
			return http.StatusUnprocessableEntity, errorBody{Error: "phone_number_id does not match the flow"}
		}
	}
	if status, out, ok := s.publishMeta(f); !ok {
		return status, out
	}
	return http.StatusOK, data(s.flowObject(f))
}

// publishMeta publishes the Meta flow; Meta's refusals become 422 with
// Meta's text. Callers hold mu.
func (s *Server) publishMeta(f *flow) (int, any, bool) {
	ans := s.callMeta(http.MethodPost, metaVersion, f.metaID+"/publish", nil, "", nil)
	if !ans.ok() {
		return http.StatusUnprocessableEntity, errorBody{Error: ans.graphMessage()}, false
	}
	now := s.now().UTC()
	f.publishedAt, f.updatedAt = now, now
	if n := len(f.versions); n > 0 {
		f.versions[n-1].publishedAt = now
	}
	return 0, nil, true
}

// setupEncryption: POST …/flows/{id}/setup_encryption. Kapso holds one
// key per phone number. Callers hold mu.
func (s *Server) setupEncryption(f *flow) (int, any) {
	if s.encrypted[f.phoneID] {
		return http.StatusOK, data(map[string]any{"status": "already_configured",
			"message": "Flows encryption is already configured for this phone number", "flows_encryption_configured": true})
	}
	s.encrypted[f.phoneID] = true
	return http.StatusOK, data(map[string]any{"status": "success",
		"message": "Flows encryption configured", "flows_encryption_configured": true})
}

// flowObject is the Platform API's flow: status, preview and versions as
// the Meta fake holds them now. Callers hold mu.
func (s *Server) flowObject(f *flow) map[string]any {
	out := map[string]any{
		"id": f.id, "meta_flow_id": f.metaID, "name": f.name, "status": strings.ToLower(s.Meta.FlowStatus(f.metaID)),
		"created_at": f.createdAt.Format(time.RFC3339), "updated_at": f.updatedAt.Format(time.RFC3339),
		"json_version": nil, "data_api_version": nil, "business_account_id": f.wabaID, "phone_number_id": f.phoneID,
		"preview_url": nil, "published_at": timeOrNull(f.publishedAt), "last_synced_at": s.now().UTC().Format(time.RFC3339),
		"data_endpoint_function_id": nil, "data_endpoint_url": nil, "has_data_endpoint": false,
		"flows_encryption_configured": s.encrypted[f.phoneID],
	}
	ans := s.callMeta(http.MethodGet, metaVersion, f.metaID, url.Values{"fields": {"json_version,data_api_version,preview"}}, "", nil)
	var m struct {
		JSONVersion    string `json:"json_version"`
		DataAPIVersion string `json:"data_api_version"`
		Preview        struct {
			PreviewURL string `json:"preview_url"`
		} `json:"preview"`
	}
	if ans.ok() && json.Unmarshal(ans.body, &m) == nil {
		if m.JSONVersion != "" {
			out["json_version"] = m.JSONVersion
		}
		if m.DataAPIVersion != "" {
			out["data_api_version"] = m.DataAPIVersion
		}
		if len(f.versions) > 0 && m.Preview.PreviewURL != "" {
			out["preview_url"] = m.Preview.PreviewURL
		}
	}
	return out
}

// listFlows: GET /platform/v1/whatsapp/flows with Kapso's filters.
// Callers hold mu.
func (s *Server) listFlows(q url.Values) (int, any) {
	var items []any
	for _, id := range s.flowOrder {
		f := s.flows[id]
		obj := s.flowObject(f)
		switch {
		case q.Get("phone_number_id") != "" && q.Get("phone_number_id") != f.phoneID,
			q.Get("business_account_id") != "" && q.Get("business_account_id") != f.wabaID,
			q.Get("status") != "" && q.Get("status") != obj["status"],
			q.Get("name_contains") != "" && !strings.Contains(strings.ToLower(f.name), strings.ToLower(q.Get("name_contains"))):
			continue
		}
		items = append(items, obj)
	}
	return paged(items, q)
}

// paged answers one page of items with Kapso's meta member.
func paged(items []any, q url.Values) (int, any) {
	page, perPage := 1, 20
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 0 {
		page = n
	}
	if n, err := strconv.Atoi(q.Get("per_page")); err == nil && n > 0 {
		perPage = min(n, 100)
	}
	start := min((page-1)*perPage, len(items))
	end := min(start+perPage, len(items))
	pageItems := slices.Clone(items[start:end])
	if pageItems == nil {
		pageItems = []any{}
	}
	return http.StatusOK, map[string]any{"data": pageItems, "meta": map[string]int{
		"page": page, "per_page": perPage, "total_pages": (len(items) + perPage - 1) / perPage, "total_count": len(items)}}
}

// forget drops the Kapso flow whose Meta flow was deleted. Callers hold mu.
func (s *Server) forget(metaID string) {
	for id, f := range s.flows {
		if f.metaID == metaID {
			delete(s.flows, id)
			s.flowOrder = slices.DeleteFunc(s.flowOrder, func(x string) bool { return x == id })
		}
	}
}

// MetaFlowID returns the Meta id of a Kapso flow.
func (s *Server) MetaFlowID(kapsoID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[kapsoID]
	if !ok {
		return "", false
	}
	return f.metaID, true
}

// Throttle moves a PUBLISHED flow to THROTTLED, as Meta's monitoring does.
func (s *Server) Throttle(kapsoID string) error {
	metaID, ok := s.MetaFlowID(kapsoID)
	if !ok {
		return fmt.Errorf("kapsotest: no flow %q", kapsoID)
	}
	return s.Meta.Throttle(metaID)
}

// PublishedJSON returns the Flow JSON users get for a Kapso flow.
func (s *Server) PublishedJSON(kapsoID string) ([]byte, bool) {
	metaID, ok := s.MetaFlowID(kapsoID)
	if !ok {
		return nil, false
	}
	return s.Meta.PublishedJSON(metaID)
}
