package gupshup

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/waflow/waflow/providers"
)

// The version 2 wire shapes (providers reference §2.5): an envelope
// {app, timestamp (ms), version, type, payload}.

type v2Envelope struct {
	App       string          `json:"app"`
	Timestamp json.RawMessage `json:"timestamp"`
	Type      string          `json:"type"`
	Payload   json.RawMessage `json:"payload"`
}

type v2Message struct {
	ID      string          `json:"id"`
	Source  string          `json:"source"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload"`
	Sender  struct {
		Phone string `json:"phone"`
		Name  string `json:"name"`
	} `json:"sender"`
	Context *struct {
		ID   string `json:"id"`
		GsID string `json:"gsId"`
	} `json:"context"`
}

// v2Content is the union of the type-specific payloads read.
type v2Content struct {
	Text         string          `json:"text"`
	URL          string          `json:"url"`
	Caption      string          `json:"caption"`
	ContentType  string          `json:"contentType"`
	Name         string          `json:"name"`
	Latitude     json.RawMessage `json:"latitude"`
	Longitude    json.RawMessage `json:"longitude"`
	Address      string          `json:"address"`
	ID           string          `json:"id"`
	Title        string          `json:"title"`
	Description  string          `json:"description"`
	PostbackText string          `json:"postbackText"`
	Reply        string          `json:"reply"`
	Payload      string          `json:"payload"`
}

type v2MessageEvent struct {
	ID          string `json:"id"`
	GsID        string `json:"gsId"`
	Type        string `json:"type"`
	Destination string `json:"destination"`
	Payload     struct {
		TS     json.RawMessage `json:"ts"`
		Code   json.RawMessage `json:"code"`
		Reason string          `json:"reason"`
	} `json:"payload"`
}

type v2TemplateEvent struct {
	ID             string `json:"id"`
	Status         string `json:"status"`
	ElementName    string `json:"elementName"`
	LanguageCode   string `json:"languageCode"`
	RejectedReason string `json:"rejectedReason"`
	Type           string `json:"type"`
	Description    string `json:"description"`
}

// parseV2 reads one version 2 event. Inbound messages are keyed by their
// wamid, statuses by Gupshup's id and the status word, template events by
// the template, the status and the envelope time. Version 2 bodies name
// the app by its name only, so the events carry it as their Account and
// no phone number id.
func parseV2(body []byte) ([]providers.Event, error) {
	var env v2Envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	at, err := unixTime(env.Timestamp)
	if err != nil {
		return nil, fmt.Errorf("timestamp: %w", err)
	}
	switch env.Type {
	case "message", "message-event", "template-event":
		if len(env.Payload) == 0 {
			return nil, fmt.Errorf("a %s without payload", env.Type)
		}
	default:
		return nil, nil
	}
	var ev providers.Event
	var ok bool
	switch env.Type {
	case "message":
		ev, ok, err = v2MessageOf(env.Payload, at)
	case "message-event":
		ev, ok, err = v2StatusOf(env.Payload, at)
	case "template-event":
		ev, ok, err = v2TemplateOf(env.Payload, at, env.Timestamp)
	}
	if err != nil {
		return nil, fmt.Errorf("%s payload: %w", env.Type, err)
	}
	if !ok {
		return nil, nil
	}
	ev.Account = env.App
	return []providers.Event{ev}, nil
}

func v2MessageOf(raw json.RawMessage, at time.Time) (providers.Event, bool, error) {
	var m v2Message
	if err := json.Unmarshal(raw, &m); err != nil {
		return providers.Event{}, false, err
	}
	if m.ID == "" {
		return providers.Event{}, false, errors.New("no id")
	}
	var c v2Content
	if len(m.Payload) > 0 {
		if err := json.Unmarshal(m.Payload, &c); err != nil {
			return providers.Event{}, false, fmt.Errorf("payload: %w", err)
		}
	}
	msg := &providers.InboundMessage{ID: m.ID, From: firstOf(m.Sender.Phone, m.Source), ContactName: m.Sender.Name, Type: m.Type}
	if m.Context != nil {
		msg.Context = &providers.InboundContext{MessageID: firstOf(m.Context.GsID, m.Context.ID)}
	}
	switch m.Type {
	case "text":
		msg.Text = c.Text
	case "image", "video", "audio", "file", "sticker":
		// Version 2 gives a download URL, not a media id; it is kept in ID.
		msg.Media = &providers.InboundMedia{ID: c.URL, MimeType: c.ContentType, Caption: c.Caption, Filename: c.Name}
	case "location":
		lat, err := number(c.Latitude)
		if err != nil {
			return providers.Event{}, false, fmt.Errorf("latitude: %w", err)
		}
		lng, err := number(c.Longitude)
		if err != nil {
			return providers.Event{}, false, fmt.Errorf("longitude: %w", err)
		}
		msg.Location = &providers.InboundLocation{Latitude: lat, Longitude: lng, Name: c.Name, Address: c.Address}
	case "button_reply", "list_reply":
		msg.Interactive = &providers.InboundInteractive{Type: m.Type, ID: firstOf(c.PostbackText, c.ID), Title: c.Title, Description: c.Description}
	case "quick_reply":
		msg.Button = &providers.InboundButton{Payload: firstOf(c.Payload, c.Text), Text: c.Text}
	}
	return providers.Event{Kind: providers.EventMessage, DedupeKey: "message:" + m.ID, At: at, Message: msg}, true, nil
}

func v2StatusOf(raw json.RawMessage, envAt time.Time) (providers.Event, bool, error) {
	var e v2MessageEvent
	if err := json.Unmarshal(raw, &e); err != nil {
		return providers.Event{}, false, err
	}
	if e.ID == "" && e.GsID == "" {
		return providers.Event{}, false, errors.New("no id")
	}
	at, err := unixTime(e.Payload.TS)
	if err != nil {
		return providers.Event{}, false, fmt.Errorf("payload.ts: %w", err)
	}
	if at.IsZero() {
		at = envAt
	}
	var errs []providers.EventError
	code, err := scalar(e.Payload.Code)
	if err != nil {
		return providers.Event{}, false, fmt.Errorf("payload.code: %w", err)
	}
	if code != "" || e.Payload.Reason != "" {
		errs = []providers.EventError{{Code: code, Message: e.Payload.Reason}}
	}
	ev, ok := statusEvent(e.GsID, e.ID, e.Type, at, e.Destination, errs)
	return ev, ok, nil
}

func v2TemplateOf(raw json.RawMessage, at time.Time, rawTime json.RawMessage) (providers.Event, bool, error) {
	var e v2TemplateEvent
	if err := json.Unmarshal(raw, &e); err != nil {
		return providers.Event{}, false, err
	}
	if e.Type != "" && e.Type != "status-update" {
		return providers.Event{}, false, nil
	}
	status := providers.MapTemplateStatus(e.Status)
	if status == providers.TemplateUnknown {
		return providers.Event{}, false, nil
	}
	if e.ID == "" {
		return providers.Event{}, false, errors.New("no id")
	}
	when, _ := scalar(rawTime)
	key := strings.Join([]string{"template_status", e.ID, e.Status, when}, ":")
	return providers.Event{Kind: providers.EventTemplateStatus, DedupeKey: key, At: at,
		TemplateStatus: &providers.TemplateStatusUpdate{TemplateID: e.ID, Name: e.ElementName, Language: e.LanguageCode,
			Status: status, RawStatus: e.Status, Reason: firstOf(e.RejectedReason, e.Description)}}, true, nil
}
