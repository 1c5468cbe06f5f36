package meta_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/meta"
	"github.com/waflow/waflow/providers/providertest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// webhookSamples are the bodies under testdata/webhooks, with their
// normalized events in NAME.events.json; each also survives encoding the
// events and parsing them again.
var webhookSamples = providertest.WebhookSamples{
	Parse:  meta.Webhooks{}.ParseWebhook,
	Suffix: ".events.json",
	Check:  func(t testing.TB, _ []byte, events []providers.Event) { assertRoundTrip(t, events) },
}

// TestParseWebhookGolden turns each sample under testdata/webhooks into
// normalized events and compares them with NAME.events.json.
func TestParseWebhookGolden(t *testing.T) {
	require.Greater(t, webhookSamples.Golden(t, *update), 10)
}

func assertRoundTrip(t testing.TB, events []providers.Event) {
	t.Helper()
	body, err := meta.EncodeWebhook(events)
	require.NoError(t, err)
	again, err := meta.Webhooks{}.ParseWebhook(body)
	require.NoError(t, err, "parse %s", body)
	require.Equal(t, events, again, "encode then parse must give the same events; body %s", body)
}

func TestParseWebhookKeys(t *testing.T) {
	body, err := os.ReadFile("testdata/webhooks/statuses.json")
	require.NoError(t, err)
	events, err := meta.Webhooks{}.ParseWebhook(body)
	require.NoError(t, err)
	keys := make([]string, len(events))
	for i, e := range events {
		keys[i] = e.DedupeKey
	}
	// "deleted" has no toolkit status and is skipped; "played" is read.
	require.Equal(t, []string{
		"status:wamid.OUT1:sent", "status:wamid.OUT1:delivered", "status:wamid.OUT1:read",
		"status:wamid.OUT2:played", "status:wamid.OUT3:failed",
	}, keys)
	require.Equal(t, providers.MessageRead, events[3].Status.Status)
}

func TestParseWebhookRefuses(t *testing.T) {
	cases := []struct{ name, body string }{
		{"not JSON", `{"object":`},
		{"array", `[]`},
		{"other object", `{"object":"page","entry":[]}`},
		{"no object", `{"entry":[]}`},
		{"entry time text", `{"object":"whatsapp_business_account","entry":[{"id":"1","time":"soon","changes":[]}]}`},
		{"message without id", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"from":"1","type":"text"}]}}]}]}`},
		{"bad timestamp", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"id":"w","from":"1","timestamp":"-3","type":"text"}]}}]}]}`},
		{"response_json not an object", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"id":"w","from":"1","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"response_json":"[1]"}}}]}}]}]}`},
		{"response_json null", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"id":"w","from":"1","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"response_json":"null"}}}]}}]}]}`},
		{"flow event without flow id", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"flows","value":{"event":"FLOW_STATUS_CHANGE"}}]}]}`},
		{"latency not a number", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"flows","value":{"event":"E","flow_id":"1","p90_latency":"x"}}]}]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := meta.Webhooks{}.ParseWebhook([]byte(c.body))
			require.ErrorIs(t, err, providers.ErrWebhookMalformed)
		})
	}
}

func TestHandshake(t *testing.T) {
	tokens := []string{"new-token", "old-token"}
	cases := []struct {
		name  string
		query string
		ok    bool
	}{
		{"right token", "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=new-token", true},
		{"older token", "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=old-token", true},
		{"wrong token", "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=nope", false},
		{"token prefix", "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=new", false},
		{"missing mode", "hub.challenge=1158201444&hub.verify_token=new-token", false},
		{"other mode", "hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=new-token", false},
		{"missing challenge", "hub.mode=subscribe&hub.verify_token=new-token", false},
		{"empty token", "hub.mode=subscribe&hub.challenge=1&hub.verify_token=", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, err := url.ParseQuery(c.query)
			require.NoError(t, err)
			challenge, ok := meta.Webhooks{}.Handshake(q, tokens)
			require.Equal(t, c.ok, ok)
			if ok {
				require.Equal(t, "1158201444", challenge)
			}
		})
	}
	_, ok := meta.Webhooks{}.Handshake(url.Values{"hub.mode": {"subscribe"}, "hub.challenge": {"1"}, "hub.verify_token": {""}}, []string{""})
	require.False(t, ok, "an empty configured token never matches")
}

func TestVerifyWebhook(t *testing.T) {
	secret := []byte("app-secret")
	body := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"id":"w","from":"1","type":"text","text":{"body":"\u00e4\u00f6\u00e5"}}]}}]}]}`)
	signed := http.Header{}
	signed.Set(crypto.SignatureHeader, crypto.SignBody(secret, body))

	var decoded any
	require.NoError(t, json.Unmarshal(body, &decoded))
	reserialised, err := json.Marshal(decoded)
	require.NoError(t, err)
	require.False(t, bytes.Equal(body, reserialised))

	cases := []struct {
		name    string
		secrets [][]byte
		header  http.Header
		body    []byte
		want    error
	}{
		{"signed", [][]byte{secret}, signed, body, nil},
		{"second secret", [][]byte{[]byte("other"), secret}, signed, body, nil},
		{"missing", [][]byte{secret}, http.Header{}, body, providers.ErrWebhookUnsigned},
		{"wrong secret", [][]byte{[]byte("other")}, signed, body, providers.ErrWebhookSignature},
		{"body altered", [][]byte{secret}, signed, append(bytes.Clone(body[:len(body)-1]), ' ', '}'), providers.ErrWebhookSignature},
		{"re-serialised JSON", [][]byte{secret}, signed, reserialised, providers.ErrWebhookSignature},
		{"malformed", [][]byte{secret}, http.Header{crypto.SignatureHeader: {"sha1=abc"}}, body, providers.ErrWebhookSignature},
		{"no secret", [][]byte{nil}, signed, body, providers.ErrWebhookNoSecret},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := meta.Webhooks{}.VerifyWebhook(c.secrets, c.header, c.body)
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
		})
	}
}

func TestEncodeWebhookRefusesEmptyEvent(t *testing.T) {
	_, err := meta.EncodeWebhook([]providers.Event{{Kind: providers.EventStatus}})
	require.Error(t, err)
}

func ExampleEncodeWebhook() {
	at := time.Unix(1702500000, 0).UTC()
	body, _ := meta.EncodeWebhook([]providers.Event{{
		Kind: providers.EventMessage, PhoneNumberID: "106540352242922", WABAID: "102290129340398", At: at,
		Message: &providers.InboundMessage{ID: "wamid.1", From: "16505551234", Type: "text", Text: "hi"},
	}})
	events, _ := meta.Webhooks{}.ParseWebhook(body)
	os.Stdout.WriteString(events[0].DedupeKey + " " + events[0].Message.Text + "\n")
	// Output: message:wamid.1 hi
}
