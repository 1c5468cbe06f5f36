package meta

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
)

// Webhooks reads the webhooks of Meta's Cloud API: the verification
// handshake, the X-Hub-Signature-256 check and the messages,
// message_template_status_update and flows fields. It has no state; the
// zero value is ready and safe for concurrent use.
type Webhooks struct{}

var _ providers.WebhookReceiver = Webhooks{}

// hookObject is the only envelope "object" a WhatsApp webhook carries.
const hookObject = "whatsapp_business_account"

// Handshake implements [providers.WebhookReceiver]: hub.mode must be
// "subscribe", hub.challenge non-empty, and hub.verify_token one of
// verifyTokens. Tokens are hashed before the constant-time comparison so
// that their lengths do not leak either.
func (Webhooks) Handshake(query url.Values, verifyTokens []string) (string, bool) {
	challenge := query.Get("hub.challenge")
	if query.Get("hub.mode") != "subscribe" || challenge == "" {
		return "", false
	}
	got := sha256.Sum256([]byte(query.Get("hub.verify_token")))
	match := 0
	for _, t := range verifyTokens {
		if t == "" {
			continue
		}
		want := sha256.Sum256([]byte(t))
		match |= subtle.ConstantTimeCompare(got[:], want[:])
	}
	return challenge, match == 1
}

// VerifyWebhook implements [providers.WebhookReceiver] with the
// X-Hub-Signature-256 header over the raw body. The legacy SHA-1 header
// that Meta may send alongside is ignored.
func (Webhooks) VerifyWebhook(secrets [][]byte, header http.Header, body []byte) error {
	err := crypto.VerifyBodySignature(secrets, body, header.Get(crypto.SignatureHeader))
	switch {
	case err == nil:
		return nil
	case errors.Is(err, crypto.ErrSignatureMissing):
		return fmt.Errorf("meta: %w: %w", providers.ErrWebhookUnsigned, err)
	case errors.Is(err, crypto.ErrNoSecret):
		return fmt.Errorf("meta: %w: %w", providers.ErrWebhookNoSecret, err)
	}
	return fmt.Errorf("meta: %w: %w", providers.ErrWebhookSignature, err)
}

// ParseWebhook implements [providers.WebhookReceiver]. Change fields other
// than messages, message_template_status_update and flows are skipped, as
// are statuses and template events waflow has no word for.
func (Webhooks) ParseWebhook(body []byte) ([]providers.Event, error) {
	var env hookEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("meta: %w: %w", providers.ErrWebhookMalformed, err)
	}
	if env.Object != hookObject {
		return nil, fmt.Errorf("meta: %w: object is %q, want %q", providers.ErrWebhookMalformed, env.Object, hookObject)
	}
	var out []providers.Event
	for i, e := range env.Entry {
		entryTime, err := readHookUnix(e.Time)
		if err != nil {
			return nil, fmt.Errorf("meta: %w: entry[%d].time: %w", providers.ErrWebhookMalformed, i, err)
		}
		for j, c := range e.Changes {
			var err error
			switch c.Field {
			case "messages":
				out, err = readHookMessages(out, e.ID, c.Value)
			case "message_template_status_update":
				out, err = readHookTemplateStatus(out, e.ID, entryTime, c.Value)
			case "flows":
				out, err = readHookFlowEvent(out, e.ID, entryTime, c.Value)
			}
			if err != nil {
				return nil, fmt.Errorf("meta: %w: entry[%d].changes[%d] (%s): %w", providers.ErrWebhookMalformed, i, j, c.Field, err)
			}
		}
	}
	return out, nil
}

func readHookMessages(out []providers.Event, wabaID string, raw json.RawMessage) ([]providers.Event, error) {
	var v hookMessagesValue
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	names := make(map[string]string, len(v.Contacts))
	for _, c := range v.Contacts {
		names[c.WAID] = c.Profile.Name
	}
	for i, m := range v.Messages {
		at, err := readHookUnix(m.Timestamp)
		if err != nil {
			return nil, fmt.Errorf("messages[%d].timestamp: %w", i, err)
		}
		if m.ID == "" {
			return nil, fmt.Errorf("messages[%d]: no id", i)
		}
		msg, err := readHookMessage(m)
		if err != nil {
			return nil, fmt.Errorf("messages[%d]: %w", i, err)
		}
		msg.ContactName = names[m.From]
		out = append(out, providers.Event{
			Kind: providers.EventMessage, DedupeKey: "message:" + m.ID,
			PhoneNumberID: v.Metadata.PhoneNumberID, WABAID: wabaID, At: at, Message: msg,
		})
	}
	for i, s := range v.Statuses {
		at, err := readHookUnix(s.Timestamp)
		if err != nil {
			return nil, fmt.Errorf("statuses[%d].timestamp: %w", i, err)
		}
		if s.ID == "" {
			return nil, fmt.Errorf("statuses[%d]: no id", i)
		}
		// "played" (a voice note) is "read"; the mapping is shared by
		// every BSP (providers reference §7.4).
		status, ok := providers.MapMessageStatus(s.Status)
		if !ok || status == providers.MessagePending {
			continue
		}
		errs, err := readHookErrors(s.Errors)
		if err != nil {
			return nil, fmt.Errorf("statuses[%d].errors: %w", i, err)
		}
		out = append(out, providers.Event{
			Kind: providers.EventStatus, DedupeKey: "status:" + s.ID + ":" + s.Status,
			PhoneNumberID: v.Metadata.PhoneNumberID, WABAID: wabaID, At: at,
			Status: &providers.StatusUpdate{MessageID: s.ID, WAMID: s.ID, Status: status, RawStatus: s.Status,
				Recipient: s.RecipientID, At: at, Errors: errs},
		})
	}
	return out, nil
}

