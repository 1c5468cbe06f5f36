package infobiptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// sentMessage is an accepted outbound message.
type sentMessage struct {
	id, sender, to, route string
	body                  []byte
}

// single is the body of a single-message endpoint.
type single struct {
	From         string          `json:"from"`
	To           string          `json:"to"`
	MessageID    string          `json:"messageId"`
	Content      json.RawMessage `json:"content"`
	CallbackData string          `json:"callbackData"`
	NotifyURL    string          `json:"notifyUrl"`
	Context      *struct {
		MessageID string `json:"messageId"`
	} `json:"context"`
}

var msisdn = regexp.MustCompile(`^[0-9]{6,15}$`)

// checker collects violations with property paths.
type checker struct {
	vs []Violation
}

func (v *checker) add(property, format string, args ...any) {
	v.vs = append(v.vs, Violation{Property: property, Violation: fmt.Sprintf(format, args...)})
}

func (v *checker) text(property, value string, maxLen int) {
	switch n := utf8.RuneCountInString(value); {
	case strings.TrimSpace(value) == "":
		v.add(property, "must not be blank")
	case n > maxLen:
		v.add(property, "size must be between 1 and %d", maxLen)
	}
}

func (v *checker) link(property, value string) {
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		v.add(property, "must be a valid http(s) URL")
	}
}

// decodeStrict decodes raw into v, refusing fields v does not have, so
// snake_case or Meta-shaped content fails as it does at Infobip.
func decodeStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func (s *Server) checkEnvelope(v *checker, prefix string, m single) {
	if !s.knownSender(m.From) {
		v.add(prefix+"from", "is not a sender of the account")
	}
	if !msisdn.MatchString(m.To) {
		v.add(prefix+"to", "must be a number in international format without +")
	}
	if len(m.Content) == 0 {
		v.add(prefix+"content", "must not be null")
	}
}

// sendSingle answers /whatsapp/1/message/{kind}.
func (s *Server) sendSingle(c *call) (int, any) {
	var m single
	if err := jsonBody(c, &m); err != nil {
		return badRequest("Invalid request.", Violation{Property: "body", Violation: err.Error()})
	}
	v := &checker{}
	s.checkEnvelope(v, "", m)
	kind := strings.TrimPrefix(c.route, "message/")
	if len(m.Content) > 0 {
		check, ok := contentCheckers[kind]
		if !ok {
			return notFound("No resource at POST " + c.r.URL.Path + ".")
		}
		check(s, v, m.Content)
	}
	if len(v.vs) > 0 {
		return badRequest("Bad request.", v.vs...)
	}
	return http.StatusOK, s.accept(m, c.route, c.body)
}

// accept records a message and answers it as PENDING. Callers hold mu.
func (s *Server) accept(m single, route string, body []byte) map[string]any {
	id := m.MessageID
	if id == "" {
		id = s.nextMessageID()
	}
	s.sent[id] = sentMessage{id: id, sender: m.From, to: m.To, route: route, body: body}
	return map[string]any{"to": m.To, "messageCount": 1, "messageId": id, "status": map[string]any{
		"groupId": 1, "groupName": "PENDING", "id": 7, "name": "PENDING_ENROUTE", "description": "Message sent to next instance"}}
}

// contentCheckers validate the content of each kind.
var contentCheckers = map[string]func(*Server, *checker, json.RawMessage){
	"text":                         checkText,
	"image":                        checkMedia(true, false),
	"video":                        checkMedia(true, false),
	"document":                     checkMedia(true, true),
	"audio":                        checkMedia(false, false),
	"sticker":                      checkMedia(false, false),
	"interactive/buttons":          checkButtons,
	"interactive/list":             checkList,
	"interactive/url-button":       checkURLButton,
	"interactive/location-request": checkLocationRequest,
	"interactive/flow":             (*Server).checkFlowMessage,
}

func checkText(_ *Server, v *checker, raw json.RawMessage) {
	var c struct {
		Text       string `json:"text"`
		PreviewURL bool   `json:"previewUrl"`
	}
	if err := decodeStrict(raw, &c); err != nil {
		v.add("content", "%v", err)
		return
	}
	v.text("content.text", c.Text, 4096)
}

