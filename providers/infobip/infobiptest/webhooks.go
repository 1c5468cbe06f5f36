package infobiptest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/waflow/waflow/providers/internal/fakebsp"
)

// Security is the subscription profile's security: how Deliver
// authenticates webhooks. The zero value sends none.
type Security struct {
	// Type is "BASIC", "HMAC" or "" (none).
	Type string
	// Username and Password are the BASIC credentials.
	Username, Password string
	// HMACKey signs the raw body with HMAC-SHA256, hex-encoded, in
	// HMACHeader (empty means "X-Signature"). Infobip's real header name
	// and encoding are not documented where the fake's authors could see
	// them: the fake follows the provider's default.
	HMACKey    string
	HMACHeader string
}

// Tamper spoils a delivery in one way a receiver must notice.
type Tamper int

// Ways to spoil a delivery.
const (
	Untampered Tamper = iota
	// WrongSecret authenticates with another password or key.
	WrongSecret
	// Unsigned sends no credentials.
	Unsigned
	// AlteredBody changes the body after signing it.
	AlteredBody
	// Reserialized signs the compact body and sends it re-indented.
	Reserialized
)

// Delivery says where and how to deliver a webhook.
type Delivery struct {
	URL    string
	Tamper Tamper
	// Attempts is how many times a non-2xx answer is tried in all; 0
	// means 1.
	Attempts int
	// Backoff is waited between attempts.
	Backoff time.Duration
}

// Deliver posts body to d.URL as Infobip does, authenticated per
// Options.Security, and returns the status of each attempt.
func (s *Server) Deliver(ctx context.Context, d Delivery, body []byte) ([]int, error) {
	sec := s.opts.Security
	sent := body
	switch d.Tamper {
	case AlteredBody:
		sent = bytes.Replace(body, []byte(`"results"`), []byte(`"results" `), 1)
		if bytes.Equal(sent, body) {
			sent = append(append([]byte(nil), body...), ' ')
		}
	case Reserialized:
		var err error
		if sent, err = fakebsp.Reindent(body); err != nil {
			return nil, err
		}
	}
	header := http.Header{"Content-Type": {"application/json"}}
	if d.Tamper != Unsigned {
		switch sec.Type {
		case "BASIC":
			password := sec.Password
			if d.Tamper == WrongSecret {
				password = "not-" + password
			}
			header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(sec.Username+":"+password)))
		case "HMAC":
			key := sec.HMACKey
			if d.Tamper == WrongSecret {
				key = "not-" + key
			}
			name := sec.HMACHeader
			if name == "" {
				name = "X-Signature"
			}
			m := hmac.New(sha256.New, []byte(key))
			m.Write(body)
			header.Set(name, hex.EncodeToString(m.Sum(nil)))
		}
	}
	return fakebsp.Post(ctx, s.client, d.URL, header, sent, fakebsp.Backoff(d.Attempts, d.Backoff))
}

// stamp writes the fake clock as Infobip's dates.
func (s *Server) stamp() string {
	return s.now().UTC().Format("2006-01-02T15:04:05.000-0700")
}

// results wraps results in the batched envelope.
func results(rs ...map[string]any) []byte {
	if rs == nil {
		rs = []map[string]any{}
	}
	b, _ := json.Marshal(map[string]any{"results": rs, "messageCount": len(rs), "pendingMessageCount": 0})
	return b
}

// inbound is one inbound result from user to the account's first sender.
// Callers hold mu.
func (s *Server) inbound(from string, message map[string]any) map[string]any {
	id := "wamid." + base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "fake.in.%012d", s.nextSeq()))
	return map[string]any{"from": from, "to": s.opts.Senders[0], "integrationType": "WHATSAPP", "receivedAt": s.stamp(),
		"messageId": id, "pairedMessageId": nil, "callbackData": nil, "message": message,
		"contact": map[string]any{"name": "Fake User"}, "price": map[string]any{"pricePerMessage": 0, "currency": "EUR"}}
}

// InboundTextWebhook is a user's text message.
func (s *Server) InboundTextWebhook(from, text string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return results(s.inbound(from, map[string]any{"type": "TEXT", "text": text}))
}

// InboundMediaWebhook is a user's media message; kind is IMAGE, VIDEO,
// AUDIO, VOICE, DOCUMENT or STICKER.
func (s *Server) InboundMediaWebhook(from, kind, mediaURL, caption string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string]any{"type": kind, "url": mediaURL}
	if caption != "" {
		m["caption"] = caption
	}
	return results(s.inbound(from, m))
}

// ButtonReplyWebhook is a tap on a reply button of an interactive
// message.
func (s *Server) ButtonReplyWebhook(from, contextID, id, title string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return results(s.inbound(from, map[string]any{"type": "INTERACTIVE_BUTTON_REPLY", "id": id, "title": title,
		"context": map[string]any{"id": contextID, "from": s.opts.Senders[0]}}))
}

