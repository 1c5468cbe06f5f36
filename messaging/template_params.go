package messaging

import (
	"fmt"
	"slices"

	"github.com/waflow/waflow/providers"
)

// paramChecker collects the mismatches between a template message and its
// template.
type paramChecker struct {
	format   providers.ParameterFormat
	problems []ParameterProblem
}

func (c *paramChecker) add(component string, button int, placeholder, format string, args ...any) {
	c.problems = append(c.problems, ParameterProblem{Component: component, Button: button,
		Placeholder: placeholder, Message: fmt.Sprintf(format, args...)})
}

// checkParameters checks tm's components against t: every variable of the
// header and body has a text parameter (by position for POSITIONAL
// templates, by name for NAMED ones), a media header gets media of its
// kind, and every button component names a button of the template of the
// matching kind. The error is a *ParametersError.
func checkParameters(t providers.Template, tm *providers.TemplateMessage) error {
	c := &paramChecker{format: t.ParameterFormat}
	if c.format == "" {
		c.format = providers.FormatPositional
	}
	given := map[providers.TemplateComponentRole]*providers.TemplateMessageComponent{}
	var buttons []providers.TemplateMessageComponent
	for i := range tm.Components {
		comp := &tm.Components[i]
		if comp.Type == providers.RoleButton {
			buttons = append(buttons, *comp)
			continue
		}
		given[comp.Type] = comp
	}
	var header, body *providers.TemplateComponent
	var defButtons []providers.TemplateButton
	for i := range t.Components {
		switch d := &t.Components[i]; d.Type {
		case providers.ComponentHeader:
			header = d
		case providers.ComponentBody:
			body = d
		case providers.ComponentButtons:
			defButtons = append(defButtons, d.Buttons...)
		}
	}
	c.header(header, given[providers.RoleHeader])
	bodyText := ""
	if body != nil {
		bodyText = body.Text
	}
	c.text("body", placeholders(bodyText), given[providers.RoleBody])
	c.buttons(defButtons, buttons)
	if len(c.problems) > 0 {
		return &ParametersError{Template: tm.Name, Language: tm.Language, Problems: c.problems}
	}
	return nil
}

func (c *paramChecker) header(def *providers.TemplateComponent, comp *providers.TemplateMessageComponent) {
	if def == nil || def.Format == "" || def.Format == providers.HeaderText {
		text := ""
		if def != nil {
			text = def.Text
		}
		if def == nil && comp != nil {
			c.add("header", -1, "", "the template has no header")
			return
		}
		c.text("header", placeholders(text), comp)
		return
	}
	want := map[providers.HeaderFormat]providers.ParameterType{
		providers.HeaderImage: providers.ParamImage, providers.HeaderVideo: providers.ParamVideo,
		providers.HeaderDocument: providers.ParamDocument, providers.HeaderLocation: providers.ParamLocation,
	}[def.Format]
	if comp == nil || len(comp.Parameters) != 1 {
		c.add("header", -1, "", "the template's %s header needs exactly one %s parameter", def.Format, want)
		return
	}
	p := comp.Parameters[0]
	switch {
	case p.Type != want:
		c.add("header", -1, "", "the template's header is %s, so the parameter must be %s, not %s", def.Format, want, p.Type)
	case want == providers.ParamLocation && p.Location == nil:
		c.add("header", -1, "", "the location parameter needs a location")
	case want != providers.ParamLocation && (p.Media == nil || (p.Media.Link == "") == (p.Media.ID == "")):
		c.add("header", -1, "", "the %s parameter needs media with a link or an id", want)
	}
}

// text checks the parameters given for the variables vars of a header or
// body.
func (c *paramChecker) text(component string, vars []string, comp *providers.TemplateMessageComponent) {
	var params []providers.TemplateParameter
	if comp != nil {
		params = comp.Parameters
	}
	for i, p := range params {
		if p.Type != providers.ParamText {
			c.add(component, -1, c.placeholderAt(vars, p, i), "parameter %d is %s; variables take text", i+1, p.Type)
		}
	}
	if c.format == providers.FormatNamed {
		c.named(component, vars, params)
		return
	}
	for i, p := range params {
		if p.Name != "" {
			c.add(component, -1, braces(p.Name), "the template is POSITIONAL; parameter %d must have no name", i+1)
		}
	}
	// Template rules number POSITIONAL variables 1 to n, so the i-th
	// parameter fills {{i+1}} wherever it appears in the text.
	for i := len(params); i < len(vars); i++ {
		c.add(component, -1, braces(fmt.Sprint(i+1)), "has no parameter: %d given for %d variables", len(params), len(vars))
	}
	for i := len(vars); i < len(params); i++ {
		c.add(component, -1, braces(fmt.Sprint(i+1)), "the template's %s has no such variable: %d given for %d variables", component, len(params), len(vars))
	}
}

