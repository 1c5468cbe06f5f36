package gupshup

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
	"github.com/waflow/waflow/providers/meta"
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
	data, err := meta.EncodeMessage(msg)
	if err != nil {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, err)
	}
	body := transport.Payload{ContentType: "application/json", Data: data}
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

// wamidPrefix starts every wamid.
const wamidPrefix = "wamid."

// sendResult keeps Gupshup's id, and the wamid too when the id is one.
func sendResult(id string, raw []byte) providers.SendResult {
	res := providers.SendResult{ID: id, Raw: raw}
	if strings.HasPrefix(id, wamidPrefix) {
		res.WAMID = id
	}
	return res
}
