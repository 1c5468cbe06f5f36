package gupshuptest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/waflow/waflow/providers/internal/fakebsp"
)

// Delivery says where and how to post a webhook. Gupshup signs nothing: it
// sends the custom headers of the subscription's meta.headers, here
// Header: Secret. Omitting Header sends none.
type Delivery struct {
	URL    string
	Header string
	Secret string
}

// Deliver posts body to d.URL as Gupshup does and returns the status the
// receiver answered.
func (s *Server) Deliver(ctx context.Context, d Delivery, body []byte) (int, error) {
	header := http.Header{"Content-Type": {"application/json"}, "User-Agent": {"Gupshup-Webhook"}}
	if d.Header != "" {
		header.Set(d.Header, d.Secret)
	}
	statuses, err := fakebsp.Post(ctx, s.client, d.URL, header, body, nil)
	if err != nil {
		return 0, err
	}
	return statuses[0], nil
}

// v2 wraps a version 2 payload in its envelope. Callers hold mu.
func (s *Server) v2(kind string, payload any) ([]byte, error) {
	return json.Marshal(map[string]any{"app": s.opts.AppName, "timestamp": s.now().UnixMilli(), "version": 2,
		"type": kind, "payload": payload})
}

// v3 wraps a Meta value in Gupshup's version 3 envelope.
func (s *Server) v3(value map[string]any) ([]byte, error) {
	return json.Marshal(map[string]any{"object": "whatsapp_business_account", "gs_app_id": s.opts.AppID,
		"entry": []any{map[string]any{"id": DefaultWABAID, "changes": []any{map[string]any{"field": "messages", "value": value}}}}})
}

func (s *Server) metadata() map[string]string {
	return map[string]string{"display_phone_number": s.opts.PhoneNumber, "phone_number_id": DefaultPhoneID}
}

// sentByID finds a message the fake accepted. Callers hold mu.
func (s *Server) sentByID(gsID string) (*sentMessage, error) {
	m, found := s.sent[gsID]
	if !found {
		return nil, fmt.Errorf("gupshuptest: no message %s was sent", gsID)
	}
	return m, nil
}

// Failure is the code and reason of a failed status.
type Failure struct {
	Code   int
	Reason string
}

// MessageEventV2 is the version 2 message-event for a sent message:
// enqueued and failed name it by Gupshup's id, sent, delivered and read by
// its wamid with Gupshup's id in gsId (left out when late is true, as for
// events more than a week after the send). failure applies to failed.
func (s *Server) MessageEventV2(gsID, status string, failure Failure, late bool) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.sentByID(gsID)
	if err != nil {
		return nil, err
	}
	p := map[string]any{"id": m.wamid, "gsId": m.gsID, "type": status, "destination": m.to,
		"payload": map[string]any{"ts": s.now().Unix()}}
	switch status {
	case "enqueued", "failed":
		p["id"] = m.gsID
		delete(p, "gsId")
	}
	if status == "failed" {
		p["payload"] = map[string]any{"code": failure.Code, "reason": failure.Reason}
	}
	if late {
		delete(p, "gsId")
	}
	return s.v2("message-event", p)
}

// MessageV2 is a version 2 text from a user.
func (s *Server) MessageV2(from, name, text string) (string, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextWAMID()
	body, err := s.v2("message", map[string]any{"id": id, "source": from, "type": "text",
		"payload": map[string]string{"text": text},
		"sender":  map[string]string{"phone": from, "name": name, "country_code": "1", "dial_code": strings.TrimPrefix(from, "1")}})
	return id, body, err
}

// TemplateEventV2 is the version 2 template-event for a template, its
// status in lower case as Gupshup sends it, with reason as rejectedReason.
func (s *Server) TemplateEventV2(templateID, status, reason string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, found := s.templates[templateID]
	if !found {
		return nil, fmt.Errorf("gupshuptest: no template %s", templateID)
	}
	p := map[string]any{"id": t.id, "status": strings.ToLower(status), "elementName": t.name, "languageCode": t.language, "type": "status-update"}
	if reason != "" {
		p["rejectedReason"] = reason
	}
	return s.v2("template-event", p)
}

// StatusV3 is the version 3 status of a sent message: the wamid in id,
// Gupshup's id in gs_id. enqueued has no metadata and a time in
// milliseconds; failed carries code and reason.
func (s *Server) StatusV3(gsID, status string, failure Failure) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.sentByID(gsID)
	if err != nil {
		return nil, err
	}
	st := map[string]any{"id": m.wamid, "gs_id": m.gsID, "status": status, "recipient_id": m.to,
		"timestamp": strconv.FormatInt(s.now().Unix(), 10)}
	value := map[string]any{"messaging_product": "whatsapp", "metadata": s.metadata(), "statuses": []any{st}}
	switch status {
	case "enqueued":
		st["timestamp"] = strconv.FormatInt(s.now().UnixMilli(), 10)
		delete(value, "metadata")
	case "failed":
		st["code"], st["reason"] = failure.Code, failure.Reason
	}
	return s.v3(value)
}

// TextV3 is a version 3 text from a user.
func (s *Server) TextV3(from, name, text string) (string, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextWAMID()
	body, err := s.v3(map[string]any{"messaging_product": "whatsapp", "metadata": s.metadata(),
		"contacts": []any{map[string]any{"profile": map[string]string{"name": name}, "wa_id": from}},
		"messages": []any{map[string]any{"from": from, "id": id, "timestamp": strconv.FormatInt(s.now().Unix(), 10),
			"type": "text", "text": map[string]string{"body": text}}}})
	return id, body, err
}

// FlowReplyV3 is a version 3 flow completion answering the message gsID:
// its context holds the business number, gs_id, Gupshup's short id (not a
// wamid) and meta_msg_id, the wamid.
func (s *Server) FlowReplyV3(from, gsID string, response map[string]any) (string, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.sentByID(gsID)
	if err != nil {
		return "", nil, err
	}
	responseJSON, err := json.Marshal(response)
	if err != nil {
		return "", nil, err
	}
	id := s.nextWAMID()
	body, err := s.v3(map[string]any{"messaging_product": "whatsapp", "metadata": s.metadata(),
		"contacts": []any{map[string]any{"profile": map[string]string{"name": "User"}, "wa_id": from}},
		"messages": []any{map[string]any{
			"context": map[string]string{"from": s.opts.PhoneNumber, "gs_id": m.gsID, "id": strconv.Itoa(s.nextSeq()), "meta_msg_id": m.wamid},
			"from":    from, "id": id, "timestamp": strconv.FormatInt(s.now().Unix(), 10), "type": "interactive",
			"interactive": map[string]any{"type": "nfm_reply", "nfm_reply": map[string]string{
				"name": "flow", "body": "Sent", "response_json": string(responseJSON)}}}}})
	return id, body, err
}
