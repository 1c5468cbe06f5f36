package infobip

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/waflow/waflow/providers"
)

// hookBody is every body Infobip posts: the batched reports under
// results, or a template update at the top level.
type hookBody struct {
	Results *[]json.RawMessage `json:"results"`
	hookTemplate
}

// hookResult holds the fields of the three kinds of result, told apart by
// which are present: message (inbound), seenAt (seen report), status
// (delivery report), change (a template update, should Infobip batch
// those too).
type hookResult struct {
	MessageID  string          `json:"messageId"`
	From       string          `json:"from"`
	To         string          `json:"to"`
	ReceivedAt string          `json:"receivedAt"`
	SentAt     string          `json:"sentAt"`
	DoneAt     string          `json:"doneAt"`
	SeenAt     string          `json:"seenAt"`
	Message    *hookMessage    `json:"message"`
	Contact    *hookContact    `json:"contact"`
	Status     *hookStatus     `json:"status"`
	Error      *hookStatus     `json:"error"`
	Change     json.RawMessage `json:"change"`
}

type hookContact struct {
	Name string `json:"name"`
}

// hookMessage is an inbound message's content; the fields used depend on
// Type.
type hookMessage struct {
	Type        string          `json:"type"`
	Text        string          `json:"text"`
	URL         string          `json:"url"`
	Caption     string          `json:"caption"`
	Payload     string          `json:"payload"`
	ID          string          `json:"id"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Latitude    float64         `json:"latitude"`
	Longitude   float64         `json:"longitude"`
	Name        string          `json:"name"`
	Address     string          `json:"address"`
	Response    json.RawMessage `json:"response"`
	Context     *hookContext    `json:"context"`
}

type hookContext struct {
	ID   string `json:"id"`
	From string `json:"from"`
}

// hookStatus is a delivery report's status or error.
type hookStatus struct {
	GroupID     int    `json:"groupId"`
	GroupName   string `json:"groupName"`
	ID          int    `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Permanent   bool   `json:"permanent"`
}

// hookTemplate is a template update.
type hookTemplate struct {
	TemplateID       json.RawMessage `json:"messageTemplateId"`
	TemplateName     string          `json:"messageTemplateName"`
	TemplateLanguage string          `json:"messageTemplateLanguage"`
	Timestamp        json.RawMessage `json:"timestamp"`
	Change           *hookChange     `json:"change"`
}

type hookChange struct {
	Type      string `json:"type"`
	NewStatus string `json:"newStatus"`
	Reason    string `json:"reason"`
}

// Inbound message types with a toolkit meaning of their own.
const (
	typeFlowReply   = "INTERACTIVE_FLOW_REPLY"
	typeButtonReply = "INTERACTIVE_BUTTON_REPLY"
	typeListReply   = "INTERACTIVE_LIST_REPLY"
	changeStatus    = "TEMPLATE_STATUS_UPDATE"
)

// mediaTypes are the inbound types that carry a file at url.
var mediaTypes = map[string]bool{"IMAGE": true, "VIDEO": true, "AUDIO": true, "VOICE": true, "DOCUMENT": true, "STICKER": true}