func readHookMessage(m hookMessage) (*providers.InboundMessage, error) {
	msg := &providers.InboundMessage{ID: m.ID, From: m.From, Type: m.Type}
	if m.Context != nil {
		msg.Context = &providers.InboundContext{MessageID: m.Context.ID, From: m.Context.From}
	}
	switch m.Type {
	case "text":
		if m.Text != nil {
			msg.Text = m.Text.Body
		}
	case "image", "video", "audio", "document", "sticker":
		if md := m.media(); md != nil {
			msg.Media = &providers.InboundMedia{ID: md.ID, MimeType: md.MimeType, SHA256: md.SHA256,
				Caption: md.Caption, Filename: md.Filename}
		}
	case "location":
		if l := m.Location; l != nil {
			msg.Location = &providers.InboundLocation{Latitude: l.Latitude, Longitude: l.Longitude,
				Name: l.Name, Address: l.Address}
		}
	case "reaction":
		if r := m.Reaction; r != nil {
			msg.Reaction = &providers.InboundReaction{MessageID: r.MessageID, Emoji: r.Emoji}
		}
	case "button":
		if b := m.Button; b != nil {
			msg.Button = &providers.InboundButton{Payload: b.Payload, Text: b.Text}
		}
	case "interactive":
		if m.Interactive != nil {
			return msg, readHookInteractive(msg, m.Interactive)
		}
	}
	return msg, nil
}

func readHookInteractive(msg *providers.InboundMessage, in *hookInteractive) error {
	switch in.Type {
	case "button_reply":
		if r := in.ButtonReply; r != nil {
			msg.Interactive = &providers.InboundInteractive{Type: in.Type, ID: r.ID, Title: r.Title}
		}
	case "list_reply":
		if r := in.ListReply; r != nil {
			msg.Interactive = &providers.InboundInteractive{Type: in.Type, ID: r.ID, Title: r.Title,
				Description: r.Description}
		}
	case "nfm_reply":
		if r := in.NFMReply; r != nil {
			reply, err := readHookFlowReply(r)
			if err != nil {
				return err
			}
			if msg.Context != nil {
				reply.ContextMessageID = msg.Context.MessageID
			}
			msg.FlowReply = reply
		}
	}
	return nil
}

// readHookFlowReply decodes response_json, which Meta sends as a string
// holding a JSON object. flow_token is optional: some iOS clients leave it out.
func readHookFlowReply(r *hookNFMReply) (*providers.FlowReply, error) {
	reply := &providers.FlowReply{Body: r.Body}
	if strings.TrimSpace(r.ResponseJSON) == "" {
		return reply, nil
	}
	dec := json.NewDecoder(strings.NewReader(r.ResponseJSON))
	if err := dec.Decode(&reply.ResponseJSON); err != nil {
		return nil, fmt.Errorf("nfm_reply.response_json: %w", err)
	}
	if dec.More() {
		return nil, errors.New("nfm_reply.response_json: data after the JSON object")
	}
	if reply.ResponseJSON == nil {
		return nil, errors.New("nfm_reply.response_json: null, want an object")
	}
	reply.FlowToken, _ = reply.ResponseJSON["flow_token"].(string)
	return reply, nil
}

