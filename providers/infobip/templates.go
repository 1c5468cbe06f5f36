package infobip

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// wireTemplate is a template as Infobip's templates API (v2) holds it.
type wireTemplate struct {
	ID                string        `json:"id,omitempty"`
	BusinessAccountID int64         `json:"businessAccountId,omitempty"`
	Name              string        `json:"name,omitempty"`
	Language          string        `json:"language,omitempty"`
	Status            string        `json:"status,omitempty"`
	Category          string        `json:"category,omitempty"`
	Structure         wireStructure `json:"structure"`
}

// wireStructure is a template's content: Meta's components as named
// fields.
type wireStructure struct {
	Header  *wireHeader  `json:"header,omitempty"`
	Body    wireBody     `json:"body"`
	Footer  *wireFooter  `json:"footer,omitempty"`
	Buttons []wireButton `json:"buttons,omitempty"`
}

// wireHeader is TEXT with Text and an optional Example, IMAGE, VIDEO or
// DOCUMENT with a sample URL in Example, or LOCATION.
type wireHeader struct {
	Format  string `json:"format"`
	Text    string `json:"text,omitempty"`
	Example string `json:"example,omitempty"`
}

type wireBody struct {
	Text     string   `json:"text"`
	Examples []string `json:"examples,omitempty"`
}

type wireFooter struct {
	Text string `json:"text"`
}

// wireButton is QUICK_REPLY (Text), URL (Text, URL, Example),
// PHONE_NUMBER (Text, PhoneNumber) or FLOW (Text, FlowID as a number,
// FlowAction, NavigateScreen).
type wireButton struct {
	Type           string `json:"type"`
	Text           string `json:"text,omitempty"`
	URL            string `json:"url,omitempty"`
	Example        string `json:"example,omitempty"`
	PhoneNumber    string `json:"phoneNumber,omitempty"`
	FlowID         int64  `json:"flowId,omitempty"`
	FlowAction     string `json:"flowAction,omitempty"`
	NavigateScreen string `json:"navigateScreen,omitempty"`
}

func (w wireTemplate) remote() providers.RemoteTemplate {
	return providers.RemoteTemplate{
		ID: w.ID, Status: providers.MapTemplateStatus(w.Status), RawStatus: w.Status,
		Template: providers.Template{Name: w.Name, Language: w.Language, Category: providers.TemplateCategory(w.Category),
			Components: w.Structure.components()},
	}
}

// components writes the structure back as Meta-shaped components.
func (s wireStructure) components() []providers.TemplateComponent {
	var out []providers.TemplateComponent
	if h := s.Header; h != nil {
		c := providers.TemplateComponent{Type: providers.ComponentHeader, Format: providers.HeaderFormat(h.Format), Text: h.Text}
		switch {
		case h.Example != "" && h.Format == string(providers.HeaderText):
			c.Example = &providers.TemplateExample{HeaderText: []string{h.Example}}
		case h.Example != "":
			c.Example = &providers.TemplateExample{HeaderHandle: []string{h.Example}}
		}
		out = append(out, c)
	}
	body := providers.TemplateComponent{Type: providers.ComponentBody, Text: s.Body.Text}
	if len(s.Body.Examples) > 0 {
		body.Example = &providers.TemplateExample{BodyText: [][]string{s.Body.Examples}}
	}
	out = append(out, body)
	if s.Footer != nil {
		out = append(out, providers.TemplateComponent{Type: providers.ComponentFooter, Text: s.Footer.Text})
	}
	if len(s.Buttons) > 0 {
		c := providers.TemplateComponent{Type: providers.ComponentButtons}
		for _, b := range s.Buttons {
			tb := providers.TemplateButton{Type: providers.ButtonType(b.Type), Text: b.Text, URL: b.URL, PhoneNumber: b.PhoneNumber,
				FlowAction: providers.FlowActionType(strings.ToLower(b.FlowAction)), NavigateScreen: b.NavigateScreen}
			if b.FlowID != 0 {
				tb.FlowID = strconv.FormatInt(b.FlowID, 10)
			}
			if b.Example != "" {
				tb.Example = []string{b.Example}
			}
			c.Buttons = append(c.Buttons, tb)
		}
		out = append(out, c)
	}
	return out
}

