package kapso_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/kapso"
	"github.com/waflow/waflow/providers/kapso/kapsotest"
	"github.com/waflow/waflow/providers/meta"
	"github.com/waflow/waflow/providers/providertest"
)

// webhookSamples are the bodies under testdata/webhooks, with their
// events in <scenario>.golden; each also survives assertRoundTrip.
var webhookSamples = providertest.WebhookSamples{Parse: kapso.Webhooks{}.ParseWebhook, Check: assertRoundTrip}

// TestParseWebhookGolden turns each sample under testdata/webhooks into
// events and compares them with <scenario>.golden; every sample also
// survives encoding its events and parsing them again.
func TestParseWebhookGolden(t *testing.T) {
	require.Positive(t, webhookSamples.Golden(t, *update))
}

// assertRoundTrip encodes events as the body they came from would carry
// them and checks that parsing that gives the same events: forwarded Meta
// payloads with meta.EncodeWebhook, Kapso's with encodeKapso.
func assertRoundTrip(t testing.TB, body []byte, events []providers.Event) {
	t.Helper()
	var probe struct {
		Object json.RawMessage `json:"object"`
	}
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &probe) == nil && probe.Object != nil {
		again, err := meta.EncodeWebhook(events)
		require.NoError(t, err)
		parsed, err := kapso.Webhooks{}.ParseWebhook(again)
		require.NoError(t, err, "parse %s", again)
		require.Equal(t, events, parsed, "encode then parse must give the same events; body %s", again)
		return
	}
	var parsed []providers.Event
	for _, ev := range events {
		again := encodeKapso(t, ev)
		one, err := kapso.Webhooks{}.ParseWebhook(again)
		require.NoError(t, err, "parse %s", again)
		parsed = append(parsed, one...)
	}
	if len(events) == 0 {
		require.Empty(t, parsed)
		return
	}
	require.Equal(t, events, parsed, "encode then parse must give the same events")
}

// encodeKapso writes one message or status event as a Kapso v2 payload:
// Meta's message or status object as meta.EncodeWebhook writes it, with
// Kapso's members around it.
func encodeKapso(t testing.TB, ev providers.Event) []byte {
	t.Helper()
	metaBody, err := meta.EncodeWebhook([]providers.Event{ev})
	require.NoError(t, err)
	var env struct {
		Entry []struct {
			Changes []struct {
				Value struct {
					Messages []map[string]any `json:"messages"`
					Statuses []map[string]any `json:"statuses"`
				} `json:"value"`
			} `json:"changes"`
		} `json:"entry"`
	}
	dec := json.NewDecoder(bytes.NewReader(metaBody))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&env))
	value := env.Entry[0].Changes[0].Value
	var message map[string]any
	switch ev.Kind {
	case providers.EventMessage:
		message = value.Messages[0]
		ext := map[string]any{"direction": "inbound", "contact_name": ev.Message.ContactName}
		if ev.Message.FlowReply != nil {
			ext["flow_token"] = ev.Message.FlowReply.FlowToken
		}
		message["kapso"] = ext
	case providers.EventStatus:
		st := value.Statuses[0]
		message = map[string]any{"id": ev.Status.MessageID, "kapso": map[string]any{
			"direction": "outbound", "status": ev.Status.RawStatus, "statuses": []any{st}}}
	default:
		t.Fatalf("a Kapso payload has no %s event", ev.Kind)
	}
	out, err := json.Marshal(map[string]any{"message": message, "phone_number_id": ev.PhoneNumberID})
	require.NoError(t, err)
	return out
}

func TestParseWebhookRefuses(t *testing.T) {
	for name, body := range map[string]string{
		"not-json":              `{"message":`,
		"message-not-object":    `{"message": 7}`,
		"message-without-kapso": `{"message": {"id": "wamid.X", "type": "text"}}`,
		"status-without-id":     `{"message": {"kapso": {"direction": "outbound", "status": "read"}}}`,
		"batch-not-array":       `{"batch": true, "data": {"message": {}}}`,
		"flow-response-string":  `{"message": {"id": "wamid.X", "from": "1", "type": "interactive", "interactive": {"type": "nfm_reply"}, "kapso": {"direction": "inbound", "flow_response": "x"}}}`,
		"meta-wrong-object":     `{"object": "page", "entry": []}`,
	} {
		t.Run(name, func(t *testing.T) {
			events, err := kapso.Webhooks{}.ParseWebhook([]byte(body))
			require.ErrorIs(t, err, providers.ErrWebhookMalformed)
			require.Empty(t, events)
		})
	}
}

