package messaging

import (
	"context"
	"time"

	"github.com/waflow/waflow/providers"
)

// Message is one outbound message as waflow keeps it: what was asked, what
// the BSP was sent, and where it stands.
type Message struct {
	// ID is waflow's id, "msg_" and 26 characters; ids sort in creation
	// order.
	ID    string                `json:"id"`
	AppID string                `json:"app_id"`
	BSP   providers.BSP         `json:"bsp"`
	To    string                `json:"to,omitempty"`
	Type  providers.MessageType `json:"type"`
	// Request is the message as the BSP was sent it: flows named by the
	// BSP's id, flow tokens filled in.
	Request providers.OutboundMessage `json:"request"`
	// FlowID is waflow's id of the flow the message opens, for flow
	// messages and templates with a FLOW button whose flow waflow manages;
	// FlowToken is the token it was sent with, which links the completion
	// back to the message.
	FlowID    string `json:"flow_id,omitempty"`
	FlowToken string `json:"flow_token,omitempty"`
	// TemplateID is waflow's id of the template a template message uses.
	TemplateID string                  `json:"template_id,omitempty"`
	Status     providers.MessageStatus `json:"status"`
	// BSPMessageID is the id the BSP answered with, WAMID WhatsApp's id
	// when known; status reports find the message by either.
	BSPMessageID string     `json:"bsp_message_id,omitempty"`
	WAMID        string     `json:"wamid,omitempty"`
	Error        *ErrorInfo `json:"error,omitempty"`
	// IdempotencyScope and IdempotencyKey make a send happen once: the
	// scope is the API key that sent it, the key the client's.
	IdempotencyScope string `json:"-"`
	IdempotencyKey   string `json:"idempotency_key,omitempty"`
	// RequestHash identifies the request body behind the idempotency key.
	RequestHash string    `json:"-"`
	Version     int       `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// ErrorInfo is why a message failed, as the BSP said it: its code and
// message, and the kind of failure when the send itself failed.
type ErrorInfo struct {
	Code    string              `json:"code,omitempty"`
	Message string              `json:"message"`
	Kind    providers.ErrorKind `json:"kind,omitempty"`
}

// Source says where a status came from.
type Source string

// Status sources.
const (
	SourceAPI     Source = "api"     // the send request stored the message
	SourceSend    Source = "send"    // the BSP's answer to the send
	SourceWebhook Source = "webhook" // a status webhook
)

// StatusEvent is one entry of a message's status history. Applied is false
// for a status that arrived out of order and did not change the message
// (a DELIVERED after READ).
type StatusEvent struct {
	MessageID string                  `json:"message_id"`
	Status    providers.MessageStatus `json:"status"`
	// At is when the status happened, as its source says; RecordedAt when
	// waflow learned it.
	At         time.Time  `json:"at"`
	Source     Source     `json:"source"`
	Applied    bool       `json:"applied"`
	Error      *ErrorInfo `json:"error,omitempty"`
	RecordedAt time.Time  `json:"recorded_at"`
}

// MessageQuery selects messages for [MessageRepository.ListMessages]. Zero
// fields select everything.
type MessageQuery struct {
	AppID  string
	To     string
	Status providers.MessageStatus
	// Since and Until bound CreatedAt: Since <= CreatedAt < Until.
	Since time.Time
	Until time.Time
	// After is the cursor: only messages whose ID sorts after it.
	After string
	// Limit caps the number of messages returned; it is always positive.
	Limit int
}

// MessageRepository stores messages and their status history.
//
// Implementations must be safe for concurrent use and keep times to at
// least microsecond precision, returned in UTC. Every error that means "no
// such row" wraps [ErrNotFound], every constraint broken or race lost wraps
// [ErrConflict]. Package messagingtest checks all of this.
type MessageRepository interface {
	// CreateMessage stores a new message with ev, its first history entry,
	// in one transaction. A taken ID, or a non-empty IdempotencyKey already
	// stored with the same IdempotencyScope, fails with ErrConflict and
	// stores nothing; of concurrent creates with one key exactly one
	// succeeds.
	CreateMessage(ctx context.Context, m Message, ev StatusEvent) error
	// GetMessage returns one message, or ErrNotFound.
	GetMessage(ctx context.Context, id string) (Message, error)
	// MessageByIdempotencyKey returns the message stored with scope and
	// key, or ErrNotFound.
	MessageByIdempotencyKey(ctx context.Context, scope, key string) (Message, error)
	// MessageByProviderID returns the message whose BSPMessageID or WAMID
	// is id, the oldest when several are, or ErrNotFound.
	MessageByProviderID(ctx context.Context, id string) (Message, error)
	// ListMessages returns the messages q selects, in ascending byte order
	// of ID.
	ListMessages(ctx context.Context, q MessageQuery) ([]Message, error)
	// SaveStatus appends ev to the history of ev.MessageID and, when m is
	// not nil, stores m's Status, BSPMessageID, WAMID, Error and UpdatedAt
	// with Version m.Version+1, provided the stored Version still equals
	// m.Version; all in one transaction. A stale version fails with
	// ErrConflict and stores nothing; an unknown message ErrNotFound.
	SaveStatus(ctx context.Context, m *Message, ev StatusEvent) error
	// History returns a message's status history in the order it was
	// recorded; an unknown message gives none.
	History(ctx context.Context, messageID string) ([]StatusEvent, error)
}
