package httpapi

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/meta"
)

// inboundHarness is the server with the webhook, subscription and
// response routes over one database, and a META app whose secret signs
// webhooks.
type inboundHarness struct {
	*harness
	inbound *messaging.Inbound
	subs    *messaging.Subscriptions
	sealer  *crypto.Sealer
	app     apps.App
}

const hookSecret = "meta-app-secret"

func newInboundHarness(t *testing.T) *inboundHarness {
	t.Helper()
	ih := &inboundHarness{}
	master, err := crypto.NewMasterKey(nil)
	require.NoError(t, err)
	ih.sealer, err = crypto.NewSealer(master)
	require.NoError(t, err)
	// The routes are mounted before the harness exists; they reach the
	// services through it when called.
	ih.harness = newHarness(t, func(c *harnessConfig) {
		c.register = func(s *Server) {
			RegisterWebhooks(s, lateInbound{ih})
			RegisterSubscriptions(s, lateSubscriptions{ih})
			RegisterResponses(s, lateResponses{ih})
		}
	})
	db := ih.harness.db
	ih.inbound, err = messaging.NewInbound(db.Inbox(), messaging.InboundOptions{
		Receivers:     map[providers.BSP]providers.WebhookReceiver{providers.BSPMeta: meta.Webhooks{}},
		Apps:          ih.harness.apps,
		Subscriptions: db.Subscriptions(),
	})
	require.NoError(t, err)
	ih.subs = messaging.NewSubscriptions(db.Subscriptions(), db.Outbox(), ih.sealer,
		messaging.SubscriptionOptions{AllowPrivateTargets: true})
	ih.app, err = ih.harness.apps.Create(context.Background(), apps.App{Name: "meta", BSP: providers.BSPMeta,
		PhoneNumberID: "106540352242922", WABAID: "102290129340398",
		Credentials: map[string]crypto.Secret{"access_token": "t", "app_secret": hookSecret, "verify_token": "vt"}})
	require.NoError(t, err)
	return ih
}

type lateInbound struct{ ih *inboundHarness }

func (l lateInbound) Receive(ctx context.Context, bsp providers.BSP, header http.Header, body []byte) error {
	return l.ih.inbound.Receive(ctx, bsp, header, body)
}

func (l lateInbound) Handshake(ctx context.Context, bsp providers.BSP, query url.Values) (string, error) {
	return l.ih.inbound.Handshake(ctx, bsp, query)
}

type lateSubscriptions struct{ ih *inboundHarness }

func (l lateSubscriptions) Create(ctx context.Context, in messaging.SubscriptionInput) (messaging.Subscription, error) {
	return l.ih.subs.Create(ctx, in)
}

func (l lateSubscriptions) Get(ctx context.Context, id string) (messaging.Subscription, error) {
	return l.ih.subs.Get(ctx, id)
}

func (l lateSubscriptions) List(ctx context.Context, after string, limit int) (messaging.SubscriptionPage, error) {
	return l.ih.subs.List(ctx, after, limit)
}

func (l lateSubscriptions) Update(ctx context.Context, id string, c messaging.SubscriptionChange) (messaging.Subscription, error) {
	return l.ih.subs.Update(ctx, id, c)
}

func (l lateSubscriptions) Delete(ctx context.Context, id string) error {
	return l.ih.subs.Delete(ctx, id)
}

func (l lateSubscriptions) Deliveries(ctx context.Context, id string, state messaging.DeliveryState, after string, limit int) (messaging.DeliveryPage, error) {
	return l.ih.subs.Deliveries(ctx, id, state, after, limit)
}

func (l lateSubscriptions) Redeliver(ctx context.Context, id, deliveryID string) (messaging.Delivery, error) {
	return l.ih.subs.Redeliver(ctx, id, deliveryID)
}

type lateResponses struct{ ih *inboundHarness }

func (l lateResponses) List(ctx context.Context, q messaging.ResponseQuery) (messaging.ResponsePage, error) {
	return messaging.NewResponses(l.ih.db.Inbox()).List(ctx, q)
}

// post sends a webhook without an API key, signed by sign when it is not
// empty.
func (ih *inboundHarness) post(body []byte, signature string) response {
	ih.t.Helper()
	req, err := http.NewRequest(http.MethodPost, ih.base+"/wa/v2/webhooks/meta/", bytes.NewReader(body))
	require.NoError(ih.t, err)
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set(crypto.SignatureHeader, signature)
	}
	resp, err := ih.client.Do(req)
	require.NoError(ih.t, err)
	return readResponse(ih.t, resp)
}

func completionBody(t *testing.T, token string) []byte {
	body, err := meta.EncodeWebhook([]providers.Event{{Kind: providers.EventMessage, PhoneNumberID: "106540352242922",
		WABAID: "102290129340398", At: time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC),
		Message: &providers.InboundMessage{ID: "wamid.R1", From: "16505551234", Type: "interactive",
			FlowReply: &providers.FlowReply{ResponseJSON: map[string]any{"flow_token": token, "size": "M"}, FlowToken: token, Body: "Sent"}}}})
	require.NoError(t, err)
	return body
}

