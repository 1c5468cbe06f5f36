package kapso

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/waflow/waflow/providers"
)

// The body of POST /{phone_number_id}/messages in Meta's shape, which the
// proxy passes to Meta unchanged. Exactly one payload is set, named by
// Type; a mark-read request has Status and MessageID instead.
type outMessage struct {
	MessagingProduct string          `json:"messaging_product"`
	RecipientType    string          `json:"recipient_type,omitempty"`
	To               string          `json:"to,omitempty"`
	Context          *outContext     `json:"context,omitempty"`
	CallbackData     string          `json:"biz_opaque_callback_data,omitempty"`
	Type             string          `json:"type,omitempty"`
	Text             *outText        `json:"text,omitempty"`
	Image            *outMedia       `json:"image,omitempty"`
	Video            *outMedia       `json:"video,omitempty"`
	Audio            *outMedia       `json:"audio,omitempty"`
	Document         *outMedia       `json:"document,omitempty"`
	Sticker          *outMedia       `json:"sticker,omitempty"`
	Reaction         *outReaction    `json:"reaction,omitempty"`
	Template         *outTemplate    `json:"template,omitempty"`
	Interactive      *outInteractive `json:"interactive,omitempty"`
	Status           string          `json:"status,omitempty"`
	MessageID        string          `json:"message_id,omitempty"`
	TypingIndicator  *outTyping      `json:"typing_indicator,omitempty"`
}

type outContext struct {
	MessageID string `json:"message_id"`
}

type outText struct {
	Body       string `json:"body"`
	PreviewURL bool   `json:"preview_url,omitempty"`
}