func checkMedia(caption, filename bool) func(*Server, *checker, json.RawMessage) {
	return func(_ *Server, v *checker, raw json.RawMessage) {
		var c struct {
			MediaURL string  `json:"mediaUrl"`
			Caption  *string `json:"caption"`
			Filename *string `json:"filename"`
		}
		if err := decodeStrict(raw, &c); err != nil {
			v.add("content", "%v", err)
			return
		}
		v.link("content.mediaUrl", c.MediaURL)
		if c.Caption != nil && !caption {
			v.add("content.caption", "is not supported for this media type")
		}
		if c.Filename != nil && !filename {
			v.add("content.filename", "is not supported for this media type")
		}
	}
}

// interactiveBase is what every interactive content shares.
type interactiveBase struct {
	Header *struct {
		Type     string `json:"type"`
		Text     string `json:"text"`
		MediaURL string `json:"mediaUrl"`
		Filename string `json:"filename"`
	} `json:"header"`
	Body *struct {
		Text string `json:"text"`
	} `json:"body"`
	Footer *struct {
		Text string `json:"text"`
	} `json:"footer"`
	Action json.RawMessage `json:"action"`
}

func (b interactiveBase) check(v *checker, headers ...string) {
	if b.Body == nil {
		v.add("content.body", "must not be null")
	} else {
		v.text("content.body.text", b.Body.Text, 1024)
	}
	if b.Footer != nil {
		v.text("content.footer.text", b.Footer.Text, 60)
	}
	if h := b.Header; h != nil {
		switch {
		case !strings.Contains(strings.Join(headers, ","), h.Type) || h.Type == "":
			v.add("content.header.type", "must be one of %v", headers)
		case h.Type == "TEXT":
			v.text("content.header.text", h.Text, 60)
		default:
			v.link("content.header.mediaUrl", h.MediaURL)
		}
	}
}

