package infobip_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/infobip"
	"github.com/waflow/waflow/providers/providertest"
)

// webhookSamples are the bodies under testdata/webhooks, with their
// normalized events in NAME.golden; each also survives re-serialising.
var webhookSamples = providertest.WebhookSamples{
	Parse:      infobip.Webhooks{}.ParseWebhook,
	NoneAsNull: true,
	Check:      assertStable,
}

// TestParseWebhookGolden turns each sample under testdata/webhooks into
// normalized events and compares them with NAME.golden.
func TestParseWebhookGolden(t *testing.T) {
	require.GreaterOrEqual(t, webhookSamples.Golden(t, *update), 9)
}

// assertStable checks that re-serialising the body (other whitespace and
// key order) gives the same events.
func assertStable(t testing.TB, body []byte, events []providers.Event) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	again, err := json.Marshal(v)
	require.NoError(t, err)
	reparsed, err := infobip.Webhooks{}.ParseWebhook(again)
	require.NoError(t, err, "parse %s", again)
	require.Equal(t, events, reparsed, "parse, re-serialise, parse must give the same events")
}

func TestParseWebhookFlowReply(t *testing.T) {
	body, err := os.ReadFile("testdata/webhooks/interactive-flow-reply.json")
	require.NoError(t, err)
	events, err := infobip.Webhooks{}.ParseWebhook(body)
	require.NoError(t, err)
	require.Len(t, events, 1)
	reply := events[0].Message.FlowReply
	require.NotNil(t, reply)
	require.Equal(t, "tok-42", reply.FlowToken)
	require.Equal(t, "3b2c1f0e-7c8d-4e5f-9a0b-1c2d3e4f5a6b", reply.ContextMessageID, "the Infobip id of the flow message")
	require.Equal(t, map[string]any{"high_chair": true}, reply.ResponseJSON["extras"], "the response object is kept as is")
}

