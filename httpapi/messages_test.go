package httpapi

import (
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
)

// in returns the env bound to a subtest, so that its helpers fail the
// subtest.
func (e *msgEnv) in(t *testing.T) *msgEnv {
	c, h := *e, *e.harness
	h.t = t
	c.harness = &h
	return &c
}

type obj = map[string]any

// TestSendEveryMessageType sends one message of each kind through the API
// and compares what the sandbox received with a golden file.
func TestSendEveryMessageType(t *testing.T) {
	env := newMsgEnv(t)
	type sendCase struct {
		name string
		body obj
	}
	cases := []sendCase{
		{"text-with-preview", obj{"to": "+15550001111", "type": "text", "reply_to": "wamid.IN-1", "callback_data": "order-42",
			"text": obj{"body": "Your order: https://shop.example/o/42", "preview_url": true}}},
		{"reaction", obj{"to": "15550001111", "type": "reaction", "reaction": obj{"message_id": "wamid.IN-1", "emoji": "👍"}}},
		{"mark-read-typing", obj{"type": "mark_read", "mark_read": obj{"message_id": "wamid.IN-1", "typing": true}}},
		{"interactive-buttons", obj{"to": "15550001111", "type": "interactive", "interactive": obj{
			"type": "button", "header": obj{"type": "image", "media": obj{"link": "https://cdn.example/a.png"}},
			"body": "Keep the booking?", "footer": "Reply below",
			"buttons": []obj{{"id": "yes", "title": "Keep it"}, {"id": "no", "title": "Cancel"}}}}},
		{"interactive-list", obj{"to": "15550001111", "type": "interactive", "interactive": obj{
			"type": "list", "header": obj{"type": "text", "text": "Menu"}, "body": "Pick a size", "list_button": "Sizes",
			"sections": []obj{{"title": "Drinks", "rows": []obj{{"id": "s", "title": "Small", "description": "250 ml"}, {"id": "l", "title": "Large"}}},
				{"title": "Food", "rows": []obj{{"id": "c", "title": "Cake"}}}}}}},
		{"interactive-cta-url", obj{"to": "15550001111", "type": "interactive", "interactive": obj{
			"type": "cta_url", "body": "Your invoice is ready", "cta": obj{"display_text": "Open invoice", "url": "https://shop.example/i/42"}}}},
		{"interactive-location-request", obj{"to": "15550001111", "type": "interactive", "interactive": obj{
			"type": "location_request", "body": "Where should we deliver?"}}},
		{"flow-by-id-navigate", obj{"to": "15550001111", "type": "interactive", "interactive": obj{
			"type": "flow", "header": obj{"type": "text", "text": "Sign up"}, "body": "It takes a minute", "footer": "waflow",
			"flow": obj{"flow_id": env.signup.ID, "cta": "Sign up now", "action": "navigate", "screen": "WELCOME",
				"data": obj{"plan": "gold", "seats": 3}}}}},
		{"flow-by-name-data-exchange", obj{"to": "15550001111", "type": "interactive", "interactive": obj{
			"type": "flow", "body": "Book a table", "flow": obj{"flow_name": "signup", "cta": "Book", "mode": "published", "action": "data_exchange"}}}},
		{"flow-draft-mode", obj{"to": "15550001111", "type": "interactive", "interactive": obj{
			"type": "flow", "body": "Not shown in draft mode", "flow": obj{"flow_name": "beta", "cta": "Try it", "mode": "draft"}}}},
		{"flow-given-token", obj{"to": "15550001111", "type": "interactive", "interactive": obj{
			"type": "flow", "body": "Continue", "flow": obj{"flow_id": env.signup.ID, "cta": "Continue", "token": "my-session-7"}}}},
		{"template-positional-media-buttons", obj{"to": "15550001111", "type": "template", "template": obj{
			"name": "order_update", "language": "en_US", "components": []obj{
				{"type": "header", "parameters": []obj{{"type": "image", "media": obj{"link": "https://cdn.example/box.png"}}}},
				{"type": "body", "parameters": []obj{{"type": "text", "text": "Ana"}, {"type": "text", "text": "A-42"}, {"type": "text", "text": "Monday"}}},
				{"type": "button", "sub_type": "quick_reply", "index": 0, "parameters": []obj{{"type": "payload", "payload": "stop-42"}}},
				{"type": "button", "sub_type": "url", "index": 1, "parameters": []obj{{"type": "text", "text": "A-42"}}},
			}}}},
		{"template-named", obj{"to": "15550001111", "type": "template", "template": obj{
			"name": "welcome", "language": "pt_BR", "components": []obj{
				{"type": "header", "parameters": []obj{{"type": "text", "name": "first_name", "text": "Ana"}}},
				{"type": "body", "parameters": []obj{{"type": "text", "name": "code", "text": "BEMVINDO"}, {"type": "text", "name": "first_name", "text": "Ana"}}},
			}}}},
		{"template-flow-button-token-added", obj{"to": "15550001111", "type": "template", "template": obj{
			"name": "signup_invite", "language": "en_US"}}},
		{"template-flow-button-action-data", obj{"to": "15550001111", "type": "template", "template": obj{
			"name": "signup_invite", "language": "en_US", "components": []obj{
				{"type": "button", "sub_type": "flow", "index": 0, "parameters": []obj{{"type": "action", "action": obj{"flow_action_data": obj{"plan": "gold"}}}}},
			}}}},
	}
	for _, kind := range providers.MediaKinds() {
		link := obj{"kind": kind, "link": "https://cdn.example/file." + string(kind)}
		byID := obj{"kind": kind, "id": "media-" + string(kind)}
		switch kind {
		case providers.MediaDocument:
			link["caption"], link["filename"] = "Invoice", "invoice.pdf"
		case providers.MediaAudio:
			byID["voice"] = true
		case providers.MediaImage, providers.MediaVideo:
			link["caption"] = "Look"
		}
		cases = append(cases,
			sendCase{"media-" + string(kind) + "-link", obj{"to": "15550001111", "type": "media", "media": link}},
			sendCase{"media-" + string(kind) + "-id", obj{"to": "15550001111", "type": "media", "media": byID}})
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := env.in(t)
			before := len(e.sb.Sent())
			r := e.send(c.body, "")
			require.Equal(t, http.StatusCreated, r.Status, "body: %s", r.Raw)
			require.Equal(t, "SENT", r.JSON["status"])
			sent := e.sb.SentMessages()
			require.Len(t, sent, before+1, "one message reached the sandbox")
			last := sent[len(sent)-1]
			golden(t, c.name, last.Message)
			require.Equal(t, last.ID, r.JSON["bsp_message_id"])
			require.Equal(t, last.WAMID, r.JSON["wamid"])
			require.Equal(t, "/wa/v2/messages/"+r.JSON["id"].(string), r.Header.Get("Location"))

			// What is stored is what was sent.
			m, _, err := e.msgs.Get(t.Context(), r.JSON["id"].(string))
			require.NoError(t, err)
			require.Equal(t, last.Message, m.Request)
		})
	}

	t.Run("flow tokens are signed for the flow and the recipient", func(t *testing.T) {
		e := env.in(t)
		r := e.send(cases[7].body, "")
		require.Equal(t, http.StatusCreated, r.Status, "body: %s", r.Raw)
		require.Equal(t, e.signup.ID, r.JSON["flow_id"])
		claims, err := e.tokens.Verify(r.JSON["flow_token"].(string))
		require.NoError(t, err)
		require.Equal(t, e.signup.ID, claims.FlowID)
		require.Equal(t, "15550001111", claims.Recipient)

		tpl := e.send(obj{"to": "15550002222", "type": "template", "template": obj{"name": "signup_invite", "language": "en_US"}}, "")
		require.Equal(t, http.StatusCreated, tpl.Status, "body: %s", tpl.Raw)
		require.Equal(t, e.signup.ID, tpl.JSON["flow_id"], "the FLOW button's flow is found by the BSP's id")
		claims, err = e.tokens.Verify(tpl.JSON["flow_token"].(string))
		require.NoError(t, err)
		require.Equal(t, "15550002222", claims.Recipient)
	})
}

