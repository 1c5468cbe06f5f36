package providertest

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
)

// recipient is the WhatsApp user every message goes to.
const recipient = "15550001234"

// sendCase is one message the send scenario sends. Unready cases name a
// flow, a template or a message the provider could not set up.
type sendCase struct {
	name  string
	msg   providers.OutboundMessage
	ready bool
}

// messaging holds what the send scenarios set up first: flows and
// templates a message can name, and a message to react and reply to.
type messaging struct {
	published, draft string // flow ids; empty when the provider has no flows
	template         string // an APPROVED template with one body variable
	flowTemplate     string // an APPROVED template with a FLOW button
	earlier          string // the id of a message sent before
}

// send sends one message of every kind the capabilities claim: each must
// be accepted with an id, and what the BSP received is handed to the
// harness for its golden files.
func (s *suite) send(t *testing.T) {
	if _, ok := s.p.(providers.MessageSender); !ok {
		t.Skipf("%s does not implement providers.MessageSender", s.bsp)
	}
	if s.h.OpenWindow != nil {
		require.NoError(t, s.h.OpenWindow(recipient), "OpenWindow hook")
	}
	m := s.setUpMessaging(t)
	for _, c := range sendCases(m) {
		t.Run(c.name, func(t *testing.T) {
			op := c.msg.Operation()
			if !s.caps.Supports(op) {
				t.Skipf("%s does not support %s", s.bsp, op)
			}
			if !c.ready {
				t.Skip("the provider could not set up what this message names")
			}
			sender, err := providers.SenderOf(s.p, c.msg)
			require.NoError(t, err, "SenderOf")
			res, err := sender.SendMessage(t.Context(), s.app, c.msg)
			if lacks := s.lacks(c.msg); lacks != "" {
				s.expectError(t, err, op, providers.ErrorInvalid)
				var ime *providers.InvalidMessageError
				assert.ErrorAs(t, err, &ime, "a BSP without %s refuses %s naming the field", lacks, c.name)
				return
			}
			require.NoError(t, err, "SendMessage %s", c.name)
			if op != providers.OpMarkRead {
				assert.NotEmpty(t, res.ID, "SendMessage returns the BSP's id")
			}
			s.checkReceived(t, "send-"+c.name, res)
		})
	}
}

// lacks names what msg needs that the harness says the BSP lacks, or
// is empty when the BSP can send it.
func (s *suite) lacks(msg providers.OutboundMessage) string {
	switch {
	case s.h.MediaByLinkOnly && msg.Media != nil && msg.Media.ID != "":
		return "media by id"
	case !s.h.TypingIndicator && msg.MarkRead != nil && msg.MarkRead.Typing:
		return "a typing indicator"
	}
	return ""
}

func (s *suite) checkReceived(t *testing.T, scenario string, res providers.SendResult) {
	t.Helper()
	if s.h.Received == nil {
		return
	}
	wire, ok := s.h.Received(res)
	if !assert.True(t, ok, "the BSP's server received no request for %s", scenario) {
		return
	}
	assert.NotEmpty(t, wire, "the request for %s has a body", scenario)
	if s.h.CheckWire != nil {
		s.h.CheckWire(t, scenario, wire)
	}
}

// setUpMessaging makes what the messages name, as far as the
// capabilities allow.
func (s *suite) setUpMessaging(t *testing.T) messaging {
	ctx := t.Context()
	var m messaging
	flowOps := []providers.Operation{providers.OpCreateFlow, providers.OpUpdateFlowJSON, providers.OpPublishFlow}
	if s.supportsAll(flowOps...) {
		m.published = s.create(t, "providertest-send")
		s.upload(t, m.published, validFlow)
		require.NoError(t, s.p.PublishFlow(ctx, s.app, m.published), "PublishFlow")
		m.draft = s.create(t, "providertest-send-draft")
		s.upload(t, m.draft, validFlow)
	}
	if tm, err := providers.TemplatesOf(s.p, providers.OpCreateTemplate); err == nil {
		m.template = s.approvedTemplate(t, tm, greetingTemplate("providertest_send"))
		if m.published != "" {
			m.flowTemplate = s.approvedTemplate(t, tm, flowButtonTemplate("providertest_send_flow", m.published))
		}
	}
	if s.caps.Supports(providers.OpSendText) {
		res, err := s.p.(providers.MessageSender).SendMessage(ctx, s.app, providers.OutboundMessage{
			To: recipient, Type: providers.MessageText, Text: &providers.Text{Body: "First message"}})
		require.NoError(t, err, "SendMessage of the first text")
		m.earlier = messageRef(res)
	}
	return m
}