func readHookTemplateStatus(out []providers.Event, wabaID string, at time.Time, raw json.RawMessage) ([]providers.Event, error) {
	var v hookTemplateStatus
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	status := providers.MapTemplateStatus(v.Event)
	if status == providers.TemplateUnknown {
		return out, nil
	}
	id, err := readHookScalar(v.TemplateID)
	if err != nil {
		return nil, fmt.Errorf("message_template_id: %w", err)
	}
	return append(out, providers.Event{
		Kind: providers.EventTemplateStatus, DedupeKey: "template_status:" + id + ":" + v.Event + ":" + hookUnixText(at),
		WABAID: wabaID, At: at,
		TemplateStatus: &providers.TemplateStatusUpdate{TemplateID: id, Name: v.Name, Language: v.Language,
			Status: status, RawStatus: v.Event, Reason: v.Reason},
	}), nil
}

func readHookFlowEvent(out []providers.Event, wabaID string, at time.Time, raw json.RawMessage) ([]providers.Event, error) {
	var v hookFlowEvent
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	if v.FlowID == "" || v.Event == "" {
		return nil, errors.New("flow_id and event are required")
	}
	u := &providers.FlowStatusUpdate{FlowID: v.FlowID, Event: v.Event, AlertState: v.AlertState,
		Threshold: v.Threshold, ErrorRate: v.ErrorRate, Availability: v.Availability,
		Message: v.Message, Warning: v.Warning}
	if v.OldStatus != "" {
		u.OldStatus = readHookFlowStatus(v.OldStatus)
	}
	if v.NewStatus != "" {
		u.NewStatus = readHookFlowStatus(v.NewStatus)
	}
	var err error
	if u.P50, err = readHookInt(v.P50); err != nil {
		return nil, fmt.Errorf("p50_latency: %w", err)
	}
	if u.P90, err = readHookInt(v.P90); err != nil {
		return nil, fmt.Errorf("p90_latency: %w", err)
	}
	if u.Requests, err = readHookInt(v.Requests); err != nil {
		return nil, fmt.Errorf("requests_count: %w", err)
	}
	for i, e := range v.Errors {
		n, err := readHookInt(e.Count)
		if err != nil {
			return nil, fmt.Errorf("errors[%d].error_count: %w", i, err)
		}
		u.Errors = append(u.Errors, providers.FlowErrorRate{Type: e.Type, Rate: e.Rate, Count: n})
	}
	// A status change and an alert of the same flow may share a second,
	// so the key names both the state reached and the alert state.
	key := strings.Join([]string{"flow_status", v.FlowID, v.Event, v.AlertState, string(u.NewStatus), hookUnixText(at)}, ":")
	return append(out, providers.Event{Kind: providers.EventFlowStatus, DedupeKey: key,
		WABAID: wabaID, At: at, FlowStatus: u}), nil
}

// readHookFlowStatus keeps a status Meta may add later as FlowUnknown
// rather than guessing.
func readHookFlowStatus(raw string) providers.FlowStatus {
	switch s := providers.FlowStatus(raw); s {
	case providers.FlowDraft, providers.FlowPublished, providers.FlowDeprecated, providers.FlowThrottled, providers.FlowBlocked:
		return s
	}
	return providers.FlowUnknown
}

func readHookErrors(in []hookError) ([]providers.EventError, error) {
	var out []providers.EventError
	for _, e := range in {
		code, err := readHookScalar(e.Code)
		if err != nil {
			return nil, fmt.Errorf("code: %w", err)
		}
		out = append(out, providers.EventError{Code: code, Title: e.Title, Message: e.Message, Details: e.ErrorData.Details})
	}
	return out, nil
}

// readHookUnix reads Meta's Unix-seconds times, sent as a string in
// messages and statuses and as a number in entries. Absent means the zero time.
func readHookUnix(raw json.RawMessage) (time.Time, error) {
	text, err := readHookScalar(raw)
	if err != nil || text == "" {
		return time.Time{}, err
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n < 0 || n > hookMaxUnix {
		return time.Time{}, fmt.Errorf("%q is not Unix seconds", text)
	}
	return time.Unix(n, 0).UTC(), nil
}

// hookMaxUnix (year 9999) keeps times within what both stores hold.
const hookMaxUnix = 253402300799

func hookUnixText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return strconv.FormatInt(t.Unix(), 10)
}

// readHookScalar reads a JSON string or number as text; null or absent
// is "".
func readHookScalar(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", errors.New("want a string or a number")
	}
	return n.String(), nil
}

// readHookInt reads a count or a latency. Meta documents integers; a
// fraction is rounded rather than losing the whole webhook over it.
func readHookInt(n json.Number) (int64, error) {
	if n == "" {
		return 0, nil
	}
	if i, err := n.Int64(); err == nil {
		return i, nil
	}
	f, err := n.Float64()
	if err != nil || f < -1<<53 || f > 1<<53 {
		return 0, fmt.Errorf("%s is not an integer in range", n)
	}
	if f < 0 {
		return int64(f - 0.5), nil
	}
	return int64(f + 0.5), nil
}
