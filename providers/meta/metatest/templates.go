package metatest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Template review statuses the fake uses.
const (
	tplPending  = "PENDING"
	tplApproved = "APPROVED"
	tplRejected = "REJECTED"
	tplPaused   = "PAUSED"
	tplDisabled = "DISABLED"
)

// nameReuseBlock is how long the name of a deleted APPROVED template
// stays reserved.
const nameReuseBlock = 30 * 24 * time.Hour

// approvedEditInterval is how often an APPROVED template may be edited.
const approvedEditInterval = 24 * time.Hour

var (
	templateName       = regexp.MustCompile(`^[a-z0-9_]{1,512}$`)
	templateCategories = []string{"MARKETING", "UTILITY", "AUTHENTICATION"}
)

type template struct {
	id, waba   string
	def        templateDef
	components json.RawMessage
	status     string
	reason     string
	lastEdit   time.Time
}

type templateDef struct {
	Name            string              `json:"name"`
	Language        string              `json:"language"`
	Category        string              `json:"category"`
	ParameterFormat string              `json:"parameter_format,omitempty"`
	Components      []templateComponent `json:"components"`
}

type templateComponent struct {
	Type    string `json:"type"`
	Text    string `json:"text"`
	Buttons []struct {
		Type     string `json:"type"`
		FlowID   string `json:"flow_id"`
		FlowName string `json:"flow_name"`
		FlowJSON string `json:"flow_json"`
	} `json:"buttons"`
}

func (t *template) view() map[string]any {
	out := map[string]any{"id": t.id, "name": t.def.Name, "language": t.def.Language, "status": t.status,
		"category": t.def.Category, "components": t.components}
	if t.def.ParameterFormat != "" {
		out["parameter_format"] = t.def.ParameterFormat
	}
	return out
}

// hasFlowButton reports whether button index (as sent, a string) is a
// FLOW button.
func (t *template) hasFlowButton(index string) bool {
	n, err := strconv.Atoi(index)
	if err != nil {
		return false
	}
	for _, c := range t.def.Components {
		if strings.EqualFold(c.Type, "BUTTONS") && n < len(c.Buttons) {
			return c.Buttons[n].Type == "FLOW"
		}
	}
	return false
}

// bodyVariables counts the variables of the BODY text.
func (t *template) bodyVariables() int {
	for _, c := range t.def.Components {
		if strings.EqualFold(c.Type, "BODY") {
			return len(placeholders.FindAllString(c.Text, -1))
		}
	}
	return 0
}

// readTemplate decodes a definition from JSON or form parameters.
func readTemplate(c *call) (templateDef, json.RawMessage, error) {
	p, err := params(c)
	if err != nil {
		return templateDef{}, nil, err
	}
	comps := p["components"]
	var raw json.RawMessage
	if s, ok := comps.(string); ok {
		raw = json.RawMessage(s)
	} else if comps != nil {
		if raw, err = json.Marshal(comps); err != nil {
			return templateDef{}, nil, err
		}
	}
	delete(p, "components")
	flat, err := json.Marshal(p)
	if err != nil {
		return templateDef{}, nil, err
	}
	var def templateDef
	if err := json.Unmarshal(flat, &def); err != nil {
		return templateDef{}, nil, fmt.Errorf("bad parameter types: %v", err)
	}
	if raw != nil {
		if err := json.Unmarshal(raw, &def.Components); err != nil {
			return templateDef{}, nil, fmt.Errorf("components must be an array of components: %v", err)
		}
	}
	return def, raw, nil
}

// checkComponents wants a BODY and FLOW buttons naming one published
// flow each. Callers hold mu.
func (s *Server) checkComponents(def templateDef) error {
	body := false
	for _, c := range def.Components {
		if strings.EqualFold(c.Type, "BODY") {
			body = true
		}
		for _, b := range c.Buttons {
			if b.Type != "FLOW" {
				continue
			}
			n := 0
			for _, v := range []string{b.FlowID, b.FlowName, b.FlowJSON} {
				if v != "" {
					n++
				}
			}
			if n != 1 {
				return fmt.Errorf("a FLOW button names its flow by exactly one of flow_id, flow_name and flow_json")
			}
			if b.FlowJSON != "" {
				continue
			}
			if f := s.flowByRef(b.FlowID, b.FlowName); f == nil || len(f.published) == 0 {
				return fmt.Errorf("the flow of a FLOW button must exist and be published")
			}
		}
	}
	if !body {
		return fmt.Errorf("a BODY component is required")
	}
	return nil
}

// flowByRef finds a flow by id or, without one, by name. Callers hold mu.
func (s *Server) flowByRef(id, name string) *flow {
	for _, fid := range s.flowOrder {
		if f := s.flows[fid]; f.id == id || id == "" && f.name == name {
			return f
		}
	}
	return nil
}

// createTemplate: POST /{waba}/message_templates.
func (s *Server) createTemplate(c *call) (int, any) {
	def, raw, err := readTemplate(c)
	if err != nil {
		return invalidParam("%v", err)
	}
	switch {
	case !templateName.MatchString(def.Name):
		return invalidParam("Template name must be 1 to 512 of a-z, 0-9 and _")
	case def.Language == "":
		return invalidParam("The parameter language is required")
	case !slices.Contains(templateCategories, def.Category):
		return invalidParam("Invalid category %q", def.Category)
	}
	if err := s.checkComponents(def); err != nil {
		return invalidParam("%v", err)
	}
	for _, id := range s.tplOrder {
		if t := s.templates[id]; t.waba == c.node && t.def.Name == def.Name && t.def.Language == def.Language {
			return invalidParam("Message template %q already exists in %s", def.Name, def.Language)
		}
	}
	if until, ok := s.blocked[c.node+"|"+def.Name]; ok && s.now().Before(until) {
		return invalidParam("The name %q belongs to a deleted template and cannot be reused until %s", def.Name, until.Format(time.RFC3339))
	}
	t := &template{id: s.nextID(kindTemplate), waba: c.node, def: def, components: raw, status: tplPending}
	s.templates[t.id] = t
	s.tplOrder = append(s.tplOrder, t.id)
	return http.StatusOK, map[string]string{"id": t.id, "status": t.status, "category": def.Category}
}

