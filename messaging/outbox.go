package messaging

import (
	"io"
	"time"

	"github.com/waflow/waflow/providers"
)

// fanOut makes one delivery of an event for each subscription that wants
// it. Every delivery of one event carries the same envelope, so the event
// id receivers de-duplicate on is the same at every subscriber.
func (in *Inbound) fanOut(subs []Subscription, t EventType, key string, data EventData, appIDs []string, now time.Time) ([]Delivery, error) {
	var (
		out     []Delivery
		eventID string
		payload []byte
	)
	for _, s := range subs {
		if !s.wants(t, appIDs) {
			continue
		}
		if payload == nil {
			var err error
			if eventID, err = newID("evt_", now, in.random); err != nil {
				return nil, err
			}
			if payload, err = (EventEnvelope{ID: eventID, Type: t, CreatedAt: now, Data: data}).encode(); err != nil {
				return nil, err
			}
		}
		d, err := newDelivery(s.ID, eventID, t, key, payload, now, in.random)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func newDelivery(subID, eventID string, t EventType, key string, payload []byte, now time.Time, random io.Reader) (Delivery, error) {
	id, err := newID("dlv_", now, random)
	if err != nil {
		return Delivery{}, err
	}
	return Delivery{ID: id, SubscriptionID: subID, EventID: eventID, EventType: t, OrderingKey: key,
		Payload: payload, State: DeliveryPending, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now}, nil
}

// orderingKey names an event's conversation: the user for messages and
// statuses, the template or the flow for their events.
func orderingKey(ev providers.Event) string {
	switch {
	case ev.Message != nil:
		return "user:" + ev.Message.From
	case ev.Status != nil:
		return "user:" + ev.Status.Recipient
	case ev.TemplateStatus != nil:
		return "template:" + ev.TemplateStatus.TemplateID
	case ev.FlowStatus != nil:
		return "flow:" + ev.FlowStatus.FlowID
	}
	return ""
}
