package kapso

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/meta"
)

// Headers of Kapso's webhook deliveries.
const (
	// SignatureHeader carries the lowercase hex HMAC-SHA256 of the raw
	// body keyed with the webhook secret, without a "sha256=" prefix.
	SignatureHeader = "X-Webhook-Signature"
	// EventHeader names the event ("whatsapp.message.received", …).
	EventHeader = "X-Webhook-Event"
	// IdempotencyHeader is the same for every delivery of one event.
	IdempotencyHeader = "X-Idempotency-Key"
	// PayloadVersionHeader is "v2" for the payloads this package reads.
	PayloadVersionHeader = "X-Webhook-Payload-Version"
	// BatchHeader is "true" on a buffered delivery of several payloads.
	BatchHeader = "X-Webhook-Batch"
)

// Webhooks reads what Kapso posts to a webhook URL: its own event payloads
// (kind "kapso", payload version v2) and Meta's payloads it forwards (kind
// "meta"). It has no state; the zero value is ready and safe for
// concurrent use.
type Webhooks struct{}

var _ providers.WebhookReceiver = Webhooks{}

// Handshake implements [providers.WebhookReceiver]: Kapso has no
// subscription handshake, so it always answers false.
func (Webhooks) Handshake(url.Values, []string) (string, bool) { return "", false }

// VerifyWebhook implements [providers.WebhookReceiver] with
// X-Webhook-Signature over the raw bytes, compared in constant time with
// the HMAC under each secret in turn (newest first, for rotation). Kapso
// signs every delivery, Meta's forwarded payloads included.
func (Webhooks) VerifyWebhook(secrets [][]byte, header http.Header, body []byte) error {
	sig := strings.TrimSpace(header.Get(SignatureHeader))
	if sig == "" {
		return fmt.Errorf("kapso: %w: no %s header", providers.ErrWebhookUnsigned, SignatureHeader)
	}
	// crypto verifies Meta's "sha256=<hex>" form; Kapso sends the bare hex.
	err := crypto.VerifyBodySignature(secrets, body, "sha256="+sig)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, crypto.ErrNoSecret):
		return fmt.Errorf("kapso: %w: %w", providers.ErrWebhookNoSecret, err)
	}
	return fmt.Errorf("kapso: %w: %w", providers.ErrWebhookSignature, err)
}

