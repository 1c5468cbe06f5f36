package gupshuptest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// sentMessage is one accepted message: Gupshup's id, the wamid WhatsApp
// gives it (reported by later webhooks), and the body as received.
type sentMessage struct {
	gsID, wamid, to string
	body            []byte
}

// Sent returns the body the fake received for a message it accepted, by
// Gupshup's id it answered.
func (s *Server) Sent(gsID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, found := s.sent[gsID]
	if !found {
		return nil, false
	}
	return bytes.Clone(m.body), true
}

// WAMID is WhatsApp's id of a message the fake accepted, as its webhooks
// report it.
func (s *Server) WAMID(gsID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, found := s.sent[gsID]
	if !found {
		return "", false
	}
	return m.wamid, true
}

// accept records a message. Callers hold mu.
func (s *Server) accept(to string, body []byte) *sentMessage {
	m := &sentMessage{gsID: s.nextUUID(), wamid: s.nextWAMID(), to: to, body: bytes.Clone(body)}
	s.sent[m.gsID] = m
	return m
}

var digits = regexp.MustCompile(`^[0-9]{6,15}$`)

// v1Types are the Gupshup-format message types the fake accepts.
var v1Types = []string{"text", "image", "file", "audio", "video", "sticker"}

// formHeader checks what both form-encoded sends carry.
func (s *Server) formHeader(c *call) (map[string][]string, string) {
	f, err := form(c)
	if err != nil {
		return nil, err.Error()
	}
	switch {
	case f.Get("channel") != "whatsapp":
		return nil, "channel must be whatsapp"
	case f.Get("source") != s.opts.PhoneNumber:
		return nil, "Invalid Source"
	case f.Get("src.name") != s.opts.AppName:
		return nil, "Invalid App Details"
	case !digits.MatchString(f.Get("destination")):
		return nil, "Invalid Destination"
	}
	return f, ""
}

// sendV1: form with message a JSON string in Gupshup's format (a plain
// string is taken as text).
func (s *Server) sendV1(c *call) (int, any) {
	f, problem := s.formHeader(c)
	if problem != "" {
		return failure(http.StatusBadRequest, "%s", problem)
	}
	raw := strings.TrimSpace(firstValue(f, "message"))
	if raw == "" {
		return failure(http.StatusBadRequest, "message is required")
	}
	if strings.HasPrefix(raw, "{") {
		var msg struct {
			Type        string `json:"type"`
			Text        string `json:"text"`
			URL         string `json:"url"`
			OriginalURL string `json:"originalUrl"`
		}
		if err := json.Unmarshal([]byte(raw), &msg); err != nil {
			return failure(http.StatusBadRequest, "message must be a JSON string: %v", err)
		}
		switch {
		case !slices.Contains(v1Types, msg.Type):
			return failure(http.StatusBadRequest, "Invalid message type %q", msg.Type)
		case msg.Type == "text" && msg.Text == "":
			return failure(http.StatusBadRequest, "text is required")
		case msg.Type != "text" && msg.URL == "" && msg.OriginalURL == "":
			return failure(http.StatusBadRequest, "url is required")
		}
	}
	m := s.accept(firstValue(f, "destination"), c.body)
	return http.StatusOK, map[string]string{"status": "submitted", "messageId": m.gsID}
}

// sendTemplateMsg: form with template a JSON string {id, params}. Gupshup
// accepts a wrong parameter count and fails the message later; the fake
// accepts it too.
func (s *Server) sendTemplateMsg(c *call) (int, any) {
	f, problem := s.formHeader(c)
	if problem != "" {
		return failure(http.StatusBadRequest, "%s", problem)
	}
	var tpl struct {
		ID     string   `json:"id"`
		Params []string `json:"params"`
	}
	if err := json.Unmarshal([]byte(firstValue(f, "template")), &tpl); err != nil {
		return failure(http.StatusBadRequest, "template must be a JSON string holding {id, params}: %v", err)
	}
	if _, found := s.templates[tpl.ID]; !found {
		return failure(http.StatusBadRequest, "Template Not Found")
	}
	m := s.accept(firstValue(f, "destination"), c.body)
	return http.StatusOK, map[string]string{"status": "submitted", "messageId": m.gsID}
}

