package infobiptest

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// Flow statuses.
const (
	StatusDraft      = "DRAFT"
	StatusPublished  = "PUBLISHED"
	StatusDeprecated = "DEPRECATED"
	StatusThrottled  = "THROTTLED"
	StatusBlocked    = "BLOCKED"
)

// categories are the flow categories Infobip takes (Meta's, plus SHOPPING
// and UNKNOWN).
var categories = []string{"SIGN_UP", "SIGN_IN", "APPOINTMENT_BOOKING", "LEAD_GENERATION", "CONTACT_US",
	"CUSTOMER_SUPPORT", "SURVEY", "OTHER", "SHOPPING", "UNKNOWN"}

// defaultFlowJSON is what a new flow holds until the first upload.
// Infobip documents that a default flow.json exists, not its content; the
// fake's has no screens, so publishing before an upload is refused like
// any invalid document.
const defaultFlowJSON = `{"version":"7.3","screens":[]}`

// businessAccountID is the WABA every fake sender belongs to.
const businessAccountID = 987654321

type flow struct {
	id, sender, name string
	categories       []string
	status           string
	json             []byte
	published        []byte
	verrs            []ValidationError
}

// wire is the flow as create and list return it.
func (f *flow) wire() map[string]any {
	return map[string]any{"id": f.id, "name": f.name, "businessAccountId": businessAccountID,
		"categories": f.categories, "status": f.status}
}

func (s *Server) createFlow(c *call) (int, any) {
	var in struct {
		Name        string   `json:"name"`
		Categories  []string `json:"categories"`
		CloneFlowID string   `json:"cloneFlowId"`
	}
	if err := jsonBody(c, &in); err != nil {
		return badRequest("Invalid request.", Violation{Property: "body", Violation: err.Error()})
	}
	var vs []Violation
	if n := len([]rune(in.Name)); n < 1 || n > 200 {
		vs = append(vs, Violation{Property: "name", Violation: "size must be between 1 and 200"})
	}
	if len(in.Categories) == 0 {
		vs = append(vs, Violation{Property: "categories", Violation: "must not be empty"})
	}
	for i, cat := range in.Categories {
		if !slices.Contains(categories, cat) {
			vs = append(vs, Violation{Property: fmt.Sprintf("categories[%d]", i), Violation: "unknown category " + cat})
		}
	}
	for _, id := range s.flowOrder {
		if f := s.flows[id]; f.sender == c.sender && f.name == in.Name {
			vs = append(vs, Violation{Property: "name", Violation: "Flow name must be unique within the business account."})
		}
	}
	f := &flow{id: s.nextNumericID(kindFlow), sender: c.sender, name: in.Name, categories: in.Categories,
		status: StatusDraft, json: []byte(defaultFlowJSON)}
	if in.CloneFlowID != "" {
		src, ok := s.flows[in.CloneFlowID]
		if !ok {
			vs = append(vs, Violation{Property: "cloneFlowId", Violation: "no such flow"})
		} else {
			f.json = src.json
		}
	}
	if len(vs) > 0 {
		return badRequest("Invalid request.", vs...)
	}
	f.verrs = validate(f.json)
	s.flows[f.id] = f
	s.flowOrder = append(s.flowOrder, f.id)
	return http.StatusCreated, f.wire()
}

func (s *Server) listFlows(c *call) (int, any) {
	out := []map[string]any{}
	for _, id := range s.flowOrder {
		if f := s.flows[id]; f.sender == c.sender {
			out = append(out, f.wire())
		}
	}
	return http.StatusOK, map[string]any{"flows": out}
}

// withFlow finds the flow the path names.
func (s *Server) withFlow(c *call, h func(*call, *flow) (int, any)) (int, any) {
	f, ok := s.flows[c.params[0]]
	if !ok || f.sender != c.sender {
		return notFound("Flow " + c.params[0] + " not found.")
	}
	return h(c, f)
}

func draftOnly(f *flow) (int, any, bool) {
	if f.status != StatusDraft {
		status, out := stateRefused("Updating attempt failed.", "flowId", "Flow can only be modified in DRAFT status.")
		return status, out, true
	}
	return 0, nil, false
}

func (s *Server) updateFlow(c *call, f *flow) (int, any) {
	if status, out, refused := draftOnly(f); refused {
		return status, out
	}
	var in struct {
		Name       *string  `json:"name"`
		Categories []string `json:"categories"`
	}
	if err := jsonBody(c, &in); err != nil {
		return badRequest("Invalid request.", Violation{Property: "body", Violation: err.Error()})
	}
	if in.Name != nil {
		f.name = *in.Name
	}
	if in.Categories != nil {
		f.categories = in.Categories
	}
	return http.StatusNoContent, nil
}

