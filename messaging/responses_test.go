package messaging_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/store"
	"github.com/waflow/waflow/store/storetest"
)

// sentMessages stands in for the message repository.
type sentMessages map[string]messaging.Message

func (s sentMessages) MessageByProviderID(_ context.Context, id string) (messaging.Message, error) {
	if m, ok := s[id]; ok {
		return m, nil
	}
	return messaging.Message{}, fmt.Errorf("message %s: %w", id, messaging.ErrNotFound)
}

func completion(id, from, contextID string, at time.Time, answers map[string]any) providers.Event {
	reply := &providers.FlowReply{ResponseJSON: answers, Body: "Sent", ContextMessageID: contextID}
	reply.FlowToken, _ = answers["flow_token"].(string)
	return providers.Event{Kind: providers.EventMessage, PhoneNumberID: testPhoneID, WABAID: testWABA, At: at,
		Message: &providers.InboundMessage{ID: id, From: from, Type: "interactive", FlowReply: reply,
			Context: &providers.InboundContext{MessageID: contextID, From: "15550001234"}}}
}

func TestFlowResponsesAreLinkedAndListed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		sent := sentMessages{"wamid.FLOW2": {ID: "msg_2", AppID: "app_x", FlowID: "flow_B"}}
		p := newPipeline(t, db, func(c *pipelineConfig) { c.sent = sent })
		rcv := newReceiver(t)
		rcv.subscribe(t, p, messaging.EventTypeFlowResponse)
		ctx := context.Background()
		base := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
		fresh, err := p.tokens.Issue(crypto.TokenClaims{FlowID: "flow_A", Recipient: "111"})
		require.NoError(t, err)
		expired, err := p.tokens.Issue(crypto.TokenClaims{FlowID: "flow_A", IssuedAt: base.Add(-48 * time.Hour), ExpiresAt: base.Add(-24 * time.Hour)})
		require.NoError(t, err)

		events := []providers.Event{
			completion("wamid.R1", "111", "wamid.FLOW1", base, map[string]any{"flow_token": fresh, "size": "M"}),
			completion("wamid.R2", "222", "wamid.FLOW1", base.Add(time.Minute), map[string]any{"flow_token": expired, "size": "L"}),
			// No token (some iOS clients): linked by the message answered.
			completion("wamid.R3", "333", "wamid.FLOW2", base.Add(2*time.Minute), map[string]any{"size": "S"}),
			// A token of someone else's and an unknown message: stored unlinked.
			completion("wamid.R4", "444", "wamid.OTHER", base.Add(3*time.Minute), map[string]any{"flow_token": "opaque", "size": "XL"}),
			completion("wamid.R5", "111", "wamid.FLOW1", base.Add(4*time.Minute), map[string]any{"flow_token": fresh, "size": "S"}),
		}
		body := webhook(t, events...)
		require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(body), body))
		p.processAll()

		r := messaging.NewResponses(db.Inbox())
		page, err := r.List(ctx, messaging.ResponseQuery{FlowID: "flow_A"})
		require.NoError(t, err)
		require.Len(t, page.Responses, 3)
		got := map[string]messaging.FlowResponse{}
		for _, fr := range page.Responses {
			got[fr.ReplyMessageID] = fr
		}
		require.Equal(t, "M", got["wamid.R1"].ResponseJSON["size"])
		require.Equal(t, fresh, got["wamid.R1"].FlowToken)
		require.Equal(t, p.app.ID, got["wamid.R1"].AppID)
		require.Equal(t, "wamid.FLOW1", got["wamid.R1"].ContextMessageID)
		require.Equal(t, base, got["wamid.R1"].ReceivedAt)
		require.Contains(t, got, "wamid.R2", "an expired token still names its flow")

		b, err := r.List(ctx, messaging.ResponseQuery{FlowID: "flow_B"})
		require.NoError(t, err)
		require.Len(t, b.Responses, 1)
		require.Equal(t, "msg_2", b.Responses[0].MessageID)

		unlinked, err := r.List(ctx, messaging.ResponseQuery{FlowID: "flow_nope"})
		require.NoError(t, err)
		require.Empty(t, unlinked.Responses)

		// Filters and pages.
		one, err := r.List(ctx, messaging.ResponseQuery{FlowID: "flow_A", Recipient: "111"})
		require.NoError(t, err)
		require.Len(t, one.Responses, 2)
		window, err := r.List(ctx, messaging.ResponseQuery{FlowID: "flow_A", Since: base.Add(time.Minute), Until: base.Add(4 * time.Minute)})
		require.NoError(t, err)
		require.Len(t, window.Responses, 1)
		require.Equal(t, "wamid.R2", window.Responses[0].ReplyMessageID)
		var all []string
		q := messaging.ResponseQuery{FlowID: "flow_A", Limit: 2}
		for {
			pg, err := r.List(ctx, q)
			require.NoError(t, err)
			for _, fr := range pg.Responses {
				all = append(all, fr.ReplyMessageID)
			}
			if pg.Next == "" {
				break
			}
			q.After = pg.Next
		}
		require.ElementsMatch(t, []string{"wamid.R1", "wamid.R2", "wamid.R5"}, all)

		_, err = r.List(ctx, messaging.ResponseQuery{FlowID: "flow_A", Since: base, Until: base})
		require.ErrorIs(t, err, messaging.ErrInvalid)

		// Every completion was also fanned out as a flow_response.
		require.Equal(t, 5, deliverAll(t, p.deliverer(t, nil)))
		require.Len(t, rcv.received(), 5)
		require.Equal(t, messaging.EventTypeFlowResponse, rcv.received()[0].Envelope.Type)
		require.NotNil(t, rcv.received()[0].Envelope.Data.Response)
	})
}