func (s *suite) supportsAll(ops ...providers.Operation) bool {
	for _, op := range ops {
		if !s.caps.Supports(op) {
			return false
		}
	}
	return true
}

// messageRef is how later messages name a sent one: its wamid where the
// BSP gave it, else the BSP's id.
func messageRef(res providers.SendResult) string {
	if res.WAMID != "" {
		return res.WAMID
	}
	return res.ID
}

// sendCases are the messages of the send scenario, one or more per kind.
func sendCases(m messaging) []sendCase {
	to := recipient
	msg := func(t providers.MessageType) providers.OutboundMessage {
		return providers.OutboundMessage{To: to, Type: t}
	}
	var cases []sendCase
	// needing adds a case that names ref, which the set-up may lack.
	needing := func(ref, name string, o providers.OutboundMessage) {
		cases = append(cases, sendCase{name: name, msg: o, ready: ref != ""})
	}
	add := func(name string, o providers.OutboundMessage) { needing("-", name, o) }

	text := msg(providers.MessageText)
	text.Text = &providers.Text{Body: "Hello from waflow"}
	add("text", text)
	reply := msg(providers.MessageText)
	reply.Text = &providers.Text{Body: "Your booking: https://example.com/b/42", PreviewURL: true}
	reply.ReplyTo, reply.CallbackData = m.earlier, "booking-42"
	needing(m.earlier, "text-reply", reply)

	for _, md := range []struct {
		name  string
		media providers.Media
	}{
		{"image-link", providers.Media{Kind: providers.MediaImage, Link: "https://example.com/cat.jpg", Caption: "A cat"}},
		{"video-id", providers.Media{Kind: providers.MediaVideo, ID: "1234567890", Caption: "A video"}},
		{"audio-voice", providers.Media{Kind: providers.MediaAudio, ID: "1234567891", Voice: true}},
		{"document-link", providers.Media{Kind: providers.MediaDocument, Link: "https://example.com/menu.pdf", Filename: "menu.pdf", Caption: "Menu"}},
		{"sticker-id", providers.Media{Kind: providers.MediaSticker, ID: "1234567892"}},
	} {
		o := msg(providers.MessageMedia)
		o.Media = &md.media
		add("media-"+md.name, o)
	}

	react := msg(providers.MessageReaction)
	react.Reaction = &providers.Reaction{MessageID: m.earlier, Emoji: "\U0001F44D"}
	needing(m.earlier, "reaction", react)
	unreact := msg(providers.MessageReaction)
	unreact.Reaction = &providers.Reaction{MessageID: m.earlier}
	needing(m.earlier, "reaction-remove", unreact)

	tpl := msg(providers.MessageTemplate)
	tpl.Template = &providers.TemplateMessage{Name: "providertest_send", Language: "en_US",
		Components: []providers.TemplateMessageComponent{{Type: providers.RoleBody,
			Parameters: []providers.TemplateParameter{{Type: providers.ParamText, Text: "Ada"}}}}}
	needing(m.template, "template-body", tpl)
	flowTpl := msg(providers.MessageTemplate)
	flowTpl.Template = &providers.TemplateMessage{Name: "providertest_send_flow", Language: "en_US",
		Components: []providers.TemplateMessageComponent{{Type: providers.RoleButton, SubType: providers.SubTypeFlow, Index: 0,
			Parameters: []providers.TemplateParameter{{Type: providers.ParamAction, Action: &providers.FlowButtonAction{
				FlowToken: "token-template-1", FlowActionData: map[string]any{"customer": "Ada"}}}}}}}
	needing(m.flowTemplate, "template-flow-button", flowTpl)

	interactive := func(ref, name string, in providers.Interactive) {
		o := msg(providers.MessageInteractive)
		o.Interactive = &in
		needing(ref, name, o)
	}
	interactive("-", "interactive-buttons", providers.Interactive{Type: providers.InteractiveButton,
		Header: &providers.InteractiveHeader{Type: "text", Text: "Your order"}, Body: "Confirm the order?", Footer: "Reply below",
		Buttons: []providers.ReplyButton{{ID: "yes", Title: "Yes"}, {ID: "no", Title: "No"}}})
	interactive("-", "interactive-list", providers.Interactive{Type: providers.InteractiveList, Body: "Pick a slot", ListButton: "Slots",
		Sections: []providers.ListSection{
			{Title: "Morning", Rows: []providers.ListRow{{ID: "m9", Title: "9:00", Description: "Ground floor"}}},
			{Title: "Afternoon", Rows: []providers.ListRow{{ID: "a2", Title: "14:00"}}},
		}})
	interactive("-", "interactive-cta-url", providers.Interactive{Type: providers.InteractiveCTAURL,
		Header: &providers.InteractiveHeader{Type: "image", Media: &providers.MediaRef{Link: "https://example.com/banner.png"}},
		Body:   "See the menu", CTA: &providers.CTAURL{DisplayText: "Open menu", URL: "https://example.com/menu"}})
	interactive("-", "interactive-location-request", providers.Interactive{Type: providers.InteractiveLocationRequest, Body: "Where should we deliver?"})
	interactive(m.published, "flow-navigate", providers.Interactive{Type: providers.InteractiveFlow,
		Header: &providers.InteractiveHeader{Type: "text", Text: "Book a table"}, Body: "Tap to book", Footer: "Takes a minute",
		Flow: &providers.FlowAction{FlowID: m.published, CTA: "Book now", Token: "token-flow-1", Mode: providers.FlowModePublished,
			Action: providers.FlowNavigate, Screen: "WELCOME", Data: map[string]any{"party_size": 2}}})
	interactive(m.draft, "flow-draft-data-exchange", providers.Interactive{Type: providers.InteractiveFlow, Body: "Try the draft",
		Flow: &providers.FlowAction{FlowID: m.draft, CTA: "Open draft", Token: "token-flow-2", Mode: providers.FlowModeDraft,
			Action: providers.FlowDataExchange}})

	read := providers.OutboundMessage{Type: providers.MessageMarkRead, MarkRead: &providers.MarkRead{MessageID: "wamid.providertest-inbound"}}
	add("mark-read", read)
	typing := providers.OutboundMessage{Type: providers.MessageMarkRead, MarkRead: &providers.MarkRead{MessageID: "wamid.providertest-inbound", Typing: true}}
	add("mark-read-typing", typing)
	return cases
}