func TestWebhookHandshakeRoute(t *testing.T) {
	ih := newInboundHarness(t)
	cases := []struct {
		name   string
		query  string
		status int
	}{
		{"right token", "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=vt", http.StatusOK},
		{"wrong token", "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=nope", http.StatusForbidden},
		{"missing mode", "hub.challenge=1158201444&hub.verify_token=vt", http.StatusForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ih.doKey("", http.MethodGet, "/wa/v2/webhooks/meta/?"+c.query, nil)
			require.Equal(t, c.status, r.Status, "body: %s", r.Raw)
			if c.status == http.StatusOK {
				require.Equal(t, "1158201444", string(r.Raw))
			} else {
				requireError(t, r, http.StatusForbidden, "HANDSHAKE_REFUSED")
			}
		})
	}
}

func TestWebhookReceiveRoute(t *testing.T) {
	ih := newInboundHarness(t)
	body := completionBody(t, "tok")
	good := crypto.SignBody([]byte(hookSecret), body)

	requireError(t, ih.post(body, ""), http.StatusUnauthorized, "SIGNATURE_MISSING")
	requireError(t, ih.post(body, crypto.SignBody([]byte("wrong"), body)), http.StatusForbidden, "SIGNATURE_INVALID")
	requireError(t, ih.post(append(bytes.Clone(body), ' '), good), http.StatusForbidden, "SIGNATURE_INVALID")
	n, err := ih.inbound.ProcessOnce(context.Background())
	require.NoError(t, err)
	require.Zero(t, n, "refused webhooks store nothing")

	for range 2 {
		r := ih.post(body, good)
		require.Equal(t, http.StatusOK, r.Status, "body: %s", r.Raw)
		require.Equal(t, "received", r.JSON["status"])
	}
	for {
		n, err := ih.inbound.ProcessOnce(context.Background())
		require.NoError(t, err)
		if n == 0 {
			break
		}
	}
	msgs, err := ih.inbound.ListMessages(context.Background(), "", 0)
	require.NoError(t, err)
	require.Len(t, msgs, 1, "the duplicate is stored once")

	req, err := http.NewRequest(http.MethodPost, ih.base+"/wa/v2/webhooks/gupshup/", bytes.NewReader(body))
	require.NoError(t, err)
	resp, err := ih.client.Do(req)
	require.NoError(t, err)
	requireError(t, readResponse(t, resp), http.StatusNotFound, "UNKNOWN_BSP")
}

// TestWebhookRouteTakesMetasLargestBodies checks the POST route's own
// body limit: the server's 1 MiB default would refuse Meta's larger
// webhooks before the signature is even read.
func TestWebhookRouteTakesMetasLargestBodies(t *testing.T) {
	ih := newInboundHarness(t)
	body := completionBody(t, "tok")
	// JSON allows white space after the value; the signature covers it.
	large := append(bytes.Clone(body), bytes.Repeat([]byte(" "), 2<<20)...)
	r := ih.post(large, crypto.SignBody([]byte(hookSecret), large))
	require.Equal(t, http.StatusOK, r.Status, "a 2 MiB webhook is accepted; body: %s", r.Raw)

	// Past the limit the server answers 413 from the Content-Length and
	// closes the connection without reading the body, which the client
	// may see as a reset while it is still writing.
	tooLarge := append(bytes.Clone(body), bytes.Repeat([]byte(" "), messaging.DefaultMaxWebhookBytes)...)
	req, err := http.NewRequest(http.MethodPost, ih.base+"/wa/v2/webhooks/meta/", bytes.NewReader(tooLarge))
	require.NoError(t, err)
	req.Header.Set(crypto.SignatureHeader, crypto.SignBody([]byte(hookSecret), tooLarge))
	if resp, err := ih.client.Do(req); err == nil {
		require.NoError(t, resp.Body.Close())
		require.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	}
	n, err := ih.inbound.ProcessOnce(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, n, "only the 2 MiB webhook was stored")
}