func checkButtons(_ *Server, v *checker, raw json.RawMessage) {
	var b interactiveBase
	if err := decodeStrict(raw, &b); err != nil {
		v.add("content", "%v", err)
		return
	}
	b.check(v, "TEXT", "IMAGE", "VIDEO", "DOCUMENT")
	var a struct {
		Buttons []struct {
			Type  string `json:"type"`
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"buttons"`
	}
	if err := decodeStrict(b.Action, &a); err != nil {
		v.add("content.action", "%v", err)
		return
	}
	if n := len(a.Buttons); n < 1 || n > 3 {
		v.add("content.action.buttons", "size must be between 1 and 3")
	}
	for i, btn := range a.Buttons {
		p := fmt.Sprintf("content.action.buttons[%d]", i)
		if btn.Type != "REPLY" {
			v.add(p+".type", "must be REPLY")
		}
		v.text(p+".id", btn.ID, 256)
		v.text(p+".title", btn.Title, 20)
	}
}

func checkList(_ *Server, v *checker, raw json.RawMessage) {
	var b interactiveBase
	if err := decodeStrict(raw, &b); err != nil {
		v.add("content", "%v", err)
		return
	}
	b.check(v, "TEXT")
	var a struct {
		Title    string `json:"title"`
		Sections []struct {
			Title string `json:"title"`
			Rows  []struct {
				ID          string `json:"id"`
				Title       string `json:"title"`
				Description string `json:"description"`
			} `json:"rows"`
		} `json:"sections"`
	}
	if err := decodeStrict(b.Action, &a); err != nil {
		v.add("content.action", "%v", err)
		return
	}
	v.text("content.action.title", a.Title, 20)
	if n := len(a.Sections); n < 1 || n > 10 {
		v.add("content.action.sections", "size must be between 1 and 10")
	}
	for i, sec := range a.Sections {
		if len(sec.Rows) == 0 {
			v.add(fmt.Sprintf("content.action.sections[%d].rows", i), "must not be empty")
		}
		for j, r := range sec.Rows {
			p := fmt.Sprintf("content.action.sections[%d].rows[%d]", i, j)
			v.text(p+".id", r.ID, 200)
			v.text(p+".title", r.Title, 24)
		}
	}
}

func checkURLButton(_ *Server, v *checker, raw json.RawMessage) {
	var b interactiveBase
	if err := decodeStrict(raw, &b); err != nil {
		v.add("content", "%v", err)
		return
	}
	b.check(v, "TEXT", "IMAGE", "VIDEO", "DOCUMENT")
	var a struct {
		DisplayText string `json:"displayText"`
		URL         string `json:"url"`
	}
	if err := decodeStrict(b.Action, &a); err != nil {
		v.add("content.action", "%v", err)
		return
	}
	v.text("content.action.displayText", a.DisplayText, 20)
	v.link("content.action.url", a.URL)
}

func checkLocationRequest(_ *Server, v *checker, raw json.RawMessage) {
	var b interactiveBase
	if err := decodeStrict(raw, &b); err != nil {
		v.add("content", "%v", err)
		return
	}
	b.check(v)
	if b.Header != nil {
		v.add("content.header", "a location request has no header")
	}
}

// checkFlowMessage validates an interactive flow: integer
// flowMessageVersion 3, upper-case mode and flowAction, a CTA of 1 to 20
// characters, a payload only with NAVIGATE, and the flow's status against
// the mode. Callers hold mu.
func (s *Server) checkFlowMessage(v *checker, raw json.RawMessage) {
	var b interactiveBase
	if err := decodeStrict(raw, &b); err != nil {
		v.add("content", "%v", err)
		return
	}
	b.check(v, "TEXT")
	var a struct {
		Mode               string          `json:"mode"`
		FlowMessageVersion json.RawMessage `json:"flowMessageVersion"`
		FlowToken          string          `json:"flowToken"`
		FlowID             string          `json:"flowId"`
		CallToActionButton string          `json:"callToActionButton"`
		FlowAction         string          `json:"flowAction"`
		FlowActionPayload  *struct {
			Screen string         `json:"screen"`
			Data   map[string]any `json:"data"`
		} `json:"flowActionPayload"`
	}
	if err := decodeStrict(b.Action, &a); err != nil {
		v.add("content.action", "%v", err)
		return
	}
	if string(a.FlowMessageVersion) != "3" {
		v.add("content.action.flowMessageVersion", "must be the integer 3")
	}
	if a.Mode != "DRAFT" && a.Mode != "PUBLISHED" {
		v.add("content.action.mode", "must be DRAFT or PUBLISHED")
	}
	if a.FlowAction != "NAVIGATE" && a.FlowAction != "DATA_EXCHANGE" {
		v.add("content.action.flowAction", "must be NAVIGATE or DATA_EXCHANGE")
	}
	v.text("content.action.callToActionButton", a.CallToActionButton, 20)
	if p := a.FlowActionPayload; p != nil {
		if a.FlowAction != "NAVIGATE" {
			v.add("content.action.flowActionPayload", "applies to NAVIGATE only")
		}
		if p.Screen == "" {
			v.add("content.action.flowActionPayload.screen", "must not be blank")
		}
	}
	f, ok := s.flows[a.FlowID]
	switch {
	case !ok:
		v.add("content.action.flowId", "no flow %q", a.FlowID)
	case f.status == StatusDeprecated || f.status == StatusBlocked:
		v.add("content.action.flowId", "flow %s is %s and cannot be sent", f.id, f.status)
	case a.Mode == "DRAFT" && f.status != StatusDraft:
		v.add("content.action.mode", "DRAFT mode sends DRAFT flows only; flow %s is %s", f.id, f.status)
	case a.Mode == "PUBLISHED" && f.status == StatusDraft:
		v.add("content.action.mode", "flow %s is not published", f.id)
	}
}

// markRead answers the read call for an inbound message id.
func (s *Server) markRead(c *call) (int, any) {
	if len(c.body) > 0 {
		return badRequest("Invalid request.", Violation{Property: "body", Violation: "the read call takes no body"})
	}
	return http.StatusNoContent, nil
}

// Sent returns the body Infobip received for an accepted message, by its
// messageId, and false when there is none.
func (s *Server) Sent(messageID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.sent[messageID]
	if !ok {
		return nil, false
	}
	return append([]byte(nil), m.body...), true
}