func TestSendRefusals(t *testing.T) {
	env := newMsgEnv(t)
	flow := func(f obj) obj {
		return obj{"to": "15550001111", "type": "interactive", "interactive": obj{"type": "flow", "body": "Go", "flow": f}}
	}
	tpl := func(name, lang string, comps ...obj) obj {
		return obj{"to": "15550001111", "type": "template", "template": obj{"name": name, "language": lang, "components": comps}}
	}
	text := func(params ...string) []obj {
		out := []obj{}
		for _, p := range params {
			out = append(out, obj{"type": "text", "text": p})
		}
		return out
	}
	image := obj{"type": "header", "parameters": []obj{{"type": "image", "media": obj{"link": "https://cdn.example/a.png"}}}}
	url := obj{"type": "button", "sub_type": "url", "index": 1, "parameters": text("A-42")}
	tests := []struct {
		name   string
		body   obj
		status int
		code   string
		field  string // error.details[0].field
	}{
		{"no type", obj{"to": "15550001111"}, 400, CodeValidation, "type"},
		{"bad recipient", obj{"to": "call me", "type": "text", "text": obj{"body": "x"}}, 400, CodeValidation, "to"},
		{"media by link and id", obj{"to": "15550001111", "type": "media", "media": obj{"kind": "image", "link": "https://x.example/a", "id": "1"}},
			400, CodeValidation, "media"},
		{"flow cta too long", flow(obj{"flow_id": env.signup.ID, "cta": "This label is far too long"}), 400, CodeValidation, "interactive.flow.cta"},
		{"flow data with data_exchange", flow(obj{"flow_id": env.signup.ID, "cta": "Go", "action": "data_exchange", "data": obj{"a": 1}}),
			400, CodeValidation, "interactive.flow"},
		{"unknown flow", flow(obj{"flow_name": "nope", "cta": "Go"}), 400, CodeValidation, "interactive.flow.flow_name"},
		{"published mode on a never published flow", flow(obj{"flow_name": "beta", "cta": "Go"}), 409, CodeStateConflict, ""},
		{"draft mode on a published flow", flow(obj{"flow_id": env.signup.ID, "cta": "Go", "mode": "draft"}), 409, CodeStateConflict, ""},
		{"unknown template", tpl("nope", "en_US"), 400, CodeValidation, "template.name"},
		{"positional body short of one", tpl("order_update", "en_US", image, obj{"type": "body", "parameters": text("Ana", "A-42")}, url),
			400, CodeTemplateParameters, "template.body.{{3}}"},
		{"positional body one too many", tpl("order_update", "en_US", image, obj{"type": "body", "parameters": text("a", "b", "c", "d")}, url),
			400, CodeTemplateParameters, "template.body.{{4}}"},
		{"header media of the wrong kind", tpl("order_update", "en_US",
			obj{"type": "header", "parameters": []obj{{"type": "video", "media": obj{"link": "https://cdn.example/a.mp4"}}}},
			obj{"type": "body", "parameters": text("a", "b", "c")}, url), 400, CodeTemplateParameters, "template.header"},
		{"URL variable without parameter", tpl("order_update", "en_US", image, obj{"type": "body", "parameters": text("a", "b", "c")}),
			400, CodeTemplateParameters, "template.button[1].{{1}}"},
		{"button index missing", tpl("order_update", "en_US", image, obj{"type": "body", "parameters": text("a", "b", "c")}, url,
			obj{"type": "button", "sub_type": "quick_reply", "index": 5, "parameters": []obj{{"type": "payload", "payload": "p"}}}),
			400, CodeTemplateParameters, "template.button[5]"},
		{"button of another kind", tpl("order_update", "en_US", image, obj{"type": "body", "parameters": text("a", "b", "c")},
			obj{"type": "button", "sub_type": "flow", "index": 1}), 400, CodeTemplateParameters, "template.button[1]"},
		{"named variable missing", tpl("welcome", "pt_BR",
			obj{"type": "header", "parameters": []obj{{"type": "text", "name": "first_name", "text": "Ana"}}},
			obj{"type": "body", "parameters": []obj{{"type": "text", "name": "first_name", "text": "Ana"}}}),
			400, CodeTemplateParameters, "template.body.{{code}}"},
		{"named variable unknown", tpl("welcome", "pt_BR",
			obj{"type": "header", "parameters": []obj{{"type": "text", "name": "nickname", "text": "Ana"}}},
			obj{"type": "body", "parameters": []obj{{"type": "text", "name": "first_name", "text": "A"}, {"type": "text", "name": "code", "text": "C"}}}),
			400, CodeTemplateParameters, "template.header.{{nickname}}"},
		{"named parameter without name", tpl("welcome", "pt_BR",
			obj{"type": "header", "parameters": []obj{{"type": "text", "name": "first_name", "text": "Ana"}}},
			obj{"type": "body", "parameters": text("Ana", "C")}), 400, CodeTemplateParameters, "template.body"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := env.in(t)
			before := len(e.sb.Sent())
			r := e.send(tc.body, "")
			requireError(t, r, tc.status, tc.code)
			if tc.field != "" {
				require.Equal(t, tc.field, r.errorDetails()[0].(map[string]any)["field"], "body: %s", r.Raw)
			}
			require.Len(t, e.sb.Sent(), before, "nothing was sent")
			list := e.do(http.MethodGet, "/wa/v2/messages/", nil)
			require.Empty(t, list.JSON["data"], "nothing was stored")
		})
	}
}

