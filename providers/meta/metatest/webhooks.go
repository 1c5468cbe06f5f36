package metatest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers/internal/fakebsp"
)

// Tamper spoils a webhook delivery in one way a receiver must notice.
type Tamper int

// Ways to spoil a delivery.
const (
	// Untampered signs the body with the app secret.
	Untampered Tamper = iota
	// WrongSecret signs with another secret.
	WrongSecret
	// Unsigned sends no X-Hub-Signature-256 header.
	Unsigned
	// AlteredBody changes the body after signing it.
	AlteredBody
	// Reserialized signs the compact body and sends it re-indented, as a
	// proxy that re-encodes JSON would.
	Reserialized
)

// Delivery says where and how to deliver a webhook.
type Delivery struct {
	URL    string
	Tamper Tamper
	// Attempts is how many times a non-2xx answer is retried in all, as
	// Meta redelivers; 0 means 1.
	Attempts int
	// Backoff is waited between attempts.
	Backoff time.Duration
}

// Deliver posts body to d.URL as Meta does and returns the status of each
// attempt.
func (s *Server) Deliver(ctx context.Context, d Delivery, body []byte) ([]int, error) {
	sent, signature := body, crypto.SignBody([]byte(s.opts.AppSecret), body)
	switch d.Tamper {
	case WrongSecret:
		signature = crypto.SignBody([]byte("not-"+s.opts.AppSecret), body)
	case AlteredBody:
		sent = bytes.Replace(body, []byte(`"whatsapp_business_account"`), []byte(`"whatsapp_business_account" `), 1)
	case Reserialized:
		var err error
		if sent, err = fakebsp.Reindent(body); err != nil {
			return nil, err
		}
	}
	header := http.Header{"Content-Type": {"application/json"}}
	if d.Tamper != Unsigned {
		header.Set(crypto.SignatureHeader, signature)
	}
	return fakebsp.Post(ctx, s.client, d.URL, header, sent, fakebsp.Backoff(d.Attempts, d.Backoff))
}

