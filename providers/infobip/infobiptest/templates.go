package infobiptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// Template statuses of Infobip's WhatsAppStatus that the review hooks
// set.
const (
	TemplatePending      = "PENDING"
	TemplateApproved     = "APPROVED"
	TemplateRejected     = "REJECTED"
	TemplateFirstPaused  = "FIRST_PAUSED"
	TemplateSecondPaused = "SECOND_PAUSED"
	TemplateDisabled     = "DISABLED"
)

var templateName = regexp.MustCompile(`^[a-z0-9_]{1,512}$`)

var templateCategories = []string{"MARKETING", "UTILITY", "AUTHENTICATION"}

// editable are the statuses in which a template can be edited.
var editable = []string{TemplateApproved, TemplateRejected, TemplateFirstPaused, TemplateSecondPaused}

type template struct {
	id, sender, name, language, category, status, reason string
	structure                                            json.RawMessage
	changes                                              []templateChange
}

// templateChange is one status change, as the push event reports it.
type templateChange struct {
	status, reason string
	at             string
}

func (t *template) wire() map[string]any {
	return map[string]any{"id": t.id, "businessAccountId": businessAccountID, "name": t.name, "language": t.language,
		"status": t.status, "category": t.category, "structure": t.structure}
}

// structure is the part of a template's structure the fake checks.
type structure struct {
	Header *struct {
		Format  string `json:"format"`
		Text    string `json:"text"`
		Example string `json:"example"`
	} `json:"header"`
	Body *struct {
		Text     string   `json:"text"`
		Examples []string `json:"examples"`
	} `json:"body"`
	Footer *struct {
		Text string `json:"text"`
	} `json:"footer"`
	Buttons []structureButton `json:"buttons"`
}

// structureButton is one button of a template's structure.
type structureButton struct {
	Type           string          `json:"type"`
	Text           string          `json:"text"`
	FlowID         json.RawMessage `json:"flowId"`
	FlowAction     string          `json:"flowAction"`
	NavigateScreen string          `json:"navigateScreen"`
	URL            string          `json:"url"`
	PhoneNumber    string          `json:"phoneNumber"`
	Example        string          `json:"example"`
}

var placeholder = regexp.MustCompile(`\{\{\d+\}\}`)

// checkStructure validates a structure; flow buttons must name an
// existing flow by its numeric id. Callers hold mu.
func (s *Server) checkStructure(v *checker, raw json.RawMessage) structure {
	var st structure
	if err := decodeStrict(raw, &st); err != nil {
		v.add("structure", "%v", err)
		return st
	}
	if st.Body == nil {
		v.add("structure.body", "must not be null")
	} else {
		v.text("structure.body.text", st.Body.Text, 1024)
		if n := len(placeholder.FindAllString(st.Body.Text, -1)); n != len(st.Body.Examples) {
			v.add("structure.body.examples", "%d placeholders need %d examples", n, n)
		}
	}
	for i, b := range st.Buttons {
		p := fmt.Sprintf("structure.buttons[%d]", i)
		switch b.Type {
		case "QUICK_REPLY", "URL", "PHONE_NUMBER":
			v.text(p+".text", b.Text, 25)
		case "FLOW":
			v.text(p+".text", b.Text, 25)
			var id json.Number
			if json.Unmarshal(b.FlowID, &id) != nil || s.flows[id.String()] == nil {
				v.add(p+".flowId", "must be the number of an existing flow")
			}
			if b.FlowAction != "NAVIGATE" && b.FlowAction != "DATA_EXCHANGE" {
				v.add(p+".flowAction", "must be NAVIGATE or DATA_EXCHANGE")
			}
		default:
			v.add(p+".type", "unknown button type %q", b.Type)
		}
	}
	return st
}

