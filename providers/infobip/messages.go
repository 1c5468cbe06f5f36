package infobip

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// errEmptySender refuses an app without its business number.
var errEmptySender = errors.New("the app's phone number (the Infobip sender) is empty")

// flowMessageVersion is the only flowMessageVersion Infobip takes, an
// integer (Meta's API takes the string "3").
const flowMessageVersion = 3

// outMessage is the body of Infobip's single-message endpoints; content
// is the kind's own object.
type outMessage struct {
	From         string      `json:"from"`
	To           string      `json:"to"`
	MessageID    string      `json:"messageId,omitempty"`
	Content      any         `json:"content"`
	CallbackData string      `json:"callbackData,omitempty"`
	Context      *outContext `json:"context,omitempty"`
}

// outContext quotes an earlier message by Infobip's id.
type outContext struct {
	MessageID string `json:"messageId"`
}

type outText struct {
	Text       string `json:"text"`
	PreviewURL bool   `json:"previewUrl,omitempty"`
}

type outMedia struct {
	MediaURL string `json:"mediaUrl"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
}

type outTextPart struct {
	Text string `json:"text"`
}

// outHeader is an interactive message's header: TEXT with Text, or
// IMAGE, VIDEO, DOCUMENT with MediaURL.
type outHeader struct {
	Type     string `json:"type"`
	Text     string `json:"text,omitempty"`
	MediaURL string `json:"mediaUrl,omitempty"`
	Filename string `json:"filename,omitempty"`
}

type outInteractive struct {
	Header *outHeader   `json:"header,omitempty"`
	Body   outTextPart  `json:"body"`
	Footer *outTextPart `json:"footer,omitempty"`
	Action any          `json:"action,omitempty"`
}

type outButtons struct {
	Buttons []outButton `json:"buttons"`
}

type outButton struct {
	Type  string `json:"type"`
	ID    string `json:"id"`
	Title string `json:"title"`
}

type outList struct {
	Title    string       `json:"title"`
	Sections []outSection `json:"sections"`
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

type outURLButton struct {
	DisplayText string `json:"displayText"`
	URL         string `json:"url"`
}

type outFlowAction struct {
	Mode               string          `json:"mode"`
	FlowMessageVersion int             `json:"flowMessageVersion"`
	FlowToken          string          `json:"flowToken,omitempty"`
	FlowID             string          `json:"flowId"`
	CallToActionButton string          `json:"callToActionButton"`
	FlowAction         string          `json:"flowAction"`
	FlowActionPayload  *outFlowPayload `json:"flowActionPayload,omitempty"`
}

type outFlowPayload struct {
	Screen string         `json:"screen"`
	Data   map[string]any `json:"data,omitempty"`
}

// sendAnswer is Infobip's answer to a single message, and one entry of a
// bulk answer.
type sendAnswer struct {
	To           string `json:"to"`
	MessageCount int    `json:"messageCount"`
	MessageID    string `json:"messageId"`
	Status       struct {
		GroupID     int    `json:"groupId"`
		GroupName   string `json:"groupName"`
		ID          int    `json:"id"`
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"status"`
}

// SendMessage sends msg through Infobip's WhatsApp message endpoints, in
// Infobip's own camelCase shapes: /whatsapp/1/message/{text, image,
// video, audio, document, sticker}, /message/interactive/{buttons, list,
// url-button, location-request, flow}, the bulk /message/template, and
// POST …/senders/{sender}/message/{id}/read to mark a message read.
//
// The message is checked with msg.Validate, then against what Infobip can
// carry: media by link only (Infobip takes no Meta media id), flows by id
// only, a first screen whenever initial data is given, no typing
// indicator; a refused message is an ErrorInvalid wrapping a
// *providers.InvalidMessageError. Reactions are unsupported. A send is
// never retried after an ambiguous failure, only after a 429.
//
// The result's ID is Infobip's messageId (the one Options.MessageID
// minted, when set); Infobip never exposes the wamid, so WAMID stays
// empty, and delivery and seen reports name the message by the same id.
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
	if msg.Type == providers.MessageMarkRead {
		return p.markRead(ctx, app, msg.MarkRead)
	}
	from := senderOf(app)
	if from == "" {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, errEmptySender)
	}
	if msg.Type == providers.MessageTemplate {
		return p.sendTemplate(ctx, app, op, msg)
	}
	route, content, err := encodeContent(op, msg)
	if err != nil {
		return providers.SendResult{}, err
	}
	out := outMessage{From: from, To: strings.TrimPrefix(msg.To, "+"), Content: content, CallbackData: msg.CallbackData}
	if p.messageID != nil {
		out.MessageID = p.messageID()
	}
	if msg.ReplyTo != "" {
		out.Context = &outContext{MessageID: msg.ReplyTo}
	}
	body, err := transport.JSONPayload(out)
	if err != nil {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, err)
	}
	var answer sendAnswer
	raw, err := p.do(ctx, app, call{op: op, method: http.MethodPost, path: "/whatsapp/1/message/" + route, body: body}, &answer)
	if err != nil {
		return providers.SendResult{}, err
	}
	if answer.MessageID == "" {
		return providers.SendResult{}, &providers.Error{BSP: providers.BSPInfobip, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no messageId"}
	}
	return providers.SendResult{ID: answer.MessageID, Raw: raw}, nil
}

