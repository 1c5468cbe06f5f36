package gupshup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// wireTemplate is a template as Gupshup's list returns it. containerMeta
// is a JSON string holding the definition (body in data, header, footer,
// buttons).
type wireTemplate struct {
	ID            string `json:"id"`
	ElementName   string `json:"elementName"`
	LanguageCode  string `json:"languageCode"`
	Category      string `json:"category"`
	TemplateType  string `json:"templateType"`
	Status        string `json:"status"`
	Reason        string `json:"reason"`
	Data          string `json:"data"`
	ContainerMeta string `json:"containerMeta"`
	ExternalID    string `json:"externalId"`
}

// containerMeta is the part of containerMeta read back. Its key names
// beyond data and buttons are UNCONFIRMED; they mirror the create form.
type containerMeta struct {
	Header  string       `json:"header"`
	Data    string       `json:"data"`
	Footer  string       `json:"footer"`
	Buttons []wireButton `json:"buttons"`
}

// wireButton is one button of the create form's buttons field (a JSON
// string) and of containerMeta, with Meta's key names.
type wireButton struct {
	Type           string   `json:"type"`
	Text           string   `json:"text,omitempty"`
	URL            string   `json:"url,omitempty"`
	PhoneNumber    string   `json:"phone_number,omitempty"`
	FlowID         string   `json:"flow_id,omitempty"`
	FlowAction     string   `json:"flow_action,omitempty"`
	NavigateScreen string   `json:"navigate_screen,omitempty"`
	Example        []string `json:"example,omitempty"`
}

// remote reads a listed template; a containerMeta that does not parse
// leaves the definition to data alone.
func (w wireTemplate) remote() providers.RemoteTemplate {
	t := providers.Template{Name: w.ElementName, Language: w.LanguageCode, Category: providers.TemplateCategory(strings.ToUpper(w.Category))}
	var cm containerMeta
	if w.ContainerMeta == "" || json.Unmarshal([]byte(w.ContainerMeta), &cm) != nil {
		cm = containerMeta{Data: w.Data}
	}
	if cm.Data == "" {
		cm.Data = w.Data
	}
	if cm.Header != "" {
		t.Components = append(t.Components, providers.TemplateComponent{Type: providers.ComponentHeader, Format: providers.HeaderText, Text: cm.Header})
	}
	t.Components = append(t.Components, providers.TemplateComponent{Type: providers.ComponentBody, Text: cm.Data})
	if cm.Footer != "" {
		t.Components = append(t.Components, providers.TemplateComponent{Type: providers.ComponentFooter, Text: cm.Footer})
	}
	if len(cm.Buttons) > 0 {
		c := providers.TemplateComponent{Type: providers.ComponentButtons}
		for _, b := range cm.Buttons {
			c.Buttons = append(c.Buttons, providers.TemplateButton{Type: providers.ButtonType(strings.ToUpper(b.Type)), Text: b.Text,
				URL: b.URL, PhoneNumber: b.PhoneNumber, FlowID: b.FlowID, FlowAction: providers.FlowActionType(b.FlowAction),
				NavigateScreen: b.NavigateScreen, Example: b.Example})
		}
		t.Components = append(t.Components, c)
	}
	return providers.RemoteTemplate{ID: w.ID, Template: t, Status: providers.MapTemplateStatus(w.Status),
		RawStatus: w.Status, Reason: w.Reason}
}

// variable is a positional placeholder, {{1}}.
var variable = regexp.MustCompile(`\{\{\s*(\d+)\s*\}\}`)

// withExamples replaces {{n}} by the n-th sample value: Gupshup's example
// fields are the text as a user would see it.
func withExamples(text string, samples []string) string {
	return variable.ReplaceAllStringFunc(text, func(v string) string {
		n, err := strconv.Atoi(variable.FindStringSubmatch(v)[1])
		if err != nil || n < 1 || n > len(samples) {
			return v
		}
		return samples[n-1]
	})
}

