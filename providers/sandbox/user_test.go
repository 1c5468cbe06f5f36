package sandbox_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/flowrun"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
)

// signupFlow asks for a name, an email, a plan and a date on its first
// screen and completes on its second with what was entered.
const signupFlow = `{"version": "7.3", "screens": [
 {"id": "DETAILS", "title": "Sign up", "data": {"plans": {"type": "array", "items": {"type": "object",
   "properties": {"id": {"type": "string"}, "title": {"type": "string"}}},
   "__example__": [{"id": "basic", "title": "Basic"}, {"id": "pro", "title": "Pro"}]}},
  "layout": {"type": "SingleColumnLayout", "children": [
   {"type": "TextInput", "name": "full_name", "label": "Your name", "required": true},
   {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "required": true},
   {"type": "Dropdown", "name": "plan", "label": "Plan", "required": true, "data-source": "${data.plans}"},
   {"type": "DatePicker", "name": "start", "label": "Start", "min-date": "2026-04-01"},
   {"type": "TextInput", "name": "referral", "label": "Referral code", "init-value": "FRIEND"},
   {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "DONE"},
    "payload": {"full_name": "${form.full_name}", "email": "${form.email}", "plan": "${form.plan}",
     "start": "${form.start}", "referral": "${form.referral}"}}}]}},
 {"id": "DONE", "title": "Done", "terminal": true, "success": true,
  "data": {"full_name": {"type": "string", "__example__": "Ana"}, "email": {"type": "string", "__example__": "a@b.c"},
   "plan": {"type": "string", "__example__": "basic"}, "start": {"type": "string", "__example__": "2026-04-01"},
   "referral": {"type": "string", "__example__": "X"}},
  "layout": {"type": "SingleColumnLayout", "children": [
   {"type": "TextBody", "text": "All set"},
   {"type": "Footer", "label": "Finish", "on-click-action": {"name": "complete", "payload": {
    "full_name": "${data.full_name}", "email": "${data.email}", "plan": "${data.plan}",
    "start": "${data.start}", "referral": "${data.referral}"}}}]}}]}`

// publish makes a PUBLISHED flow of app from doc, with an endpoint URI
// when one is given.
func publish(t *testing.T, sb *sandbox.Sandbox, app providers.App, name, doc, endpointURI string) string {
	t.Helper()
	ctx := t.Context()
	f, err := sb.CreateFlow(ctx, app, providers.CreateFlowRequest{Name: name, Categories: []string{"OTHER"}, EndpointURI: endpointURI})
	require.NoError(t, err)
	verrs, err := sb.UpdateFlowJSON(ctx, app, f.ID, []byte(doc))
	require.NoError(t, err)
	require.Empty(t, verrs)
	require.NoError(t, sb.PublishFlow(ctx, app, f.ID))
	return f.ID
}

// flowReply waits for the completion among the webhooks.
func flowReply(t *testing.T, rcv *hookReceiver, n int) providers.Event {
	t.Helper()
	for _, ev := range rcv.wait(n) {
		if ev.Kind == providers.EventMessage {
			require.NotNil(t, ev.Message.FlowReply, "the user sends only completions")
			return ev
		}
	}
	t.Fatalf("no completion among %d webhooks", n)
	return providers.Event{}
}

func TestTheUserWalksAStaticFlowAndSendsTheCompletion(t *testing.T) {
	rcv, url := newHookReceiver(t)
	sb := sandbox.New(sandbox.Options{Now: fixedClock(), WebhookURL: url, WebhookSecret: hookSecret})
	runSandbox(t, sb)
	flowID := publish(t, sb, appA, "signup", signupFlow, "")

	res, err := sb.SendMessage(t.Context(), appA, flowMessage(providers.FlowAction{FlowID: flowID, CTA: "Sign up",
		Token: "tok-1", Screen: "DETAILS", Data: map[string]any{"plans": []any{
			map[string]any{"id": "pro", "title": "Pro"}, map[string]any{"id": "basic", "title": "Basic"}}}}))
	require.NoError(t, err)

	ev := flowReply(t, rcv, 4) // sent, delivered, read, the reply
	require.Equal(t, appA.ID, ev.PhoneNumberID)
	require.Equal(t, "15550001111", ev.Message.From)
	require.Equal(t, "interactive", ev.Message.Type)
	require.Equal(t, res.WAMID, ev.Message.FlowReply.ContextMessageID, "the reply answers the flow message")
	require.Equal(t, "tok-1", ev.Message.FlowReply.FlowToken)
	require.Equal(t, map[string]any{"flow_token": "tok-1", "full_name": "Sandbox User", "email": "sandbox.user@example.com",
		"plan": "pro", "start": "2026-04-01", "referral": "FRIEND"}, ev.Message.FlowReply.ResponseJSON,
		"plausible values: a name, an email, the first option, the earliest date, the init value kept")
}

func TestTheUserTakesTheTestsAnswers(t *testing.T) {
	rcv, url := newHookReceiver(t)
	var mu sync.Mutex
	var asked []sandbox.SentMessage
	sb := sandbox.New(sandbox.Options{WebhookURL: url, WebhookSecret: hookSecret,
		Answers: func(m sandbox.SentMessage) map[string]map[string]any {
			mu.Lock()
			defer mu.Unlock()
			asked = append(asked, m)
			return map[string]map[string]any{"DETAILS": {"full_name": "Ada Lovelace", "plan": "basic", "referral": "ADA"}}
		}})
	runSandbox(t, sb)
	flowID := publish(t, sb, appA, "signup", signupFlow, "")

	_, err := sb.SendMessage(t.Context(), appA, flowMessage(providers.FlowAction{FlowID: flowID, CTA: "Sign up",
		Token: "tok-2", Screen: "DETAILS", Data: map[string]any{"plans": []any{
			map[string]any{"id": "pro", "title": "Pro"}, map[string]any{"id": "basic", "title": "Basic"}}}}))
	require.NoError(t, err)
	got := flowReply(t, rcv, 4).Message.FlowReply.ResponseJSON
	require.Equal(t, "Ada Lovelace", got["full_name"])
	require.Equal(t, "basic", got["plan"])
	require.Equal(t, "ADA", got["referral"], "an answer replaces the init value")
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, asked, 1)
	require.Equal(t, "tok-2", asked[0].Message.Interactive.Flow.Token)
}