func TestSubscriptionRoutes(t *testing.T) {
	ih := newInboundHarness(t)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusBadRequest)
	}))
	t.Cleanup(receiver.Close)

	requireError(t, ih.do(http.MethodPost, "/wa/v2/subscriptions/", map[string]any{"name": "x", "url": "nope",
		"events": []string{"bogus"}, "secret": "short"}), http.StatusBadRequest, CodeValidation)
	r := ih.do(http.MethodPost, "/wa/v2/subscriptions/", map[string]any{"name": "crm", "url": receiver.URL,
		"events": []string{"message", "flow_response"}, "secret": "subscription-secret-0123456789"})
	require.Equal(t, http.StatusCreated, r.Status, "body: %s", r.Raw)
	require.NotContains(t, string(r.Raw), "subscription-secret")
	id := r.JSON["id"].(string)
	require.Equal(t, "/wa/v2/subscriptions/"+id, r.Header.Get("Location"))

	r = ih.do(http.MethodGet, "/wa/v2/subscriptions/"+id, nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, "crm", r.JSON["name"])
	r = ih.do(http.MethodPatch, "/wa/v2/subscriptions/"+id, map[string]any{"name": "crm-2"})
	require.Equal(t, http.StatusOK, r.Status, "body: %s", r.Raw)
	require.EqualValues(t, 2, r.JSON["version"])
	r = ih.do(http.MethodGet, "/wa/v2/subscriptions/?limit=1", nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Len(t, r.JSON["data"], 1)
	requireError(t, ih.do(http.MethodGet, "/wa/v2/subscriptions/?limit=0", nil), http.StatusBadRequest, CodeValidation)
	requireError(t, ih.doKey("", http.MethodGet, "/wa/v2/subscriptions/", nil), http.StatusUnauthorized, CodeUnauthorized)

	// A webhook makes a delivery, which the receiver refuses: dead at once.
	body := completionBody(t, "tok")
	require.Equal(t, http.StatusOK, ih.post(body, crypto.SignBody([]byte(hookSecret), body)).Status)
	_, err := ih.inbound.ProcessOnce(context.Background())
	require.NoError(t, err)
	d, err := messaging.NewDeliverer(ih.db.Outbox(), ih.db.Subscriptions(), ih.sealer, messaging.DelivererOptions{AllowPrivateTargets: true})
	require.NoError(t, err)
	_, err = d.DeliverOnce(context.Background())
	require.NoError(t, err)

	requireError(t, ih.do(http.MethodGet, "/wa/v2/subscriptions/"+id+"/deliveries?state=lost", nil), http.StatusBadRequest, CodeValidation)
	r = ih.do(http.MethodGet, "/wa/v2/subscriptions/"+id+"/deliveries?state=dead", nil)
	require.Equal(t, http.StatusOK, r.Status, "body: %s", r.Raw)
	dead := r.JSON["data"].([]any)
	require.Len(t, dead, 2, "the message and the flow response")
	deliveryID := dead[0].(map[string]any)["id"].(string)
	require.EqualValues(t, http.StatusBadRequest, dead[0].(map[string]any)["last_status"])

	r = ih.do(http.MethodPost, "/wa/v2/subscriptions/"+id+"/deliveries/"+deliveryID+"/redeliver", nil)
	require.Equal(t, http.StatusOK, r.Status, "body: %s", r.Raw)
	require.Equal(t, "pending", r.JSON["state"])
	requireError(t, ih.do(http.MethodPost, "/wa/v2/subscriptions/"+id+"/deliveries/"+deliveryID+"/redeliver", nil),
		http.StatusConflict, CodeConflict)
	requireError(t, ih.do(http.MethodPost, "/wa/v2/subscriptions/"+id+"/deliveries/dlv_x/redeliver", nil),
		http.StatusNotFound, CodeNotFound)

	r = ih.do(http.MethodDelete, "/wa/v2/subscriptions/"+id, nil)
	require.Equal(t, http.StatusNoContent, r.Status)
	requireError(t, ih.do(http.MethodGet, "/wa/v2/subscriptions/"+id, nil), http.StatusNotFound, CodeNotFound)
	requireError(t, ih.do(http.MethodGet, "/wa/v2/subscriptions/"+id+"/deliveries", nil), http.StatusNotFound, CodeNotFound)
}

func TestFlowResponsesRoute(t *testing.T) {
	ih := newInboundHarness(t)
	tokens := crypto.Tokens{Secrets: [][]byte{[]byte("s")}}
	token, err := tokens.Issue(crypto.TokenClaims{FlowID: "flow_1"})
	require.NoError(t, err)
	ih.inbound, err = messaging.NewInbound(ih.db.Inbox(), messaging.InboundOptions{
		Receivers: map[providers.BSP]providers.WebhookReceiver{providers.BSPMeta: meta.Webhooks{}},
		Apps:      ih.harness.apps, Tokens: tokens,
	})
	require.NoError(t, err)
	body := completionBody(t, token)
	require.NoError(t, ih.inbound.Receive(context.Background(), providers.BSPMeta,
		http.Header{crypto.SignatureHeader: {crypto.SignBody([]byte(hookSecret), body)}}, body))
	_, err = ih.inbound.ProcessOnce(context.Background())
	require.NoError(t, err)

	r := ih.do(http.MethodGet, "/wa/v2/flows/flow_1/responses?recipient=16505551234&since=2026-02-01T00:00:00Z", nil)
	require.Equal(t, http.StatusOK, r.Status, "body: %s", r.Raw)
	data := r.JSON["data"].([]any)
	require.Len(t, data, 1)
	fr := data[0].(map[string]any)
	require.Equal(t, "M", fr["response_json"].(map[string]any)["size"])
	require.Equal(t, ih.app.ID, fr["app_id"])
	r = ih.do(http.MethodGet, "/wa/v2/flows/flow_1/responses?until=2026-02-01T00:00:00Z", nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Empty(t, r.JSON["data"])
	requireError(t, ih.do(http.MethodGet, "/wa/v2/flows/flow_1/responses?since=yesterday", nil), http.StatusBadRequest, CodeValidation)
}
