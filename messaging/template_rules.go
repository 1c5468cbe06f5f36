package messaging

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/waflow/waflow/internal/fielderr"
	"github.com/waflow/waflow/providers"
)

// Meta's limits on template definitions, in characters.
const (
	maxTemplateName   = 512
	maxTemplateBody   = 1024
	maxTemplateHeader = 60
	maxTemplateFooter = 60
	maxButtonText     = 25
	maxButtons        = 10
)

var (
	templateNamePattern = regexp.MustCompile(`^[a-z0-9_]+$`)
	languagePattern     = regexp.MustCompile(`^[a-z]{2,3}(_[A-Za-z]{2,4})?$`)
)

// templateChecker collects the broken rules of a definition.
type templateChecker struct {
	format providers.ParameterFormat
	fields fielderr.List
}

func (c *templateChecker) add(field, format string, args ...any) {
	c.fields.Addf(field, format, args...)
}

// ValidateTemplate applies, before anything reaches a BSP, the rules that
// make Meta refuse a template: the name is 1 to 512 of a-z, 0-9 and _;
// there is a BODY of at most 1024 characters; POSITIONAL variables are
// numbered {{1}} to {{n}} without gaps and NAMED ones are spelled [a-z_]+;
// every variable has an example; a media header's example is an upload
// handle or a link; quick-reply buttons are grouped together; a URL's
// variable is at its end; a FLOW button names its flow by exactly one of
// flow_id, flow_name and flow_json. The error is a *ValidationError whose
// fields name the component ("components[1].buttons[0].flow_id").
func ValidateTemplate(t providers.Template) error {
	c := &templateChecker{format: t.ParameterFormat}
	switch {
	case t.Name == "":
		c.add("name", "is required")
	case utf8.RuneCountInString(t.Name) > maxTemplateName:
		c.add("name", "is %d characters; the limit is %d", utf8.RuneCountInString(t.Name), maxTemplateName)
	case !templateNamePattern.MatchString(t.Name):
		c.add("name", "may hold lower-case letters, digits and underscores only")
	}
	if !languagePattern.MatchString(t.Language) {
		c.add("language", `must be a language code such as "en" or "en_US"`)
	}
	if !slices.Contains(providers.TemplateCategories(), t.Category) {
		c.add("category", "must be one of AUTHENTICATION, MARKETING, UTILITY")
	}
	switch t.ParameterFormat {
	case "":
		c.format = providers.FormatPositional
	case providers.FormatPositional, providers.FormatNamed:
	default:
		c.add("parameter_format", "must be POSITIONAL or NAMED")
	}
	c.components("components", t.Components, true)
	if len(c.fields) > 0 {
		return &ValidationError{Fields: c.fields}
	}
	return nil
}

func (c *templateChecker) components(path string, comps []providers.TemplateComponent, top bool) {
	seen := map[providers.ComponentType]bool{}
	for i, comp := range comps {
		field := fmt.Sprintf("%s[%d]", path, i)
		if seen[comp.Type] {
			c.add(field+".type", "a template has one %s component at most", comp.Type)
		}
		seen[comp.Type] = true
		switch comp.Type {
		case providers.ComponentHeader:
			c.header(field, comp)
		case providers.ComponentBody:
			c.body(field, comp)
		case providers.ComponentFooter:
			c.limit(field+".text", comp.Text, maxTemplateFooter)
			if len(placeholders(comp.Text)) > 0 {
				c.add(field+".text", "a footer takes no variables")
			}
		case providers.ComponentButtons:
			c.buttons(field, comp.Buttons)
		case providers.ComponentCarousel:
			if !top {
				c.add(field+".type", "a carousel card cannot hold a carousel")
			}
			if len(comp.Cards) == 0 {
				c.add(field+".cards", "a carousel needs at least one card")
			}
			for j, card := range comp.Cards {
				c.components(fmt.Sprintf("%s.cards[%d].components", field, j), card.Components, false)
			}
		default:
			c.add(field+".type", "must be one of HEADER, BODY, FOOTER, BUTTONS, CAROUSEL")
		}
	}
	if top && !seen[providers.ComponentBody] {
		c.add(path, "a BODY component is required")
	}
}

func (c *templateChecker) limit(field, text string, limit int) {
	switch n := utf8.RuneCountInString(text); {
	case strings.TrimSpace(text) == "":
		c.add(field, "is required")
	case n > limit:
		c.add(field, "is %d characters; the limit is %d", n, limit)
	}
}

func (c *templateChecker) header(field string, comp providers.TemplateComponent) {
	switch comp.Format {
	case providers.HeaderText:
		c.limit(field+".text", comp.Text, maxTemplateHeader)
		vars := c.variables(field+".text", comp.Text)
		if len(vars) > 1 {
			c.add(field+".text", "a header takes one variable at most, not %d", len(vars))
		}
		if len(vars) == 1 {
			c.examples(field, "header", vars, comp.Example)
		}
	case providers.HeaderImage, providers.HeaderVideo, providers.HeaderDocument:
		if comp.Text != "" {
			c.add(field+".text", "a %s header has no text", comp.Format)
		}
		if comp.Example == nil || len(comp.Example.HeaderHandle) != 1 || !isHandleOrLink(comp.Example.HeaderHandle[0]) {
			c.add(field+".example.header_handle", "a %s header needs one example: an upload handle or an https link", comp.Format)
		}
	case providers.HeaderLocation:
		if comp.Text != "" {
			c.add(field+".text", "a LOCATION header has no text")
		}
	default:
		c.add(field+".format", "must be one of TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION")
	}
}

// isHandleOrLink accepts an absolute http(s) URL or a resumable-upload
// handle, which is opaque but never has spaces.
func isHandleOrLink(s string) bool {
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
	}
	return s != "" && !strings.ContainsAny(s, " \t\n")
}