func (s *Server) createTemplate(c *call) (int, any) {
	var in struct {
		Name      string          `json:"name"`
		Language  string          `json:"language"`
		Category  string          `json:"category"`
		Structure json.RawMessage `json:"structure"`
	}
	if err := jsonBody(c, &in); err != nil {
		return badRequest("Invalid request.", Violation{Property: "body", Violation: err.Error()})
	}
	v := &checker{}
	if !templateName.MatchString(in.Name) {
		v.add("name", "must contain only lowercase letters, numbers and underscores")
	}
	if in.Language == "" {
		v.add("language", "must not be blank")
	}
	if !slices.Contains(templateCategories, in.Category) {
		v.add("category", "must be one of %v", templateCategories)
	}
	s.checkStructure(v, in.Structure)
	if s.templateNamed(c.sender, in.Name, in.Language) != nil {
		v.add("name", "A template with this name already exists in this language.")
	}
	if len(v.vs) > 0 {
		return badRequest("Bad request.", v.vs...)
	}
	t := &template{id: s.nextNumericID(kindTemplate), sender: c.sender, name: in.Name, language: in.Language,
		category: in.Category, status: TemplatePending, structure: in.Structure}
	s.templates[t.id] = t
	s.tplOrder = append(s.tplOrder, t.id)
	return http.StatusCreated, t.wire()
}

// templateNamed finds a template by name and language. Callers hold mu.
func (s *Server) templateNamed(sender, name, language string) *template {
	for _, id := range s.tplOrder {
		if t := s.templates[id]; t.sender == sender && t.name == name && t.language == language {
			return t
		}
	}
	return nil
}

func (s *Server) listTemplates(c *call) (int, any) {
	out := []map[string]any{}
	for _, id := range s.tplOrder {
		if t := s.templates[id]; t.sender == c.sender {
			out = append(out, t.wire())
		}
	}
	return http.StatusOK, map[string]any{"templates": out}
}

func (s *Server) getTemplate(c *call) (int, any) {
	t, ok := s.templates[c.params[0]]
	if !ok || t.sender != c.sender {
		return notFound("Template " + c.params[0] + " not found.")
	}
	return http.StatusOK, t.wire()
}

// editTemplate takes category and structure; an edit sends the template
// back to review.
func (s *Server) editTemplate(c *call) (int, any) {
	t, ok := s.templates[c.params[0]]
	if !ok || t.sender != c.sender {
		return notFound("Template " + c.params[0] + " not found.")
	}
	if !slices.Contains(editable, t.status) {
		return stateRefused("Editing attempt failed.", "templateId", "Template can be edited only in APPROVED, REJECTED or PAUSED status.")
	}
	var in struct {
		Category  string          `json:"category"`
		Structure json.RawMessage `json:"structure"`
	}
	if err := jsonBody(c, &in); err != nil {
		return badRequest("Invalid request.", Violation{Property: "body", Violation: err.Error()})
	}
	v := &checker{}
	if in.Category != "" && !slices.Contains(templateCategories, in.Category) {
		v.add("category", "must be one of %v", templateCategories)
	}
	if in.Structure != nil {
		s.checkStructure(v, in.Structure)
	}
	if len(v.vs) > 0 {
		return badRequest("Bad request.", v.vs...)
	}
	if in.Category != "" {
		t.category = in.Category
	}
	if in.Structure != nil {
		t.structure = in.Structure
	}
	t.status = TemplatePending
	return http.StatusNoContent, nil
}

// deleteTemplate deletes every language of the name in the path.
func (s *Server) deleteTemplate(c *call) (int, any) {
	name := c.params[0]
	found := false
	s.tplOrder = slices.DeleteFunc(s.tplOrder, func(id string) bool {
		t := s.templates[id]
		if t.sender != c.sender || t.name != name {
			return false
		}
		found = true
		delete(s.templates, id)
		return true
	})
	if !found {
		return notFound("Template " + name + " not found.")
	}
	return http.StatusNoContent, nil
}

// review moves a template to status, as Meta's reviewers would, and
// records the change for TemplateStatusWebhook.
func (s *Server) review(id, status, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.templates[id]
	if !ok {
		return fmt.Errorf("infobiptest: no template %s", id)
	}
	t.status, t.reason = status, reason
	t.changes = append(t.changes, templateChange{status: status, reason: reason, at: s.now().UTC().Format("2006-01-02T15:04:05.000-0700")})
	return nil
}

// ApproveTemplate approves a template.
func (s *Server) ApproveTemplate(id string) error { return s.review(id, TemplateApproved, "NONE") }

// RejectTemplate rejects a template for reason (ABUSIVE_CONTENT,
// INCORRECT_CATEGORY, INVALID_FORMAT, SCAM, UNKNOWN).
func (s *Server) RejectTemplate(id, reason string) error {
	return s.review(id, TemplateRejected, reason)
}