// Subscribe makes Meta's verification GET against callback and returns the
// status and the body the receiver answered, which must be the challenge.
func (s *Server) Subscribe(ctx context.Context, callback, verifyToken, challenge string) (int, string, error) {
	q := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {verifyToken}, "hub.challenge": {challenge}}
	sep := "?"
	if strings.Contains(callback, "?") {
		sep = "&"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, callback+sep+q.Encode(), nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

// envelope wraps changes in Meta's webhook envelope, one entry per WABA.
func (s *Server) envelope(wabaID string, withTime bool, field string, value any) []byte {
	entry := map[string]any{"id": wabaID, "changes": []any{map[string]any{"field": field, "value": value}}}
	if withTime {
		entry["time"] = s.now().Unix()
	}
	body, _ := json.Marshal(map[string]any{"object": "whatsapp_business_account", "entry": []any{entry}})
	return body
}

// Batch merges the entries of several webhook bodies into one, as Meta
// batches notifications.
func Batch(bodies ...[]byte) ([]byte, error) {
	var entries []json.RawMessage
	for _, b := range bodies {
		var env struct {
			Entry []json.RawMessage `json:"entry"`
		}
		if err := json.Unmarshal(b, &env); err != nil {
			return nil, err
		}
		entries = append(entries, env.Entry...)
	}
	return json.Marshal(map[string]any{"object": "whatsapp_business_account", "entry": entries})
}

func metadata(phoneNumberID string) map[string]string {
	return map[string]string{"display_phone_number": "15550000000", "phone_number_id": phoneNumberID}
}

func (s *Server) timestamp() string { return strconv.FormatInt(s.now().Unix(), 10) }

// TextWebhook is the messages webhook of a text from user (which also
// opens the service window).
func (s *Server) TextWebhook(wabaID, phoneNumberID, user, name, text string) (wamid string, body []byte) {
	s.Inbound(phoneNumberID, user)
	s.mu.Lock()
	wamid = s.nextWAMID()
	s.mu.Unlock()
	return wamid, s.envelope(wabaID, false, "messages", map[string]any{
		"messaging_product": "whatsapp",
		"metadata":          metadata(phoneNumberID),
		"contacts":          []any{map[string]any{"profile": map[string]string{"name": name}, "wa_id": user}},
		"messages": []any{map[string]any{"from": user, "id": wamid, "timestamp": s.timestamp(), "type": "text",
			"text": map[string]string{"body": text}}},
	})
}

// FlowReplyWebhook is the messages webhook of a flow completion: an nfm_reply
// whose response_json is a string holding the response with flow_token,
// in reply to the flow message contextWAMID.
func (s *Server) FlowReplyWebhook(wabaID, phoneNumberID, user, contextWAMID string, response map[string]any) (wamid string, body []byte, err error) {
	responseJSON, err := json.Marshal(response)
	if err != nil {
		return "", nil, err
	}
	s.Inbound(phoneNumberID, user)
	s.mu.Lock()
	wamid = s.nextWAMID()
	s.mu.Unlock()
	return wamid, s.envelope(wabaID, false, "messages", map[string]any{
		"messaging_product": "whatsapp",
		"metadata":          metadata(phoneNumberID),
		"contacts":          []any{map[string]any{"profile": map[string]string{"name": "Flow User"}, "wa_id": user}},
		"messages": []any{map[string]any{
			"context": map[string]string{"from": "15550000000", "id": contextWAMID},
			"from":    user, "id": wamid, "timestamp": s.timestamp(), "type": "interactive",
			"interactive": map[string]any{"type": "nfm_reply", "nfm_reply": map[string]string{
				"name": "flow", "body": "Sent", "response_json": string(responseJSON)}},
		}},
	}), nil
}

// StatusError is an error attached to a failed status.
type StatusError struct {
	Code    int
	Title   string
	Details string
}

// StatusWebhook is the messages webhook of a delivery status ("sent",
// "delivered", "read", "failed") of a message the fake accepted; errs go
// with "failed".
func (s *Server) StatusWebhook(wabaID, wamid, status string, errs ...StatusError) ([]byte, error) {
	s.mu.Lock()
	m, ok := s.sent[wamid]
	s.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("metatest: no message %s was sent", wamid)
	}
	st := map[string]any{"id": wamid, "status": status, "timestamp": s.timestamp(), "recipient_id": m.to}
	if status == "sent" || status == "delivered" {
		st["pricing"] = map[string]any{"billable": true, "pricing_model": "PMP", "category": "utility", "type": "regular"}
	}
	for _, e := range errs {
		list, _ := st["errors"].([]any)
		st["errors"] = append(list, map[string]any{"code": e.Code, "title": e.Title, "message": e.Title,
			"error_data": map[string]string{"details": e.Details}})
	}
	return s.envelope(wabaID, false, "messages", map[string]any{
		"messaging_product": "whatsapp", "metadata": metadata(m.phone), "statuses": []any{st},
	}), nil
}

// TemplateStatusWebhook is the message_template_status_update webhook of a
// template's current status.
func (s *Server) TemplateStatusWebhook(templateID string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.templates[templateID]
	if !ok {
		return nil, fmt.Errorf("metatest: no template %s", templateID)
	}
	id, _ := strconv.ParseInt(t.id, 10, 64)
	reason := t.reason
	if reason == "" {
		reason = "NONE"
	}
	return s.envelope(t.waba, true, "message_template_status_update", map[string]any{
		"event": t.status, "message_template_id": id, "message_template_name": t.def.Name,
		"message_template_language": t.def.Language, "reason": reason,
	}), nil
}

// FlowStatusWebhook is the flows webhook of a flow's move from oldStatus
// to its current status.
func (s *Server) FlowStatusWebhook(flowID, oldStatus string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[flowID]
	if !ok {
		return nil, fmt.Errorf("metatest: no flow %s", flowID)
	}
	value := map[string]any{"event": "FLOW_STATUS_CHANGE", "flow_id": f.id, "new_status": f.status,
		"message": fmt.Sprintf("Flow %s changed status from %s to %s", f.name, oldStatus, f.status)}
	if oldStatus != "" {
		value["old_status"] = oldStatus
	}
	return s.envelope(f.waba, true, "flows", value), nil
}
