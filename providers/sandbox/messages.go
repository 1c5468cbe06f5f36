package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/waflow/waflow/providers"
)

// Graph error codes of the Cloud API's sending refusals that the sandbox
// plays.
const (
	codeTemplateMissing  = "132001" // no approved template by this name and language
	codeTemplatePaused   = "132015"
	codeTemplateDisabled = "132016"
	codeFlowBlocked      = "132068"
)

// SendMessage checks msg as the Cloud API would and records it. Flow
// messages must name a flow of the app that the mode can open: published
// mode wants a flow with a published version that is not BLOCKED or
// DEPRECATED, draft mode a DRAFT. Template messages must name an APPROVED
// template of the app. The answer carries a sandbox id ("sbx-msg-0001")
// and, separately, a wamid, as BSPs with their own ids answer, so callers
// are tested on keeping both.
func (s *Sandbox) SendMessage(ctx context.Context, app providers.App, msg providers.OutboundMessage) (providers.SendResult, error) {
	op := msg.Operation()
	if op == "" {
		op = providers.OpSendText
	}
	if _, err := s.begin(ctx, op, app.ID, ""); err != nil {
		return providers.SendResult{}, err
	}
	if err := msg.Validate(); err != nil {
		return providers.SendResult{}, invalid(op, "%s", err.Error())
	}
	record, err := json.Marshal(msg)
	if err != nil {
		return providers.SendResult{}, opError(op, providers.ErrorUnknown, "", "encode message: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.app(app.ID)
	switch op {
	case providers.OpSendFlow:
		err = checkFlowSend(op, a, msg.Interactive.Flow)
	case providers.OpSendTemplate:
		err = s.checkTemplateSend(op, a, msg.Template)
	}
	if err != nil {
		return providers.SendResult{}, err
	}
	s.msgCounter++
	id := fmt.Sprintf("sbx-msg-%04d", s.msgCounter)
	wamid := fmt.Sprintf("wamid.SBX%08d", s.msgCounter)
	s.sent = append(s.sent, sentMessage{appID: app.ID, id: id, wamid: wamid, body: record})
	s.queueStatusesLocked(app.ID, wamid, msg.To)
	sent := SentMessage{AppID: app.ID, ID: id, WAMID: wamid}
	// The bytes were produced by json.Marshal of the same type; the copy
	// shares nothing with the caller.
	_ = json.Unmarshal(record, &sent.Message)
	if o, ok := flowOpeningLocked(a, app, sent); ok {
		s.queueWalkLocked(o)
	}
	raw, err := json.Marshal(map[string]any{
		"messaging_product": "whatsapp",
		"contacts":          []map[string]string{{"input": msg.To, "wa_id": strings.TrimPrefix(msg.To, "+")}},
		"messages":          []map[string]string{{"id": wamid}},
		"sandbox_id":        id,
	})
	if err != nil {
		return providers.SendResult{}, opError(op, providers.ErrorUnknown, "", "encode answer: %v", err)
	}
	return providers.SendResult{ID: id, WAMID: wamid, Raw: raw}, nil
}

// sentMessage is a message as the sandbox received it, kept encoded so
// that callers never share memory with the sandbox.
type sentMessage struct {
	appID string
	id    string
	wamid string
	body  []byte
}

// SentMessage is one accepted message with the ids the sandbox gave it.
type SentMessage struct {
	AppID   string
	ID      string
	WAMID   string
	Message providers.OutboundMessage
}

// Sent returns every accepted message, oldest first.
func (s *Sandbox) Sent() []providers.OutboundMessage {
	msgs := s.SentMessages()
	out := make([]providers.OutboundMessage, len(msgs))
	for i, m := range msgs {
		out[i] = m.Message
	}
	return out
}

// SentMessages returns every accepted message with its app and ids,
// oldest first.
func (s *Sandbox) SentMessages() []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]SentMessage, len(s.sent))
	for i, m := range s.sent {
		out[i] = SentMessage{AppID: m.appID, ID: m.id, WAMID: m.wamid}
		// The bytes were produced by json.Marshal of the same type.
		_ = json.Unmarshal(m.body, &out[i].Message)
	}
	return out
}

// checkFlowSend applies Meta's rules on which flows a mode can open.
// Callers hold mu.
func checkFlowSend(op providers.Operation, a *appState, fa *providers.FlowAction) error {
	var f *remoteFlow
	for _, candidate := range a.flows {
		if candidate.id == fa.FlowID || fa.FlowID == "" && candidate.name == fa.FlowName {
			f = candidate
			break
		}
	}
	if f == nil {
		return invalid(op, "flow %q does not exist for this app", fa.FlowID+fa.FlowName)
	}
	switch {
	case f.status == providers.FlowDeprecated:
		return conflict(op, codeInvalidParameter, "flow %s is deprecated and can no longer be sent", f.id)
	case fa.Mode == providers.FlowModeDraft:
		if f.status != providers.FlowDraft {
			return conflict(op, codeInvalidParameter, "flow %s is %s; draft mode sends DRAFT flows only", f.id, f.status)
		}
	case f.status == providers.FlowBlocked:
		return conflict(op, codeFlowBlocked, "flow %s is blocked", f.id)
	case !f.everPublished():
		return conflict(op, codeInvalidParameter, "flow %s was never published; send it in draft mode", f.id)
	}
	return nil
}

// checkTemplateSend wants the template approved. Callers hold mu.
func (s *Sandbox) checkTemplateSend(op providers.Operation, a *appState, tm *providers.TemplateMessage) error {
	for _, t := range a.templates {
		if t.name != tm.Name || t.language != tm.Language {
			continue
		}
		s.review(t)
		switch t.status {
		case providers.TemplateApproved:
			return nil
		case providers.TemplatePaused:
			return opError(op, providers.ErrorInvalid, codeTemplatePaused, "template %s (%s) is paused", tm.Name, tm.Language)
		case providers.TemplateDisabled:
			return opError(op, providers.ErrorInvalid, codeTemplateDisabled, "template %s (%s) is disabled", tm.Name, tm.Language)
		}
		return opError(op, providers.ErrorInvalid, codeTemplateMissing, "template %s (%s) is %s, not APPROVED", tm.Name, tm.Language, t.status)
	}
	return opError(op, providers.ErrorInvalid, codeTemplateMissing, "template %s does not exist in %s", tm.Name, tm.Language)
}
