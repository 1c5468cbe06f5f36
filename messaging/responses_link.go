package messaging

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
)

// linkResponse makes the flow response of a completion message and links
// it to its flow: by waflow's flow token first, which names the flow even
// after it expired, then by the flow message the reply answers, which also
// names the message that sent the flow.
func (in *Inbound) linkResponse(ctx context.Context, bsp providers.BSP, ev providers.Event, appID string, now time.Time) (*FlowResponse, error) {
	m, reply := ev.Message, ev.Message.FlowReply
	id, err := newID("frsp_", now, in.random)
	if err != nil {
		return nil, err
	}
	fr := &FlowResponse{ID: id, AppID: appID, BSP: bsp, FlowToken: reply.FlowToken,
		ContextMessageID: reply.ContextMessageID, ReplyMessageID: m.ID, Recipient: m.From,
		ResponseJSON: reply.ResponseJSON, Body: reply.Body, ReceivedAt: orNow(ev.At, now), CreatedAt: now}
	if fr.ResponseJSON == nil {
		fr.ResponseJSON = map[string]any{}
	}
	if in.opts.Tokens != nil && reply.FlowToken != "" {
		claims, err := in.opts.Tokens.Verify(reply.FlowToken)
		if err == nil || errors.Is(err, crypto.ErrTokenExpired) {
			fr.FlowID = claims.FlowID
		}
	}
	if in.opts.Sent != nil && reply.ContextMessageID != "" {
		sent, err := in.opts.Sent.MessageByProviderID(ctx, reply.ContextMessageID)
		switch {
		case err == nil:
			fr.MessageID = sent.ID
			if fr.FlowID == "" {
				fr.FlowID = sent.FlowID
			}
			if fr.AppID == "" {
				fr.AppID = sent.AppID
			}
		case !errors.Is(err, ErrNotFound):
			return nil, fmt.Errorf("messaging: find the flow message %s: %w", reply.ContextMessageID, err)
		}
	}
	return fr, nil
}