func TestSendUnsupportedAndBSPFailure(t *testing.T) {
	e := newMsgEnv(t)
	e.sb.SetUnsupported(providers.OpSendReaction)
	r := e.send(obj{"to": "15550001111", "type": "reaction", "reaction": obj{"message_id": "wamid.X", "emoji": "👍"}}, "")
	requireError(t, r, http.StatusUnprocessableEntity, CodeUnsupportedByBSP)
	require.Equal(t, string(providers.OpSendReaction), r.errorDetails()[0].(map[string]any)["operation"])

	e.sb.FailNext(providers.OpSendText, 1, &providers.Error{BSP: providers.BSPSandbox, Operation: providers.OpSendText,
		Kind: providers.ErrorInvalid, Code: "131026", Message: "Message undeliverable"})
	r = e.send(obj{"to": "15550001111", "type": "text", "text": obj{"body": "hi"}}, "")
	requireError(t, r, http.StatusUnprocessableEntity, CodeBSPRejected)
	details := r.errorDetails()
	require.Equal(t, "131026", details[0].(map[string]any)["bsp_code"])
	id := details[1].(map[string]any)["message_id"].(string)
	got := e.do(http.MethodGet, "/wa/v2/messages/"+id, nil)
	require.Equal(t, http.StatusOK, got.Status)
	require.Equal(t, "FAILED", got.JSON["status"])
	require.Equal(t, obj{"code": "131026", "message": "Message undeliverable", "kind": "invalid"}, got.JSON["error"])
	history := got.JSON["history"].([]any)
	require.Len(t, history, 2, "stored PENDING before sending, then FAILED")
	require.Equal(t, "PENDING", history[0].(map[string]any)["status"])
	require.Equal(t, "FAILED", history[1].(map[string]any)["status"])
}

