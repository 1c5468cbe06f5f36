package providers

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// FieldError is one broken rule of an outbound message, named by its JSON
// path ("interactive.flow.cta", "media.link").
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// InvalidMessageError lists every rule an [OutboundMessage] breaks, in the
// order the fields are checked.
type InvalidMessageError struct {
	Fields []FieldError
}

func (e *InvalidMessageError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return "invalid message: " + strings.Join(parts, "; ")
}

// WhatsApp's limits on message parts, in characters.
const (
	maxTextBody        = 4096
	maxCaption         = 1024
	maxInteractiveBody = 1024
	maxHeaderText      = 60
	maxFooter          = 60
	maxReplyButtons    = 3
	maxButtonTitle     = 20
	maxButtonID        = 256
	maxListRows        = 10
	maxListSections    = 10
	maxRowTitle        = 24
	maxRowDescription  = 72
	maxRowID           = 200
	maxSectionTitle    = 24
	// MaxFlowCTA is the longest flow button label: Meta now advises 30,
	// but its older pages and several SDKs enforce 20, so 20 is what works
	// everywhere.
	MaxFlowCTA = 20
)

// Validate checks the rules every BSP shares: the payload matches Type,
// required fields are there, lengths are within WhatsApp's limits, media is
// given by link or id. It does not check a template's parameters against
// the template, which only the template's owner knows. The error is an
// *InvalidMessageError.
func (m OutboundMessage) Validate() error {
	v := &checker{}
	m.check(v)
	if len(v.fields) > 0 {
		return &InvalidMessageError{Fields: v.fields}
	}
	return nil
}

type checker struct{ fields []FieldError }

func (v *checker) add(field, format string, args ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (v *checker) required(field, value string) {
	if strings.TrimSpace(value) == "" {
		v.add(field, "is required")
	}
}

func (v *checker) maxLen(field, value string, limit int) {
	if n := utf8.RuneCountInString(value); n > limit {
		v.add(field, "is %d characters; the limit is %d", n, limit)
	}
}

func (v *checker) link(field, value string) {
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		v.add(field, "must be an absolute http(s) URL")
	}
}

func (m OutboundMessage) check(v *checker) {
	payloads := map[MessageType]bool{
		MessageText: m.Text != nil, MessageMedia: m.Media != nil, MessageReaction: m.Reaction != nil,
		MessageTemplate: m.Template != nil, MessageInteractive: m.Interactive != nil, MessageMarkRead: m.MarkRead != nil,
	}
	if !slices.Contains(MessageTypes(), m.Type) {
		v.add("type", "must be one of %s", joinQuoted(MessageTypes()))
		return
	}
	if !payloads[m.Type] {
		v.add(string(m.Type), "is required for a %s message", m.Type)
	}
	for _, t := range MessageTypes() {
		if t != m.Type && payloads[t] {
			v.add(string(t), "must not be set in a %s message", m.Type)
		}
	}
	if m.Type != MessageMarkRead {
		checkRecipient(v, m.To)
	}
	switch {
	case m.Text != nil && m.Type == MessageText:
		v.required("text.body", m.Text.Body)
		v.maxLen("text.body", m.Text.Body, maxTextBody)
	case m.Media != nil && m.Type == MessageMedia:
		m.Media.check(v)
	case m.Reaction != nil && m.Type == MessageReaction:
		v.required("reaction.message_id", m.Reaction.MessageID)
	case m.MarkRead != nil && m.Type == MessageMarkRead:
		v.required("mark_read.message_id", m.MarkRead.MessageID)
	case m.Template != nil && m.Type == MessageTemplate:
		m.Template.check(v)
	case m.Interactive != nil && m.Type == MessageInteractive:
		m.Interactive.check(v)
	}
}

// checkRecipient accepts E.164 digits with an optional "+": WhatsApp ids are
// phone numbers without it.
func checkRecipient(v *checker, to string) {
	digits := strings.TrimPrefix(to, "+")
	switch {
	case to == "":
		v.add("to", "is required")
	case len(digits) < 6 || len(digits) > 15 || strings.Trim(digits, "0123456789") != "":
		v.add("to", "must be a phone number in E.164 digits, optionally with a leading +")
	}
}

