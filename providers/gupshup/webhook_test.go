package gupshup_test

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/gupshup"
	"github.com/waflow/waflow/providers/gupshup/gupshuptest"
	"github.com/waflow/waflow/providers/providertest"
)

// webhookSamples are the bodies under testdata/webhooks, with their
// normalized events in NAME.golden.
var webhookSamples = providertest.WebhookSamples{Parse: gupshup.Webhooks{}.ParseWebhook}

// TestParseWebhookGolden turns each sample under testdata/webhooks into
// normalized events and compares them with NAME.golden.
func TestParseWebhookGolden(t *testing.T) {
	require.GreaterOrEqual(t, webhookSamples.Golden(t, *update), 15)
}

// TestParseWebhookIDs pins the id choices of providers reference §7.5:
// statuses and reply contexts name the message by Gupshup's id (what
// SendMessage returned) when they carry it, else by the wamid; a v3
// context.id, Gupshup's short id, is never taken for a message id.
func TestParseWebhookIDs(t *testing.T) {
	const gsID, wamid = "00000042-0000-4000-8000-000000000042", "wamid.HBgLMTU1NTAwMDEyMzQVAgARGBJGRkZGRkZGRkZGRkZGRkZGRkYA"
	cases := []struct {
		file string
		want []string
	}{
		{"v2-message-event-enqueued", []string{"status:" + gsID + ":enqueued"}},
		{"v2-message-event-sent", []string{"status:" + gsID + ":sent"}},
		{"v2-message-event-late-read", []string{"status:" + wamid + ":read"}},
		{"v2-message-event-deleted", nil},
		{"v2-template-event-category-update", nil},
		{"v2-user-event-sandbox-start", nil},
		{"v3-statuses", []string{"status:" + gsID + ":enqueued", "status:" + gsID + ":sent", "status:" + gsID + ":delivered",
			"status:" + gsID + ":read", "status:00000043-0000-4000-8000-000000000043:failed", "status:00000044-0000-4000-8000-000000000044:failed"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "webhooks", c.file+".json"))
			require.NoError(t, err)
			events, err := gupshup.Webhooks{}.ParseWebhook(body)
			require.NoError(t, err)
			var keys []string
			for _, e := range events {
				keys = append(keys, e.DedupeKey)
			}
			require.Equal(t, c.want, keys)
		})
	}

	body, err := os.ReadFile("testdata/webhooks/v3-nfm-reply.json")
	require.NoError(t, err)
	events, err := gupshup.Webhooks{}.ParseWebhook(body)
	require.NoError(t, err)
	require.Len(t, events, 1)
	reply := events[0].Message.FlowReply
	require.Equal(t, gsID, reply.ContextMessageID)
	require.Equal(t, "token-flow-1", reply.FlowToken)

	// Without gs_id the wamid in meta_msg_id names the message; context.id
	// ("9186") never does.
	noGs := strings.Replace(string(body), `"gs_id": "`+gsID+`",`, "", 1)
	events, err = gupshup.Webhooks{}.ParseWebhook([]byte(noGs))
	require.NoError(t, err)
	require.Equal(t, wamid, events[0].Message.FlowReply.ContextMessageID)
	onlyShort := strings.Replace(noGs, `"meta_msg_id": "`+wamid+`"`, `"x": ""`, 1)
	events, err = gupshup.Webhooks{}.ParseWebhook([]byte(onlyShort))
	require.NoError(t, err)
	require.Empty(t, events[0].Message.FlowReply.ContextMessageID)
	require.Nil(t, events[0].Message.Context)
}

func TestParseWebhookRefuses(t *testing.T) {
	cases := []struct{ name, body string }{
		{"not JSON", `{"type":`},
		{"array", `[]`},
		{"neither format", `{"app":"a"}`},
		{"other object", `{"object":"page","entry":[]}`},
		{"v2 message without payload", `{"type":"message","timestamp":1}`},
		{"v2 message without id", `{"type":"message","payload":{"type":"text","payload":{"text":"x"}}}`},
		{"v2 bad timestamp", `{"type":"message-event","timestamp":"soon","payload":{"id":"x","type":"sent"}}`},
		{"v2 status without id", `{"type":"message-event","payload":{"type":"sent"}}`},
		{"v2 bad latitude", `{"type":"message","payload":{"id":"w","type":"location","payload":{"latitude":"north","longitude":1}}}`},
		{"v2 template without id", `{"type":"template-event","payload":{"status":"approved"}}`},
		{"v3 message without id", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"from":"1","type":"text"}]}}]}]}`},
		{"v3 negative timestamp", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"statuses":[{"id":"w","status":"sent","timestamp":"-1"}]}}]}]}`},
		{"v3 status without id", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"statuses":[{"status":"sent"}]}}]}]}`},
		{"v3 response_json not an object", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"id":"w","from":"1","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"response_json":"[1]"}}}]}}]}]}`},
		{"v3 response_json null", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"id":"w","from":"1","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"response_json":"null"}}}]}}]}]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := gupshup.Webhooks{}.ParseWebhook([]byte(c.body))
			require.ErrorIs(t, err, providers.ErrWebhookMalformed)
		})
	}
}

