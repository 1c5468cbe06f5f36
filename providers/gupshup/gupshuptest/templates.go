package gupshuptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// template is one template the fake holds.
type template struct {
	id, externalID, name, language, category, templateType string
	content, header, footer, status, reason                string
	buttons                                                []map[string]any
	createdOn, modifiedOn                                  int64
}

// placeholder is a positional variable, {{1}}.
var placeholder = regexp.MustCompile(`\{\{\s*\d+\s*\}\}`)

// elementName is Gupshup's (and Meta's) template name pattern.
var elementName = regexp.MustCompile(`^[a-z0-9_]{1,180}$`)

func (t *template) params() int { return len(placeholder.FindAllString(t.content, -1)) }

func (t *template) hasFlowButton() bool {
	return slices.ContainsFunc(t.buttons, func(b map[string]any) bool { return b["type"] == "FLOW" })
}

// view is a template as the list shows it: containerMeta and meta are JSON
// strings, times in milliseconds.
func (t *template) view() map[string]any {
	cm := map[string]any{"data": t.content, "header": t.header, "footer": t.footer, "buttons": t.buttons}
	cmJSON, _ := json.Marshal(cm)
	meta, _ := json.Marshal(map[string]string{"example": t.content})
	v := map[string]any{"id": t.id, "elementName": t.name, "languageCode": t.language, "category": t.category,
		"templateType": t.templateType, "status": t.status, "data": t.content, "containerMeta": string(cmJSON),
		"meta": string(meta), "externalId": t.externalID, "createdOn": t.createdOn, "modifiedOn": t.modifiedOn,
		"namespace": "fake_namespace", "vertical": t.name}
	if t.reason != "" {
		v["reason"] = t.reason
	}
	if t.hasFlowButton() {
		v["buttonSupported"] = "FLOW"
	}
	return v
}

// SetTemplateStatus puts a template in a status word of Gupshup's list
// ("APPROVED", "REJECTED", "PAUSED", "FAILED", "DESACTIVATED", …) with an
// optional reason, as review or Meta's quality checks would.
func (s *Server) SetTemplateStatus(id, status, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, found := s.templates[id]
	if !found {
		return fmt.Errorf("gupshuptest: no template %s", id)
	}
	t.status, t.reason, t.modifiedOn = status, reason, s.now().UnixMilli()
	return nil
}

// ApproveTemplate ends a template's review with APPROVED.
func (s *Server) ApproveTemplate(id string) error { return s.SetTemplateStatus(id, "APPROVED", "") }

// templateFields reads and checks the create and edit form.
func (s *Server) templateFields(c *call) (*template, string) {
	f, err := form(c)
	if err != nil {
		return nil, err.Error()
	}
	t := &template{name: f.Get("elementName"), language: f.Get("languageCode"), category: f.Get("category"),
		templateType: f.Get("templateType"), content: f.Get("content"), header: f.Get("header"), footer: f.Get("footer")}
	if t.language == "" {
		t.language = "en_US"
	}
	switch {
	case !elementName.MatchString(t.name):
		return nil, "elementName must be 1 to 180 lower-case letters, digits and underscores"
	case !slices.Contains([]string{"MARKETING", "UTILITY", "AUTHENTICATION"}, t.category):
		return nil, "category must be MARKETING, UTILITY or AUTHENTICATION"
	case t.templateType == "":
		return nil, "templateType is required"
	case t.content == "" || len(t.content) > 1024:
		return nil, "content is required, at most 1024 characters"
	case t.params() > 0 && f.Get("example") == "":
		return nil, "example is required when content has variables"
	}
	if raw := f.Get("buttons"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &t.buttons); err != nil {
			return nil, "buttons must be a JSON string holding an array of buttons"
		}
		for _, b := range t.buttons {
			if b["type"] != "FLOW" {
				continue
			}
			id, _ := b["flow_id"].(string)
			if fl, found := s.flows[id]; !found || fl.status != statusPublished {
				return nil, fmt.Sprintf("FLOW button: flow_id %q is not a published flow", id)
			}
		}
	}
	return t, ""
}

// createTemplate: form-encoded; name and language unique; PENDING.
func (s *Server) createTemplate(c *call) (int, any) {
	t, problem := s.templateFields(c)
	if problem != "" {
		return failure(http.StatusBadRequest, "%s", problem)
	}
	for _, other := range s.templates {
		if other.name == t.name && other.language == t.language {
			return failure(http.StatusBadRequest, "Template Already exists with same namespace and elementName and languageCode")
		}
	}
	t.id, t.externalID, t.status = s.nextUUID(), fmt.Sprintf("2%015d", s.nextSeq()), "PENDING"
	t.createdOn = s.now().UnixMilli()
	t.modifiedOn = t.createdOn
	s.templates[t.id] = t
	s.tplOrder = append(s.tplOrder, t.id)
	return ok(map[string]any{"template": t.view()})
}

func (s *Server) listTemplates() (int, any) {
	out := []map[string]any{}
	for _, id := range s.tplOrder {
		out = append(out, s.templates[id].view())
	}
	return ok(map[string]any{"templates": out})
}

// updateTemplate: PUT …/templates/{id}; back to PENDING.
func (s *Server) updateTemplate(c *call) (int, any) {
	t, found := s.templates[c.id]
	if !found {
		return failure(http.StatusBadRequest, "Template Not Found")
	}
	edit, problem := s.templateFields(c)
	if problem != "" {
		return failure(http.StatusBadRequest, "%s", problem)
	}
	if edit.name != t.name || edit.language != t.language {
		return failure(http.StatusBadRequest, "elementName and languageCode cannot be changed")
	}
	t.category, t.templateType, t.content, t.header, t.footer, t.buttons = edit.category, edit.templateType, edit.content, edit.header, edit.footer, edit.buttons
	t.status, t.reason, t.modifiedOn = "PENDING", "", s.now().UnixMilli()
	return ok(map[string]any{"template": t.view()})
}

// deleteTemplate: DELETE …/template/{elementName}, every language.
func (s *Server) deleteTemplate(c *call) (int, any) {
	n := len(s.tplOrder)
	s.tplOrder = slices.DeleteFunc(s.tplOrder, func(id string) bool {
		if s.templates[id].name != c.id {
			return false
		}
		delete(s.templates, id)
		return true
	})
	if len(s.tplOrder) == n {
		return failure(http.StatusBadRequest, "Template Not Found")
	}
	return ok(map[string]any{})
}

// templateByName finds a template for a v3 send.
func (s *Server) templateByName(name, language string) *template {
	for _, id := range s.tplOrder {
		if t := s.templates[id]; t.name == name && strings.EqualFold(t.language, language) {
			return t
		}
	}
	return nil
}