// listTemplates: GET /{waba}/message_templates with name, status,
// category and language filters.
func (s *Server) listTemplates(c *call) (int, any) {
	q := c.r.URL.Query()
	var items []map[string]any
	for _, id := range s.tplOrder {
		t := s.templates[id]
		switch {
		case t.waba != c.node,
			q.Get("name") != "" && q.Get("name") != t.def.Name,
			q.Get("status") != "" && q.Get("status") != t.status,
			q.Get("category") != "" && q.Get("category") != t.def.Category,
			q.Get("language") != "" && q.Get("language") != t.def.Language:
			continue
		}
		items = append(items, t.view())
	}
	return page(c, items)
}

// templateNode: GET and POST (edit) /{template}.
func (s *Server) templateNode(c *call, t *template) (int, any) {
	switch c.r.Method {
	case http.MethodGet:
		return http.StatusOK, t.view()
	case http.MethodPost:
		return s.editTemplate(c, t)
	}
	return errorAnswer(http.StatusBadRequest, graphErr{Code: 100, Message: "Unsupported request - method type: " + strings.ToLower(c.r.Method)})
}

// editTemplate replaces the components (and category) and sends the
// template to review again.
func (s *Server) editTemplate(c *call, t *template) (int, any) {
	def, raw, err := readTemplate(c)
	if err != nil {
		return invalidParam("%v", err)
	}
	switch {
	case t.status != tplApproved && t.status != tplRejected && t.status != tplPaused:
		return invalidParam("A template can be edited only when APPROVED, REJECTED or PAUSED; this one is %s", t.status)
	case t.status == tplApproved && def.Category != "" && def.Category != t.def.Category:
		return invalidParam("The category of an approved template cannot change")
	case t.status == tplApproved && !t.lastEdit.IsZero() && s.now().Sub(t.lastEdit) < approvedEditInterval:
		return invalidParam("An approved template can be edited once in 24 hours")
	case def.Name != "" && def.Name != t.def.Name, def.Language != "" && def.Language != t.def.Language:
		return invalidParam("The name and language of a template cannot change")
	}
	next := t.def
	if def.Category != "" {
		next.Category = def.Category
	}
	if raw != nil {
		next.Components = def.Components
	}
	if err := s.checkComponents(next); err != nil {
		return invalidParam("%v", err)
	}
	if t.status == tplApproved {
		t.lastEdit = s.now()
	}
	t.def, t.status, t.reason = next, tplPending, ""
	if raw != nil {
		t.components = raw
	}
	return http.StatusOK, map[string]any{"success": true, "id": t.id}
}

// deleteTemplate: DELETE /{waba}/message_templates?name=[&hsm_id=].
func (s *Server) deleteTemplate(c *call) (int, any) {
	q := c.r.URL.Query()
	name, hsm := q.Get("name"), q.Get("hsm_id")
	if name == "" {
		return invalidParam("The parameter name is required")
	}
	var doomed []*template
	if hsm != "" {
		t, ok := s.templates[hsm]
		if !ok || t.waba != c.node {
			return noObject(http.MethodDelete, hsm)
		}
		if t.def.Name != name {
			return invalidParam("Template %s is not named %q", hsm, name)
		}
		doomed = append(doomed, t)
	} else {
		for _, id := range s.tplOrder {
			if t := s.templates[id]; t.waba == c.node && t.def.Name == name {
				doomed = append(doomed, t)
			}
		}
		if len(doomed) == 0 {
			return noObject(http.MethodDelete, name)
		}
	}
	for _, t := range doomed {
		if t.status == tplDisabled {
			return invalidParam("Template %s is disabled and cannot be deleted", t.id)
		}
	}
	for _, t := range doomed {
		if t.status == tplApproved {
			s.blocked[c.node+"|"+t.def.Name] = s.now().Add(nameReuseBlock)
		}
		delete(s.templates, t.id)
		s.tplOrder = slices.DeleteFunc(s.tplOrder, func(id string) bool { return id == t.id })
	}
	return http.StatusOK, map[string]bool{"success": true}
}

// ApproveTemplate ends a template's review with APPROVED.
func (s *Server) ApproveTemplate(id string) error { return s.setTemplate(id, tplApproved, "") }

// RejectTemplate ends a template's review with REJECTED and reason.
func (s *Server) RejectTemplate(id, reason string) error {
	return s.setTemplate(id, tplRejected, reason)
}

// PauseTemplate pauses an APPROVED template for low quality.
func (s *Server) PauseTemplate(id string) error { return s.setTemplate(id, tplPaused, "LOW_QUALITY") }

// DisableTemplate disables a template.
func (s *Server) DisableTemplate(id string) error { return s.setTemplate(id, tplDisabled, "") }

// TemplateStatus returns a template's status, "" for an unknown one.
func (s *Server) TemplateStatus(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.templates[id]; ok {
		return t.status
	}
	return ""
}

func (s *Server) setTemplate(id, status, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.templates[id]
	if !ok {
		return fmt.Errorf("metatest: no template %s", id)
	}
	t.status, t.reason = status, reason
	return nil
}