// PauseTemplate pauses a template: FIRST_PAUSED, then SECOND_PAUSED.
func (s *Server) PauseTemplate(id string) error {
	s.mu.Lock()
	t, ok := s.templates[id]
	next := TemplateFirstPaused
	if ok && t.status == TemplateFirstPaused {
		next = TemplateSecondPaused
	}
	s.mu.Unlock()
	return s.review(id, next, "NONE")
}

// DisableTemplate disables a template.
func (s *Server) DisableTemplate(id string) error { return s.review(id, TemplateDisabled, "NONE") }

// bulk is the body of the template endpoint.
type bulk struct {
	Messages []single `json:"messages"`
	BulkID   string   `json:"bulkId"`
}

// sendTemplate answers the bulk template endpoint: every message must
// name an APPROVED template in its language, with one placeholder per
// body variable and a FLOW value only where the template has a FLOW
// button.
func (s *Server) sendTemplate(c *call) (int, any) {
	var in bulk
	if err := jsonBody(c, &in); err != nil {
		return badRequest("Invalid request.", Violation{Property: "body", Violation: err.Error()})
	}
	v := &checker{}
	if len(in.Messages) == 0 {
		v.add("messages", "must not be empty")
	}
	for i, m := range in.Messages {
		s.checkTemplateMessage(v, fmt.Sprintf("messages[%d].", i), m)
	}
	if len(v.vs) > 0 {
		return badRequest("Bad request.", v.vs...)
	}
	out := make([]map[string]any, 0, len(in.Messages))
	for _, m := range in.Messages {
		out = append(out, s.accept(m, c.route, c.body))
	}
	return http.StatusOK, map[string]any{"messages": out, "bulkId": in.BulkID}
}

func (s *Server) checkTemplateMessage(v *checker, p string, m single) {
	s.checkEnvelope(v, p, m)
	var content struct {
		TemplateName string `json:"templateName"`
		Language     string `json:"language"`
		TemplateData struct {
			Body *struct {
				Placeholders []string `json:"placeholders"`
			} `json:"body"`
			Header  json.RawMessage `json:"header"`
			Buttons []struct {
				Type      string         `json:"type"`
				Parameter string         `json:"parameter"`
				FlowToken string         `json:"flowToken"`
				Data      map[string]any `json:"data"`
			} `json:"buttons"`
		} `json:"templateData"`
	}
	if err := decodeStrict(m.Content, &content); err != nil {
		v.add(p+"content", "%v", err)
		return
	}
	t := s.templateNamed(m.From, content.TemplateName, content.Language)
	switch {
	case t == nil:
		v.add(p+"content.templateName", "no template %q in language %q", content.TemplateName, content.Language)
		return
	case t.status != TemplateApproved:
		v.add(p+"content.templateName", "template %q is %s, not APPROVED", t.name, t.status)
		return
	}
	var st structure
	_ = json.Unmarshal(t.structure, &st)
	want := 0
	if st.Body != nil {
		want = len(placeholder.FindAllString(st.Body.Text, -1))
	}
	if content.TemplateData.Body == nil {
		v.add(p+"content.templateData.body", "must not be null")
	} else if got := len(content.TemplateData.Body.Placeholders); got != want {
		v.add(p+"content.templateData.body.placeholders", "the template has %d placeholders, %d given", want, got)
	}
	hasFlow := slices.ContainsFunc(st.Buttons, func(b structureButton) bool { return b.Type == "FLOW" })
	for i, b := range content.TemplateData.Buttons {
		switch b.Type {
		case "FLOW":
			if !hasFlow {
				v.add(fmt.Sprintf("%scontent.templateData.buttons[%d]", p, i), "the template has no FLOW button")
			}
		case "QUICK_REPLY", "URL":
			if strings.TrimSpace(b.Parameter) == "" {
				v.add(fmt.Sprintf("%scontent.templateData.buttons[%d].parameter", p, i), "must not be blank")
			}
		default:
			v.add(fmt.Sprintf("%scontent.templateData.buttons[%d].type", p, i), "unknown button type %q", b.Type)
		}
	}
}

// TemplateStatus returns a template's status, and false when there is no
// such template.
func (s *Server) TemplateStatus(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.templates[id]
	if !ok {
		return "", false
	}
	return t.status, true
}
