package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
)

// exchange is one sealed request to a flow's data endpoint.
type exchange struct {
	status int
	answer map[string]any // opened, when the status is 200
	raw    []byte
}

// call seals payload to pubPEM as the WhatsApp client does, posts it
// without an API key (signed with appSecret when given) and opens the
// answer.
func (e *flowsEnv) call(flowID string, pubPEM []byte, payload map[string]any, appSecret string) exchange {
	e.t.Helper()
	pub, err := crypto.ParsePublicKeyPEM(pubPEM)
	require.NoError(e.t, err)
	plain, err := json.Marshal(payload)
	require.NoError(e.t, err)
	body, sess, err := crypto.SealRequest(pub, plain, nil)
	require.NoError(e.t, err)
	return e.post(flowID, body, appSecret, sess)
}

func (e *flowsEnv) post(flowID string, body []byte, appSecret string, sess *crypto.ClientSession) exchange {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.base+"/wa/v2/flows/"+flowID+"/endpoint", bytes.NewReader(body))
	require.NoError(e.t, err)
	req.Header.Set("Content-Type", "application/json")
	if appSecret != "" {
		req.Header.Set("X-Hub-Signature-256", crypto.SignBody([]byte(appSecret), body))
	}
	resp, err := e.client.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	x := exchange{status: resp.StatusCode, raw: raw}
	if resp.StatusCode == http.StatusOK && sess != nil {
		plain, err := sess.OpenResponse(raw)
		require.NoError(e.t, err)
		require.NoError(e.t, json.Unmarshal(plain, &x.answer))
	}
	return x
}

func TestFlowEndpointRunsThePublishedFlow(t *testing.T) {
	e := newFlowsEnv(t)
	app, pub := e.appWithKey("shop")
	id := e.createFlow("pizza", app)
	e.putJSON(id, example(t, pizzaFlow))

	// Not ready until the flow has a script: a clear 503, and a GET says so.
	token, err := e.tokens.Issue(crypto.TokenClaims{FlowID: id})
	require.NoError(t, err)
	initReq := map[string]any{"version": "3.0", "action": "INIT", "flow_token": token}
	x := e.call(id, pub, initReq, "")
	require.Equal(t, http.StatusServiceUnavailable, x.status, "body: %s", x.raw)
	require.Contains(t, string(x.raw), CodeEndpointNotReady)
	require.Contains(t, string(x.raw), "no handler script")
	notReady := e.do(http.MethodGet, "/wa/v2/flows/"+id+"/endpoint", nil)
	requireError(t, notReady, http.StatusServiceUnavailable, CodeEndpointNotReady)
	require.Contains(t, e.logs.String(), "no handler script", "the refusal is logged")

	e.putScript(id, example(t, "scripts/pizza-order.plain.js"))
	require.Equal(t, http.StatusOK, e.do(http.MethodPost, "/wa/v2/flows/"+id+"/publish", nil).Status)

	x = e.call(id, pub, initReq, "")
	require.Equal(t, http.StatusOK, x.status, "body: %s", x.raw)
	require.Equal(t, "CHOOSE", x.answer["screen"])

	x = e.call(id, pub, map[string]any{"version": "3.0", "action": "data_exchange", "screen": "CHOOSE", "flow_token": token,
		"data": map[string]any{"size": "large", "toppings": []string{"mushrooms", "olives"}}}, "")
	require.Equal(t, http.StatusOK, x.status, "body: %s", x.raw)
	require.Equal(t, "DETAILS", x.answer["screen"])

	x = e.call(id, pub, map[string]any{"version": "3.0", "action": "ping"}, "")
	require.Equal(t, map[string]any{"data": map[string]any{"status": "active"}}, x.answer)

	// Editing the published flow makes a draft revision; users keep the
	// published one.
	e.putJSON(id, bytes.Replace(example(t, pizzaFlow), []byte(`"7.3"`), []byte(`"7.2"`), 1))
	status := e.do(http.MethodGet, "/wa/v2/flows/"+id+"/endpoint", nil)
	require.Equal(t, http.StatusOK, status.Status, "body: %s", status.Raw)
	require.Equal(t, map[string]any{"status": "ok", "flow_id": id, "revision": float64(1), "script_revision": float64(1),
		"app_ids": []any{app}}, status.JSON)
	require.Equal(t, "CHOOSE", e.call(id, pub, initReq, "").answer["screen"])

	foreign, err := e.tokens.Issue(crypto.TokenClaims{FlowID: "flow_other"})
	require.NoError(t, err)
	require.Equal(t, 427, e.call(id, pub, map[string]any{"version": "3.0", "action": "INIT", "flow_token": foreign}, "").status)
	require.Equal(t, 421, e.post(id, []byte(`{"encrypted_flow_data":"AAAA","encrypted_aes_key":"AAAA","initial_vector":"AAAA"}`), "", nil).status)
	require.Equal(t, http.StatusNotFound, e.call("flow_nope", pub, initReq, "").status)

	require.Contains(t, e.metric("waflow_endpoint_requests_total"), `flow="`+id+`",status="200"} 4`)
	require.Contains(t, e.metric("waflow_endpoint_requests_total"), `flow="`+id+`",status="421"} 1`)
}