func TestHandshakeAbsent(t *testing.T) {
	challenge, ok := kapso.Webhooks{}.Handshake(map[string][]string{"hub.mode": {"subscribe"}, "hub.challenge": {"1"}, "hub.verify_token": {"t"}}, []string{"t"})
	require.False(t, ok, "Kapso has no handshake")
	require.Empty(t, challenge)
}

// receiver is an endpoint that verifies each delivery and parses only
// those that pass, as the inbound pipeline does.
type receiver struct {
	secrets [][]byte
	mu      sync.Mutex
	errs    []error
	parsed  [][]providers.Event
	headers []http.Header
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	err := kapso.Webhooks{}.VerifyWebhook(r.secrets, req.Header, body)
	var events []providers.Event
	if err == nil {
		events, err = kapso.Webhooks{}.ParseWebhook(body)
	}
	r.mu.Lock()
	r.errs, r.parsed, r.headers = append(r.errs, err), append(r.parsed, events), append(r.headers, req.Header.Clone())
	r.mu.Unlock()
	if err != nil {
		w.WriteHeader(http.StatusUnauthorized)
	}
}

func (r *receiver) last() (error, []providers.Event, http.Header) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(r.errs) - 1
	return r.errs[n], r.parsed[n], r.headers[n]
}

// TestVerifyWebhook delivers the fake's signed webhooks, spoiled in each
// way a receiver must notice, and checks that only the genuine ones get
// to the parser.
func TestVerifyWebhook(t *testing.T) {
	f := newFixture(t, kapsotest.Options{}, kapso.Options{})
	secret := []byte(f.srv.WebhookSecret())
	for _, c := range []struct {
		name    string
		tamper  kapsotest.Tamper
		secrets [][]byte
		want    error
	}{
		{"genuine", kapsotest.Untampered, [][]byte{secret}, nil},
		{"rotated-secret", kapsotest.Untampered, [][]byte{[]byte("the-new-secret"), secret}, nil},
		{"wrong-secret", kapsotest.WrongSecret, [][]byte{secret}, providers.ErrWebhookSignature},
		{"missing-header", kapsotest.Unsigned, [][]byte{secret}, providers.ErrWebhookUnsigned},
		{"altered-body", kapsotest.AlteredBody, [][]byte{secret}, providers.ErrWebhookSignature},
		{"reserialized-body", kapsotest.Reserialized, [][]byte{secret}, providers.ErrWebhookSignature},
		{"meta-prefix", kapsotest.Prefixed, [][]byte{secret}, providers.ErrWebhookSignature},
		{"no-secret", kapsotest.Untampered, [][]byte{nil, {}}, providers.ErrWebhookNoSecret},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &receiver{secrets: c.secrets}
			srv := httptest.NewServer(r)
			defer srv.Close()
			_, wh := f.srv.ReceivedText(phoneID, "5491155550101", "Lucía", "¿Hay mesa? äöå")
			statuses, err := f.srv.Deliver(context.Background(), kapsotest.Delivery{URL: srv.URL, Tamper: c.tamper}, wh)
			require.NoError(t, err)
			require.Len(t, statuses, 1)
			gotErr, events, header := r.last()
			require.Equal(t, kapsotest.EventMessageReceived, header.Get(kapso.EventHeader))
			require.Len(t, header.Get(kapso.IdempotencyHeader), 64)
			if c.want == nil {
				require.NoError(t, gotErr)
				require.Len(t, events, 1)
				require.Equal(t, "¿Hay mesa? äöå", events[0].Message.Text)
				return
			}
			require.ErrorIs(t, gotErr, c.want)
			require.Empty(t, events, "a refused delivery never reaches the parser")
		})
	}
}