// sendRefused checks refusals: a message breaking WhatsApp's rules is
// refused before or by the BSP as ErrorInvalid, a template that does not
// exist as ErrorInvalid or ErrorNotFound; neither is retryable.
func (s *suite) sendRefused(t *testing.T) {
	if _, ok := s.p.(providers.MessageSender); !ok {
		t.Skipf("%s does not implement providers.MessageSender", s.bsp)
	}
	if s.h.OpenWindow != nil {
		require.NoError(t, s.h.OpenWindow(recipient), "OpenWindow hook")
	}
	sender := s.p.(providers.MessageSender)
	if s.caps.Supports(providers.OpSendFlow) {
		msg := messageFor(providers.OpSendFlow)
		msg.Interactive.Flow.CTA = strings.Repeat("x", providers.MaxFlowCTA+1)
		_, err := sender.SendMessage(t.Context(), s.app, msg)
		s.expectError(t, err, providers.OpSendFlow, providers.ErrorInvalid)
	}
	if s.caps.Supports(providers.OpSendTemplate) {
		msg := messageFor(providers.OpSendTemplate)
		msg.Template.Name = "providertest_missing"
		_, err := sender.SendMessage(t.Context(), s.app, msg)
		s.expectError(t, err, providers.OpSendTemplate, providers.ErrorInvalid, providers.ErrorNotFound)
	}
	for _, op := range providers.SendOperations() {
		if s.caps.Supports(op) {
			continue
		}
		_, err := sender.SendMessage(t.Context(), s.app, messageFor(op))
		var ue *providers.UnsupportedError
		assert.True(t, errors.As(err, &ue), "SendMessage of %s, which the capabilities leave out, must return *providers.UnsupportedError, got %v", op, err)
	}
}