type outMedia struct {
	ID       string `json:"id,omitempty"`
	Link     string `json:"link,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
	Voice    bool   `json:"voice,omitempty"`
}

type outReaction struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

type outTyping struct {
	Type string `json:"type"`
}

type outTemplate struct {
	Name       string         `json:"name"`
	Language   outLanguage    `json:"language"`
	Components []outComponent `json:"components,omitempty"`
}

type outLanguage struct {
	Code string `json:"code"`
}

type outComponent struct {
	Type       string         `json:"type"`
	SubType    string         `json:"sub_type,omitempty"`
	Index      string         `json:"index,omitempty"`
	Parameters []outParameter `json:"parameters,omitempty"`
}

type outParameter struct {
	Type          string                      `json:"type"`
	ParameterName string                      `json:"parameter_name,omitempty"`
	Text          string                      `json:"text,omitempty"`
	Image         *outMedia                   `json:"image,omitempty"`
	Video         *outMedia                   `json:"video,omitempty"`
	Document      *outMedia                   `json:"document,omitempty"`
	Location      *providers.Location         `json:"location,omitempty"`
	Payload       string                      `json:"payload,omitempty"`
	Action        *providers.FlowButtonAction `json:"action,omitempty"`
	CouponCode    string                      `json:"coupon_code,omitempty"`
}

type outInteractive struct {
	Type   string     `json:"type"`
	Header *outHeader `json:"header,omitempty"`
	Body   *outBody   `json:"body,omitempty"`
	Footer *outBody   `json:"footer,omitempty"`
	Action *outAction `json:"action,omitempty"`
}

type outHeader struct {
	Type     string    `json:"type"`
	Text     string    `json:"text,omitempty"`
	Image    *outMedia `json:"image,omitempty"`
	Video    *outMedia `json:"video,omitempty"`
	Document *outMedia `json:"document,omitempty"`
}

type outBody struct {
	Text string `json:"text"`
}

type outAction struct {
	Name       string           `json:"name,omitempty"`
	Button     string           `json:"button,omitempty"`
	Buttons    []outReplyButton `json:"buttons,omitempty"`
	Sections   []outSection     `json:"sections,omitempty"`
	Parameters any              `json:"parameters,omitempty"`
}

type outReplyButton struct {
	Type  string     `json:"type"`
	Reply outRowItem `json:"reply"`
}

type outSection struct {
	Title string       `json:"title,omitempty"`
	Rows  []outRowItem `json:"rows"`
}

type outRowItem struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

type outCTA struct {
	DisplayText string `json:"display_text"`
	URL         string `json:"url"`
}

type outFlowParameters struct {
	FlowMessageVersion string          `json:"flow_message_version"`
	FlowToken          string          `json:"flow_token,omitempty"`
	FlowID             string          `json:"flow_id,omitempty"`
	FlowName           string          `json:"flow_name,omitempty"`
	FlowCTA            string          `json:"flow_cta"`
	Mode               string          `json:"mode,omitempty"`
	FlowAction         string          `json:"flow_action,omitempty"`
	FlowActionPayload  *outFlowPayload `json:"flow_action_payload,omitempty"`
}

type outFlowPayload struct {
	Screen string         `json:"screen"`
	Data   map[string]any `json:"data,omitempty"`
}

// flowMessageVersion is the only flow_message_version Meta takes.
const flowMessageVersion = "3"

// firstEntryScreen names a flow's entry screen when the message names none.
const firstEntryScreen = "FIRST_ENTRY_SCREEN"

// sendAnswer is Meta's answer to a send, passed on by the proxy.
type sendAnswer struct {
	success
	Messages []struct {
		ID string `json:"id"`
	} `json:"messages"`
}

// SendMessage sends msg through the proxy with
// POST /{phone_number_id}/messages, in Meta's shape. The message is
// checked with msg.Validate first; a refused one is an ErrorInvalid
// wrapping the *providers.InvalidMessageError. A flow named by a Kapso id
// (a UUID) is sent with its meta_flow_id, read from the Platform API. A
// send is retried only when Kapso or Meta said it was not acted on: a
// 429, Meta's throttling codes, and Kapso's 409 "another message in
// flight for this conversation". The result's ID and WAMID are both the
// wamid; for a mark-read request, the wamid of the message marked.
func (p *Provider) SendMessage(ctx context.Context, app providers.App, msg providers.OutboundMessage) (providers.SendResult, error) {
	op := msg.Operation()
	if op == "" {
		op = providers.OpSendText
	}
	if err := msg.Validate(); err != nil {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, err)
	}
	if !p.Capabilities().Supports(op) {
		return providers.SendResult{}, unsupported(op)
	}
	phone, err := segment(op, "app's phone_number_id", app.PhoneNumberID)
	if err != nil {
		return providers.SendResult{}, err
	}
	out := encodeMessage(msg)
	if f := msg.Interactive; f != nil && f.Flow != nil && f.Flow.FlowID != "" {
		params := out.Interactive.Action.Parameters.(outFlowParameters)
		if params.FlowID, err = p.metaFlowID(ctx, app, op, f.Flow.FlowID); err != nil {
			return providers.SendResult{}, err
		}
		out.Interactive.Action.Parameters = params
	}
	body, err := jsonPayload(out)
	if err != nil {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, err)
	}
	var ans sendAnswer
	raw, err := p.do(ctx, app, call{op: op, surface: proxy, method: http.MethodPost, path: phone + "/messages", body: body}, &ans)
	if err != nil {
		return providers.SendResult{}, err
	}
	if msg.Type == providers.MessageMarkRead {
		if !ans.Success {
			return providers.SendResult{}, unexpectedAnswer(op, http.StatusOK, `the answer did not say "success": true`, nil)
		}
		return providers.SendResult{ID: msg.MarkRead.MessageID, WAMID: msg.MarkRead.MessageID, Raw: raw}, nil
	}
	if len(ans.Messages) == 0 || ans.Messages[0].ID == "" {
		return providers.SendResult{}, unexpectedAnswer(op, http.StatusOK, "the answer has no message id", nil)
	}
	return providers.SendResult{ID: ans.Messages[0].ID, WAMID: ans.Messages[0].ID, Raw: raw}, nil
}

// encodeMessage writes a validated message in Meta's shape.
func encodeMessage(m providers.OutboundMessage) outMessage {
	out := outMessage{MessagingProduct: "whatsapp"}
	if m.Type == providers.MessageMarkRead {
		out.Status, out.MessageID = "read", m.MarkRead.MessageID
		if m.MarkRead.Typing {
			out.TypingIndicator = &outTyping{Type: "text"}
		}
		return out
	}
	out.RecipientType = "individual"
	out.To = strings.TrimPrefix(m.To, "+")
	out.CallbackData = m.CallbackData
	if m.ReplyTo != "" {
		out.Context = &outContext{MessageID: m.ReplyTo}
	}
	switch m.Type {
	case providers.MessageText:
		out.Type = "text"
		out.Text = &outText{Body: m.Text.Body, PreviewURL: m.Text.PreviewURL}
	case providers.MessageMedia:
		md := m.Media
		out.Type = string(md.Kind)
		media := &outMedia{ID: md.ID, Link: md.Link, Caption: md.Caption, Filename: md.Filename, Voice: md.Voice}
		switch md.Kind {
		case providers.MediaImage:
			out.Image = media
		case providers.MediaVideo:
			out.Video = media
		case providers.MediaAudio:
			out.Audio = media
		case providers.MediaDocument:
			out.Document = media
		case providers.MediaSticker:
			out.Sticker = media
		}
	case providers.MessageReaction:
		out.Type = "reaction"
		out.Reaction = &outReaction{MessageID: m.Reaction.MessageID, Emoji: m.Reaction.Emoji}
	case providers.MessageTemplate:
		out.Type = "template"
		out.Template = encodeTemplateMessage(m.Template)
	case providers.MessageInteractive:
		out.Type = "interactive"
		out.Interactive = encodeInteractive(m.Interactive)
	}
	return out
}

// mediaOf returns ref as the media object of kind, or nil for other kinds.
func mediaOf(kind string, want providers.MediaKind, ref *providers.MediaRef) *outMedia {
	if ref == nil || kind != string(want) {
		return nil
	}
	return &outMedia{ID: ref.ID, Link: ref.Link, Filename: ref.Filename}
}

func encodeTemplateMessage(t *providers.TemplateMessage) *outTemplate {
	out := &outTemplate{Name: t.Name, Language: outLanguage{Code: t.Language}}
	for _, c := range t.Components {
		oc := outComponent{Type: string(c.Type)}
		if c.Type == providers.RoleButton {
			oc.SubType, oc.Index = string(c.SubType), strconv.Itoa(c.Index)
		}
		for _, prm := range c.Parameters {
			kind := string(prm.Type)
			oc.Parameters = append(oc.Parameters, outParameter{
				Type: kind, ParameterName: prm.Name, Text: prm.Text, Payload: prm.Payload, CouponCode: prm.CouponCode,
				Image:    mediaOf(kind, providers.MediaImage, prm.Media),
				Video:    mediaOf(kind, providers.MediaVideo, prm.Media),
				Document: mediaOf(kind, providers.MediaDocument, prm.Media),
				Location: prm.Location, Action: prm.Action,
			})
		}
		out.Components = append(out.Components, oc)
	}
	return out
}

func encodeInteractive(in *providers.Interactive) *outInteractive {
	out := &outInteractive{Type: string(in.Type), Body: &outBody{Text: in.Body}, Action: &outAction{}}
	if in.Footer != "" {
		out.Footer = &outBody{Text: in.Footer}
	}
	if h := in.Header; h != nil {
		out.Header = &outHeader{Type: h.Type, Text: h.Text,
			Image:    mediaOf(h.Type, providers.MediaImage, h.Media),
			Video:    mediaOf(h.Type, providers.MediaVideo, h.Media),
			Document: mediaOf(h.Type, providers.MediaDocument, h.Media)}
	}
	switch in.Type {
	case providers.InteractiveButton:
		for _, b := range in.Buttons {
			out.Action.Buttons = append(out.Action.Buttons, outReplyButton{Type: "reply", Reply: outRowItem{ID: b.ID, Title: b.Title}})
		}
	case providers.InteractiveList:
		out.Action.Button = in.ListButton
		for _, s := range in.Sections {
			sec := outSection{Title: s.Title}
			for _, r := range s.Rows {
				sec.Rows = append(sec.Rows, outRowItem{ID: r.ID, Title: r.Title, Description: r.Description})
			}
			out.Action.Sections = append(out.Action.Sections, sec)
		}
	case providers.InteractiveCTAURL:
		out.Action.Name = "cta_url"
		out.Action.Parameters = outCTA{DisplayText: in.CTA.DisplayText, URL: in.CTA.URL}
	case providers.InteractiveLocationRequest:
		out.Type = "location_request_message"
		out.Action.Name = "send_location"
	case providers.InteractiveFlow:
		out.Action.Name = "flow"
		out.Action.Parameters = encodeFlowParameters(in.Flow)
	}
	return out
}

func encodeFlowParameters(f *providers.FlowAction) outFlowParameters {
	params := outFlowParameters{
		FlowMessageVersion: flowMessageVersion, FlowToken: f.Token, FlowID: f.FlowID, FlowName: f.FlowName,
		FlowCTA: f.CTA, Mode: string(f.Mode), FlowAction: string(f.Action),
	}
	if f.Action != providers.FlowDataExchange && (f.Screen != "" || len(f.Data) > 0) {
		screen := f.Screen
		if screen == "" {
			screen = firstEntryScreen
		}
		params.FlowActionPayload = &outFlowPayload{Screen: screen, Data: f.Data}
	}
	return params
}
