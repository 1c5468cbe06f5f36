package metatest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Sending error codes.
const (
	codeInvalidParam      = 100
	codeParamValue        = 131009
	codeOutsideWindow     = 131047
	codeParamCount        = 132000
	codeTemplateMissing   = 132001
	codeTemplatePaused    = 132015
	codeTemplateDisabled  = 132016
	codeFlowBlocked       = 132068
	codeFlowThrottled     = 132069
	serviceWindow         = 24 * time.Hour
	throttledSendsPerHour = 10
	maxFlowCTA            = 20
)

var recipient = regexp.MustCompile(`^\+?[0-9]{6,15}$`)

// sentMessage is one accepted message.
type sentMessage struct {
	phone string
	to    string
	body  []byte
}

// Sent returns the body the fake received for a message it accepted,
// by the wamid it answered.
func (s *Server) Sent(wamid string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.sent[wamid]
	return append([]byte(nil), m.body...), ok
}

// Inbound records a message from user to phone, which opens the 24-hour
// customer-service window for non-template messages.
func (s *Server) Inbound(phoneNumberID, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.windows[phoneNumberID+"|"+strings.TrimPrefix(user, "+")] = s.now()
}

// wireSend is the part of a send the fake checks.
type wireSend struct {
	MessagingProduct string `json:"messaging_product"`
	To               string `json:"to"`
	Type             string `json:"type"`
	Status           string `json:"status"`
	MessageID        string `json:"message_id"`
	Text             *struct {
		Body string `json:"body"`
	} `json:"text"`
	Reaction *struct {
		MessageID string  `json:"message_id"`
		Emoji     *string `json:"emoji"`
	} `json:"reaction"`
	Template    *wireTemplateSend `json:"template"`
	Interactive *struct {
		Type string `json:"type"`
		Body *struct {
			Text string `json:"text"`
		} `json:"body"`
		Action *struct {
			Name       string          `json:"name"`
			Button     string          `json:"button"`
			Buttons    []any           `json:"buttons"`
			Sections   []any           `json:"sections"`
			Parameters json.RawMessage `json:"parameters"`
		} `json:"action"`
	} `json:"interactive"`
}

type wireTemplateSend struct {
	Name     string `json:"name"`
	Language struct {
		Code string `json:"code"`
	} `json:"language"`
	Components []struct {
		Type       string `json:"type"`
		SubType    string `json:"sub_type"`
		Index      string `json:"index"`
		Parameters []struct {
			Type   string          `json:"type"`
			Action json.RawMessage `json:"action"`
		} `json:"parameters"`
	} `json:"components"`
}

type wireFlowParams struct {
	FlowMessageVersion any             `json:"flow_message_version"`
	FlowID             string          `json:"flow_id"`
	FlowName           string          `json:"flow_name"`
	FlowCTA            string          `json:"flow_cta"`
	Mode               string          `json:"mode"`
	FlowAction         string          `json:"flow_action"`
	FlowActionPayload  json.RawMessage `json:"flow_action_payload"`
}

// sendMessage: POST /{phone}/messages, JSON only.
func (s *Server) sendMessage(c *call) (int, any) {
	if ct := c.r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return invalidParam("Messages are sent as JSON, got %q", ct)
	}
	var m wireSend
	if err := json.Unmarshal(c.body, &m); err != nil {
		return invalidParam("The body is not valid JSON: %v", err)
	}
	if m.MessagingProduct != "whatsapp" {
		return invalidParam("The parameter messaging_product is required and must be whatsapp")
	}
	if m.Status != "" {
		if m.Status != "read" || !strings.HasPrefix(m.MessageID, "wamid.") {
			return invalidParam("A status update needs status read and a message_id")
		}
		return http.StatusOK, map[string]bool{"success": true}
	}
	if !recipient.MatchString(m.To) {
		return invalidParam("The parameter to must be a phone number")
	}
	to := strings.TrimPrefix(m.To, "+")
	if status, out, ok := s.checkPayload(c, &m, to); !ok {
		return status, out
	}
	wamid := s.nextWAMID()
	s.sent[wamid] = sentMessage{phone: c.node, to: to, body: append([]byte(nil), c.body...)}
	s.sentOrder = append(s.sentOrder, wamid)
	msg := map[string]string{"id": wamid}
	if m.Type == "template" {
		msg["message_status"] = "accepted"
	}
	return http.StatusOK, map[string]any{
		"messaging_product": "whatsapp",
		"contacts":          []map[string]string{{"input": m.To, "wa_id": to}},
		"messages":          []map[string]string{msg},
	}
}