// markRead marks an inbound message read; the result's ID is that
// message's id.
func (p *Provider) markRead(ctx context.Context, app providers.App, mr *providers.MarkRead) (providers.SendResult, error) {
	const op = providers.OpMarkRead
	if mr.Typing {
		return providers.SendResult{}, invalidMessage(op, "mark_read.typing", "Infobip's read call shows no typing indicator")
	}
	path, err := senderPath(op, "1", app)
	if err != nil {
		return providers.SendResult{}, err
	}
	id, err := segment(op, "message id", mr.MessageID)
	if err != nil {
		return providers.SendResult{}, err
	}
	raw, err := p.do(ctx, app, call{op: op, method: http.MethodPost, path: path + "/message/" + id + "/read", idempotent: true}, nil)
	if err != nil {
		return providers.SendResult{}, err
	}
	return providers.SendResult{ID: mr.MessageID, Raw: raw}, nil
}

// encodeContent picks the endpoint (after /whatsapp/1/message/) and
// writes the content of a validated, non-template message.
func encodeContent(op providers.Operation, m providers.OutboundMessage) (string, any, error) {
	switch m.Type {
	case providers.MessageText:
		return "text", outText{Text: m.Text.Body, PreviewURL: m.Text.PreviewURL}, nil
	case providers.MessageMedia:
		md := m.Media
		if md.ID != "" {
			return "", nil, invalidMessage(op, "media.id", "Infobip takes media by link only")
		}
		return string(md.Kind), outMedia{MediaURL: md.Link, Caption: md.Caption, Filename: md.Filename}, nil
	case providers.MessageInteractive:
		return encodeInteractive(op, m.Interactive)
	}
	return "", nil, unsupported(op)
}

func encodeInteractive(op providers.Operation, in *providers.Interactive) (string, any, error) {
	out := outInteractive{Body: outTextPart{Text: in.Body}}
	if in.Footer != "" {
		out.Footer = &outTextPart{Text: in.Footer}
	}
	if h := in.Header; h != nil {
		out.Header = &outHeader{Type: strings.ToUpper(h.Type), Text: h.Text}
		if h.Media != nil {
			if h.Media.ID != "" {
				return "", nil, invalidMessage(op, "interactive.header.media.id", "Infobip takes media by link only")
			}
			out.Header.MediaURL, out.Header.Filename = h.Media.Link, h.Media.Filename
		}
	}
	switch in.Type {
	case providers.InteractiveButton:
		action := outButtons{}
		for _, b := range in.Buttons {
			action.Buttons = append(action.Buttons, outButton{Type: "REPLY", ID: b.ID, Title: b.Title})
		}
		out.Action = action
		return "interactive/buttons", out, nil
	case providers.InteractiveList:
		action := outList{Title: in.ListButton}
		for _, s := range in.Sections {
			sec := outSection{Title: s.Title}
			for _, r := range s.Rows {
				sec.Rows = append(sec.Rows, outRow{ID: r.ID, Title: r.Title, Description: r.Description})
			}
			action.Sections = append(action.Sections, sec)
		}
		out.Action = action
		return "interactive/list", out, nil
	case providers.InteractiveCTAURL:
		out.Action = outURLButton{DisplayText: in.CTA.DisplayText, URL: in.CTA.URL}
		return "interactive/url-button", out, nil
	case providers.InteractiveLocationRequest:
		return "interactive/location-request", out, nil
	case providers.InteractiveFlow:
		action, err := encodeFlowAction(op, in.Flow)
		if err != nil {
			return "", nil, err
		}
		out.Action = action
		return "interactive/flow", out, nil
	}
	return "", nil, unsupported(op)
}

// encodeFlowAction writes the action of an interactive flow message:
// upper-case mode and flowAction, the integer flowMessageVersion, and the
// first screen with its data for navigate.
func encodeFlowAction(op providers.Operation, f *providers.FlowAction) (outFlowAction, error) {
	if f.FlowName != "" {
		return outFlowAction{}, invalidMessage(op, "interactive.flow.flow_name", "Infobip names flows by flow_id only")
	}
	mode, action := f.Mode, f.Action
	if mode == "" {
		mode = providers.FlowModePublished
	}
	if action == "" {
		action = providers.FlowNavigate
	}
	out := outFlowAction{
		Mode: strings.ToUpper(string(mode)), FlowMessageVersion: flowMessageVersion, FlowToken: f.Token,
		FlowID: f.FlowID, CallToActionButton: f.CTA, FlowAction: strings.ToUpper(string(action)),
	}
	switch {
	case action == providers.FlowDataExchange:
	case f.Screen != "":
		out.FlowActionPayload = &outFlowPayload{Screen: f.Screen, Data: f.Data}
	case len(f.Data) > 0:
		return outFlowAction{}, invalidMessage(op, "interactive.flow.screen", "Infobip needs the first screen when initial data is given")
	}
	return out, nil
}
