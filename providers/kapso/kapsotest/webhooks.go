package kapsotest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/waflow/waflow/providers/internal/fakebsp"
)

// Kapso's webhook event names (X-Webhook-Event).
const (
	EventMessageReceived     = "whatsapp.message.received"
	EventMessageSent         = "whatsapp.message.sent"
	EventMessageDelivered    = "whatsapp.message.delivered"
	EventMessageRead         = "whatsapp.message.read"
	EventMessageFailed       = "whatsapp.message.failed"
	EventConversationCreated = "whatsapp.conversation.created"
)

// Webhook is one delivery's body and what its headers say.
type Webhook struct {
	// Event is the X-Webhook-Event name; empty for a forwarded Meta
	// payload (a webhook of kind "meta").
	Event string
	Body  []byte
	// BatchSize, when set, marks a buffered delivery of that many payloads.
	BatchSize int
}

// Tamper spoils a delivery in one way a receiver must notice.
type Tamper int

// Ways to spoil a delivery.
const (
	// Untampered signs the raw body with the webhook secret.
	Untampered Tamper = iota
	// WrongSecret signs with another secret.
	WrongSecret
	// Unsigned sends no X-Webhook-Signature header.
	Unsigned
	// AlteredBody changes the body after signing it.
	AlteredBody
	// Reserialized signs the compact body and sends it re-indented, as a
	// receiver that re-encodes JSON before hashing would see it.
	Reserialized
	// Prefixed sends the signature as "sha256=<hex>", Meta's form, which
	// Kapso never uses.
	Prefixed
)

// Delivery says where and how to deliver a webhook.
type Delivery struct {
	URL    string
	Tamper Tamper
	// Retries are the waits before each redelivery of a non-2xx answer;
	// Kapso's are RetrySchedule, tests pass shorter ones. Nil delivers once.
	Retries []time.Duration
}

// RetrySchedule is Kapso's redelivery schedule for kapso-kind webhooks.
func RetrySchedule() []time.Duration {
	return []time.Duration{10 * time.Second, 40 * time.Second, 90 * time.Second}
}

// sign is Kapso's signature: lowercase hex HMAC-SHA256 of the raw body.
func sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Deliver posts wh to d.URL as Kapso does, signed with the webhook
// secret, and returns the status of each attempt.
func (s *Server) Deliver(ctx context.Context, d Delivery, wh Webhook) ([]int, error) {
	sent, signature := wh.Body, sign(s.opts.WebhookSecret, wh.Body)
	switch d.Tamper {
	case WrongSecret:
		signature = sign("not-"+s.opts.WebhookSecret, wh.Body)
	case AlteredBody:
		sent = append(bytes.Clone(wh.Body[:len(wh.Body)-1]), []byte(` }`)...)
	case Reserialized:
		var err error
		if sent, err = fakebsp.Reindent(wh.Body); err != nil {
			return nil, err
		}
	case Prefixed:
		signature = "sha256=" + signature
	}
	idem := sha256.Sum256(wh.Body)
	header := http.Header{"Content-Type": {"application/json"}, "X-Idempotency-Key": {hex.EncodeToString(idem[:])}}
	if d.Tamper != Unsigned {
		header.Set("X-Webhook-Signature", signature)
	}
	if wh.Event != "" {
		header.Set("X-Webhook-Event", wh.Event)
		header.Set("X-Webhook-Payload-Version", "v2")
	}
	if wh.BatchSize > 0 {
		header.Set("X-Webhook-Batch", "true")
		header.Set("X-Batch-Size", strconv.Itoa(wh.BatchSize))
	}
	return fakebsp.Post(ctx, s.client, d.URL, header, sent, d.Retries)
}

// timestamp is Meta's Unix-seconds string.
func (s *Server) timestamp() string { return strconv.FormatInt(s.now().Unix(), 10) }

// conversation is the payload's conversation member.
func (s *Server) conversation(phoneID, user, name string) map[string]any {
	conv := map[string]any{"id": "conv-" + user, "phone_number": "+" + user, "status": "active", "phone_number_id": phoneID}
	if name != "" {
		conv["kapso"] = map[string]any{"contact_name": name}
	}
	return conv
}

func payload(message map[string]any, conversation map[string]any, phoneID string) []byte {
	pl := map[string]any{"conversation": conversation, "is_new_conversation": false, "phone_number_id": phoneID}
	if message != nil {
		pl["message"] = message
	}
	body, _ := json.Marshal(pl)
	return body
}

// ReceivedText is whatsapp.message.received for a text from user, who
// thereby opens the 24-hour window at the Meta fake.
func (s *Server) ReceivedText(phoneID, user, name, body string) (wamid string, wh Webhook) {
	s.Meta.Inbound(phoneID, user)
	wamid = s.nextWAMID()
	msg := map[string]any{"from": user, "id": wamid, "timestamp": s.timestamp(), "type": "text",
		"text":  map[string]string{"body": body},
		"kapso": map[string]any{"direction": "inbound", "status": "received", "processing_status": "pending", "origin": "cloud_api", "has_media": false, "content": body}}
	return wamid, Webhook{Event: EventMessageReceived, Body: payload(msg, s.conversation(phoneID, user, name), phoneID)}
}