// encodeStructure writes a Meta-shaped definition as Infobip's
// structure. Infobip's placeholders are positional and its buttons are
// quick replies, URLs, phone numbers and flows (a flow by its numeric id);
// anything else is refused before sending.
func encodeStructure(op providers.Operation, t providers.Template) (wireStructure, error) {
	var s wireStructure
	bad := func(format string, args ...any) (wireStructure, error) {
		return wireStructure{}, localError(op, providers.ErrorInvalid, fmt.Errorf(format, args...))
	}
	if t.ParameterFormat == providers.FormatNamed {
		return bad("Infobip's templates take positional variables ({{1}}), not named ones")
	}
	hasBody := false
	for i, c := range t.Components {
		switch c.Type {
		case providers.ComponentHeader:
			h := &wireHeader{Format: string(c.Format), Text: c.Text}
			if ex := c.Example; ex != nil {
				switch {
				case len(ex.HeaderText) > 0:
					h.Example = ex.HeaderText[0]
				case len(ex.HeaderHandle) > 0:
					h.Example = ex.HeaderHandle[0]
				}
			}
			s.Header = h
		case providers.ComponentBody:
			hasBody = true
			s.Body.Text = c.Text
			if c.Example != nil && len(c.Example.BodyText) > 0 {
				s.Body.Examples = c.Example.BodyText[0]
			}
		case providers.ComponentFooter:
			s.Footer = &wireFooter{Text: c.Text}
		case providers.ComponentButtons:
			for j, b := range c.Buttons {
				wb, err := encodeButton(b)
				if err != nil {
					return bad("components[%d].buttons[%d]: %v", i, j, err)
				}
				s.Buttons = append(s.Buttons, wb)
			}
		default:
			return bad("components[%d]: Infobip's structure has no %s", i, c.Type)
		}
	}
	if !hasBody {
		return bad("a template needs a BODY")
	}
	return s, nil
}

func encodeButton(b providers.TemplateButton) (wireButton, error) {
	wb := wireButton{Type: string(b.Type), Text: b.Text}
	switch b.Type {
	case providers.ButtonQuickReply:
	case providers.ButtonURL:
		wb.URL = b.URL
		if len(b.Example) > 0 {
			wb.Example = b.Example[0]
		}
	case providers.ButtonPhoneNumber:
		wb.PhoneNumber = b.PhoneNumber
	case providers.ButtonFlow:
		if b.FlowName != "" || b.FlowJSON != "" {
			return wb, fmt.Errorf("Infobip's FLOW buttons name the flow by flow_id only")
		}
		id, err := strconv.ParseInt(b.FlowID, 10, 64)
		if err != nil || id <= 0 {
			return wb, fmt.Errorf("flow_id %q is not Infobip's numeric flow id", b.FlowID)
		}
		action := b.FlowAction
		if action == "" {
			action = providers.FlowNavigate
		}
		wb.FlowID, wb.FlowAction, wb.NavigateScreen = id, strings.ToUpper(string(action)), b.NavigateScreen
	default:
		return wb, fmt.Errorf("Infobip's templates take no %s button", b.Type)
	}
	return wb, nil
}

// templatePath is ".../senders/{sender}/templates" and, with key, one
// template's path.
func templatePath(op providers.Operation, app providers.App, what string, key ...string) (string, error) {
	base, err := senderPath(op, "2", app)
	if err != nil {
		return "", err
	}
	base += "/templates"
	for _, k := range key {
		seg, err := segment(op, what, k)
		if err != nil {
			return "", err
		}
		base += "/" + seg
	}
	return base, nil
}