// ParseWebhook implements [providers.WebhookReceiver]. A body is either
// {"results":[…]} — inbound messages, delivery reports and seen reports,
// in any mix — or one template update. Events come in the body's order;
// delivery reports whose status group has no toolkit word and template
// updates other than status changes are skipped.
func (Webhooks) ParseWebhook(body []byte) ([]providers.Event, error) {
	var b hookBody
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("infobip: %w: %w", providers.ErrWebhookMalformed, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("infobip: %w: data after the JSON object", providers.ErrWebhookMalformed)
	}
	switch {
	case b.Results != nil:
		var out []providers.Event
		for i, raw := range *b.Results {
			var err error
			if out, err = readResult(out, raw); err != nil {
				return nil, fmt.Errorf("infobip: %w: results[%d]: %w", providers.ErrWebhookMalformed, i, err)
			}
		}
		return out, nil
	case b.Change != nil:
		out, err := readTemplateUpdate(nil, b.hookTemplate)
		if err != nil {
			return nil, fmt.Errorf("infobip: %w: %w", providers.ErrWebhookMalformed, err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("infobip: %w: neither results nor a template change", providers.ErrWebhookMalformed)
}

func readResult(out []providers.Event, raw json.RawMessage) ([]providers.Event, error) {
	var r hookResult
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	switch {
	case r.Message != nil:
		return readInbound(out, r)
	case r.SeenAt != "":
		return readSeen(out, r)
	case r.Status != nil:
		return readDelivery(out, r)
	case len(r.Change) > 0 && string(r.Change) != "null":
		var t hookTemplate
		if err := json.Unmarshal(raw, &t); err != nil {
			return nil, err
		}
		return readTemplateUpdate(out, t)
	}
	return out, nil
}

func readInbound(out []providers.Event, r hookResult) ([]providers.Event, error) {
	if r.MessageID == "" {
		return nil, errors.New("an inbound message without messageId")
	}
	if r.From == "" {
		return nil, errors.New("an inbound message without from")
	}
	at, err := readTime(r.ReceivedAt)
	if err != nil {
		return nil, fmt.Errorf("receivedAt: %w", err)
	}
	msg, err := readMessage(r)
	if err != nil {
		return nil, err
	}
	return append(out, providers.Event{
		Kind: providers.EventMessage, DedupeKey: "message:" + r.MessageID, Account: r.To, At: at, Message: msg,
	}), nil
}

// readMessage maps the content. Types are Infobip's words lower-cased,
// except the three interactive replies, which are "interactive" as at
// Meta; types waflow does not model (contacts, orders, reactions, …) keep
// only their type.
func readMessage(r hookResult) (*providers.InboundMessage, error) {
	m := r.Message
	kind := strings.ToUpper(strings.TrimSpace(m.Type))
	msg := &providers.InboundMessage{ID: r.MessageID, From: r.From, Type: strings.ToLower(kind)}
	if r.Contact != nil {
		msg.ContactName = r.Contact.Name
	}
	if m.Context != nil && m.Context.ID != "" {
		msg.Context = &providers.InboundContext{MessageID: m.Context.ID, From: m.Context.From}
	}
	switch {
	case kind == "TEXT":
		msg.Text = m.Text
	case mediaTypes[kind]:
		msg.Media = &providers.InboundMedia{ID: m.URL, Caption: m.Caption}
	case kind == "LOCATION":
		msg.Location = &providers.InboundLocation{Latitude: m.Latitude, Longitude: m.Longitude, Name: m.Name, Address: m.Address}
	case kind == "BUTTON":
		msg.Button = &providers.InboundButton{Payload: m.Payload, Text: m.Text}
	case kind == typeButtonReply || kind == typeListReply:
		msg.Type = "interactive"
		sub := "button_reply"
		if kind == typeListReply {
			sub = "list_reply"
		}
		msg.Interactive = &providers.InboundInteractive{Type: sub, ID: m.ID, Title: m.Title, Description: m.Description}
	case kind == typeFlowReply:
		msg.Type = "interactive"
		reply, err := readFlowReply(m)
		if err != nil {
			return nil, err
		}
		msg.FlowReply = reply
	}
	return msg, nil
}

// readFlowReply reads Infobip's flow completion, whose response is an
// object already (Meta's response_json is a string of JSON). Infobip
// documents no flow_token field of its own, so FlowToken comes from the
// response, as WhatsApp puts it there.
func readFlowReply(m *hookMessage) (*providers.FlowReply, error) {
	var response map[string]any
	if len(m.Response) == 0 || json.Unmarshal(m.Response, &response) != nil || response == nil {
		return nil, errors.New("a flow reply whose response is not an object")
	}
	reply := &providers.FlowReply{ResponseJSON: response, Body: m.Text}
	if token, ok := response["flow_token"].(string); ok {
		reply.FlowToken = token
	}
	if m.Context != nil {
		reply.ContextMessageID = m.Context.ID
	}
	return reply, nil
}

func readSeen(out []providers.Event, r hookResult) ([]providers.Event, error) {
	if r.MessageID == "" {
		return nil, errors.New("a seen report without messageId")
	}
	at, err := readTime(r.SeenAt)
	if err != nil {
		return nil, fmt.Errorf("seenAt: %w", err)
	}
	return append(out, providers.Event{
		Kind: providers.EventStatus, DedupeKey: "status:" + r.MessageID + ":SEEN", Account: r.From, At: at,
		Status: &providers.StatusUpdate{MessageID: r.MessageID, Status: providers.MessageRead, RawStatus: "SEEN", Recipient: r.To, At: at},
	}), nil
}

// readDelivery maps a delivery report by its status group. Infobip sends
// an error object on every report, {"groupName":"OK","id":0,…} when there
// was none; only a real one becomes an EventError, and a failed report
// without one gets its status as the error.
func readDelivery(out []providers.Event, r hookResult) ([]providers.Event, error) {
	if r.MessageID == "" {
		return nil, errors.New("a delivery report without messageId")
	}
	status, ok := providers.MapMessageStatus(r.Status.GroupName)
	if !ok {
		return out, nil
	}
	stamp := r.DoneAt
	if stamp == "" {
		stamp = r.SentAt
	}
	at, err := readTime(stamp)
	if err != nil {
		return nil, fmt.Errorf("doneAt: %w", err)
	}
	group := strings.ToUpper(strings.TrimSpace(r.Status.GroupName))
	su := &providers.StatusUpdate{MessageID: r.MessageID, Status: status, RawStatus: group, Recipient: r.To, At: at}
	switch e := r.Error; {
	case e != nil && (e.ID != 0 || e.GroupID != 0):
		su.Errors = []providers.EventError{eventError(*e)}
	case status == providers.MessageFailed:
		su.Errors = []providers.EventError{eventError(*r.Status)}
	}
	return append(out, providers.Event{
		Kind: providers.EventStatus, DedupeKey: "status:" + r.MessageID + ":" + group, At: at, Status: su,
	}), nil
}

func eventError(s hookStatus) providers.EventError {
	e := providers.EventError{Code: strconv.Itoa(s.ID), Title: s.Name, Message: s.Description}
	if s.Permanent {
		e.Details = "permanent"
	}
	return e
}

// readTemplateUpdate maps a template status change; category and quality
// changes are skipped.
func readTemplateUpdate(out []providers.Event, t hookTemplate) ([]providers.Event, error) {
	if t.Change == nil || t.Change.Type != changeStatus {
		return out, nil
	}
	id, err := readID(t.TemplateID)
	if err != nil {
		return nil, fmt.Errorf("messageTemplateId: %w", err)
	}
	stamp, at, err := readStamp(t.Timestamp)
	if err != nil {
		return nil, fmt.Errorf("timestamp: %w", err)
	}
	reason := t.Change.Reason
	if strings.EqualFold(reason, "NONE") {
		reason = ""
	}
	return append(out, providers.Event{
		Kind: providers.EventTemplateStatus, DedupeKey: "template_status:" + id + ":" + t.Change.NewStatus + ":" + stamp, At: at,
		TemplateStatus: &providers.TemplateStatusUpdate{
			TemplateID: id, Name: t.TemplateName, Language: t.TemplateLanguage,
			Status: providers.MapTemplateStatus(t.Change.NewStatus), RawStatus: t.Change.NewStatus, Reason: reason,
		},
	}), nil
}

// readID reads an id given as a string or a number.
func readID(raw json.RawMessage) (string, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil && s != "" {
		return s, nil
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil && n != "" {
		if _, err := strconv.ParseUint(n.String(), 10, 64); err == nil {
			return n.String(), nil
		}
	}
	return "", errors.New("not a non-empty string or a whole number")
}

// readStamp reads a timestamp given as Infobip's date text or as Unix
// milliseconds, returning its text (for dedupe keys) and time; absent is
// the zero time.
func readStamp(raw json.RawMessage) (string, time.Time, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", time.Time{}, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		at, err := readTime(s)
		return s, at, err
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		ms, err := strconv.ParseInt(n.String(), 10, 64)
		if err != nil || ms < 0 {
			return "", time.Time{}, errors.New("not Unix milliseconds")
		}
		return n.String(), time.UnixMilli(ms).UTC(), nil
	}
	return "", time.Time{}, errors.New("neither text nor a number")
}

// timeLayouts are the forms of Infobip's dates: "2019-07-19T11:21:27.861+0000"
// in its samples, RFC 3339 in newer APIs.
var timeLayouts = []string{"2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700", time.RFC3339Nano}

// readTime parses an Infobip date into UTC; empty is the zero time.
func readTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range timeLayouts {
		if at, err := time.Parse(layout, s); err == nil {
			return at.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date Infobip writes", s)
}