// FlowReply describes a flow completion to send.
type FlowReply struct {
	PhoneNumberID string
	From          string
	// ContextWAMID is the flow message (or template) answered.
	ContextWAMID string
	// Response is what the flow returned; its flow_token, when present,
	// also goes to message.kapso.flow_token.
	Response map[string]any
	// KapsoOnly leaves out Meta's interactive.nfm_reply, keeping only
	// Kapso's parsed message.kapso.flow_response: where Kapso puts the
	// response is unconfirmed, so both placements are offered.
	KapsoOnly bool
}

// ReceivedFlowReply is whatsapp.message.received for a flow completion.
func (s *Server) ReceivedFlowReply(r FlowReply) (wamid string, wh Webhook, err error) {
	s.Meta.Inbound(r.PhoneNumberID, r.From)
	response, err := json.Marshal(r.Response)
	if err != nil {
		return "", Webhook{}, err
	}
	wamid = s.nextWAMID()
	token, _ := r.Response["flow_token"].(string)
	ext := map[string]any{"direction": "inbound", "status": "received", "origin": "cloud_api", "has_media": false,
		"content": "Flow response", "flow_response": r.Response}
	if token != "" {
		ext["flow_token"] = token
	}
	interactive := map[string]any{"type": "nfm_reply"}
	if !r.KapsoOnly {
		interactive["nfm_reply"] = map[string]string{"name": "flow", "body": "Sent", "response_json": string(response)}
	}
	msg := map[string]any{"from": r.From, "id": wamid, "timestamp": s.timestamp(), "type": "interactive",
		"context": map[string]string{"from": r.PhoneNumberID, "id": r.ContextWAMID}, "interactive": interactive, "kapso": ext}
	return wamid, Webhook{Event: EventMessageReceived, Body: payload(msg, s.conversation(r.PhoneNumberID, r.From, ""), r.PhoneNumberID)}, nil
}

// StatusError is an error of a failed status, in Meta's shape.
type StatusError struct {
	Code    int
	Title   string
	Message string
	Details string
}

// statusEvent names the event of an outbound status.
func statusEvent(status string) string {
	switch status {
	case "sent":
		return EventMessageSent
	case "delivered":
		return EventMessageDelivered
	case "read":
		return EventMessageRead
	case "failed":
		return EventMessageFailed
	}
	return "whatsapp.message." + status
}

// Status is the event of an outbound message reaching status ("sent",
// "delivered", "read" or "failed"), with Kapso's cumulative history of
// Meta statuses in message.kapso.statuses; errs go on a failed status.
func (s *Server) Status(phoneID, wamid, to, status string, errs ...StatusError) Webhook {
	steps := map[string][]string{"sent": {"sent"}, "delivered": {"sent", "delivered"},
		"read": {"sent", "delivered", "read"}, "failed": {"sent", "failed"}}[status]
	if steps == nil {
		steps = []string{status}
	}
	history := make([]any, 0, len(steps))
	for _, st := range steps {
		raw := map[string]any{"id": wamid, "status": st, "timestamp": s.timestamp(), "recipient_id": to}
		if st == "failed" && len(errs) > 0 {
			var list []any
			for _, e := range errs {
				list = append(list, map[string]any{"code": e.Code, "title": e.Title, "message": e.Message,
					"error_data": map[string]string{"details": e.Details}})
			}
			raw["errors"] = list
		}
		history = append(history, raw)
	}
	msg := map[string]any{"id": wamid, "timestamp": s.timestamp(), "type": "text", "to": to,
		"kapso": map[string]any{"direction": "outbound", "status": status, "origin": "cloud_api", "has_media": false, "statuses": history}}
	return Webhook{Event: statusEvent(status), Body: payload(msg, s.conversation(phoneID, to, ""), phoneID)}
}

// ConversationCreated is whatsapp.conversation.created: a payload without
// a message.
func (s *Server) ConversationCreated(phoneID, user string) Webhook {
	return Webhook{Event: EventConversationCreated, Body: payload(nil, s.conversation(phoneID, user, ""), phoneID)}
}

// Batch buffers several kapso-kind webhooks of one event into one
// delivery, {"batch": true, "data": [payloads]}, the shape Kapso's docs
// show for buffered deliveries.
func Batch(whs ...Webhook) Webhook {
	data := make([]json.RawMessage, 0, len(whs))
	for _, w := range whs {
		data = append(data, w.Body)
	}
	body, _ := json.Marshal(map[string]any{"batch": true, "data": data})
	event := ""
	if len(whs) > 0 {
		event = whs[0].Event
	}
	return Webhook{Event: event, Body: body, BatchSize: len(whs)}
}

// ForwardMeta is a webhook of kind "meta": Meta's payload as the Meta
// fake builds it (TemplateStatusWebhook, FlowStatusWebhook, …), forwarded
// unchanged.
func ForwardMeta(body []byte) Webhook { return Webhook{Body: body} }