// checkPayload checks the object named by type. Callers hold mu.
func (s *Server) checkPayload(c *call, m *wireSend, to string) (int, any, bool) {
	fail := func(status int, g graphErr) (int, any, bool) {
		st, out := errorAnswer(status, g)
		return st, out, false
	}
	bad := func(format string, args ...any) (int, any, bool) {
		return fail(http.StatusBadRequest, graphErr{Code: codeInvalidParam, Message: "(#100) " + fmt.Sprintf(format, args...)})
	}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(c.body, &raw)
	if m.Type != "template" && !s.opts.NoServiceWindow {
		if last, ok := s.windows[c.node+"|"+to]; !ok || s.now().Sub(last) > serviceWindow {
			return fail(http.StatusBadRequest, graphErr{Code: codeOutsideWindow, Message: "Re-engagement message",
				UserMsg: "More than 24 hours have passed since the recipient last replied; send a template."})
		}
	}
	switch m.Type {
	case "text":
		if m.Text == nil || m.Text.Body == "" {
			return bad("text.body is required")
		}
	case "image", "video", "audio", "document", "sticker":
		var media struct{ ID, Link string }
		if err := json.Unmarshal(raw[m.Type], &media); err != nil || (media.ID == "") == (media.Link == "") {
			return bad("%s needs exactly one of id and link", m.Type)
		}
	case "reaction":
		if m.Reaction == nil || m.Reaction.Emoji == nil {
			return bad("reaction needs message_id and emoji")
		}
		if _, ok := s.sent[m.Reaction.MessageID]; !ok {
			return fail(http.StatusBadRequest, graphErr{Code: codeParamValue, Message: "(#131009) Parameter value is not valid", UserMsg: "reaction.message_id names no message"})
		}
	case "template":
		return s.checkTemplateSend(m.Template)
	case "interactive":
		return s.checkInteractive(m)
	default:
		return bad("Unknown message type %q", m.Type)
	}
	if _, ok := raw[m.Type]; !ok {
		return bad("type %s needs a %s object", m.Type, m.Type)
	}
	return 0, nil, true
}

func (s *Server) checkInteractive(m *wireSend) (int, any, bool) {
	bad := func(format string, args ...any) (int, any, bool) {
		st, out := invalidParam(format, args...)
		return st, out, false
	}
	in := m.Interactive
	if in == nil || in.Action == nil {
		return bad("interactive needs a type and an action")
	}
	if in.Type != "location_request_message" && (in.Body == nil || in.Body.Text == "") {
		return bad("interactive.body.text is required")
	}
	switch in.Type {
	case "button":
		if n := len(in.Action.Buttons); n < 1 || n > 3 {
			return bad("a button message has 1 to 3 buttons")
		}
	case "list":
		if in.Action.Button == "" || len(in.Action.Sections) == 0 {
			return bad("a list message needs action.button and sections")
		}
	case "cta_url":
		var p struct{ DisplayText, URL string }
		if in.Action.Name != "cta_url" || json.Unmarshal(in.Action.Parameters, &p) != nil {
			return bad("a cta_url message needs action.name cta_url and parameters")
		}
	case "location_request_message":
		if in.Action.Name != "send_location" {
			return bad("a location request needs action.name send_location")
		}
	case "flow":
		return s.checkFlowSend(in.Action.Name, in.Action.Parameters)
	default:
		return bad("Unknown interactive type %q", in.Type)
	}
	return 0, nil, true
}