// templateForm writes t as the create and edit form. Gupshup's template
// API takes positional variables, one header, a body, a footer and
// buttons whose FLOW kind names the flow by id; anything else is refused
// before sending.
func templateForm(op providers.Operation, t providers.Template) (url.Values, error) {
	if t.ParameterFormat == providers.FormatNamed {
		return nil, localError(op, providers.ErrorInvalid, errors.New("Gupshup's template API takes positional variables ({{1}}) only"))
	}
	form := url.Values{"elementName": {t.Name}, "languageCode": {t.Language}, "category": {string(t.Category)},
		"vertical": {t.Name}, "templateType": {"TEXT"}}
	for _, c := range t.Components {
		switch c.Type {
		case providers.ComponentHeader:
			if c.Format != "" && c.Format != providers.HeaderText {
				form.Set("templateType", string(c.Format))
				if c.Example != nil && len(c.Example.HeaderHandle) > 0 {
					form.Set("exampleMedia", c.Example.HeaderHandle[0])
				}
				continue
			}
			form.Set("header", c.Text)
			if c.Example != nil && len(c.Example.HeaderText) > 0 {
				form.Set("exampleHeader", withExamples(c.Text, c.Example.HeaderText))
			}
		case providers.ComponentBody:
			form.Set("content", c.Text)
			example := c.Text
			if c.Example != nil && len(c.Example.BodyText) > 0 {
				example = withExamples(c.Text, c.Example.BodyText[0])
			}
			form.Set("example", example)
		case providers.ComponentFooter:
			form.Set("footer", c.Text)
		case providers.ComponentButtons:
			buttons, err := templateButtons(c.Buttons)
			if err != nil {
				return nil, localError(op, providers.ErrorInvalid, err)
			}
			form.Set("buttons", buttons)
		default:
			return nil, localError(op, providers.ErrorInvalid, fmt.Errorf("Gupshup's template API has no %s component", c.Type))
		}
	}
	if form.Get("content") == "" {
		return nil, localError(op, providers.ErrorInvalid, errors.New("a template needs a BODY component with text"))
	}
	return form, nil
}

func templateButtons(in []providers.TemplateButton) (string, error) {
	out := make([]wireButton, 0, len(in))
	for i, b := range in {
		if b.Type == providers.ButtonFlow && (b.FlowID == "" || b.FlowName != "" || b.FlowJSON != "") {
			return "", fmt.Errorf("button %d: a Gupshup FLOW button names its flow by flow_id only", i)
		}
		out = append(out, wireButton{Type: string(b.Type), Text: b.Text, URL: b.URL, PhoneNumber: b.PhoneNumber,
			FlowID: b.FlowID, FlowAction: string(b.FlowAction), NavigateScreen: b.NavigateScreen, Example: b.Example})
	}
	data, err := transport.JSON(out)
	return string(data), err
}

// templateAnswer is the answer to a create or an edit.
type templateAnswer struct {
	outcome
	Template *wireTemplate `json:"template"`
}

// CreateTemplate submits t with POST /partner/app/{appId}/templates,
// form-encoded, buttons as a JSON string. A name already used in that
// language is refused as ErrorConflict.
func (p *Provider) CreateTemplate(ctx context.Context, app providers.App, t providers.Template) (providers.RemoteTemplate, error) {
	const op = providers.OpCreateTemplate
	base, err := appPath(op, app)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	form, err := templateForm(op, t)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	var out templateAnswer
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodPost, path: base + "/templates", body: transport.FormPayload(form)}, &out); err != nil {
		return providers.RemoteTemplate{}, err
	}
	if out.Template == nil || out.Template.ID == "" {
		return providers.RemoteTemplate{}, &providers.Error{BSP: providers.BSPGupshup, Operation: op, Kind: providers.ErrorUnknown, Message: "the answer has no template id"}
	}
	return providers.RemoteTemplate{ID: out.Template.ID, Template: t, Status: providers.MapTemplateStatus(out.Template.Status),
		RawStatus: out.Template.Status, Reason: out.Template.Reason}, nil
}