// ParseWebhook implements [providers.WebhookReceiver]. A body with Meta's
// "object" member is a forwarded Meta payload and is read exactly as
// package meta reads it (template and flow events included, with Meta's
// ids). Anything else is Kapso's: one v2 payload, or a buffered batch,
// {"batch": true, "data": [payloads]} or a bare array of payloads.
//
// The event's name travels only in a header, which ParseWebhook is not
// given, so a v2 payload is read by its message: direction "inbound" is a
// user's message (whatsapp.message.received), "outbound" a status of one
// sent (whatsapp.message.sent, delivered, read, failed), reported with the
// raw Meta status from message.kapso.statuses that matches
// message.kapso.status. Payloads without a message (conversation events)
// give no event. A flow completion is Meta's nfm_reply when the message
// carries it, else Kapso's parsed message.kapso.flow_response and
// flow_token.
func (Webhooks) ParseWebhook(body []byte) ([]providers.Event, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return parseBatch(trimmed)
	}
	var probe struct {
		Object json.RawMessage `json:"object"`
		Batch  bool            `json:"batch"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(trimmed, &probe); err != nil {
		return nil, fmt.Errorf("kapso: %w: %w", providers.ErrWebhookMalformed, err)
	}
	switch {
	case probe.Object != nil:
		events, err := meta.Webhooks{}.ParseWebhook(trimmed)
		if err != nil {
			return nil, fmt.Errorf("kapso: forwarded Meta payload: %w", err)
		}
		return events, nil
	case probe.Batch:
		return parseBatch(probe.Data)
	}
	events, err := parsePayload(trimmed)
	if err != nil {
		return nil, fmt.Errorf("kapso: %w: %w", providers.ErrWebhookMalformed, err)
	}
	return events, nil
}

func parseBatch(raw json.RawMessage) ([]providers.Event, error) {
	var payloads []json.RawMessage
	if err := json.Unmarshal(raw, &payloads); err != nil {
		return nil, fmt.Errorf("kapso: %w: batch: %w", providers.ErrWebhookMalformed, err)
	}
	var out []providers.Event
	for i, pl := range payloads {
		events, err := parsePayload(pl)
		if err != nil {
			return nil, fmt.Errorf("kapso: %w: batch[%d]: %w", providers.ErrWebhookMalformed, i, err)
		}
		out = append(out, events...)
	}
	return out, nil
}

// hookPayload is a v2 payload.
type hookPayload struct {
	Message       json.RawMessage `json:"message"`
	PhoneNumberID string          `json:"phone_number_id"`
	Conversation  *struct {
		PhoneNumberID string `json:"phone_number_id"`
		Kapso         *struct {
			ContactName string `json:"contact_name"`
		} `json:"kapso"`
	} `json:"conversation"`
}

// hookMessage is what a v2 message holds besides Meta's message fields.
type hookMessage struct {
	ID        string          `json:"id"`
	From      string          `json:"from"`
	To        string          `json:"to"`
	Timestamp json.RawMessage `json:"timestamp"`
	Kapso     *struct {
		Direction    string            `json:"direction"`
		Status       string            `json:"status"`
		Statuses     []json.RawMessage `json:"statuses"`
		ContactName  string            `json:"contact_name"`
		FlowResponse json.RawMessage   `json:"flow_response"`
		FlowToken    string            `json:"flow_token"`
	} `json:"kapso"`
}

func parsePayload(raw json.RawMessage) ([]providers.Event, error) {
	var pl hookPayload
	if err := json.Unmarshal(raw, &pl); err != nil {
		return nil, err
	}
	if msg := bytes.TrimSpace(pl.Message); len(msg) == 0 || bytes.Equal(msg, []byte("null")) {
		return nil, nil
	}
	var m hookMessage
	if err := json.Unmarshal(pl.Message, &m); err != nil {
		return nil, fmt.Errorf("message: %w", err)
	}
	if m.Kapso == nil {
		return nil, errors.New("message: no kapso member")
	}
	phoneID := pl.PhoneNumberID
	if phoneID == "" && pl.Conversation != nil {
		phoneID = pl.Conversation.PhoneNumberID
	}
	value := map[string]any{"messaging_product": "whatsapp", "metadata": map[string]string{"phone_number_id": phoneID}}
	switch m.Kapso.Direction {
	case "inbound":
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(pl.Message, &fields); err != nil {
			return nil, fmt.Errorf("message: %w", err)
		}
		delete(fields, "kapso")
		name := m.Kapso.ContactName
		if name == "" && pl.Conversation != nil && pl.Conversation.Kapso != nil {
			name = pl.Conversation.Kapso.ContactName
		}
		if name != "" && m.From != "" {
			value["contacts"] = []any{map[string]any{"wa_id": m.From, "profile": map[string]string{"name": name}}}
		}
		value["messages"] = []any{fields}
	case "outbound":
		status, err := pickStatus(m)
		if err != nil {
			return nil, err
		}
		value["statuses"] = []any{status}
	default:
		return nil, nil
	}
	events, err := parseAsMeta(value)
	if err != nil {
		return nil, err
	}
	for _, ev := range events {
		if ev.Message != nil && ev.Message.Type == "interactive" && ev.Message.Interactive == nil {
			if err := kapsoFlowReply(ev.Message, m); err != nil {
				return nil, err
			}
		}
	}
	return events, nil
}

// pickStatus returns the raw Meta status this event reports: the last of
// message.kapso.statuses whose status is message.kapso.status, or one made
// from the message when Kapso sent no history.
func pickStatus(m hookMessage) (any, error) {
	for i := len(m.Kapso.Statuses) - 1; i >= 0; i-- {
		var s struct {
			Status string `json:"status"`
		}
		if err := json.Unmarshal(m.Kapso.Statuses[i], &s); err != nil {
			return nil, fmt.Errorf("message.kapso.statuses[%d]: %w", i, err)
		}
		if strings.EqualFold(s.Status, m.Kapso.Status) {
			return m.Kapso.Statuses[i], nil
		}
	}
	made := map[string]any{"id": m.ID, "status": m.Kapso.Status, "recipient_id": m.To}
	if len(m.Timestamp) > 0 {
		made["timestamp"] = m.Timestamp
	}
	return made, nil
}

// parseAsMeta reads a messages change value with package meta's parser,
// so that messages and statuses normalize exactly as Meta's do.
func parseAsMeta(value map[string]any) ([]providers.Event, error) {
	env, err := json.Marshal(map[string]any{"object": "whatsapp_business_account", "entry": []any{
		map[string]any{"id": "", "changes": []any{map[string]any{"field": "messages", "value": value}}},
	}})
	if err != nil {
		return nil, err
	}
	events, err := meta.Webhooks{}.ParseWebhook(env)
	if err != nil {
		return nil, fmt.Errorf("as a Meta message: %w", err)
	}
	for i := range events {
		events[i].WABAID = ""
	}
	return events, nil
}

// kapsoFlowReply fills a flow completion from Kapso's parsed
// flow_response when the message has no nfm_reply of Meta's, and the flow
// token from Kapso's flow_token when the response lacks one.
func kapsoFlowReply(msg *providers.InboundMessage, m hookMessage) error {
	if msg.FlowReply == nil {
		resp := bytes.TrimSpace(m.Kapso.FlowResponse)
		if len(resp) == 0 || bytes.Equal(resp, []byte("null")) {
			return nil
		}
		reply := &providers.FlowReply{}
		if err := json.Unmarshal(resp, &reply.ResponseJSON); err != nil || reply.ResponseJSON == nil {
			return fmt.Errorf("message.kapso.flow_response: want an object: %v", err)
		}
		reply.FlowToken, _ = reply.ResponseJSON["flow_token"].(string)
		if msg.Context != nil {
			reply.ContextMessageID = msg.Context.MessageID
		}
		msg.FlowReply = reply
	}
	if msg.FlowReply.FlowToken == "" {
		msg.FlowReply.FlowToken = m.Kapso.FlowToken
	}
	return nil
}

// Handshake answers false: Kapso has no handshake; see
// [Webhooks.Handshake].
func (p *Provider) Handshake(query url.Values, verifyTokens []string) (string, bool) {
	return Webhooks{}.Handshake(query, verifyTokens)
}

// VerifyWebhook checks X-Webhook-Signature; see [Webhooks.VerifyWebhook].
func (p *Provider) VerifyWebhook(secrets [][]byte, header http.Header, body []byte) error {
	return Webhooks{}.VerifyWebhook(secrets, header, body)
}

// ParseWebhook turns a verified body into events; see
// [Webhooks.ParseWebhook].
func (p *Provider) ParseWebhook(body []byte) ([]providers.Event, error) {
	return Webhooks{}.ParseWebhook(body)
}