// uploadJSON takes the raw Flow JSON as the body: no multipart, no
// wrapper object. The document is stored even with validation errors.
func (s *Server) uploadJSON(c *call, f *flow) (int, any) {
	if status, out, refused := draftOnly(f); refused {
		return status, out
	}
	if ct := c.r.Header.Get("Content-Type"); ct != "application/json" {
		return badRequest("Invalid request.", Violation{Property: "body", Violation: fmt.Sprintf("content type %q: the Flow JSON is the raw application/json body", ct)})
	}
	if len(c.body) > maxFlowJSON {
		return badRequest("Invalid request.", Violation{Property: "body", Violation: "Flow JSON exceeds 10 MB"})
	}
	if isWrapper(c.body) {
		return badRequest("Invalid request.", Violation{Property: "body", Violation: "the body must be the Flow JSON itself, not an object wrapping it"})
	}
	f.json = append([]byte(nil), c.body...)
	f.verrs = validate(f.json)
	return http.StatusCreated, map[string]any{"validationErrors": f.verrs}
}

func (s *Server) flowJSONLink(_ *call, f *flow) (int, any) {
	return http.StatusOK, map[string]string{"externalDownloadUrl": s.URL + "/_downloads/flows/" + f.id + "/flow.json"}
}

func (s *Server) publish(_ *call, f *flow) (int, any) {
	if f.status != StatusDraft {
		return stateRefused("Publishing attempt failed.", "flowId", "Cannot publish flow which is not in DRAFT status.")
	}
	if len(f.verrs) > 0 {
		return stateRefused("Publishing attempt failed.", "flowId", "Cannot publish flow with validation errors.")
	}
	f.status, f.published = StatusPublished, f.json
	return http.StatusNoContent, nil
}

func (s *Server) deprecate(_ *call, f *flow) (int, any) {
	switch f.status {
	case StatusPublished, StatusThrottled, StatusBlocked:
		f.status = StatusDeprecated
		return http.StatusNoContent, nil
	}
	return stateRefused("Deprecating attempt failed.", "flowId", "Cannot deprecate flow which is not in PUBLISHED status.")
}

func (s *Server) deleteFlow(_ *call, f *flow) (int, any) {
	if f.status != StatusDraft {
		return stateRefused("Deleting attempt failed.", "flowId", "Only flows in DRAFT status can be deleted.")
	}
	delete(s.flows, f.id)
	s.flowOrder = slices.DeleteFunc(s.flowOrder, func(id string) bool { return id == f.id })
	return http.StatusNoContent, nil
}

func (s *Server) preview(_ *call, f *flow) (int, any) {
	return http.StatusOK, map[string]string{
		"previewUrl": "https://business.facebook.com/wa/manage/flows/" + f.id + "/preview/?token=fake",
		"expiresAt":  s.now().Add(30 * 24 * time.Hour).UTC().Format("2006-01-02T15:04:05.000-0700"),
	}
}

// setFlowStatus is the health monitor moving a flow.
func (s *Server) setFlowStatus(id string, from []string, to string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[id]
	if !ok {
		return fmt.Errorf("infobiptest: no flow %s", id)
	}
	if !slices.Contains(from, f.status) {
		return fmt.Errorf("infobiptest: flow %s is %s, not %v", id, f.status, from)
	}
	f.status = to
	return nil
}

// Throttle moves a PUBLISHED flow to THROTTLED.
func (s *Server) Throttle(id string) error {
	return s.setFlowStatus(id, []string{StatusPublished}, StatusThrottled)
}

// Block moves a THROTTLED flow to BLOCKED.
func (s *Server) Block(id string) error {
	return s.setFlowStatus(id, []string{StatusThrottled}, StatusBlocked)
}

// Recover moves a THROTTLED or BLOCKED flow back to PUBLISHED.
func (s *Server) Recover(id string) error {
	return s.setFlowStatus(id, []string{StatusThrottled, StatusBlocked}, StatusPublished)
}

// FlowStatus returns a flow's status, and false when there is no such
// flow.
func (s *Server) FlowStatus(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[id]
	if !ok {
		return "", false
	}
	return f.status, true
}

// PublishedJSON returns the document users get for a flow, and false when
// it was never published.
func (s *Server) PublishedJSON(id string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[id]
	if !ok || f.published == nil {
		return nil, false
	}
	return append([]byte(nil), f.published...), true
}