func (c *paramChecker) named(component string, vars []string, params []providers.TemplateParameter) {
	given := map[string]bool{}
	for i, p := range params {
		switch {
		case p.Name == "":
			c.add(component, -1, "", "the template is NAMED; parameter %d needs the name of its variable", i+1)
		case given[p.Name]:
			c.add(component, -1, braces(p.Name), "is given twice")
		case !slices.Contains(vars, p.Name):
			c.add(component, -1, braces(p.Name), "the template's %s has no such variable", component)
		}
		given[p.Name] = true
	}
	for _, v := range vars {
		if !given[v] {
			c.add(component, -1, braces(v), "has no parameter")
		}
	}
}

func (c *paramChecker) placeholderAt(vars []string, p providers.TemplateParameter, i int) string {
	if p.Name != "" {
		return braces(p.Name)
	}
	if c.format == providers.FormatPositional && i < len(vars) {
		return braces(fmt.Sprint(i + 1))
	}
	return ""
}

// buttonSubType is the message component sub-type that fills a template
// button of type t, "" for buttons that take no value.
func buttonSubType(t providers.ButtonType) providers.ButtonSubType {
	switch t {
	case providers.ButtonQuickReply:
		return providers.SubTypeQuickReply
	case providers.ButtonURL:
		return providers.SubTypeURL
	case providers.ButtonFlow:
		return providers.SubTypeFlow
	case providers.ButtonCopyCode:
		return providers.SubTypeCopyCode
	}
	return ""
}

func (c *paramChecker) buttons(defs []providers.TemplateButton, given []providers.TemplateMessageComponent) {
	filled := map[int]bool{}
	for _, b := range given {
		if b.Index >= len(defs) {
			c.add("button", b.Index, "", "the template has %d buttons; there is no button at index %d", len(defs), b.Index)
			continue
		}
		filled[b.Index] = true
		def := defs[b.Index]
		if want := buttonSubType(def.Type); b.SubType != want {
			c.add("button", b.Index, "", "the template's button %d is %s and takes sub_type %q, not %q", b.Index, def.Type, want, b.SubType)
			continue
		}
		c.buttonParams(def, b)
	}
	for i, def := range defs {
		if def.Type == providers.ButtonURL && len(placeholders(def.URL)) > 0 && !filled[i] {
			c.add("button", i, braces(placeholders(def.URL)[0]), "the URL button's variable has no parameter")
		}
	}
}

func (c *paramChecker) buttonParams(def providers.TemplateButton, b providers.TemplateMessageComponent) {
	one := func(t providers.ParameterType, ok func(providers.TemplateParameter) bool, what string) {
		if len(b.Parameters) != 1 || b.Parameters[0].Type != t || !ok(b.Parameters[0]) {
			c.add("button", b.Index, "", "a %s button takes one %s parameter with %s", def.Type, t, what)
		}
	}
	switch def.Type {
	case providers.ButtonURL:
		vars := placeholders(def.URL)
		if len(vars) == 0 {
			c.add("button", b.Index, "", "the URL button has no variable, so it takes no parameter")
			return
		}
		if len(b.Parameters) != 1 || b.Parameters[0].Type != providers.ParamText || b.Parameters[0].Text == "" {
			c.add("button", b.Index, braces(vars[0]), "the URL button's variable takes one text parameter")
		}
	case providers.ButtonQuickReply:
		one(providers.ParamPayload, func(p providers.TemplateParameter) bool { return p.Payload != "" }, "a payload")
	case providers.ButtonCopyCode:
		one(providers.ParamCouponCode, func(p providers.TemplateParameter) bool { return p.CouponCode != "" }, "a coupon_code")
	case providers.ButtonFlow:
		if len(b.Parameters) > 1 || len(b.Parameters) == 1 && b.Parameters[0].Type != providers.ParamAction {
			c.add("button", b.Index, "", "a FLOW button takes at most one action parameter")
		}
	}
}