func (c *templateChecker) body(field string, comp providers.TemplateComponent) {
	c.limit(field+".text", comp.Text, maxTemplateBody)
	if vars := c.variables(field+".text", comp.Text); len(vars) > 0 {
		c.examples(field, "body", vars, comp.Example)
	}
}

// variables checks the spelling and numbering of text's variables and
// returns them.
func (c *templateChecker) variables(field, text string) []string {
	vars := placeholders(text)
	if c.format == providers.FormatNamed {
		for _, v := range vars {
			if !namedPlaceholder.MatchString(v) {
				c.add(field, "%s: NAMED variables are spelled with a-z and _ only", braces(v))
			}
		}
		return vars
	}
	numbers := map[int]bool{}
	for _, v := range vars {
		n, ok := positionalIndex(v)
		if !ok {
			c.add(field, "%s: POSITIONAL variables are numbered {{1}}, {{2}}, …", braces(v))
			continue
		}
		numbers[n] = true
	}
	for n := 1; n <= len(numbers); n++ {
		if !numbers[n] {
			c.add(field, "%s is missing: variables are numbered from {{1}} without gaps", braces(fmt.Sprint(n)))
			break
		}
	}
	return vars
}

// examples wants a sample value for each variable of a header or body.
func (c *templateChecker) examples(field, part string, vars []string, ex *providers.TemplateExample) {
	if ex == nil {
		ex = &providers.TemplateExample{}
	}
	if c.format == providers.FormatNamed {
		named, key := ex.BodyTextNamed, "body_text_named_params"
		if part == "header" {
			named, key = ex.HeaderTextNamed, "header_text_named_params"
		}
		for _, v := range vars {
			if !slices.ContainsFunc(named, func(n providers.NamedExample) bool { return n.ParamName == v && n.Example != "" }) {
				c.add(field+".example."+key, "%s has no example", braces(v))
			}
		}
		return
	}
	if part == "header" {
		if len(ex.HeaderText) != len(vars) {
			c.add(field+".example.header_text", "needs %d example(s), one per variable; has %d", len(vars), len(ex.HeaderText))
		}
		return
	}
	if len(ex.BodyText) != 1 || len(ex.BodyText[0]) != len(vars) {
		got := 0
		if len(ex.BodyText) > 0 {
			got = len(ex.BodyText[0])
		}
		c.add(field+".example.body_text", "needs one row of %d example(s), one per variable; has %d", len(vars), got)
	}
}

func (c *templateChecker) buttons(field string, buttons []providers.TemplateButton) {
	if len(buttons) == 0 || len(buttons) > maxButtons {
		c.add(field+".buttons", "needs 1 to %d buttons, not %d", maxButtons, len(buttons))
	}
	// Quick replies must sit together, before or after the other buttons.
	groups := 0
	for i, b := range buttons {
		if b.Type == providers.ButtonQuickReply && (i == 0 || buttons[i-1].Type != providers.ButtonQuickReply) {
			groups++
		}
	}
	if groups > 1 {
		c.add(field+".buttons", "quick-reply buttons must be grouped together, not split by other buttons")
	}
	for i, b := range buttons {
		bf := fmt.Sprintf("%s.buttons[%d]", field, i)
		if b.Type != providers.ButtonOTP && b.Type != providers.ButtonCatalog && b.Type != providers.ButtonMPM {
			c.limit(bf+".text", b.Text, maxButtonText)
		}
		switch b.Type {
		case providers.ButtonURL:
			c.urlButton(bf, b)
		case providers.ButtonPhoneNumber:
			if b.PhoneNumber == "" {
				c.add(bf+".phone_number", "is required")
			}
		case providers.ButtonFlow:
			c.flowButton(bf, b)
		case providers.ButtonQuickReply, providers.ButtonCopyCode, providers.ButtonOTP, providers.ButtonCatalog, providers.ButtonMPM:
		default:
			c.add(bf+".type", "must be one of QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, OTP, FLOW, CATALOG, MPM")
		}
	}
}

func (c *templateChecker) urlButton(field string, b providers.TemplateButton) {
	u, err := url.Parse(strings.ReplaceAll(b.URL, "{{", "%7B%7B"))
	if b.URL == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		c.add(field+".url", "must be an absolute http(s) URL")
		return
	}
	vars := placeholders(b.URL)
	switch {
	case len(vars) > 1:
		c.add(field+".url", "takes one variable at most, not %d", len(vars))
	case len(vars) == 1 && !strings.HasSuffix(b.URL, braces(vars[0])):
		c.add(field+".url", "the variable %s must end the URL", braces(vars[0]))
	case len(vars) == 1 && c.format == providers.FormatPositional && vars[0] != "1":
		c.add(field+".url", "the URL's variable is {{1}}, not %s", braces(vars[0]))
	case len(vars) == 1 && len(b.Example) != 1:
		c.add(field+".example", "the URL's variable needs one example")
	}
}

func (c *templateChecker) flowButton(field string, b providers.TemplateButton) {
	named := 0
	for _, v := range []string{b.FlowID, b.FlowName, b.FlowJSON} {
		if v != "" {
			named++
		}
	}
	if named != 1 {
		c.add(field, "a FLOW button names its flow by exactly one of flow_id, flow_name and flow_json")
	}
	switch b.FlowAction {
	case "", providers.FlowNavigate:
	case providers.FlowDataExchange:
		if b.NavigateScreen != "" {
			c.add(field+".navigate_screen", "applies to navigate only")
		}
	default:
		c.add(field+".flow_action", `must be "navigate" or "data_exchange"`)
	}
}
