package gupshup

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// formAnswer is the answer of both form-encoded send APIs,
// {"status": "submitted", "messageId": "<Gupshup id>"}. Gupshup labels it
// text/html; the content type is not read.
type formAnswer struct {
	Status    string `json:"status"`
	MessageID string `json:"messageId"`
}

// formBase is what both form-encoded sends carry: the channel, the
// business number as source (digits, no "+"), the app name and the
// destination.
func formBase(op providers.Operation, app providers.App, to string) (url.Values, error) {
	source := strings.TrimPrefix(app.PhoneNumber, "+")
	if source == "" {
		return nil, localError(op, providers.ErrorInvalid, errors.New("the app has no phone_number, the source of every Gupshup send"))
	}
	name := app.Settings[SettingAppName]
	if name == "" {
		return nil, localError(op, providers.ErrorInvalid, errors.New("the app has no settings."+SettingAppName+", the src.name of every Gupshup send"))
	}
	return url.Values{"channel": {"whatsapp"}, "source": {source}, "src.name": {name},
		"destination": {strings.TrimPrefix(to, "+")}}, nil
}

// sendV1 sends text or link media with POST /wa/api/v1/msg (header apikey),
// the message in Gupshup's own format as a JSON string in the form field
// "message".
func (p *Provider) sendV1(ctx context.Context, app providers.App, op providers.Operation, msg providers.OutboundMessage) (providers.SendResult, error) {
	form, err := formBase(op, app, msg.To)
	if err != nil {
		return providers.SendResult{}, err
	}
	message, err := transport.JSON(v1Message(msg))
	if err != nil {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, err)
	}
	form.Set("message", string(message))
	if msg.Type == providers.MessageText {
		form.Set("disablePreview", strconv.FormatBool(!msg.Text.PreviewURL))
	}
	return p.sendForm(ctx, app, call{op: op, surface: selfServeAPI, method: http.MethodPost, path: "/wa/api/v1/msg", body: transport.FormPayload(form)})
}

// obj is a JSON object being built; encoding/json writes its keys sorted,
// so bodies are stable.
type obj = map[string]any

// v1Message is the Gupshup-format message of a text or link media send.
// The image keys originalUrl and previewUrl follow Gupshup's docs as the
// reference recalls them (UNCONFIRMED); both carry the link.
func v1Message(m providers.OutboundMessage) obj {
	var out obj
	switch m.Type {
	case providers.MessageText:
		out = obj{"type": "text", "text": m.Text.Body}
	case providers.MessageMedia:
		md := m.Media
		switch md.Kind {
		case providers.MediaImage:
			out = obj{"type": "image", "originalUrl": md.Link, "previewUrl": md.Link}
		case providers.MediaDocument:
			out = obj{"type": "file", "url": md.Link}
		default:
			out = obj{"type": string(md.Kind), "url": md.Link}
		}
		if md.Caption != "" {
			out["caption"] = md.Caption
		}
		if md.Filename != "" {
			out["filename"] = md.Filename
		}
	}
	if m.ReplyTo != "" {
		out["context"] = obj{"msgId": m.ReplyTo}
	}
	return out
}

// sendTemplateMsg sends a template with POST
// /partner/app/{appId}/template/msg: the form field "template" is the
// JSON string {"id": "<Gupshup template id>", "params": [...]}, the body
// values in order. The id is looked up by name and language in the app's
// template list first; a template that is not there is ErrorNotFound and
// nothing is sent.
func (p *Provider) sendTemplateMsg(ctx context.Context, app providers.App, op providers.Operation, msg providers.OutboundMessage) (providers.SendResult, error) {
	base, err := appPath(op, app)
	if err != nil {
		return providers.SendResult{}, err
	}
	form, err := formBase(op, app, msg.To)
	if err != nil {
		return providers.SendResult{}, err
	}
	id, err := p.templateID(ctx, app, op, msg.Template.Name, msg.Template.Language)
	if err != nil {
		return providers.SendResult{}, err
	}
	params := []string{}
	for _, c := range msg.Template.Components {
		for _, prm := range c.Parameters {
			params = append(params, prm.Text)
		}
	}
	tpl, err := transport.JSON(obj{"id": id, "params": params})
	if err != nil {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, err)
	}
	form.Set("template", string(tpl))
	return p.sendForm(ctx, app, call{op: op, method: http.MethodPost, path: base + "/template/msg", body: transport.FormPayload(form)})
}

func (p *Provider) sendForm(ctx context.Context, app providers.App, c call) (providers.SendResult, error) {
	var out formAnswer
	raw, err := p.do(ctx, app, c, &out)
	if err != nil {
		return providers.SendResult{}, err
	}
	if out.MessageID == "" {
		return providers.SendResult{}, &providers.Error{BSP: providers.BSPGupshup, Operation: c.op, Kind: providers.ErrorUnknown,
			Message: "the answer has no messageId"}
	}
	return sendResult(out.MessageID, raw), nil
}
