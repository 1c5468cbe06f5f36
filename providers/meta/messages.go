package meta

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// flowMessageVersion is the only flow_message_version Meta takes.
const flowMessageVersion = "3"

// firstEntryScreen names a flow's entry screen in flow_action_payload
// when the message names none.
const firstEntryScreen = "FIRST_ENTRY_SCREEN"

// The body of POST /{phone_number_id}/messages. Exactly one payload is set,
// named by Type; a mark-read request has Status and MessageID instead.
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
	Type          string           `json:"type"`
	ParameterName string           `json:"parameter_name,omitempty"`
	Text          string           `json:"text,omitempty"`
	Image         *outMedia        `json:"image,omitempty"`
	Video         *outMedia        `json:"video,omitempty"`
	Document      *outMedia        `json:"document,omitempty"`
	Location      *outLocation     `json:"location,omitempty"`
	Payload       string           `json:"payload,omitempty"`
	Action        *outButtonAction `json:"action,omitempty"`
	CouponCode    string           `json:"coupon_code,omitempty"`
}

type outLocation struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
}

type outButtonAction struct {
	FlowToken      string         `json:"flow_token,omitempty"`
	FlowActionData map[string]any `json:"flow_action_data,omitempty"`
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
	Type  string   `json:"type"`
	Reply outReply `json:"reply"`
}

type outReply struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type outSection struct {
	Title string   `json:"title,omitempty"`
	Rows  []outRow `json:"rows"`
}

type outRow struct {
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

// sendAnswer is Meta's answer to a send.
type sendAnswer struct {
	success
	Messages []struct {
		ID            string `json:"id"`
		MessageStatus string `json:"message_status"`
	} `json:"messages"`
}

// SendMessage sends msg with POST /{phone_number_id}/messages. The message
// is checked with msg.Validate first; a refused one is an ErrorInvalid
// wrapping the *providers.InvalidMessageError. A send is never retried
// after an ambiguous failure (a timeout, a 5xx without is_transient), only
// after Meta said it did not act (rate limits, is_transient). The result's
// ID and WAMID are both the wamid; for a mark-read request, the wamid of
// the message marked.
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
	phone, err := node(op, "app's phone_number_id", app.PhoneNumberID)
	if err != nil {
		return providers.SendResult{}, err
	}
	body, err := transport.JSONPayload(encodeMessage(msg))
	if err != nil {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, err)
	}
	var out sendAnswer
	raw, err := p.do(ctx, app, call{op: op, method: http.MethodPost, path: phone + "/messages", body: body}, &out)
	if err != nil {
		return providers.SendResult{}, err
	}
	if msg.Type == providers.MessageMarkRead {
		if err := expectSuccess(op, out.success); err != nil {
			return providers.SendResult{}, err
		}
		return providers.SendResult{ID: msg.MarkRead.MessageID, WAMID: msg.MarkRead.MessageID, Raw: raw}, nil
	}
	if len(out.Messages) == 0 || out.Messages[0].ID == "" {
		return providers.SendResult{}, &providers.Error{BSP: providers.BSPMeta, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no message id"}
	}
	return providers.SendResult{ID: out.Messages[0].ID, WAMID: out.Messages[0].ID, Raw: raw}, nil
}

// EncodeMessage writes msg as the JSON body of the Cloud API's
// POST /{phone_number_id}/messages, for the BSPs that pass Meta's format
// on (Kapso's proxy, Gupshup's v3 passthrough). msg must have passed
// msg.Validate; flows are named as msg names them, so a BSP with ids of
// its own puts Meta's flow id in first.
func EncodeMessage(msg providers.OutboundMessage) ([]byte, error) {
	body, err := transport.JSONPayload(encodeMessage(msg))
	return body.Data, err
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
		setMedia(&out, md.Kind, media)
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

func setMedia(out *outMessage, kind providers.MediaKind, media *outMedia) {
	switch kind {
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
}

func encodeTemplateMessage(t *providers.TemplateMessage) *outTemplate {
	out := &outTemplate{Name: t.Name, Language: outLanguage{Code: t.Language}}
	for _, c := range t.Components {
		oc := outComponent{Type: string(c.Type)}
		if c.Type == providers.RoleButton {
			oc.SubType, oc.Index = string(c.SubType), strconv.Itoa(c.Index)
		}
		for _, prm := range c.Parameters {
			oc.Parameters = append(oc.Parameters, encodeParameter(prm))
		}
		out.Components = append(out.Components, oc)
	}
	return out
}

func encodeParameter(prm providers.TemplateParameter) outParameter {
	op := outParameter{Type: string(prm.Type), ParameterName: prm.Name, Text: prm.Text, Payload: prm.Payload, CouponCode: prm.CouponCode}
	if prm.Media != nil {
		media := &outMedia{ID: prm.Media.ID, Link: prm.Media.Link, Filename: prm.Media.Filename}
		switch prm.Type {
		case providers.ParamImage:
			op.Image = media
		case providers.ParamVideo:
			op.Video = media
		case providers.ParamDocument:
			op.Document = media
		}
	}
	if l := prm.Location; l != nil {
		op.Location = &outLocation{Latitude: l.Latitude, Longitude: l.Longitude, Name: l.Name, Address: l.Address}
	}
	if a := prm.Action; a != nil {
		op.Action = &outButtonAction{FlowToken: a.FlowToken, FlowActionData: a.FlowActionData}
	}
	return op
}

func encodeInteractive(in *providers.Interactive) *outInteractive {
	out := &outInteractive{Type: string(in.Type), Body: &outBody{Text: in.Body}, Action: &outAction{}}
	if in.Footer != "" {
		out.Footer = &outBody{Text: in.Footer}
	}
	if h := in.Header; h != nil {
		out.Header = &outHeader{Type: h.Type, Text: h.Text}
		if h.Media != nil {
			media := &outMedia{ID: h.Media.ID, Link: h.Media.Link, Filename: h.Media.Filename}
			switch providers.MediaKind(h.Type) {
			case providers.MediaImage:
				out.Header.Image = media
			case providers.MediaVideo:
				out.Header.Video = media
			case providers.MediaDocument:
				out.Header.Document = media
			}
		}
	}
	switch in.Type {
	case providers.InteractiveButton:
		for _, b := range in.Buttons {
			out.Action.Buttons = append(out.Action.Buttons, outReplyButton{Type: "reply", Reply: outReply{ID: b.ID, Title: b.Title}})
		}
	case providers.InteractiveList:
		out.Action.Button = in.ListButton
		for _, s := range in.Sections {
			sec := outSection{Title: s.Title}
			for _, r := range s.Rows {
				sec.Rows = append(sec.Rows, outRow{ID: r.ID, Title: r.Title, Description: r.Description})
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