// pizzaEndpoint serves the pizza example's data endpoint, with its plain
// script, on loopback, and returns its URL and the app key's public half.
func pizzaEndpoint(t *testing.T) (string, []byte, []byte) {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "..", "examples", "flows", "pizza-order-endpoint-7.3.json"))
	require.NoError(t, err)
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "scripts", "pizza-order.plain.js"))
	require.NoError(t, err)
	key, err := testKey()
	require.NoError(t, err)
	flow, _, err := flowjson.Decode(doc)
	require.NoError(t, err)
	prog, err := script.Compile("pizza-order.plain.js", string(src))
	require.NoError(t, err)
	host := script.NewHost(script.Options{})
	t.Cleanup(func() { require.NoError(t, host.Close()) })
	h, err := endpoint.New(endpoint.Config{FlowID: "pizza", Flow: flow, Keys: crypto.KeySet{key}, Program: prog, Host: host})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL + "/endpoint", testPublicKey(t), doc
}

// testKey is the app key of these tests: generating one takes a while
// under -race.
var testKey = sync.OnceValues(func() (*crypto.PrivateKey, error) {
	return crypto.GenerateKey(nil, crypto.MinKeyBits)
})

func testPublicKey(t *testing.T) []byte {
	t.Helper()
	key, err := testKey()
	require.NoError(t, err)
	pub, err := crypto.MarshalPublicKeyPEM(&key.PublicKey)
	require.NoError(t, err)
	return pub
}

func TestTheUserWalksAnEndpointFlowThroughItsDataEndpoint(t *testing.T) {
	rcv, url := newHookReceiver(t)
	sb := sandbox.New(sandbox.Options{WebhookURL: url, WebhookSecret: hookSecret,
		Answers: func(sandbox.SentMessage) map[string]map[string]any {
			return map[string]map[string]any{"CHOOSE": {"size": "large", "toppings": []any{"olives"}},
				"DETAILS": {"name": "Ada", "address": "12 St James's Square"}}
		}})
	runSandbox(t, sb)
	uri, pub, doc := pizzaEndpoint(t)
	require.NoError(t, sb.SetPublicKey(t.Context(), appA, pub))
	flowID := publish(t, sb, appA, "pizza", string(doc), uri)

	_, err := sb.SendMessage(t.Context(), appA, flowMessage(providers.FlowAction{FlowID: flowID, CTA: "Order",
		Token: "tok-pizza", Action: providers.FlowDataExchange}))
	require.NoError(t, err)
	got := flowReply(t, rcv, 4).Message.FlowReply.ResponseJSON
	require.Equal(t, "tok-pizza", got["flow_token"])
	require.Contains(t, got, "order_id", "the handler's CONFIRM screen answered: %v", got)
}

func TestAnInjectedEndpointCarriesTheWalk(t *testing.T) {
	rcv, url := newHookReceiver(t)
	var calls []string
	var mu sync.Mutex
	sb := sandbox.New(sandbox.Options{WebhookURL: url, WebhookSecret: hookSecret,
		Endpoint: func(appID, flowID string) flowrun.Exchanger {
			return exchangerFunc(func(_ context.Context, req map[string]any) (map[string]any, error) {
				mu.Lock()
				defer mu.Unlock()
				calls = append(calls, appID+" "+flowID+" "+req["action"].(string))
				return map[string]any{"screen": "SUCCESS", "data": map[string]any{"extension_message_response": map[string]any{
					"params": map[string]any{"flow_token": req["flow_token"], "answer": "42"}}}}, nil
			})
		}})
	runSandbox(t, sb)
	const doc = `{"version": "7.3", "data_api_version": "3.0", "routing_model": {"ASK": []}, "screens": [
	 {"id": "ASK", "title": "Ask", "terminal": true, "data": {}, "layout": {"type": "SingleColumnLayout", "children": [
	  {"type": "Footer", "label": "Send", "on-click-action": {"name": "data_exchange", "payload": {}}}]}}]}`
	require.NoError(t, sb.SetPublicKey(t.Context(), appA, testPublicKey(t)))
	flowID := publish(t, sb, appA, "ask", doc, "https://waflow.example/endpoint")

	_, err := sb.SendMessage(t.Context(), appA, flowMessage(providers.FlowAction{FlowID: flowID, CTA: "Ask", Token: "tok-3", Screen: "ASK"}))
	require.NoError(t, err)
	got := flowReply(t, rcv, 4).Message.FlowReply.ResponseJSON
	require.Equal(t, map[string]any{"flow_token": "tok-3", "answer": "42"}, got)
	mu.Lock()
	defer mu.Unlock()
	require.Equal(t, []string{appA.ID + " " + flowID + " data_exchange"}, calls)
}

type exchangerFunc func(ctx context.Context, req map[string]any) (map[string]any, error)

func (f exchangerFunc) Exchange(ctx context.Context, req map[string]any) (map[string]any, error) {
	return f(ctx, req)
}
