package gupshup

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/waflow/waflow/providers"
)

// sendRoute is the API a message goes through: the v3 passthrough, or
// one of the two form-encoded ones.
type sendRoute int

const (
	// viaV3: POST /partner/app/{appId}/v3/message, Meta's body.
	viaV3 sendRoute = iota
	// viaV1: POST /wa/api/v1/msg, form with a JSON-string message.
	viaV1
	// viaTemplateMsg: POST /partner/app/{appId}/template/msg, form with a
	// JSON-string template of positional params.
	viaTemplateMsg
)

func (r sendRoute) String() string {
	return [...]string{"v3 passthrough", "v1 /wa/api/v1/msg", "partner template/msg"}[r]
}

// routeOf chooses how msg goes out for app, as the package documentation
// says under "Sending": the app's settings.message_api, then what the
// form-encoded APIs can express.
func routeOf(app providers.App, msg providers.OutboundMessage) (sendRoute, error) {
	mode := strings.ToLower(strings.TrimSpace(app.Settings[SettingMessageAPI]))
	v1, why := formRoute(app, msg, mode == MessageAPIV1)
	switch mode {
	case "", MessageAPIAuto:
		if why == "" {
			return v1, nil
		}
		return viaV3, nil
	case MessageAPIV3:
		return viaV3, nil
	case MessageAPIV1:
		if why == "" {
			return v1, nil
		}
		return 0, fmt.Errorf("the app's settings.%s is %q, and %s; use %q or %q", SettingMessageAPI, mode, why, MessageAPIAuto, MessageAPIV3)
	}
	return 0, fmt.Errorf("the app's settings.%s is %q; want %q, %q or %q", SettingMessageAPI, mode, MessageAPIAuto, MessageAPIV3, MessageAPIV1)
}

// formRoute says which form-encoded API can send msg faithfully, or why
// none can. Text and link media go to /wa/api/v1/msg, which needs the
// api_key credential (unless the app insists on v1, where its absence is
// reported when sending); templates whose values are positional body
// texts go to template/msg. Callback data, media ids, stickers, voice
// notes, reactions, interactive messages and FLOW buttons exist only in
// Meta's format.
func formRoute(app providers.App, msg providers.OutboundMessage, forced bool) (sendRoute, string) {
	if msg.CallbackData != "" {
		return 0, "callback data needs the v3 passthrough"
	}
	hasKey := forced || app.Credentials[CredentialAPIKey] != ""
	switch msg.Type {
	case providers.MessageText:
		if !hasKey {
			return 0, "v1 sends need the api_key credential"
		}
		return viaV1, ""
	case providers.MessageMedia:
		md := msg.Media
		switch {
		case md.Link == "":
			return 0, "v1 media takes a link, not a media id"
		case md.Kind == providers.MediaSticker || md.Voice:
			return 0, "v1 has no stickers or voice notes"
		case md.Kind == providers.MediaDocument && md.Caption != "":
			return 0, "v1 documents take no caption"
		case !hasKey:
			return 0, "v1 sends need the api_key credential"
		}
		return viaV1, ""
	case providers.MessageTemplate:
		for _, c := range msg.Template.Components {
			if c.Type != providers.RoleBody {
				return 0, fmt.Sprintf("template/msg takes body values only, not a %s component", c.Type)
			}
			for _, prm := range c.Parameters {
				if prm.Type != providers.ParamText || prm.Name != "" {
					return 0, "template/msg takes positional text values only"
				}
			}
		}
		if msg.ReplyTo != "" {
			return 0, "template/msg cannot quote a message"
		}
		return viaTemplateMsg, ""
	}
	return 0, fmt.Sprintf("%s messages exist only in the v3 passthrough", msg.Operation())
}

