package messaging

import (
	"context"
	"time"

	"github.com/waflow/waflow/providers"
)

// FlowResponse is a flow completion: the answers a user submitted, linked
// to the flow and to the message that sent it when waflow can tell.
//
// FlowID is waflow's flow id, found from the flow token when it is one of
// waflow's signed tokens (even an expired one: the token was issued by
// waflow, only its use window passed), else from the flow message the
// reply answers. MessageID is waflow's id of that message; empty when the
// message was not sent through waflow.
type FlowResponse struct {
	ID               string         `json:"id"`
	FlowID           string         `json:"flow_id,omitempty"`
	AppID            string         `json:"app_id,omitempty"`
	BSP              providers.BSP  `json:"bsp"`
	FlowToken        string         `json:"flow_token,omitempty"`
	MessageID        string         `json:"message_id,omitempty"`
	ContextMessageID string         `json:"context_message_id,omitempty"`
	ReplyMessageID   string         `json:"reply_message_id"`
	Recipient        string         `json:"recipient"`
	ResponseJSON     map[string]any `json:"response_json"`
	Body             string         `json:"body,omitempty"`
	ReceivedAt       time.Time      `json:"received_at"`
	CreatedAt        time.Time      `json:"created_at"`
}

// ResponseQuery selects a flow's responses. Since (inclusive) and Until
// (exclusive) bound ReceivedAt when not zero; Recipient matches exactly.
// Pages follow the id order: After is the last id of the previous page.
type ResponseQuery struct {
	FlowID    string
	Since     time.Time
	Until     time.Time
	Recipient string
	After     string
	Limit     int
}

// ResponseStore reads stored flow responses; they are written by
// [InboxStore.CompleteInbox]. Safe for concurrent use.
type ResponseStore interface {
	ListFlowResponses(ctx context.Context, q ResponseQuery) ([]FlowResponse, error)
}