func TestVerifyWebhook(t *testing.T) {
	secret := []byte(webhookSecret)
	with := func(name, value string) http.Header {
		h := http.Header{}
		h.Set(name, value)
		return h
	}
	body := []byte(`{}`)
	cases := []struct {
		name     string
		receiver gupshup.Webhooks
		secrets  [][]byte
		header   http.Header
		want     error
	}{
		{"default header", gupshup.Webhooks{}, [][]byte{secret}, with(gupshup.DefaultWebhookHeader, webhookSecret), nil},
		{"second secret", gupshup.Webhooks{}, [][]byte{[]byte("older"), secret}, with(gupshup.DefaultWebhookHeader, webhookSecret), nil},
		{"configured header", gupshup.Webhooks{Header: "X-Hook-Token"}, [][]byte{secret}, with("x-hook-token", webhookSecret), nil},
		{"missing", gupshup.Webhooks{}, [][]byte{secret}, http.Header{}, providers.ErrWebhookUnsigned},
		{"empty", gupshup.Webhooks{}, [][]byte{secret}, with(gupshup.DefaultWebhookHeader, ""), providers.ErrWebhookUnsigned},
		{"other header", gupshup.Webhooks{Header: "X-Hook-Token"}, [][]byte{secret}, with(gupshup.DefaultWebhookHeader, webhookSecret), providers.ErrWebhookUnsigned},
		{"wrong secret", gupshup.Webhooks{}, [][]byte{secret}, with(gupshup.DefaultWebhookHeader, "guess"), providers.ErrWebhookSignature},
		{"prefix of the secret", gupshup.Webhooks{}, [][]byte{secret}, with(gupshup.DefaultWebhookHeader, webhookSecret[:8]), providers.ErrWebhookSignature},
		{"no secret", gupshup.Webhooks{}, [][]byte{nil, {}}, with(gupshup.DefaultWebhookHeader, webhookSecret), providers.ErrWebhookNoSecret},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.receiver.VerifyWebhook(c.secrets, c.header, body)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
			for _, other := range []error{providers.ErrWebhookUnsigned, providers.ErrWebhookSignature, providers.ErrWebhookNoSecret} {
				if !errors.Is(c.want, other) {
					require.NotErrorIs(t, err, other)
				}
			}
			require.NotContains(t, err.Error(), webhookSecret)
		})
	}
	_, ok := gupshup.Webhooks{}.Handshake(nil, []string{"t"})
	require.False(t, ok, "Gupshup has no handshake")
}

// TestEmittedWebhooks delivers the fake's webhooks for a real send to a
// receiver that verifies and parses them with the provider.
func TestEmittedWebhooks(t *testing.T) {
	f := newFixture(t, gupshuptest.Options{}, gupshup.Options{WebhookHeader: "X-Hook-Token"})
	res, err := f.p.SendMessage(t.Context(), f.app, providers.OutboundMessage{To: "15550001234", Type: providers.MessageText,
		Text: &providers.Text{Body: "hi"}})
	require.NoError(t, err)
	wamid, _ := f.srv.WAMID(res.ID)

	var got [][]providers.Event
	var verr []error
	srv := receiverServer(t, f.p, func(evs []providers.Event, err error) { got, verr = append(got, evs), append(verr, err) })
	deliver := func(body []byte, header string) {
		t.Helper()
		_, err := f.srv.Deliver(t.Context(), gupshuptest.Delivery{URL: srv, Header: header, Secret: webhookSecret}, body)
		require.NoError(t, err)
	}
	for _, st := range []string{"enqueued", "sent", "delivered", "read"} {
		body, err := f.srv.MessageEventV2(res.ID, st, gupshuptest.Failure{}, false)
		require.NoError(t, err)
		deliver(body, "X-Hook-Token")
	}
	body, err := f.srv.MessageEventV2(res.ID, "read", gupshuptest.Failure{}, true)
	require.NoError(t, err)
	deliver(body, "X-Hook-Token")
	body, err = f.srv.StatusV3(res.ID, "failed", gupshuptest.Failure{Code: 1008, Reason: "User is not opted in and is inactive"})
	require.NoError(t, err)
	deliver(body, "X-Hook-Token")
	deliver(body, "")

	require.Len(t, got, 7)
	for i, want := range []providers.MessageStatus{providers.MessagePending, providers.MessageSent, providers.MessageDelivered, providers.MessageRead} {
		require.NoError(t, verr[i])
		require.Len(t, got[i], 1)
		require.Equal(t, res.ID, got[i][0].Status.MessageID)
		require.Equal(t, want, got[i][0].Status.Status)
	}
	require.Equal(t, wamid, got[4][0].Status.MessageID, "a late event names the wamid only")
	require.Equal(t, []providers.EventError{{Code: "1008", Message: "User is not opted in and is inactive"}}, got[5][0].Status.Errors)
	require.ErrorIs(t, verr[6], providers.ErrWebhookUnsigned, "a delivery without the header is refused")
}