// SendMessage sends msg through the API routeOf chooses. The message is
// checked with msg.Validate first; a refused one is an ErrorInvalid
// wrapping the *providers.InvalidMessageError. Sends are never retried
// after an ambiguous failure, only after a 429. The result's ID is
// Gupshup's message id; WAMID is set only when the answer carries a
// wamid, which Gupshup's documented answers do not (status webhooks
// bring it).
func (p *Provider) SendMessage(ctx context.Context, app providers.App, msg providers.OutboundMessage) (providers.SendResult, error) {
	op := msg.Operation()
	if op == "" {
		op = providers.OpSendText
	}
	if !p.Capabilities().Supports(op) {
		return providers.SendResult{}, unsupported(op)
	}
	if err := msg.Validate(); err != nil {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, err)
	}
	route, err := routeOf(app, msg)
	if err != nil {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, err)
	}
	switch route {
	case viaV1:
		return p.sendV1(ctx, app, op, msg)
	case viaTemplateMsg:
		return p.sendTemplateMsg(ctx, app, op, msg)
	}
	return p.sendV3(ctx, app, op, msg)
}

// v3Answer is the passthrough's Meta-shaped answer, with Gupshup's id.
type v3Answer struct {
	Messages []struct {
		ID string `json:"id"`
	} `json:"messages"`
}

func (p *Provider) sendV3(ctx context.Context, app providers.App, op providers.Operation, msg providers.OutboundMessage) (providers.SendResult, error) {
	base, err := appPath(op, app)
	if err != nil {
		return providers.SendResult{}, err
	}
	body, err := jsonPayload(metaMessage(msg))
	if err != nil {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, err)
	}
	var out v3Answer
	raw, err := p.do(ctx, app, call{op: op, method: http.MethodPost, path: base + "/v3/message", body: body}, &out)
	if err != nil {
		return providers.SendResult{}, err
	}
	if len(out.Messages) == 0 || out.Messages[0].ID == "" {
		return providers.SendResult{}, &providers.Error{BSP: providers.BSPGupshup, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no message id"}
	}
	return sendResult(out.Messages[0].ID, raw), nil
}

// sendResult keeps Gupshup's id, and the wamid too when the id is one.
func sendResult(id string, raw []byte) providers.SendResult {
	res := providers.SendResult{ID: id, Raw: raw}
	if strings.HasPrefix(id, "wamid.") {
		res.WAMID = id
	}
	return res
}

// obj is a JSON object being built; encoding/json writes its keys sorted,
// so bodies are stable.
type obj = map[string]any

// metaMessage writes a validated message as the Cloud API body the v3
// passthrough takes (Meta Flows API §4, providers reference §1.3).
func metaMessage(m providers.OutboundMessage) obj {
	out := obj{"messaging_product": "whatsapp", "recipient_type": "individual", "to": strings.TrimPrefix(m.To, "+")}
	if m.CallbackData != "" {
		out["biz_opaque_callback_data"] = m.CallbackData
	}
	if m.ReplyTo != "" {
		out["context"] = obj{"message_id": m.ReplyTo}
	}
	switch m.Type {
	case providers.MessageText:
		text := obj{"body": m.Text.Body}
		if m.Text.PreviewURL {
			text["preview_url"] = true
		}
		out["type"], out["text"] = "text", text
	case providers.MessageMedia:
		md := m.Media
		media := mediaRef(md.Link, md.ID, md.Filename)
		if md.Caption != "" {
			media["caption"] = md.Caption
		}
		if md.Voice {
			media["voice"] = true
		}
		out["type"], out[string(md.Kind)] = string(md.Kind), media
	case providers.MessageReaction:
		out["type"], out["reaction"] = "reaction", obj{"message_id": m.Reaction.MessageID, "emoji": m.Reaction.Emoji}
	case providers.MessageTemplate:
		out["type"], out["template"] = "template", metaTemplate(m.Template)
	case providers.MessageInteractive:
		out["type"], out["interactive"] = "interactive", metaInteractive(m.Interactive)
	}
	return out
}

func mediaRef(link, id, filename string) obj {
	o := obj{}
	if link != "" {
		o["link"] = link
	}
	if id != "" {
		o["id"] = id
	}
	if filename != "" {
		o["filename"] = filename
	}
	return o
}

func metaTemplate(t *providers.TemplateMessage) obj {
	out := obj{"name": t.Name, "language": obj{"code": t.Language}}
	var comps []obj
	for _, c := range t.Components {
		oc := obj{"type": string(c.Type)}
		if c.Type == providers.RoleButton {
			oc["sub_type"], oc["index"] = string(c.SubType), strconv.Itoa(c.Index)
		}
		var params []obj
		for _, prm := range c.Parameters {
			params = append(params, metaParameter(prm))
		}
		if params != nil {
			oc["parameters"] = params
		}
		comps = append(comps, oc)
	}
	if comps != nil {
		out["components"] = comps
	}
	return out
}

