package kapso

import (
	"context"
	"net/http"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
	"github.com/waflow/waflow/providers/meta"
)

// sendAnswer is Meta's answer to a send, passed on by the proxy.
type sendAnswer struct {
	success
	Messages []struct {
		ID string `json:"id"`
	} `json:"messages"`
}

// SendMessage sends msg through the proxy with
// POST /{phone_number_id}/messages, in Meta's shape ([meta.EncodeMessage]).
// The message is checked with msg.Validate first; a refused one is an
// ErrorInvalid wrapping the *providers.InvalidMessageError. A flow named by
// a Kapso id (a UUID) is sent with its meta_flow_id, read from the Platform
// API. A send is retried only when Kapso or Meta said it was not acted on:
// a 429, Meta's throttling codes, and Kapso's 409 "another message in
// flight for this conversation". The result's ID and WAMID are both the
// wamid; for a mark-read request, the wamid of the message marked.
func (p *Provider) SendMessage(ctx context.Context, app providers.App, msg providers.OutboundMessage) (providers.SendResult, error) {
	op := msg.Operation()
	if op == "" {
		op = providers.OpSendText
	}
	if err := msg.Validate(); err != nil {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, err)
	}
	if !p.Capabilities().Supports(op) {
		return providers.SendResult{}, unsupported(op)
	}
	phone, err := segment(op, "app's phone_number_id", app.PhoneNumberID)
	if err != nil {
		return providers.SendResult{}, err
	}
	if in := msg.Interactive; in != nil && in.Flow != nil && in.Flow.FlowID != "" {
		interactive, flow := *in, *in.Flow
		if flow.FlowID, err = p.metaFlowID(ctx, app, op, flow.FlowID); err != nil {
			return providers.SendResult{}, err
		}
		interactive.Flow = &flow
		msg.Interactive = &interactive
	}
	data, err := meta.EncodeMessage(msg)
	if err != nil {
		return providers.SendResult{}, localError(op, providers.ErrorInvalid, err)
	}
	body := transport.Payload{ContentType: "application/json", Data: data}
	var ans sendAnswer
	raw, err := p.do(ctx, app, call{op: op, surface: proxy, method: http.MethodPost, path: phone + "/messages", body: body}, &ans)
	if err != nil {
		return providers.SendResult{}, err
	}
	if msg.Type == providers.MessageMarkRead {
		if !ans.Success {
			return providers.SendResult{}, unexpectedAnswer(op, http.StatusOK, `the answer did not say "success": true`, nil)
		}
		return providers.SendResult{ID: msg.MarkRead.MessageID, WAMID: msg.MarkRead.MessageID, Raw: raw}, nil
	}
	if len(ans.Messages) == 0 || ans.Messages[0].ID == "" {
		return providers.SendResult{}, unexpectedAnswer(op, http.StatusOK, "the answer has no message id", nil)
	}
	return providers.SendResult{ID: ans.Messages[0].ID, WAMID: ans.Messages[0].ID, Raw: raw}, nil
}
