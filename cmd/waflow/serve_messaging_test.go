package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/messaging"
)

// apiClient calls a running server with its API key.
type apiClient struct {
	t         *testing.T
	base, key string
	client    *http.Client
}

// call sends body as JSON and decodes the JSON answer into out (when not
// nil), returning the status.
func (c apiClient) call(method, path string, body, out any) int {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	require.NoError(c.t, err)
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	if out != nil && resp.StatusCode < 300 {
		require.NoError(c.t, json.Unmarshal(raw, out), "body: %s", raw)
	} else if resp.StatusCode >= 300 {
		c.t.Logf("%s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	return resp.StatusCode
}

// eventReceiver is a subscriber on loopback: it checks every delivery's
// signature and keeps the events.
type eventReceiver struct {
	t      *testing.T
	secret []byte
	mu     sync.Mutex
	events []messaging.EventEnvelope
}

func (r *eventReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if err := messaging.VerifyDeliverySignature([][]byte{r.secret}, req.Header.Get(messaging.SignatureHeader), body,
		time.Now(), time.Minute); err != nil {
		r.t.Errorf("delivery signature: %v", err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var env messaging.EventEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		r.t.Errorf("delivery body: %v", err)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, env)
}

// await waits for an event that match accepts.
func (r *eventReceiver) await(what string, match func(messaging.EventEnvelope) bool) messaging.EventEnvelope {
	r.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		r.mu.Lock()
		for _, ev := range r.events {
			if match(ev) {
				r.mu.Unlock()
				return ev
			}
		}
		r.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	r.t.Fatalf("no %s delivered", what)
	return messaging.EventEnvelope{}
}

// eventually polls check until it returns true.
func eventually(t *testing.T, what string, check func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !check() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var examplesLine = regexp.MustCompile(`(?m)^Examples: \d+ flows on app sandbox-demo \((app_\S+)\)$`)

// TestServeSendsFlowsAndGetsTheAnswers runs "waflow serve" with the
// examples and a sandbox that answers at once, and follows messages
// through it over HTTP: the sandbox's webhooks move them to READ, its user
// completes the flows (the pizza order through the real data endpoint),
// and a subscriber receives every event, signed.
func TestServeSendsFlowsAndGetsTheAnswers(t *testing.T) {
	p := startServe(t, map[string]string{envDataDir: t.TempDir(), envSandboxDelay: "0s", envAllowPrivateWebhooks: "true"},
		"--addr", "127.0.0.1:0", "--examples", copyExamples(t))
	api := apiClient{t: t, base: p.baseURL(t), client: &http.Client{Timeout: 10 * time.Second}}
	api.key = apiKeyLine.FindStringSubmatch(p.stdout.String())[1]
	m := examplesLine.FindStringSubmatch(p.stdout.String())
	require.NotNil(t, m, "stdout:\n%s", p.stdout.String())
	appID := m[1]

	rcv := &eventReceiver{t: t, secret: []byte("subscriber-secret-0123456789")}
	srv := httptest.NewServer(rcv)
	t.Cleanup(srv.Close)
	require.Equal(t, http.StatusCreated, api.call(http.MethodPost, "/wa/v2/subscriptions/", map[string]any{
		"name": "receiver", "url": srv.URL + "/events", "secret": string(rcv.secret),
		"events": []string{"status", "template_status", "flow_response"}}, nil))

	flows := map[string]string{}
	var list struct {
		Data []struct{ ID, Name string }
	}
	require.Equal(t, http.StatusOK, api.call(http.MethodGet, "/wa/v2/flows/", nil, &list))
	for _, f := range list.Data {
		flows[f.Name] = f.ID
	}
	for _, name := range []string{"feedback-7.3", "pizza-order-endpoint-7.3"} {
		eventually(t, name+" published at the sandbox", func() bool {
			var ts struct {
				Data []struct {
					PublishedRevision int `json:"published_revision"`
				}
			}
			return api.call(http.MethodGet, "/wa/v2/flows/"+flows[name]+"/targets", nil, &ts) == http.StatusOK &&
				len(ts.Data) == 1 && ts.Data[0].PublishedRevision > 0
		})
	}

	type sent struct {
		ID        string `json:"id"`
		FlowToken string `json:"flow_token"`
		Status    string `json:"status"`
	}
	send := func(body map[string]any) sent {
		t.Helper()
		body["app_id"], body["to"] = appID, "+15550001111"
		var s sent
		require.Equal(t, http.StatusCreated, api.call(http.MethodPost, "/wa/v2/messages/", body, &s))
		return s
	}
	statusOf := func(ev messaging.EventEnvelope) (string, string) {
		if ev.Type != messaging.EventTypeStatus || ev.Data.Event == nil || ev.Data.Event.Status == nil {
			return "", ""
		}
		return ev.Data.Event.Status.MessageID, string(ev.Data.Event.Status.Status)
	}

	// A text goes SENT → DELIVERED → READ through the sandbox's webhooks.
	text := send(map[string]any{"type": "text", "text": map[string]any{"body": "Hello from waflow"}})
	var view struct {
		WAMID   string                    `json:"wamid"`
		Status  string                    `json:"status"`
		History []struct{ Status string } `json:"history"`
	}
	eventually(t, "the text READ", func() bool {
		return api.call(http.MethodGet, "/wa/v2/messages/"+text.ID, nil, &view) == http.StatusOK && view.Status == "READ"
	})
	read := rcv.await("the text's READ status", func(ev messaging.EventEnvelope) bool {
		id, st := statusOf(ev)
		return id == view.WAMID && st == "READ"
	})
	require.Equal(t, []string{appID}, read.Data.AppIDs, "the sandbox's webhook names the app")
	var history []string
	for _, h := range view.History {
		history = append(history, h.Status)
	}
	require.Subset(t, history, []string{"PENDING", "SENT", "DELIVERED", "READ"})

	// A static flow: the user fills it and the completion comes back.
	feedback := send(map[string]any{"type": "interactive", "interactive": map[string]any{"type": "flow",
		"body": "How did we do?", "flow": map[string]any{"flow_name": "feedback-7.3", "cta": "Give feedback"}}})
	require.NotEmpty(t, feedback.FlowToken)
	done := rcv.await("the feedback completion", func(ev messaging.EventEnvelope) bool {
		return ev.Type == messaging.EventTypeFlowResponse && ev.Data.Response.MessageID == feedback.ID
	}).Data.Response
	require.Equal(t, flows["feedback-7.3"], done.FlowID)
	require.Equal(t, feedback.FlowToken, done.FlowToken)
	require.Equal(t, appID, done.AppID)
	require.Equal(t, "yes", done.ResponseJSON["recommend"], "the first option")
	require.Equal(t, true, done.ResponseJSON["follow_up"])

	// An endpoint flow: every step of the walk goes through the data
	// endpoint, encrypted to the app's key, and its handler script; the
	// user picks the first size and topping and gives a name and address.
	pizza := send(map[string]any{"type": "interactive", "interactive": map[string]any{"type": "flow",
		"body": "Hungry?", "flow": map[string]any{"flow_name": "pizza-order-endpoint-7.3", "cta": "Order",
			"action": "data_exchange"}}})
	order := rcv.await("the pizza completion", func(ev messaging.EventEnvelope) bool {
		return ev.Type == messaging.EventTypeFlowResponse && ev.Data.Response.MessageID == pizza.ID
	}).Data.Response
	require.Equal(t, flows["pizza-order-endpoint-7.3"], order.FlowID)
	require.Equal(t, pizza.FlowToken, order.ResponseJSON["flow_token"])
	require.Regexp(t, `^PZ-[0-9A-Z]{6}$`, order.ResponseJSON["order_id"], "CONFIRM came from the handler: %v", order.ResponseJSON)

	var responses struct {
		Data []messaging.FlowResponse `json:"data"`
	}
	require.Equal(t, http.StatusOK, api.call(http.MethodGet, "/wa/v2/flows/"+flows["pizza-order-endpoint-7.3"]+"/responses", nil, &responses))
	require.Len(t, responses.Data, 1)
	require.Equal(t, pizza.ID, responses.Data[0].MessageID)
	require.Equal(t, "15550001111", responses.Data[0].Recipient)

	// A template is reviewed and APPROVED by webhook.
	var tpl struct {
		ID, Status string
	}
	require.Equal(t, http.StatusCreated, api.call(http.MethodPost, "/wa/v2/templates/", map[string]any{
		"app_id": appID, "name": "order_ready", "language": "en_US", "category": "UTILITY",
		"components": []any{map[string]any{"type": "BODY", "text": "Your order is ready."}}}, &tpl))
	require.Equal(t, "PENDING", tpl.Status)
	rcv.await("the template's approval", func(ev messaging.EventEnvelope) bool {
		return ev.Type == messaging.EventTypeTemplateStatus && ev.Data.Event.TemplateStatus.Name == "order_ready" &&
			string(ev.Data.Event.TemplateStatus.Status) == "APPROVED"
	})
	eventually(t, "the template APPROVED", func() bool {
		return api.call(http.MethodGet, "/wa/v2/templates/"+tpl.ID, nil, &tpl) == http.StatusOK && tpl.Status == "APPROVED"
	})
	require.Equal(t, exitOK, p.stop(t), "stderr:\n%s", p.stderr.String())
	require.NotContains(t, p.stderr.String(), "give up a webhook", fmt.Sprint("stderr:\n", p.stderr.String()))
}
