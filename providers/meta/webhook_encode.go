package meta

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/waflow/waflow/providers"
)

// EncodeWebhook writes events as the body Meta would post for them, one
// entry per event, so that ParseWebhook gives the same events back. The
// sandbox BSP sends its webhooks this way, and tests build signed
// webhooks with it; sign the result with crypto.SignBody.
func EncodeWebhook(events []providers.Event) ([]byte, error) {
	env := hookEnvelope{Object: hookObject, Entry: make([]hookEntry, 0, len(events))}
	for i, ev := range events {
		change, err := writeHookChange(ev)
		if err != nil {
			return nil, fmt.Errorf("meta: encode webhook event %d (%s): %w", i, ev.Kind, err)
		}
		entry := hookEntry{ID: ev.WABAID, Changes: []hookChange{change}}
		if ev.Kind == providers.EventTemplateStatus || ev.Kind == providers.EventFlowStatus {
			entry.Time = writeHookUnixNumber(ev.At)
		}
		env.Entry = append(env.Entry, entry)
	}
	return json.Marshal(env)
}

func writeHookChange(ev providers.Event) (hookChange, error) {
	var (
		field string
		value any
	)
	switch {
	case ev.Kind == providers.EventMessage && ev.Message != nil:
		field, value = "messages", writeHookMessage(ev)
	case ev.Kind == providers.EventStatus && ev.Status != nil:
		s := ev.Status
		ws := hookStatus{ID: s.MessageID, Status: s.RawStatus, Timestamp: writeHookUnixString(s.At), RecipientID: s.Recipient}
		for _, e := range s.Errors {
			we := hookError{Code: writeHookCode(e.Code), Title: e.Title, Message: e.Message}
			we.ErrorData.Details = e.Details
			ws.Errors = append(ws.Errors, we)
		}
		field, value = "messages", hookMessagesValue{MessagingProduct: "whatsapp",
			Metadata: hookMetadata{PhoneNumberID: ev.PhoneNumberID}, Statuses: []hookStatus{ws}}
	case ev.Kind == providers.EventTemplateStatus && ev.TemplateStatus != nil:
		t := ev.TemplateStatus
		field, value = "message_template_status_update", hookTemplateStatus{Event: t.RawStatus,
			TemplateID: writeHookCode(t.TemplateID), Name: t.Name, Language: t.Language, Reason: t.Reason}
	case ev.Kind == providers.EventFlowStatus && ev.FlowStatus != nil:
		field, value = "flows", writeHookFlowEvent(ev.FlowStatus)
	default:
		return hookChange{}, fmt.Errorf("kind %q without its payload", ev.Kind)
	}
	raw, err := json.Marshal(value)
	if err != nil {
		return hookChange{}, err
	}
	return hookChange{Field: field, Value: raw}, nil
}

func writeHookMessage(ev providers.Event) hookMessagesValue {
	m := ev.Message
	wm := hookMessage{From: m.From, ID: m.ID, Timestamp: writeHookUnixString(ev.At), Type: m.Type}
	if m.Context != nil {
		wm.Context = &hookContext{From: m.Context.From, ID: m.Context.MessageID}
	}
	switch {
	case m.Type == "text" && m.Text != "":
		wm.Text = &hookText{Body: m.Text}
	case m.Media != nil:
		md := &hookMedia{ID: m.Media.ID, MimeType: m.Media.MimeType, SHA256: m.Media.SHA256,
			Caption: m.Media.Caption, Filename: m.Media.Filename}
		switch m.Type {
		case "image":
			wm.Image = md
		case "video":
			wm.Video = md
		case "audio":
			wm.Audio = md
		case "document":
			wm.Document = md
		case "sticker":
			wm.Sticker = md
		}
	case m.Location != nil:
		wm.Location = &hookLocation{Latitude: m.Location.Latitude, Longitude: m.Location.Longitude,
			Name: m.Location.Name, Address: m.Location.Address}
	case m.Reaction != nil:
		wm.Reaction = &hookReaction{MessageID: m.Reaction.MessageID, Emoji: m.Reaction.Emoji}
	case m.Button != nil:
		wm.Button = &hookButton{Payload: m.Button.Payload, Text: m.Button.Text}
	case m.Interactive != nil:
		r := &hookReply{ID: m.Interactive.ID, Title: m.Interactive.Title, Description: m.Interactive.Description}
		wm.Interactive = &hookInteractive{Type: m.Interactive.Type}
		if m.Interactive.Type == "list_reply" {
			wm.Interactive.ListReply = r
		} else {
			wm.Interactive.ButtonReply = r
		}
	case m.FlowReply != nil:
		reply := &hookNFMReply{Name: "flow", Body: m.FlowReply.Body}
		if m.FlowReply.ResponseJSON != nil {
			// A map of JSON values always marshals.
			raw, _ := json.Marshal(m.FlowReply.ResponseJSON)
			reply.ResponseJSON = string(raw)
		}
		wm.Interactive = &hookInteractive{Type: "nfm_reply", NFMReply: reply}
	}
	v := hookMessagesValue{MessagingProduct: "whatsapp", Metadata: hookMetadata{PhoneNumberID: ev.PhoneNumberID},
		Messages: []hookMessage{wm}}
	if m.ContactName != "" {
		c := hookContact{WAID: m.From}
		c.Profile.Name = m.ContactName
		v.Contacts = []hookContact{c}
	}
	return v
}

func writeHookFlowEvent(u *providers.FlowStatusUpdate) hookFlowEvent {
	w := hookFlowEvent{Event: u.Event, FlowID: u.FlowID, Message: u.Message, OldStatus: string(u.OldStatus),
		NewStatus: string(u.NewStatus), AlertState: u.AlertState, Threshold: u.Threshold, ErrorRate: u.ErrorRate,
		P50: writeHookInt(u.P50), P90: writeHookInt(u.P90), Requests: writeHookInt(u.Requests), Availability: u.Availability,
		Warning: u.Warning}
	for _, e := range u.Errors {
		w.Errors = append(w.Errors, hookFlowError{Type: e.Type, Rate: e.Rate, Count: writeHookInt(e.Count)})
	}
	return w
}

func writeHookInt(n int64) json.Number {
	if n == 0 {
		return ""
	}
	return json.Number(strconv.FormatInt(n, 10))
}

func writeHookUnixString(t time.Time) json.RawMessage {
	if t.IsZero() {
		return nil
	}
	return json.RawMessage(strconv.Quote(strconv.FormatInt(t.Unix(), 10)))
}

func writeHookUnixNumber(t time.Time) json.RawMessage {
	if t.IsZero() {
		return nil
	}
	return json.RawMessage(strconv.FormatInt(t.Unix(), 10))
}

var hookNumberPattern = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// writeHookCode writes an error code or template id as Meta does, a
// number, unless it is not one.
func writeHookCode(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	if hookNumberPattern.MatchString(s) {
		return json.RawMessage(s)
	}
	raw, _ := json.Marshal(s)
	return raw
}