func TestSendIdempotency(t *testing.T) {
	e := newMsgEnv(t)
	body := func(text string) obj { return obj{"to": "15550001111", "type": "text", "text": obj{"body": text}} }

	first := e.send(body("once"), "key-1")
	require.Equal(t, http.StatusCreated, first.Status, "body: %s", first.Raw)
	again := e.send(body("once"), "key-1")
	require.Equal(t, http.StatusOK, again.Status, "body: %s", again.Raw)
	require.Equal(t, "true", again.Header.Get(HeaderIdempotentReplayed))
	require.Equal(t, first.JSON["id"], again.JSON["id"])
	require.Len(t, e.sb.Sent(), 1, "the same key and body sends once")

	other := e.send(body("twice"), "key-1")
	requireError(t, other, http.StatusConflict, CodeIdempotencyReused)
	require.Equal(t, first.JSON["id"], other.errorDetails()[0].(map[string]any)["message_id"])
	require.Len(t, e.sb.Sent(), 1)

	const n = 8
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r := e.send(body("concurrent"), "key-2")
			if r.Status == http.StatusCreated || r.Status == http.StatusOK {
				ids[i], _ = r.JSON["id"].(string)
			}
		})
	}
	wg.Wait()
	require.Len(t, e.sb.Sent(), 2, "concurrent requests with one key send once")
	for _, id := range ids {
		require.Equal(t, ids[0], id, "every request got the one message")
	}
	require.NotEmpty(t, ids[0])
}

