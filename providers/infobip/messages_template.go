package infobip

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// outBulk is the body of POST /whatsapp/1/message/template: Infobip sends
// templates in bulk only, so one message goes as a bulk of one.
type outBulk struct {
	Messages []outMessage `json:"messages"`
}

type outTemplateContent struct {
	TemplateName string          `json:"templateName"`
	TemplateData outTemplateData `json:"templateData"`
	Language     string          `json:"language"`
}

type outTemplateData struct {
	Body    outTemplateBody    `json:"body"`
	Header  *outTemplateHeader `json:"header,omitempty"`
	Buttons []outButtonValue   `json:"buttons,omitempty"`
}

type outTemplateBody struct {
	Placeholders []string `json:"placeholders"`
}

// outTemplateHeader is a header's value: TEXT with Placeholder; IMAGE,
// VIDEO, DOCUMENT with MediaURL (and Filename for documents); LOCATION
// with its coordinates.
type outTemplateHeader struct {
	Type        string   `json:"type"`
	Placeholder string   `json:"placeholder,omitempty"`
	MediaURL    string   `json:"mediaUrl,omitempty"`
	Filename    string   `json:"filename,omitempty"`
	Latitude    *float64 `json:"latitude,omitempty"`
	Longitude   *float64 `json:"longitude,omitempty"`
}

// outButtonValue is a button's value: QUICK_REPLY and URL with
// Parameter, FLOW with FlowToken and Data.
type outButtonValue struct {
	Type      string         `json:"type"`
	Parameter string         `json:"parameter,omitempty"`
	FlowToken string         `json:"flowToken,omitempty"`
	Data      map[string]any `json:"data,omitempty"`
}

// bulkAnswer is Infobip's answer to a bulk send.
type bulkAnswer struct {
	Messages []sendAnswer `json:"messages"`
	BulkID   string       `json:"bulkId"`
}

// sendTemplate sends a template message as a bulk of one.
func (p *Provider) sendTemplate(ctx context.Context, app providers.App, op providers.Operation, msg providers.OutboundMessage) (providers.SendResult, error) {
	content, err := encodeTemplateContent(op, msg.Template)
	if err != nil {
		return providers.SendResult{}, err
	}
	m := outMessage{From: senderOf(app), To: strings.TrimPrefix(msg.To, "+"), Content: content, CallbackData: msg.CallbackData}
	if p.messageID != nil {
		m.MessageID = p.messageID()
	}
	if msg.ReplyTo != "" {
		m.Context = &outContext{MessageID: msg.ReplyTo}
	}
	body, err := transport.JSONPayload(outBulk{Messages: []outMessage{m}})
	if err != nil {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, err)
	}
	var answer bulkAnswer
	raw, err := p.do(ctx, app, call{op: op, method: http.MethodPost, path: "/whatsapp/1/message/template", body: body}, &answer)
	if err != nil {
		return providers.SendResult{}, err
	}
	if len(answer.Messages) == 0 || answer.Messages[0].MessageID == "" {
		return providers.SendResult{}, &providers.Error{BSP: providers.BSPInfobip, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no messageId"}
	}
	return providers.SendResult{ID: answer.Messages[0].MessageID, Raw: raw}, nil
}

// encodeTemplateContent writes Meta-shaped template components as
// Infobip's templateData: body values as positional placeholders (always
// present, empty when the body has no variables), one header value, and
// button values in the order of their index. Named parameters are sent in
// the order given, as Infobip's placeholders are positional.
func encodeTemplateContent(op providers.Operation, t *providers.TemplateMessage) (outTemplateContent, error) {
	out := outTemplateContent{TemplateName: t.Name, Language: t.Language, TemplateData: outTemplateData{Body: outTemplateBody{Placeholders: []string{}}}}
	buttons := map[int]outButtonValue{}
	for i, c := range t.Components {
		field := fmt.Sprintf("template.components[%d]", i)
		switch c.Type {
		case providers.RoleBody:
			for j, prm := range c.Parameters {
				if prm.Type != providers.ParamText {
					return out, invalidMessage(op, fmt.Sprintf("%s.parameters[%d].type", field, j), "Infobip's body placeholders are text")
				}
				out.TemplateData.Body.Placeholders = append(out.TemplateData.Body.Placeholders, prm.Text)
			}
		case providers.RoleHeader:
			h, err := encodeTemplateHeader(op, field, c.Parameters)
			if err != nil {
				return out, err
			}
			out.TemplateData.Header = h
		case providers.RoleButton:
			b, err := encodeTemplateButton(op, field, c)
			if err != nil {
				return out, err
			}
			buttons[c.Index] = b
		}
	}
	indexes := make([]int, 0, len(buttons))
	for ix := range buttons {
		indexes = append(indexes, ix)
	}
	slices.Sort(indexes)
	for _, ix := range indexes {
		out.TemplateData.Buttons = append(out.TemplateData.Buttons, buttons[ix])
	}
	return out, nil
}

func encodeTemplateHeader(op providers.Operation, field string, params []providers.TemplateParameter) (*outTemplateHeader, error) {
	if len(params) != 1 {
		return nil, invalidMessage(op, field+".parameters", "a header takes exactly one value")
	}
	prm := params[0]
	switch prm.Type {
	case providers.ParamText:
		return &outTemplateHeader{Type: "TEXT", Placeholder: prm.Text}, nil
	case providers.ParamImage, providers.ParamVideo, providers.ParamDocument:
		if prm.Media == nil || prm.Media.Link == "" {
			return nil, invalidMessage(op, field+".parameters[0].media", "Infobip takes header media by link only")
		}
		h := &outTemplateHeader{Type: strings.ToUpper(string(prm.Type)), MediaURL: prm.Media.Link}
		if prm.Type == providers.ParamDocument {
			h.Filename = prm.Media.Filename
		}
		return h, nil
	case providers.ParamLocation:
		if prm.Location == nil {
			return nil, invalidMessage(op, field+".parameters[0].location", "is required for a location header")
		}
		lat, lng := prm.Location.Latitude, prm.Location.Longitude
		return &outTemplateHeader{Type: "LOCATION", Latitude: &lat, Longitude: &lng}, nil
	}
	return nil, invalidMessage(op, field+".parameters[0].type", "a header value is text, image, video, document or location")
}

func encodeTemplateButton(op providers.Operation, field string, c providers.TemplateMessageComponent) (outButtonValue, error) {
	one := func() (providers.TemplateParameter, error) {
		if len(c.Parameters) != 1 {
			return providers.TemplateParameter{}, invalidMessage(op, field+".parameters", "a button takes exactly one value")
		}
		return c.Parameters[0], nil
	}
	switch c.SubType {
	case providers.SubTypeQuickReply:
		prm, err := one()
		return outButtonValue{Type: "QUICK_REPLY", Parameter: prm.Payload}, err
	case providers.SubTypeURL:
		prm, err := one()
		return outButtonValue{Type: "URL", Parameter: prm.Text}, err
	case providers.SubTypeFlow:
		b := outButtonValue{Type: "FLOW"}
		if len(c.Parameters) == 0 {
			return b, nil
		}
		prm, err := one()
		if err == nil && prm.Action != nil {
			b.FlowToken, b.Data = prm.Action.FlowToken, prm.Action.FlowActionData
		}
		return b, err
	}
	return outButtonValue{}, invalidMessage(op, field+".sub_type", fmt.Sprintf("Infobip's template buttons take quick_reply, url and flow values, not %s", c.SubType))
}