func TestParseWebhookRefuses(t *testing.T) {
	cases := []struct{ name, body string }{
		{"not JSON", `{"results":`},
		{"array", `[]`},
		{"neither results nor change", `{"messageCount":0}`},
		{"two objects", `{"results":[]} {"results":[]}`},
		{"results not an array", `{"results":{}}`},
		{"inbound without id", `{"results":[{"from":"1","message":{"type":"TEXT","text":"x"}}]}`},
		{"inbound without from", `{"results":[{"messageId":"m","message":{"type":"TEXT","text":"x"}}]}`},
		{"bad receivedAt", `{"results":[{"messageId":"m","from":"1","receivedAt":"yesterday","message":{"type":"TEXT"}}]}`},
		{"flow reply response a string", `{"results":[{"messageId":"m","from":"1","message":{"type":"INTERACTIVE_FLOW_REPLY","response":"{\"flow_token\":\"t\"}"}}]}`},
		{"flow reply without response", `{"results":[{"messageId":"m","from":"1","message":{"type":"INTERACTIVE_FLOW_REPLY"}}]}`},
		{"report without id", `{"results":[{"status":{"groupName":"DELIVERED"}}]}`},
		{"seen without id", `{"results":[{"seenAt":"2024-03-01T11:07:30.000+0000"}]}`},
		{"template id missing", `{"change":{"type":"TEMPLATE_STATUS_UPDATE","newStatus":"APPROVED"}}`},
		{"template id fraction", `{"messageTemplateId":1.5,"change":{"type":"TEMPLATE_STATUS_UPDATE","newStatus":"APPROVED"}}`},
		{"template timestamp object", `{"messageTemplateId":"1","timestamp":{},"change":{"type":"TEMPLATE_STATUS_UPDATE","newStatus":"APPROVED"}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := infobip.Webhooks{}.ParseWebhook([]byte(c.body))
			require.ErrorIs(t, err, providers.ErrWebhookMalformed)
		})
	}
}

func TestParseWebhookKeys(t *testing.T) {
	body, err := os.ReadFile("testdata/webhooks/delivery-reports.json")
	require.NoError(t, err)
	events, err := infobip.Webhooks{}.ParseWebhook(body)
	require.NoError(t, err)
	keys := make([]string, len(events))
	for i, e := range events {
		keys[i] = e.DedupeKey
	}
	// SOMETHING_NEW has no toolkit word and is skipped.
	require.Equal(t, []string{
		"status:3b2c1f0e-7c8d-4e5f-9a0b-1c2d3e4f5a6b:DELIVERED",
		"status:9f8e7d6c-0000-4000-8000-000000000002:UNDELIVERABLE",
		"status:9f8e7d6c-0000-4000-8000-000000000003:EXPIRED",
	}, keys)
	require.Empty(t, events[0].Status.Errors, "Infobip's NO_ERROR object is no error")
	require.Equal(t, "27", events[1].Status.Errors[0].Code)
}

func basic(user, password string) http.Header {
	return http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))}}
}

func TestVerifyWebhookBasic(t *testing.T) {
	secrets := [][]byte{[]byte("new-user:new-pass"), []byte("old-user:old-pass")}
	cases := []struct {
		name    string
		secrets [][]byte
		header  http.Header
		want    error
	}{
		{"newest secret", secrets, basic("new-user", "new-pass"), nil},
		{"rotated secret", secrets, basic("old-user", "old-pass"), nil},
		{"wrong password", secrets, basic("new-user", "nope"), providers.ErrWebhookSignature},
		{"password prefix", secrets, basic("new-user", "new-pas"), providers.ErrWebhookSignature},
		{"no header", secrets, http.Header{}, providers.ErrWebhookUnsigned},
		{"bearer", secrets, http.Header{"Authorization": {"Bearer new-user:new-pass"}}, providers.ErrWebhookSignature},
		{"not base64", secrets, http.Header{"Authorization": {"Basic !!!"}}, providers.ErrWebhookSignature},
		{"no secret", nil, basic("new-user", "new-pass"), providers.ErrWebhookNoSecret},
		{"secret without colon", [][]byte{[]byte("just-a-key")}, basic("just-a-key", ""), providers.ErrWebhookNoSecret},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := infobip.Webhooks{}.VerifyWebhook(c.secrets, c.header, []byte(`{"results":[]}`))
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
		})
	}
}

func TestVerifyWebhookHMAC(t *testing.T) {
	body := []byte(`{"results":[]}`)
	mac := func(key string, sha512sum bool) []byte {
		h := hmac.New(sha256.New, []byte(key))
		if sha512sum {
			h = hmac.New(sha512.New, []byte(key))
		}
		h.Write(body)
		return h.Sum(nil)
	}
	hexSig := hex.EncodeToString(mac("k2", false))
	cases := []struct {
		name   string
		hooks  infobip.Webhooks
		header http.Header
		body   []byte
		want   error
	}{
		{"hex", infobip.Webhooks{Scheme: infobip.SchemeHMAC}, http.Header{"X-Signature": {hexSig}}, body, nil},
		{"upper-case hex", infobip.Webhooks{Scheme: infobip.SchemeHMAC}, http.Header{"X-Signature": {strings.ToUpper(hexSig)}}, body, nil},
		{"prefixed", infobip.Webhooks{Scheme: infobip.SchemeHMAC}, http.Header{"X-Signature": {"sha256=" + hexSig}}, body, nil},
		{"base64", infobip.Webhooks{Scheme: infobip.SchemeHMAC}, http.Header{"X-Signature": {base64.StdEncoding.EncodeToString(mac("k1", false))}}, body, nil},
		{"own header and SHA-512", infobip.Webhooks{Scheme: infobip.SchemeHMAC, HMACHeader: "X-Ib-Sig", HMACAlgorithm: infobip.HMACSHA512},
			http.Header{"X-Ib-Sig": {hex.EncodeToString(mac("k1", true))}}, body, nil},
		{"altered body", infobip.Webhooks{Scheme: infobip.SchemeHMAC}, http.Header{"X-Signature": {hexSig}}, append(body, ' '), providers.ErrWebhookSignature},
		{"wrong key", infobip.Webhooks{Scheme: infobip.SchemeHMAC}, http.Header{"X-Signature": {hex.EncodeToString(mac("k3", false))}}, body, providers.ErrWebhookSignature},
		{"missing", infobip.Webhooks{Scheme: infobip.SchemeHMAC}, http.Header{}, body, providers.ErrWebhookUnsigned},
		{"unknown algorithm", infobip.Webhooks{Scheme: infobip.SchemeHMAC, HMACAlgorithm: "HMAC_MD5"}, http.Header{"X-Signature": {hexSig}}, body, providers.ErrWebhookNoSecret},
		{"OAUTH not served", infobip.Webhooks{Scheme: "OAUTH"}, http.Header{}, body, providers.ErrWebhookNoSecret},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.hooks.VerifyWebhook([][]byte{[]byte("k1"), []byte("k2")}, c.header, c.body)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
		})
	}
	require.ErrorIs(t, infobip.Webhooks{Scheme: infobip.SchemeHMAC}.VerifyWebhook(nil, http.Header{"X-Signature": {hexSig}}, body), providers.ErrWebhookNoSecret)
}

func TestHandshake(t *testing.T) {
	_, ok := infobip.Webhooks{}.Handshake(map[string][]string{"hub.mode": {"subscribe"}, "hub.challenge": {"1"}, "hub.verify_token": {"t"}}, []string{"t"})
	require.False(t, ok, "Infobip has no subscription handshake")
}