func TestFlowEndpointKeysAndSignatures(t *testing.T) {
	e := newFlowsEnv(t)
	shop, shopKey := e.appWithKey("shop")
	id := e.createFlow("pizza", shop)
	e.putJSON(id, example(t, pizzaFlow))
	e.putScript(id, example(t, "scripts/pizza-order.plain.js"))
	token, err := e.tokens.Issue(crypto.TokenClaims{FlowID: id})
	require.NoError(t, err)
	initReq := map[string]any{"version": "3.0", "action": "INIT", "flow_token": token}
	require.Equal(t, http.StatusOK, e.call(id, shopKey, initReq, "").status)

	// After a rotation the new key opens requests at once, and the old one
	// keeps working for the window.
	rot := e.do(http.MethodPost, "/wa/v2/apps/"+shop+"/encryption", map[string]any{"action": "rotate", "window": "1h"})
	require.Equal(t, http.StatusCreated, rot.Status, "body: %s", rot.Raw)
	newKey := []byte(rot.JSON["public_key"].(string))
	require.Equal(t, http.StatusOK, e.call(id, newKey, initReq, "").status)
	require.Equal(t, http.StatusOK, e.call(id, shopKey, initReq, "").status)

	// A flow on two apps opens requests sealed to either app's key.
	second, secondKey := e.appWithKey("second")
	require.Equal(t, http.StatusCreated, e.do(http.MethodPut, "/wa/v2/flows/"+id+"/targets/"+second, nil).Status)
	require.Equal(t, http.StatusOK, e.call(id, secondKey, initReq, "").status)
	require.Equal(t, http.StatusOK, e.call(id, newKey, initReq, "").status)

	// Signatures are required once every app has an app secret.
	patch := func(app, secret string) {
		r := e.do(http.MethodPatch, "/wa/v2/apps/"+app, map[string]any{"credentials": map[string]string{"app_secret": secret}})
		require.Equal(t, http.StatusOK, r.Status, "body: %s", r.Raw)
	}
	patch(shop, "shop-app-secret")
	require.Equal(t, http.StatusOK, e.call(id, newKey, initReq, "").status, "second has no secret yet")
	patch(second, "second-app-secret")
	require.Equal(t, 432, e.call(id, newKey, initReq, "").status)
	require.Equal(t, 432, e.call(id, newKey, initReq, "wrong-secret").status)
	require.Equal(t, http.StatusOK, e.call(id, newKey, initReq, "shop-app-secret").status)
	require.Equal(t, http.StatusOK, e.call(id, secondKey, initReq, "second-app-secret").status)

	// A key change drops the handlers holding the app's keys at once; an
	// upload drops the flow's.
	require.True(t, e.endpoints.cached(id))
	e.endpoints.KeyChanged(shop + "-other")
	require.True(t, e.endpoints.cached(id))
	e.endpoints.KeyChanged(second)
	require.False(t, e.endpoints.cached(id))
	require.Equal(t, http.StatusOK, e.call(id, secondKey, initReq, "second-app-secret").status)
	e.putScript(id, example(t, "scripts/pizza-order.kapso.js"))
	require.False(t, e.endpoints.cached(id))

	// Removing the apps leaves nothing to open requests with.
	require.Equal(t, http.StatusNoContent, e.do(http.MethodDelete, "/wa/v2/flows/"+id+"/targets/"+second, nil).Status)
	require.Equal(t, 421, e.call(id, secondKey, initReq, "shop-app-secret").status)
	require.Equal(t, http.StatusNoContent, e.do(http.MethodDelete, "/wa/v2/flows/"+id+"/targets/"+shop, nil).Status)
	x := e.call(id, newKey, initReq, "shop-app-secret")
	require.Equal(t, http.StatusServiceUnavailable, x.status)
	require.True(t, strings.Contains(string(x.raw), "deployed to no app"), "body: %s", x.raw)
}

// cached reports whether a handler for flowID is in the cache.
func (e *FlowEndpoints) cached(flowID string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, ok := e.cache[flowID]
	return ok
}

// A change made by another server sharing the store (here: straight
// through the apps service, so no KeyChanged reaches this server) is
// served within Revalidate; until then requests read nothing from the store.
func TestFlowEndpointRevalidatesWithinTheWindow(t *testing.T) {
	e := newFlowsEnv(t)
	var now atomic.Int64 // the clock, in Unix nanoseconds; the server reads it
	now.Store(time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC).UnixNano())
	e.endpoints.mu.Lock()
	e.endpoints.opts.Now = func() time.Time { return time.Unix(0, now.Load()) }
	e.endpoints.mu.Unlock()
	shop, oldKey := e.appWithKey("shop")
	id := e.createFlow("pizza", shop)
	e.putJSON(id, example(t, pizzaFlow))
	e.putScript(id, example(t, "scripts/pizza-order.plain.js"))
	token, err := e.tokens.Issue(crypto.TokenClaims{FlowID: id})
	require.NoError(t, err)
	initReq := map[string]any{"version": "3.0", "action": "INIT", "flow_token": token}
	require.Equal(t, http.StatusOK, e.call(id, oldKey, initReq, "").status)

	kp, err := e.apps.RotateKey(t.Context(), shop, 0)
	require.NoError(t, err)
	newKey := []byte(kp.PublicPEM)
	require.Equal(t, 421, e.call(id, newKey, initReq, "").status, "within the window the cached handler serves")
	require.Equal(t, http.StatusOK, e.call(id, oldKey, initReq, "").status)

	now.Add(int64(DefaultRevalidate))
	require.Equal(t, http.StatusOK, e.call(id, newKey, initReq, "").status, "after the window the new key is read")
	require.Equal(t, 421, e.call(id, oldKey, initReq, "").status, "and the retired one is gone")
}