// GetTemplate finds the template in the app's list: the Partner API has
// no documented read of one template.
func (p *Provider) GetTemplate(ctx context.Context, app providers.App, remoteID string) (providers.RemoteTemplate, error) {
	return p.findTemplate(ctx, app, providers.OpGetTemplate, remoteID)
}

func (p *Provider) findTemplate(ctx context.Context, app providers.App, op providers.Operation, remoteID string) (providers.RemoteTemplate, error) {
	if _, err := segment(op, "template id", remoteID); err != nil {
		return providers.RemoteTemplate{}, err
	}
	list, err := p.listTemplates(ctx, app, op)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	for _, w := range list {
		if w.ID == remoteID {
			return w.remote(), nil
		}
	}
	return providers.RemoteTemplate{}, &providers.Error{BSP: providers.BSPGupshup, Operation: op, Kind: providers.ErrorNotFound,
		Message: "no template with this id in the app's template list"}
}

// templateID is the Gupshup id of the template name in language.
func (p *Provider) templateID(ctx context.Context, app providers.App, op providers.Operation, name, language string) (string, error) {
	list, err := p.listTemplates(ctx, app, op)
	if err != nil {
		return "", err
	}
	for _, w := range list {
		if w.ElementName == name && w.LanguageCode == language {
			return w.ID, nil
		}
	}
	return "", &providers.Error{BSP: providers.BSPGupshup, Operation: op, Kind: providers.ErrorNotFound,
		Message: fmt.Sprintf("the app has no template %q in %s", name, language)}
}

// ListTemplates reads every template with GET
// /partner/app/{appId}/templates (no paging).
func (p *Provider) ListTemplates(ctx context.Context, app providers.App) ([]providers.RemoteTemplate, error) {
	list, err := p.listTemplates(ctx, app, providers.OpListTemplates)
	if err != nil {
		return nil, err
	}
	out := make([]providers.RemoteTemplate, 0, len(list))
	for _, w := range list {
		out = append(out, w.remote())
	}
	return out, nil
}

func (p *Provider) listTemplates(ctx context.Context, app providers.App, op providers.Operation) ([]wireTemplate, error) {
	base, err := appPath(op, app)
	if err != nil {
		return nil, err
	}
	var out struct {
		Templates []wireTemplate `json:"templates"`
	}
	if _, err := p.do(ctx, app, call{op: op, method: http.MethodGet, path: base + "/templates", idempotent: true}, &out); err != nil {
		return nil, err
	}
	return out.Templates, nil
}

// UpdateTemplate edits a template with PUT
// /partner/app/{appId}/templates/{templateId}, the create form again, and
// reads it back from the list.
func (p *Provider) UpdateTemplate(ctx context.Context, app providers.App, remoteID string, t providers.Template) (providers.RemoteTemplate, error) {
	const op = providers.OpUpdateTemplate
	base, err := appPath(op, app)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	id, err := segment(op, "template id", remoteID)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	form, err := templateForm(op, t)
	if err != nil {
		return providers.RemoteTemplate{}, err
	}
	if err := p.mutate(ctx, app, call{op: op, method: http.MethodPut, path: base + "/templates/" + id, body: transport.FormPayload(form), idempotent: true}); err != nil {
		return providers.RemoteTemplate{}, err
	}
	return p.findTemplate(ctx, app, op, remoteID)
}

// DeleteTemplate deletes with DELETE /partner/app/{appId}/template/{name},
// which removes the name in every language, as Meta's delete by name does.
// Without a name, the name is looked up by remoteID.
func (p *Provider) DeleteTemplate(ctx context.Context, app providers.App, remoteID, name string) error {
	const op = providers.OpDeleteTemplate
	base, err := appPath(op, app)
	if err != nil {
		return err
	}
	if name == "" {
		rt, err := p.findTemplate(ctx, app, op, remoteID)
		if err != nil {
			return err
		}
		name = rt.Template.Name
	}
	seg, err := segment(op, "template name", name)
	if err != nil {
		return err
	}
	return p.mutate(ctx, app, call{op: op, method: http.MethodDelete, path: base + "/template/" + seg, idempotent: true})
}