func (md *Media) check(v *checker) {
	if !slices.Contains(MediaKinds(), md.Kind) {
		v.add("media.kind", "must be one of %s", joinQuoted(MediaKinds()))
	}
	checkRef(v, "media", md.Link, md.ID)
	captioned := md.Kind == MediaImage || md.Kind == MediaVideo || md.Kind == MediaDocument
	switch {
	case md.Caption != "" && !captioned:
		v.add("media.caption", "applies to image, video and document only")
	case md.Caption != "":
		v.maxLen("media.caption", md.Caption, maxCaption)
	}
	if md.Filename != "" && md.Kind != MediaDocument {
		v.add("media.filename", "applies to documents only")
	}
	if md.Voice && md.Kind != MediaAudio {
		v.add("media.voice", "applies to audio only")
	}
}

// checkRef wants exactly one of a link and an uploaded media id.
func checkRef(v *checker, field, link, id string) {
	switch {
	case link == "" && id == "":
		v.add(field, "needs a link or an id")
	case link != "" && id != "":
		v.add(field, "takes a link or an id, not both")
	case link != "":
		v.link(field+".link", link)
	}
}

func (t *TemplateMessage) check(v *checker) {
	v.required("template.name", t.Name)
	v.required("template.language", t.Language)
	roles := []TemplateComponentRole{RoleHeader, RoleBody, RoleButton}
	subTypes := []ButtonSubType{SubTypeQuickReply, SubTypeURL, SubTypeFlow, SubTypeCopyCode}
	seen := map[string]bool{}
	for i, c := range t.Components {
		field := fmt.Sprintf("template.components[%d]", i)
		if !slices.Contains(roles, c.Type) {
			v.add(field+".type", "must be one of %s", joinQuoted(roles))
			continue
		}
		key := string(c.Type)
		if c.Type == RoleButton {
			if !slices.Contains(subTypes, c.SubType) {
				v.add(field+".sub_type", "must be one of %s", joinQuoted(subTypes))
			}
			if c.Index < 0 {
				v.add(field+".index", "must not be negative")
			}
			key = fmt.Sprintf("button %d", c.Index)
		} else if c.SubType != "" || c.Index != 0 {
			v.add(field, "sub_type and index apply to buttons only")
		}
		if seen[key] {
			v.add(field, "repeats the %s component", key)
		}
		seen[key] = true
	}
}

func (in *Interactive) check(v *checker) {
	if !slices.Contains(InteractiveTypes(), in.Type) {
		v.add("interactive.type", "must be one of %s", joinQuoted(InteractiveTypes()))
		return
	}
	v.required("interactive.body", in.Body)
	v.maxLen("interactive.body", in.Body, maxInteractiveBody)
	v.maxLen("interactive.footer", in.Footer, maxFooter)
	if in.Header != nil {
		in.Header.check(v, in.Type)
	}
	used := map[string]bool{
		"buttons": len(in.Buttons) > 0, "list_button": in.ListButton != "", "sections": len(in.Sections) > 0,
		"cta": in.CTA != nil, "flow": in.Flow != nil,
	}
	wanted := map[InteractiveType][]string{
		InteractiveButton: {"buttons"}, InteractiveList: {"list_button", "sections"},
		InteractiveCTAURL: {"cta"}, InteractiveFlow: {"flow"},
	}[in.Type]
	for _, name := range []string{"buttons", "list_button", "sections", "cta", "flow"} {
		switch want := slices.Contains(wanted, name); {
		case want && !used[name]:
			v.add("interactive."+name, "is required for a %s message", in.Type)
		case !want && used[name]:
			v.add("interactive."+name, "does not apply to a %s message", in.Type)
		}
	}
	switch in.Type {
	case InteractiveButton:
		checkReplyButtons(v, in.Buttons)
	case InteractiveList:
		v.maxLen("interactive.list_button", in.ListButton, maxButtonTitle)
		checkSections(v, in.Sections)
	case InteractiveCTAURL:
		if in.CTA != nil {
			v.required("interactive.cta.display_text", in.CTA.DisplayText)
			v.maxLen("interactive.cta.display_text", in.CTA.DisplayText, maxButtonTitle)
			v.link("interactive.cta.url", in.CTA.URL)
		}
	case InteractiveFlow:
		if in.Flow != nil {
			in.Flow.check(v)
		}
	}
}