// FlowReplyWebhook is a flow completion answering the flow message
// contextID: response is an object, flow_token included.
func (s *Server) FlowReplyWebhook(from, contextID string, response map[string]any) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return results(s.inbound(from, map[string]any{"type": "INTERACTIVE_FLOW_REPLY", "text": "Sent", "response": response,
		"context": map[string]any{"id": contextID, "from": s.opts.Senders[0]}}))
}

// Delivery report status groups.
const (
	GroupPending       = "PENDING"
	GroupDelivered     = "DELIVERED"
	GroupUndeliverable = "UNDELIVERABLE"
	GroupExpired       = "EXPIRED"
	GroupRejected      = "REJECTED"
)

// groups are the status groups with their ids and a status of each.
var groups = map[string]struct {
	id         int
	statusID   int
	statusName string
	desc       string
}{
	GroupPending:       {1, 7, "PENDING_ENROUTE", "Message sent to next instance"},
	GroupUndeliverable: {2, 9, "UNDELIVERABLE_NOT_DELIVERED", "Message sent not delivered"},
	GroupDelivered:     {3, 5, "DELIVERED_TO_HANDSET", "Message delivered to handset"},
	GroupExpired:       {4, 15, "EXPIRED_EXPIRED", "Message expired"},
	GroupRejected:      {5, 12, "REJECTED_NOT_ENOUGH_CREDITS", "Not enough credits"},
}

// DeliveryReportWebhook reports group for a message the fake accepted;
// failure groups carry an error, others Infobip's "no error" object.
func (s *Server) DeliveryReportWebhook(messageID, group string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.sent[messageID]
	if !ok {
		return nil, fmt.Errorf("infobiptest: no message %s was sent", messageID)
	}
	g, ok := groups[group]
	if !ok {
		return nil, fmt.Errorf("infobiptest: unknown status group %q", group)
	}
	errObj := map[string]any{"groupId": 0, "groupName": "OK", "id": 0, "name": "NO_ERROR", "description": "No Error", "permanent": false}
	if group == GroupUndeliverable || group == GroupRejected || group == GroupExpired {
		errObj = map[string]any{"groupId": 1, "groupName": "HANDSET_ERRORS", "id": 27, "name": "EC_ABSENT_SUBSCRIBER",
			"description": "Absent Subscriber", "permanent": group != GroupExpired}
	}
	return results(map[string]any{"bulkId": nil, "messageId": m.id, "to": m.to, "sentAt": s.stamp(), "doneAt": s.stamp(),
		"messageCount": 1, "price": map[string]any{"pricePerMessage": 0, "currency": "EUR"},
		"status": map[string]any{"groupId": g.id, "groupName": group, "id": g.statusID, "name": g.statusName, "description": g.desc},
		"error":  errObj}), nil
}

// SeenReportWebhook reports that the user saw a message the fake
// accepted.
func (s *Server) SeenReportWebhook(messageID string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.sent[messageID]
	if !ok {
		return nil, fmt.Errorf("infobiptest: no message %s was sent", messageID)
	}
	return results(map[string]any{"messageId": m.id, "from": m.sender, "to": m.to, "sentAt": s.stamp(), "seenAt": s.stamp()}), nil
}

// TemplateStatusWebhook is the template update push for a template's
// last status change (its current status when it never changed), sent
// unwrapped: whether Infobip wraps it in results is not documented.
func (s *Server) TemplateStatusWebhook(id string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.templates[id]
	if !ok {
		return nil, fmt.Errorf("infobiptest: no template %s", id)
	}
	change := templateChange{status: t.status, reason: "NONE", at: s.stamp()}
	if n := len(t.changes); n > 0 {
		change = t.changes[n-1]
	}
	b, _ := json.Marshal(map[string]any{"messageTemplateId": t.id, "messageTemplateName": t.name,
		"messageTemplateLanguage": t.language, "timestamp": change.at,
		"change": map[string]any{"type": "TEMPLATE_STATUS_UPDATE", "newStatus": change.status, "reason": change.reason}})
	return b, nil
}

// Batch merges the results of several batched bodies into one, as
// Infobip sends up to a profile's bucket size per POST.
func Batch(bodies ...[]byte) ([]byte, error) {
	var all []map[string]any
	for i, b := range bodies {
		var env struct {
			Results []map[string]any `json:"results"`
		}
		if err := json.Unmarshal(b, &env); err != nil || env.Results == nil {
			return nil, fmt.Errorf("infobiptest: body %d has no results", i)
		}
		all = append(all, env.Results...)
	}
	return results(all...), nil
}