func TestStatusesNeverGoBack(t *testing.T) {
	e := newMsgEnv(t)
	r := e.send(obj{"to": "15550001111", "type": "text", "text": obj{"body": "hi"}}, "")
	require.Equal(t, http.StatusCreated, r.Status, "body: %s", r.Raw)
	sent := e.sb.SentMessages()[0]

	// The sandbox answers with its own id and a wamid; reports may use either.
	require.NoError(t, e.msgs.ApplyStatus(t.Context(), messaging.StatusReport{ID: sent.WAMID, Status: providers.MessageRead, At: timeAt(3)}))
	require.NoError(t, e.msgs.ApplyStatus(t.Context(), messaging.StatusReport{ID: sent.ID, Status: providers.MessageDelivered, At: timeAt(2)}))

	got := e.do(http.MethodGet, "/wa/v2/messages/"+r.JSON["id"].(string), nil)
	require.Equal(t, "READ", got.JSON["status"])
	var seen []string
	for _, h := range got.JSON["history"].([]any) {
		ev := h.(map[string]any)
		seen = append(seen, ev["status"].(string)+"/"+ev["source"].(string)+"/"+map[bool]string{true: "applied", false: "late"}[ev["applied"].(bool)])
	}
	require.Equal(t, []string{"PENDING/api/applied", "SENT/send/applied", "READ/webhook/applied", "DELIVERED/webhook/late"}, seen)

	err := e.msgs.ApplyStatus(t.Context(), messaging.StatusReport{ID: "wamid.unknown", Status: providers.MessageRead, At: timeAt(4)})
	require.ErrorIs(t, err, messaging.ErrNotFound)
}

func TestListMessages(t *testing.T) {
	e := newMsgEnv(t)
	for _, to := range []string{"15550001111", "15550002222", "15550001111"} {
		r := e.send(obj{"to": to, "type": "text", "text": obj{"body": "hi"}}, "")
		require.Equal(t, http.StatusCreated, r.Status)
	}
	e.sb.FailNext(providers.OpSendText, 1, nil)
	e.send(obj{"to": "15550003333", "type": "text", "text": obj{"body": "hi"}}, "")

	count := func(query string) int {
		r := e.do(http.MethodGet, "/wa/v2/messages/"+query, nil)
		require.Equal(t, http.StatusOK, r.Status, "body: %s", r.Raw)
		return len(r.JSON["data"].([]any))
	}
	require.Equal(t, 4, count(""))
	require.Equal(t, 2, count("?to=15550001111"))
	require.Equal(t, 1, count("?status=FAILED"))
	require.Equal(t, 4, count("?app_id="+e.app))
	require.Equal(t, 0, count("?app_id=app_other"))
	require.Equal(t, 4, count("?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z"))
	require.Equal(t, 0, count("?until=2000-01-01T00:00:00Z"))

	page := e.do(http.MethodGet, "/wa/v2/messages/?limit=3", nil)
	require.Len(t, page.JSON["data"], 3)
	rest := e.do(http.MethodGet, "/wa/v2/messages/?after="+page.JSON["next"].(string), nil)
	require.Len(t, rest.JSON["data"], 1)
	require.NotContains(t, rest.JSON, "next")

	requireError(t, e.do(http.MethodGet, "/wa/v2/messages/?status=LOST", nil), http.StatusBadRequest, CodeValidation)
	requireError(t, e.do(http.MethodGet, "/wa/v2/messages/?since=yesterday", nil), http.StatusBadRequest, CodeValidation)
	requireError(t, e.do(http.MethodGet, "/wa/v2/messages/msg_missing", nil), http.StatusNotFound, CodeNotFound)
}
