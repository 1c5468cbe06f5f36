package providers

import "strings"

// MessageStatus is where an outbound message stands, in the toolkit's
// names; every BSP's delivery reports map onto them (MapMessageStatus).
type MessageStatus string

// Message statuses, in the order a message moves through them. FAILED can
// follow any of the others.
const (
	MessagePending   MessageStatus = "PENDING"
	MessageSent      MessageStatus = "SENT"
	MessageDelivered MessageStatus = "DELIVERED"
	MessageRead      MessageStatus = "READ"
	MessageFailed    MessageStatus = "FAILED"
)

// MessageStatuses lists every message status, in order.
func MessageStatuses() []MessageStatus {
	return []MessageStatus{MessagePending, MessageSent, MessageDelivered, MessageRead, MessageFailed}
}

// Valid reports whether s is a known status.
func (s MessageStatus) Valid() bool {
	for _, k := range MessageStatuses() {
		if s == k {
			return true
		}
	}
	return false
}

// deliveryWords maps the words BSPs use in delivery reports, lower-cased,
// to the toolkit's statuses: Meta's statuses (played is a voice note
// listened to), Gupshup's enqueued, Infobip's status groups and seen
// reports, Kapso's event names once their "whatsapp.message." prefix is
// gone, and Twilio's.
var deliveryWords = map[string]MessageStatus{
	"accepted": MessagePending, "enqueued": MessagePending, "pending": MessagePending,
	"queued": MessagePending, "sending": MessagePending, "held_for_quality_assessment": MessagePending,
	"sent":      MessageSent,
	"delivered": MessageDelivered,
	"read":      MessageRead, "played": MessageRead, "seen": MessageRead,
	"failed": MessageFailed, "undeliverable": MessageFailed, "undelivered": MessageFailed,
	"expired": MessageFailed, "rejected": MessageFailed,
}

// MapMessageStatus maps a BSP's delivery status to the toolkit's. Case
// and surrounding space are ignored, as are Kapso's "whatsapp.message."
// prefix and Infobip's "PENDING_…" qualifiers. Words it does not know
// give false: callers keep the raw word rather than guess.
func MapMessageStatus(raw string) (MessageStatus, bool) {
	w := strings.ToLower(strings.TrimSpace(raw))
	w = strings.TrimPrefix(w, "whatsapp.message.")
	if strings.HasPrefix(w, "pending_") {
		w = "pending"
	}
	s, ok := deliveryWords[w]
	return s, ok
}