// checkFlowSend applies the flow message rules and the flow's state.
func (s *Server) checkFlowSend(name string, raw json.RawMessage) (int, any, bool) {
	fail := func(code int, format string, args ...any) (int, any, bool) {
		st, out := errorAnswer(http.StatusBadRequest, graphErr{Code: code, Message: fmt.Sprintf(format, args...)})
		return st, out, false
	}
	var p wireFlowParams
	if name != "flow" || json.Unmarshal(raw, &p) != nil {
		return fail(codeInvalidParam, "(#100) a flow message needs action.name flow and parameters")
	}
	if v, ok := p.FlowMessageVersion.(string); !ok || v != "3" {
		return fail(codeInvalidParam, `(#100) flow_message_version must be the string "3"`)
	}
	if (p.FlowID == "") == (p.FlowName == "") {
		return fail(codeInvalidParam, "(#100) exactly one of flow_id and flow_name is required")
	}
	if n := utf8.RuneCountInString(p.FlowCTA); n < 1 || n > maxFlowCTA {
		return fail(codeInvalidParam, "(#100) flow_cta must be 1 to %d characters", maxFlowCTA)
	}
	if p.FlowActionPayload != nil && p.FlowAction != "" && p.FlowAction != "navigate" {
		return fail(codeInvalidParam, "(#100) flow_action_payload applies to navigate only")
	}
	var f *flow
	for _, id := range s.flowOrder {
		if c := s.flows[id]; c.id == p.FlowID || p.FlowID == "" && c.name == p.FlowName {
			f = c
			break
		}
	}
	if f == nil {
		return fail(codeInvalidParam, "(#100) the flow does not exist")
	}
	switch {
	case f.status == statusDeprecated:
		return fail(codeInvalidParam, "(#100) flow %s is deprecated", f.id)
	case p.Mode == "draft":
		if f.status != statusDraft {
			return fail(codeInvalidParam, "(#100) draft mode sends DRAFT flows only; flow %s is %s", f.id, f.status)
		}
	case f.status == statusBlocked:
		return fail(codeFlowBlocked, "Flow is blocked")
	case len(f.published) == 0:
		return fail(codeInvalidParam, "(#100) flow %s was never published; send it in draft mode", f.id)
	case f.status == statusThrottled:
		hour := s.now().Add(-time.Hour)
		recent := 0
		for _, at := range s.flowSends[f.id] {
			if at.After(hour) {
				recent++
			}
		}
		if recent >= throttledSendsPerHour {
			return fail(codeFlowThrottled, "Flow is throttled")
		}
	}
	s.flowSends[f.id] = append(s.flowSends[f.id], s.now())
	return 0, nil, true
}

// placeholders counts {{1}} or {{name}} variables.
var placeholders = regexp.MustCompile(`\{\{\s*[A-Za-z0-9_]+\s*\}\}`)

// checkTemplateSend wants an APPROVED template in that language, as many
// body parameters as the body has variables, and flow buttons where the
// template has them.
func (s *Server) checkTemplateSend(t *wireTemplateSend) (int, any, bool) {
	fail := func(status, code int, msg string) (int, any, bool) {
		st, out := errorAnswer(status, graphErr{Code: code, Message: msg})
		return st, out, false
	}
	if t == nil || t.Name == "" || t.Language.Code == "" {
		return fail(http.StatusBadRequest, codeInvalidParam, "(#100) template needs name and language.code")
	}
	var tpl *template
	for _, id := range s.tplOrder {
		if c := s.templates[id]; c.def.Name == t.Name && c.def.Language == t.Language.Code {
			tpl = c
		}
	}
	switch {
	case tpl == nil:
		return fail(http.StatusNotFound, codeTemplateMissing, "(#132001) Template name does not exist in the translation")
	case tpl.status == "PAUSED":
		return fail(http.StatusBadRequest, codeTemplatePaused, "(#132015) Template is paused")
	case tpl.status == "DISABLED":
		return fail(http.StatusBadRequest, codeTemplateDisabled, "(#132016) Template is disabled")
	case tpl.status != "APPROVED":
		return fail(http.StatusNotFound, codeTemplateMissing, "(#132001) Template name does not exist in the translation")
	}
	bodyParams := 0
	for _, comp := range t.Components {
		switch comp.Type {
		case "body":
			bodyParams = len(comp.Parameters)
		case "button":
			if comp.SubType != "flow" {
				continue
			}
			if !tpl.hasFlowButton(comp.Index) {
				return fail(http.StatusBadRequest, codeParamValue, "(#131009) the template has no FLOW button at index "+comp.Index)
			}
			if len(comp.Parameters) != 1 || comp.Parameters[0].Type != "action" || comp.Parameters[0].Action == nil {
				return fail(http.StatusBadRequest, codeParamValue, `(#131009) a flow button takes one parameter of type "action"`)
			}
		}
	}
	if want := tpl.bodyVariables(); bodyParams != want {
		return fail(http.StatusBadRequest, codeParamCount, fmt.Sprintf("(#132000) Number of parameters does not match the expected number of params: body wants %d, got %d", want, bodyParams))
	}
	return 0, nil, true
}