func (h *InteractiveHeader) check(v *checker, t InteractiveType) {
	switch h.Type {
	case "text":
		v.required("interactive.header.text", h.Text)
		v.maxLen("interactive.header.text", h.Text, maxHeaderText)
		if h.Media != nil {
			v.add("interactive.header.media", "does not apply to a text header")
		}
	case string(MediaImage), string(MediaVideo), string(MediaDocument):
		if t == InteractiveList || t == InteractiveFlow {
			v.add("interactive.header.type", "a %s message takes a text header only", t)
		}
		if h.Media == nil {
			v.add("interactive.header.media", "is required for a %s header", h.Type)
		} else {
			checkRef(v, "interactive.header.media", h.Media.Link, h.Media.ID)
		}
	default:
		v.add("interactive.header.type", `must be one of "text", "image", "video", "document"`)
	}
	if t == InteractiveLocationRequest {
		v.add("interactive.header", "a location request has no header")
	}
}

func checkReplyButtons(v *checker, buttons []ReplyButton) {
	if len(buttons) > maxReplyButtons {
		v.add("interactive.buttons", "has %d buttons; the limit is %d", len(buttons), maxReplyButtons)
	}
	ids := map[string]bool{}
	for i, b := range buttons {
		field := fmt.Sprintf("interactive.buttons[%d]", i)
		v.required(field+".id", b.ID)
		v.maxLen(field+".id", b.ID, maxButtonID)
		v.required(field+".title", b.Title)
		v.maxLen(field+".title", b.Title, maxButtonTitle)
		if ids[b.ID] {
			v.add(field+".id", "repeats id %q", b.ID)
		}
		ids[b.ID] = true
	}
}

func checkSections(v *checker, sections []ListSection) {
	if len(sections) > maxListSections {
		v.add("interactive.sections", "has %d sections; the limit is %d", len(sections), maxListSections)
	}
	rows := 0
	ids := map[string]bool{}
	for i, s := range sections {
		field := fmt.Sprintf("interactive.sections[%d]", i)
		if len(sections) > 1 {
			v.required(field+".title", s.Title)
		}
		v.maxLen(field+".title", s.Title, maxSectionTitle)
		if len(s.Rows) == 0 {
			v.add(field+".rows", "needs at least one row")
		}
		for j, r := range s.Rows {
			rf := fmt.Sprintf("%s.rows[%d]", field, j)
			v.required(rf+".id", r.ID)
			v.maxLen(rf+".id", r.ID, maxRowID)
			v.required(rf+".title", r.Title)
			v.maxLen(rf+".title", r.Title, maxRowTitle)
			v.maxLen(rf+".description", r.Description, maxRowDescription)
			if ids[r.ID] {
				v.add(rf+".id", "repeats id %q", r.ID)
			}
			ids[r.ID] = true
		}
		rows += len(s.Rows)
	}
	if rows > maxListRows {
		v.add("interactive.sections", "have %d rows in all; the limit is %d", rows, maxListRows)
	}
}

func (f *FlowAction) check(v *checker) {
	switch {
	case f.FlowID == "" && f.FlowName == "":
		v.add("interactive.flow", "needs flow_id or flow_name")
	case f.FlowID != "" && f.FlowName != "":
		v.add("interactive.flow", "takes flow_id or flow_name, not both")
	}
	v.required("interactive.flow.cta", f.CTA)
	v.maxLen("interactive.flow.cta", f.CTA, MaxFlowCTA)
	if f.Mode != "" && f.Mode != FlowModePublished && f.Mode != FlowModeDraft {
		v.add("interactive.flow.mode", `must be "published" or "draft"`)
	}
	switch f.Action {
	case "", FlowNavigate:
		if f.Data != nil && len(f.Data) == 0 {
			v.add("interactive.flow.data", "must not be empty when given")
		}
	case FlowDataExchange:
		if f.Screen != "" || f.Data != nil {
			v.add("interactive.flow", "screen and data apply to navigate only; data_exchange asks the endpoint for the first screen")
		}
	default:
		v.add("interactive.flow.action", `must be "navigate" or "data_exchange"`)
	}
}

func joinQuoted[T ~string](values []T) string {
	parts := make([]string, len(values))
	for i, s := range values {
		parts[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(parts, ", ")
}