func firstValue(f map[string][]string, key string) string {
	if v := f[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// v3Send is the part of Meta's body the fake checks.
type v3Send struct {
	MessagingProduct string `json:"messaging_product"`
	To               string `json:"to"`
	Type             string `json:"type"`
	Text             *struct {
		Body string `json:"body"`
	} `json:"text"`
	Reaction *struct {
		MessageID string `json:"message_id"`
	} `json:"reaction"`
	Template *struct {
		Name     string `json:"name"`
		Language struct {
			Code string `json:"code"`
		} `json:"language"`
		Components []struct {
			Type       string            `json:"type"`
			SubType    string            `json:"sub_type"`
			Parameters []json.RawMessage `json:"parameters"`
		} `json:"components"`
	} `json:"template"`
	Interactive *struct {
		Type   string `json:"type"`
		Action struct {
			Name       string `json:"name"`
			Parameters *struct {
				Version    any             `json:"flow_message_version"`
				FlowID     string          `json:"flow_id"`
				FlowName   string          `json:"flow_name"`
				CTA        string          `json:"flow_cta"`
				Mode       string          `json:"mode"`
				FlowAction string          `json:"flow_action"`
				Payload    json.RawMessage `json:"flow_action_payload"`
			} `json:"parameters"`
		} `json:"action"`
	} `json:"interactive"`
}

// sendV3: Meta's JSON body, checked like Meta checks it; the answer is
// Meta-shaped with Gupshup's id.
func (s *Server) sendV3(c *call) (int, any) {
	if s.opts.NoCallbackBilling {
		return failure(http.StatusBadRequest, "Callback Billing must be enabled for this API")
	}
	var in v3Send
	if err := jsonBody(c, &in); err != nil {
		return failure(http.StatusBadRequest, "%v", err)
	}
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(c.body, &fields)
	switch {
	case in.MessagingProduct != "whatsapp":
		return failure(http.StatusBadRequest, "(#100) messaging_product must be whatsapp")
	case !digits.MatchString(in.To):
		return failure(http.StatusBadRequest, "Invalid Destination")
	case in.Type == "" || fields[in.Type] == nil:
		return failure(http.StatusBadRequest, "(#100) the message needs type and the object it names")
	}
	if problem := s.checkV3(in); problem != "" {
		return failure(http.StatusBadRequest, "%s", problem)
	}
	m := s.accept(in.To, c.body)
	return http.StatusOK, map[string]any{"messaging_product": "whatsapp",
		"contacts": []map[string]string{{"input": in.To, "wa_id": in.To}}, "messages": []map[string]string{{"id": m.gsID}}}
}

// checkV3 applies Meta's rules for flows, templates and reactions.
func (s *Server) checkV3(in v3Send) string {
	switch {
	case in.Type == "reaction" && (in.Reaction == nil || in.Reaction.MessageID == ""):
		return "(#100) reaction.message_id is required"
	case in.Type == "template" && in.Template != nil:
		return s.checkTemplateSend(in)
	case in.Type == "interactive" && in.Interactive != nil && in.Interactive.Type == "flow":
		return s.checkFlowSend(in)
	}
	return ""
}

func (s *Server) checkTemplateSend(in v3Send) string {
	t := s.templateByName(in.Template.Name, in.Template.Language.Code)
	switch {
	case t == nil:
		return "(#132001) Template name does not exist in the translation"
	case t.status != "APPROVED":
		return "(#132015) Template is not approved: " + t.status
	}
	for _, comp := range in.Template.Components {
		switch {
		case comp.Type == "body" && len(comp.Parameters) != t.params():
			return "(#132000) Number of parameters does not match the expected number of params"
		case comp.Type == "button" && comp.SubType == "flow" && !t.hasFlowButton():
			return "(#131009) The template has no FLOW button"
		}
	}
	return ""
}

func (s *Server) checkFlowSend(in v3Send) string {
	p := in.Interactive.Action.Parameters
	if in.Interactive.Action.Name != "flow" || p == nil {
		return "(#100) a flow message needs action.name flow and its parameters"
	}
	if v, isString := p.Version.(string); !isString || v != "3" {
		return `(#100) flow_message_version must be the string "3"`
	}
	if (p.FlowID == "") == (p.FlowName == "") {
		return "(#100) exactly one of flow_id and flow_name is required"
	}
	if n := utf8.RuneCountInString(p.CTA); n < 1 || n > 20 {
		return "(#100) flow_cta must be 1 to 20 characters"
	}
	if p.Payload != nil && p.FlowAction == "data_exchange" {
		return "(#100) flow_action_payload is only allowed with navigate"
	}
	var f *flow
	for _, id := range s.flowOrder {
		if fl := s.flows[id]; fl.id == p.FlowID || p.FlowID == "" && fl.name == p.FlowName {
			f = fl
		}
	}
	switch {
	case f == nil:
		return "(#100) flow does not exist"
	case f.status == statusBlocked:
		return "(#132068) Flow is in blocked state"
	case p.Mode == "draft" && f.status != statusDraft:
		return "(#100) draft mode is only allowed for DRAFT flows"
	case p.Mode != "draft" && f.status != statusPublished && f.status != statusThrottled:
		return "(#100) the flow is not published"
	}
	return ""
}