// TestVerifyWebhookMalformedSignature refuses signatures that are not
// 64 hex digits before comparing anything.
func TestVerifyWebhookMalformedSignature(t *testing.T) {
	body := []byte(`{"message":null}`)
	for _, sig := range []string{"zz", strings.Repeat("a", 63), strings.Repeat("g", 64)} {
		h := http.Header{}
		h.Set(kapso.SignatureHeader, sig)
		require.ErrorIs(t, kapso.Webhooks{}.VerifyWebhook([][]byte{[]byte("s")}, h, body), providers.ErrWebhookSignature, sig)
	}
}

// TestWebhookDeliveries covers what the fake's emitter sends beyond one
// event: a buffered batch, a status progression, a flow completion in
// each placement, a conversation event and a redelivery after a failure.
func TestWebhookDeliveries(t *testing.T) {
	f := newFixture(t, kapsotest.Options{}, kapso.Options{})
	r := &receiver{secrets: [][]byte{[]byte(f.srv.WebhookSecret())}}
	srv := httptest.NewServer(r)
	defer srv.Close()
	deliver := func(wh kapsotest.Webhook) []providers.Event {
		t.Helper()
		_, err := f.srv.Deliver(context.Background(), kapsotest.Delivery{URL: srv.URL}, wh)
		require.NoError(t, err)
		err, events, _ := r.last()
		require.NoError(t, err)
		return events
	}

	_, a := f.srv.ReceivedText(phoneID, "5491155550101", "", "one")
	_, b := f.srv.ReceivedText(phoneID, "5491155550102", "", "two")
	batch := deliver(kapsotest.Batch(a, b))
	require.Len(t, batch, 2)
	require.Equal(t, []string{"one", "two"}, []string{batch[0].Message.Text, batch[1].Message.Text})
	_, _, header := r.last()
	require.Equal(t, "true", header.Get(kapso.BatchHeader))

	for _, status := range []string{"sent", "delivered", "read"} {
		events := deliver(f.srv.Status(phoneID, "wamid.OUT9", "5491155550101", status))
		require.Len(t, events, 1, "a status event reports its status once, not its history")
		require.Equal(t, "status:wamid.OUT9:"+status, events[0].DedupeKey)
	}
	failed := deliver(f.srv.Status(phoneID, "wamid.OUT10", "5491155550101", "failed",
		kapsotest.StatusError{Code: 131026, Title: "Message undeliverable", Details: "old client"}))
	require.Equal(t, providers.MessageFailed, failed[0].Status.Status)
	require.Equal(t, []providers.EventError{{Code: "131026", Title: "Message undeliverable", Details: "old client"}}, failed[0].Status.Errors)

	for _, kapsoOnly := range []bool{false, true} {
		_, wh, err := f.srv.ReceivedFlowReply(kapsotest.FlowReply{PhoneNumberID: phoneID, From: "5491155550101",
			ContextWAMID: "wamid.FLOW", Response: map[string]any{"flow_token": "tok-1", "size": "2"}, KapsoOnly: kapsoOnly})
		require.NoError(t, err)
		events := deliver(wh)
		require.Len(t, events, 1)
		reply := events[0].Message.FlowReply
		require.NotNil(t, reply, "kapso only: %v", kapsoOnly)
		require.Equal(t, "tok-1", reply.FlowToken)
		require.Equal(t, "wamid.FLOW", reply.ContextMessageID)
		require.Equal(t, "2", reply.ResponseJSON["size"])
	}

	require.Empty(t, deliver(f.srv.ConversationCreated(phoneID, "5491155550101")))

	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer refusing.Close()
	_, wh := f.srv.ReceivedText(phoneID, "5491155550101", "", "retry me")
	statuses, err := f.srv.Deliver(context.Background(), kapsotest.Delivery{URL: refusing.URL, Retries: []time.Duration{time.Millisecond, time.Millisecond}}, wh)
	require.NoError(t, err)
	require.Equal(t, []int{503, 503, 503}, statuses)
}
