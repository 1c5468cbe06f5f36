package messaging

import (
	"encoding/json"
	"time"

	"github.com/waflow/waflow/providers"
)

// EventType names what a subscription can receive.
type EventType string

// The event types of subscriptions. A flow completion is delivered both as
// a message (the reply as WhatsApp sent it) and as a flow_response (the
// stored, linked answer).
const (
	EventTypeMessage        EventType = "message"
	EventTypeStatus         EventType = "status"
	EventTypeTemplateStatus EventType = "template_status"
	EventTypeFlowResponse   EventType = "flow_response"
	EventTypeFlowStatus     EventType = "flow_status"
)

// EventTypes lists every event type.
func EventTypes() []EventType {
	return []EventType{EventTypeMessage, EventTypeStatus, EventTypeTemplateStatus, EventTypeFlowResponse, EventTypeFlowStatus}
}

// Valid reports whether t is a known event type.
func (t EventType) Valid() bool {
	for _, k := range EventTypes() {
		if t == k {
			return true
		}
	}
	return false
}

// eventTypeOf is the subscription event type of a normalized event.
func eventTypeOf(k providers.EventKind) EventType {
	switch k {
	case providers.EventStatus:
		return EventTypeStatus
	case providers.EventTemplateStatus:
		return EventTypeTemplateStatus
	case providers.EventFlowStatus:
		return EventTypeFlowStatus
	}
	return EventTypeMessage
}

// EventEnvelope is the JSON body of every delivery:
//
//	{"id": "evt_…", "type": "status", "created_at": "…", "data": {…}}
//
// ID is also sent as the Waflow-Event-Id header; it is the same for every
// attempt of a delivery, so receivers de-duplicate on it.
type EventEnvelope struct {
	ID        string    `json:"id"`
	Type      EventType `json:"type"`
	CreatedAt time.Time `json:"created_at"`
	Data      EventData `json:"data"`
}

// EventData is what happened: the BSP, the apps it concerns (one for
// messages and statuses, every app of the WhatsApp Business Account for
// template and flow events) and either the normalized event or, for
// flow_response, the stored response.
type EventData struct {
	BSP      providers.BSP    `json:"bsp"`
	AppIDs   []string         `json:"app_ids"`
	Event    *providers.Event `json:"event,omitempty"`
	Response *FlowResponse    `json:"response,omitempty"`
}

func (e EventEnvelope) encode() ([]byte, error) { return json.Marshal(e) }