func metaParameter(prm providers.TemplateParameter) obj {
	o := obj{"type": string(prm.Type)}
	if prm.Name != "" {
		o["parameter_name"] = prm.Name
	}
	switch prm.Type {
	case providers.ParamText:
		o["text"] = prm.Text
	case providers.ParamPayload:
		o["payload"] = prm.Payload
	case providers.ParamCouponCode:
		o["coupon_code"] = prm.CouponCode
	case providers.ParamImage, providers.ParamVideo, providers.ParamDocument:
		if prm.Media != nil {
			o[string(prm.Type)] = mediaRef(prm.Media.Link, prm.Media.ID, prm.Media.Filename)
		}
	case providers.ParamLocation:
		if l := prm.Location; l != nil {
			loc := obj{"latitude": l.Latitude, "longitude": l.Longitude}
			if l.Name != "" {
				loc["name"] = l.Name
			}
			if l.Address != "" {
				loc["address"] = l.Address
			}
			o["location"] = loc
		}
	case providers.ParamAction:
		action := obj{}
		if a := prm.Action; a != nil {
			if a.FlowToken != "" {
				action["flow_token"] = a.FlowToken
			}
			if len(a.FlowActionData) > 0 {
				action["flow_action_data"] = a.FlowActionData
			}
		}
		o["action"] = action
	}
	return o
}

func metaInteractive(in *providers.Interactive) obj {
	out := obj{"type": string(in.Type), "body": obj{"text": in.Body}}
	if in.Footer != "" {
		out["footer"] = obj{"text": in.Footer}
	}
	if h := in.Header; h != nil {
		header := obj{"type": h.Type}
		if h.Text != "" {
			header["text"] = h.Text
		}
		if h.Media != nil {
			header[h.Type] = mediaRef(h.Media.Link, h.Media.ID, h.Media.Filename)
		}
		out["header"] = header
	}
	action := obj{}
	switch in.Type {
	case providers.InteractiveButton:
		var buttons []obj
		for _, b := range in.Buttons {
			buttons = append(buttons, obj{"type": "reply", "reply": obj{"id": b.ID, "title": b.Title}})
		}
		action["buttons"] = buttons
	case providers.InteractiveList:
		var sections []obj
		for _, s := range in.Sections {
			var rows []obj
			for _, r := range s.Rows {
				row := obj{"id": r.ID, "title": r.Title}
				if r.Description != "" {
					row["description"] = r.Description
				}
				rows = append(rows, row)
			}
			sec := obj{"rows": rows}
			if s.Title != "" {
				sec["title"] = s.Title
			}
			sections = append(sections, sec)
		}
		action["button"], action["sections"] = in.ListButton, sections
	case providers.InteractiveCTAURL:
		action["name"] = "cta_url"
		action["parameters"] = obj{"display_text": in.CTA.DisplayText, "url": in.CTA.URL}
	case providers.InteractiveLocationRequest:
		out["type"] = "location_request_message"
		action["name"] = "send_location"
	case providers.InteractiveFlow:
		action["name"] = "flow"
		action["parameters"] = flowParameters(in.Flow)
	}
	out["action"] = action
	return out
}

// flowParameters writes interactive.action.parameters of a flow message:
// flow_message_version "3", the flow by id or name, and the first screen
// with its data for navigate ("FIRST_ENTRY_SCREEN" when unnamed).
func flowParameters(f *providers.FlowAction) obj {
	params := obj{"flow_message_version": "3", "flow_cta": f.CTA}
	for k, v := range map[string]string{"flow_token": f.Token, "flow_id": f.FlowID, "flow_name": f.FlowName,
		"mode": string(f.Mode), "flow_action": string(f.Action)} {
		if v != "" {
			params[k] = v
		}
	}
	if f.Action != providers.FlowDataExchange && (f.Screen != "" || len(f.Data) > 0) {
		screen := f.Screen
		if screen == "" {
			screen = "FIRST_ENTRY_SCREEN"
		}
		payload := obj{"screen": screen}
		if len(f.Data) > 0 {
			payload["data"] = f.Data
		}
		params["flow_action_payload"] = payload
	}
	return params
}