// CreateTemplate submits t with POST /whatsapp/2/senders/{sender}/templates
// and returns the template Infobip answers, PENDING. Infobip refuses a
// name already used in that language with the 400 of every bad field; the
// provider looks the name up to tell a duplicate (ErrorConflict) from
// another refusal (ErrorInvalid).
func (p *Provider) CreateTemplate(ctx context.Context, app providers.App, t providers.Template) (providers.RemoteTemplate, error) {
	const op = providers.OpCreateTemplate
	path, err := templatePath(op, app, "")
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	structure, err := encodeStructure(op, t)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	body, err := transport.JSONPayload(wireTemplate{Name: t.Name, Language: t.Language, Category: string(t.Category), Structure: structure})
	if err != nil {
		return providers.RemoteTemplate{}, localError(op, providers.ErrorInvalid, err)
	}
	var out wireTemplate
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodPost, path: path, body: body}, &out); err != nil {
		var pe *providers.Error
		if errors.As(err, &pe) && pe.Kind == providers.ErrorInvalid && p.templateExists(ctx, app, t.Name, t.Language) {
			return providers.RemoteTemplate{}, reclassify(err, providers.ErrorConflict)
		}
		return providers.RemoteTemplate{}, err
	}
	if out.ID == "" {
		return providers.RemoteTemplate{}, &providers.Error{BSP: providers.BSPInfobip, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no template id"}
	}
	return out.remote(), nil
}

// templateExists reports whether the sender has a template name in
// language; a failed lookup counts as no.
func (p *Provider) templateExists(ctx context.Context, app providers.App, name, language string) bool {
	list, err := p.ListTemplates(ctx, app)
	if err != nil {
		return false
	}
	for _, rt := range list {
		if rt.Template.Name == name && rt.Template.Language == language {
			return true
		}
	}
	return false
}

// GetTemplate reads one template with GET …/templates/{id}.
func (p *Provider) GetTemplate(ctx context.Context, app providers.App, remoteID string) (providers.RemoteTemplate, error) {
	const op = providers.OpGetTemplate
	path, err := templatePath(op, app, "template id", remoteID)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	var out wireTemplate
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodGet, path: path, idempotent: true}, &out); err != nil {
		return providers.RemoteTemplate{}, err
	}
	return out.remote(), nil
}

// ListTemplates reads every template of the sender with GET …/templates.
func (p *Provider) ListTemplates(ctx context.Context, app providers.App) ([]providers.RemoteTemplate, error) {
	const op = providers.OpListTemplates
	path, err := templatePath(op, app, "")
	if err != nil {
		return nil, err
	}
	var out struct {
		Templates []wireTemplate `json:"templates"`
	}
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodGet, path: path, idempotent: true}, &out); err != nil {
		return nil, err
	}
	list := make([]providers.RemoteTemplate, 0, len(out.Templates))
	for _, w := range out.Templates {
		list = append(list, w.remote())
	}
	return list, nil
}

// UpdateTemplate edits the template's category and structure with
// PATCH …/templates/{id} and reads it back, as the answer to the edit
// carries no template. Name and language cannot change.
func (p *Provider) UpdateTemplate(ctx context.Context, app providers.App, remoteID string, t providers.Template) (providers.RemoteTemplate, error) {
	const op = providers.OpUpdateTemplate
	path, err := templatePath(op, app, "template id", remoteID)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	structure, err := encodeStructure(op, t)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	body, err := transport.JSONPayload(struct {
		Category  string        `json:"category,omitempty"`
		Structure wireStructure `json:"structure"`
	}{string(t.Category), structure})
	if err != nil {
		return providers.RemoteTemplate{}, localError(op, providers.ErrorInvalid, err)
	}
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodPatch, path: path, body: body, idempotent: true}, nil); err != nil {
		return providers.RemoteTemplate{}, err
	}
	rt, err := p.GetTemplate(ctx, app, remoteID)
	if err != nil {
		return providers.RemoteTemplate{}, reoperate(err, op)
	}
	return rt, nil
}

// DeleteTemplate deletes by name with DELETE …/templates/{name}: Infobip
// deletes the template in every language. remoteID is not used.
func (p *Provider) DeleteTemplate(ctx context.Context, app providers.App, _ string, name string) error {
	const op = providers.OpDeleteTemplate
	path, err := templatePath(op, app, "template name", name)
	if err != nil {
		return err
	}
	_, err = p.do(ctx, app, call{op: op, method: http.MethodDelete, path: path, idempotent: true}, nil)
	return err
}
