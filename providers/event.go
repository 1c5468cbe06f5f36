package providers

import "time"

// EventKind says which part of an [Event] is set.
type EventKind string

// The kinds of normalized webhook events.
const (
	EventMessage        EventKind = "message"
	EventStatus         EventKind = "status"
	EventTemplateStatus EventKind = "template_status"
	EventFlowStatus     EventKind = "flow_status"
)

// Event is one thing a BSP told waflow through a webhook, in the same shape
// whatever the BSP. Exactly one of Message, Status, TemplateStatus and
// FlowStatus is set, as Kind says.
//
// DedupeKey is stable across redeliveries of the same event by the BSP and
// distinct between events: BSPs resend webhooks, and the inbound pipeline
// stores each (BSP, DedupeKey) once. Meta's parser uses the wamid for
// messages, wamid and status for statuses, and flow id, event, alert state
// and the entry time for flow events.
type Event struct {
	Kind      EventKind `json:"kind"`
	DedupeKey string    `json:"dedupe_key"`
	// PhoneNumberID and WABAID name the business the event is about, as
	// far as the BSP says; the pipeline finds the app by them.
	PhoneNumberID string `json:"phone_number_id,omitempty"`
	WABAID        string `json:"waba_id,omitempty"`
	// Account names the business in the BSP's own terms when the event
	// carries no Meta id for it: Gupshup's app (the v2 envelope's app
	// name, the v3 gs_app_id), Infobip's sender phone number. The
	// pipeline matches it against the identity each BSP's apps are set
	// up with (see package apps: Gupshup's settings.app_id and
	// settings.app_name, Infobip's phone_number).
	Account string    `json:"account,omitempty"`
	At      time.Time `json:"at"`

	Message        *InboundMessage       `json:"message,omitempty"`
	Status         *StatusUpdate         `json:"status,omitempty"`
	TemplateStatus *TemplateStatusUpdate `json:"template_status,omitempty"`
	FlowStatus     *FlowStatusUpdate     `json:"flow_status,omitempty"`
}

// InboundMessage is a message a WhatsApp user sent to the business. Type is
// the BSP's word ("text", "image", "interactive", ...); the field matching
// it is set, and types waflow does not model keep only Type.
type InboundMessage struct {
	ID          string `json:"id"`
	From        string `json:"from"`
	ContactName string `json:"contact_name,omitempty"`
	Type        string `json:"type"`
	Text        string `json:"text,omitempty"`

	Media       *InboundMedia       `json:"media,omitempty"`
	Location    *InboundLocation    `json:"location,omitempty"`
	Reaction    *InboundReaction    `json:"reaction,omitempty"`
	Button      *InboundButton      `json:"button,omitempty"`
	Interactive *InboundInteractive `json:"interactive,omitempty"`
	// FlowReply is set for a flow completion (Meta's nfm_reply).
	FlowReply *FlowReply      `json:"flow_reply,omitempty"`
	Context   *InboundContext `json:"context,omitempty"`
}

// InboundMedia is an image, video, audio, document or sticker; ID is the BSP's
// media id, to download through its media API.
type InboundMedia struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type,omitempty"`
	SHA256   string `json:"sha256,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
}

// InboundLocation is a shared location.
type InboundLocation struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
}

// InboundReaction is an emoji put on (or, with an empty Emoji, taken off) a
// message.
type InboundReaction struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

// InboundButton is a tap on a template's quick-reply button.
type InboundButton struct {
	Payload string `json:"payload"`
	Text    string `json:"text"`
}

// InboundInteractive is the answer to an interactive message: Type is
// "button_reply" or "list_reply" (flow completions are in
// InboundMessage.FlowReply).
type InboundInteractive struct {
	Type        string `json:"type"`
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// FlowReply is the message a WhatsApp client sends when the user completes
// a flow. ResponseJSON is the decoded response, flow_token included when
// the client sent it (some iOS clients do not); FlowToken repeats it.
// ContextMessageID is the BSP's id of the flow message answered, the only
// other link to the flow: the flow id itself is not in the reply.
type FlowReply struct {
	ResponseJSON     map[string]any `json:"response_json"`
	FlowToken        string         `json:"flow_token,omitempty"`
	Body             string         `json:"body,omitempty"`
	ContextMessageID string         `json:"context_message_id,omitempty"`
}

// InboundContext names the message a user message answers or quotes.
type InboundContext struct {
	MessageID string `json:"message_id"`
	From      string `json:"from,omitempty"`
}

// StatusUpdate reports the delivery status of a message the business sent.
// MessageID is the BSP's id, the one the send returned; WAMID is
// WhatsApp's id when the status carries it too (equal to MessageID at
// BSPs whose id is the wamid), so that a message is found by either.
type StatusUpdate struct {
	MessageID string `json:"message_id"`
	WAMID     string `json:"wamid,omitempty"`
	// Status is waflow's word; RawStatus keeps the BSP's.
	Status    MessageStatus `json:"status"`
	RawStatus string        `json:"raw_status"`
	Recipient string        `json:"recipient,omitempty"`
	At        time.Time     `json:"at"`
	Errors    []EventError  `json:"errors,omitempty"`
}

// EventError is an error a BSP attaches to a status or a flow alert.
type EventError struct {
	Code    string `json:"code,omitempty"`
	Title   string `json:"title,omitempty"`
	Message string `json:"message,omitempty"`
	Details string `json:"details,omitempty"`
}

// TemplateStatusUpdate reports a message template's review or quality
// outcome.
type TemplateStatusUpdate struct {
	TemplateID string `json:"template_id"`
	Name       string `json:"name"`
	Language   string `json:"language"`
	// Status is waflow's word; RawStatus keeps the BSP's event.
	Status    TemplateStatus `json:"status"`
	RawStatus string         `json:"raw_status"`
	Reason    string         `json:"reason,omitempty"`
}

// FlowStatusUpdate is a flow's status change or health alert. Event is the
// BSP's event name (Meta's FLOW_STATUS_CHANGE, ENDPOINT_ERROR_RATE, ...).
// NewStatus is set for status changes; alerts carry AlertState and their
// measures, with Threshold, ErrorRate and Availability in percent and
// latencies and a latency Threshold in milliseconds.
type FlowStatusUpdate struct {
	FlowID       string          `json:"flow_id"`
	Event        string          `json:"event"`
	OldStatus    FlowStatus      `json:"old_status,omitempty"`
	NewStatus    FlowStatus      `json:"new_status,omitempty"`
	AlertState   string          `json:"alert_state,omitempty"`
	Threshold    float64         `json:"threshold,omitempty"`
	ErrorRate    float64         `json:"error_rate,omitempty"`
	Errors       []FlowErrorRate `json:"errors,omitempty"`
	P50          int64           `json:"p50_latency,omitempty"`
	P90          int64           `json:"p90_latency,omitempty"`
	Requests     int64           `json:"requests_count,omitempty"`
	Availability float64         `json:"availability,omitempty"`
	Message      string          `json:"message,omitempty"`
	Warning      string          `json:"warning,omitempty"`
}

// FlowErrorRate is one error type's share of a flow's failures.
type FlowErrorRate struct {
	Type  string  `json:"error_type"`
	Rate  float64 `json:"error_rate"`
	Count int64   `json:"error_count"`
}
