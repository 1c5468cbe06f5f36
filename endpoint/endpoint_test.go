package endpoint_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/fiberendpoint"
)

// TestStatusCodes walks the reference's status table: every way a request
// can fail before the handler script runs, over real HTTP.
func TestStatusCodes(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	valid := f.token(t)
	other := loadKey(t, "key-previous.pem")

	sealed := func(t *testing.T, plain string) []byte {
		body, _, err := crypto.SealRequest(f.client.pub, []byte(plain), nil)
		require.NoError(t, err)
		return body
	}
	envelope := func(t *testing.T, edit func(map[string]string)) []byte {
		var env map[string]string
		require.NoError(t, json.Unmarshal(sealed(t, `{"version":"3.0","action":"ping"}`), &env))
		edit(env)
		b, err := json.Marshal(env)
		require.NoError(t, err)
		return b
	}
	expiredToken := func() string {
		past := crypto.Tokens{Secrets: f.tokens.Secrets, Now: func() time.Time { return time.Now().Add(-48 * time.Hour) }}
		tok, err := past.Issue(crypto.TokenClaims{FlowID: testFlowID})
		require.NoError(t, err)
		return tok
	}()
	forgedToken := func() string {
		forger := crypto.Tokens{Secrets: [][]byte{[]byte("not-our-secret")}}
		tok, err := forger.Issue(crypto.TokenClaims{FlowID: testFlowID})
		require.NoError(t, err)
		return tok
	}()
	foreignToken, err := f.tokens.Issue(crypto.TokenClaims{FlowID: "flow-2"})
	require.NoError(t, err)
	jwt := func(token string, expires time.Time) string {
		s, err := crypto.SignFlowTokenSignature([]byte(testSecret), token, expires.Add(-2*time.Hour), expires, nil)
		require.NoError(t, err)
		return s
	}
	initWith := func(extra map[string]any) map[string]any {
		m := map[string]any{"version": "3.0", "action": "INIT", "screen": "", "data": map[string]any{}, "flow_token": valid}
		for k, v := range extra {
			if v == nil {
				delete(m, k)
				continue
			}
			m[k] = v
		}
		return m
	}

	for _, tc := range []struct {
		name string
		// Either body+signature (raw bytes) or request (sealed and signed).
		body      func(t *testing.T) []byte
		signature func(body []byte) string
		request   any
		status    int
		code      endpoint.Code
	}{
		{name: "413 body over the limit", body: func(*testing.T) []byte { return bytes.Repeat([]byte("x"), 17<<10) }, status: 413, code: endpoint.CodeBodyTooLarge},
		{name: "432 signature missing", body: func(t *testing.T) []byte { return sealed(t, `{"action":"ping"}`) }, signature: func([]byte) string { return "" }, status: 432, code: endpoint.CodeBadSignature},
		{name: "432 signature wrong", body: func(t *testing.T) []byte { return sealed(t, `{"action":"ping"}`) }, signature: func(b []byte) string { return crypto.SignBody([]byte("other-secret"), b) }, status: 432, code: endpoint.CodeBadSignature},
		{name: "432 signature malformed", body: func(t *testing.T) []byte { return sealed(t, `{"action":"ping"}`) }, signature: func([]byte) string { return "sha256=zz" }, status: 432, code: endpoint.CodeBadSignature},
		{name: "432 signature of other bytes", body: func(t *testing.T) []byte { return sealed(t, `{"action":"ping"}`) }, signature: func(b []byte) string { return crypto.SignBody([]byte(testSecret), append(b, ' ')) }, status: 432, code: endpoint.CodeBadSignature},
		{name: "421 garbage", body: func(*testing.T) []byte { return []byte("garbage") }, status: 421, code: endpoint.CodeUndecryptable},
		{name: "421 empty body", body: func(*testing.T) []byte { return nil }, status: 421, code: endpoint.CodeUndecryptable},
		{name: "421 bad base64", body: func(t *testing.T) []byte {
			return envelope(t, func(e map[string]string) { e["encrypted_aes_key"] = "not base64!" })
		}, status: 421, code: endpoint.CodeUndecryptable},
		{name: "421 wrong key", body: func(t *testing.T) []byte {
			b, _, err := crypto.SealRequest(&other.PublicKey, []byte(`{"action":"ping"}`), nil)
			require.NoError(t, err)
			return b
		}, status: 421, code: endpoint.CodeUndecryptable},
		{name: "421 bad GCM tag", body: func(t *testing.T) []byte {
			return envelope(t, func(e map[string]string) {
				data, err := base64.StdEncoding.DecodeString(e["encrypted_flow_data"])
				require.NoError(t, err)
				data[len(data)-1] ^= 1
				e["encrypted_flow_data"] = base64.StdEncoding.EncodeToString(data)
			})
		}, status: 421, code: endpoint.CodeUndecryptable},
		{name: "421 short IV", body: func(t *testing.T) []byte {
			return envelope(t, func(e map[string]string) { e["initial_vector"] = "AAAA" })
		}, status: 421, code: endpoint.CodeUndecryptable},
		{name: "400 plaintext not JSON", request: []byte("hello"), status: 400, code: endpoint.CodeBadPayload},
		{name: "400 plaintext an array", request: []byte(`[1,2]`), status: 400, code: endpoint.CodeBadPayload},
		{name: "400 action missing", request: map[string]any{"version": "3.0"}, status: 400, code: endpoint.CodeUnknownAction},
		{name: "400 action unknown", request: initWith(map[string]any{"action": "navigate"}), status: 400, code: endpoint.CodeUnknownAction},
		{name: "400 action not a string", request: initWith(map[string]any{"action": 7}), status: 400, code: endpoint.CodeBadPayload},
		{name: "400 data not an object", request: initWith(map[string]any{"data": "x"}), status: 400, code: endpoint.CodeBadPayload},
		{name: "400 flow token missing", request: initWith(map[string]any{"flow_token": nil}), status: 400, code: endpoint.CodeMissingFlowToken},
		{name: "400 data_exchange without screen", request: initWith(map[string]any{"action": "data_exchange", "screen": nil}), status: 400, code: endpoint.CodeBadPayload},
		{name: "400 data_exchange from unknown screen", request: initWith(map[string]any{"action": "data_exchange", "screen": "GONE"}), status: 400, code: endpoint.CodeUnknownScreen},
		{name: "427 token expired", request: initWith(map[string]any{"flow_token": expiredToken}), status: 427, code: endpoint.CodeTokenInvalid},
		{name: "427 token forged", request: initWith(map[string]any{"flow_token": forgedToken}), status: 427, code: endpoint.CodeTokenInvalid},
		{name: "427 token garbled", request: initWith(map[string]any{"flow_token": "flows-builder-abc"}), status: 427, code: endpoint.CodeTokenInvalid},
		{name: "427 token for another flow", request: initWith(map[string]any{"flow_token": foreignToken}), status: 427, code: endpoint.CodeTokenInvalid},
		{name: "432 flow_token_signature forged", request: initWith(map[string]any{"version": "4.0", "flow_token_signature": jwt(valid, time.Now().Add(time.Hour)) + "x"}), status: 432, code: endpoint.CodeTokenSignature},
		{name: "432 flow_token_signature for another token", request: initWith(map[string]any{"version": "4.0", "flow_token_signature": jwt("someone-else", time.Now().Add(time.Hour))}), status: 432, code: endpoint.CodeTokenSignature},
		{name: "427 flow_token_signature expired", request: initWith(map[string]any{"version": "4.0", "flow_token_signature": jwt(valid, time.Now().Add(-time.Hour))}), status: 427, code: endpoint.CodeTokenInvalid},
		{name: "200 flow_token_signature valid", request: initWith(map[string]any{"version": "4.0", "flow_token_signature": jwt(valid, time.Now().Add(time.Hour))}), status: 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r reply
			if tc.body != nil {
				body := tc.body(t)
				sig := crypto.SignBody([]byte(testSecret), body)
				if tc.signature != nil {
					sig = tc.signature(body)
				}
				r = f.client.post(t, body, sig)
			} else {
				r = f.client.send(t, tc.request)
			}
			require.Equal(t, tc.status, r.status, "body %q", r.raw)
			require.Equal(t, tc.code, f.obs.last().Code)
			if tc.status == http.StatusOK {
				return
			}
			requireNoLeak(t, r)
			if tc.status == 427 {
				require.Equal(t, map[string]any{"error_msg": endpoint.DefaultExpiredTokenMessage}, r.answer)
			}
			if tc.body != nil {
				require.Empty(t, r.raw, "nothing to seal a body with before the envelope opens")
			} else {
				require.Contains(t, r.answer, "error_msg", "a failure after the envelope opened is answered sealed")
			}
		})
	}
}

func TestPing(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	r := f.client.send(t, map[string]any{"version": "3.0", "action": "ping"})
	require.Equal(t, http.StatusOK, r.status)
	require.Equal(t, endpoint.ContentTypeSealed, r.header.Get("Content-Type"))
	require.Equal(t, map[string]any{"data": map[string]any{"status": "active"}}, r.answer)
	require.Equal(t, endpoint.Outcome{Status: 200, Action: endpoint.ActionPing, KeyIndex: 0, Duration: f.obs.last().Duration}, f.obs.last())
}

func TestErrorNotification(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	for _, tc := range []struct {
		name    string
		request map[string]any
		want    endpoint.Notification
	}{
		{
			name: "data.error as Meta documents it",
			request: map[string]any{"version": "3.0", "action": "data_exchange", "flow_token": "tok-1",
				"data": map[string]any{"error": "invalid-screen-transition", "error_message": "screen NOWHERE not allowed"}},
			want: endpoint.Notification{FlowID: testFlowID, FlowToken: "tok-1", Action: "data_exchange",
				Error: "invalid-screen-transition", Message: "screen NOWHERE not allowed"},
		},
		{
			name: "data.error_key on INIT with a screen",
			request: map[string]any{"version": "3.0", "action": "INIT", "flow_token": "tok-2", "screen": "WELCOME",
				"data": map[string]any{"error_key": "payload-schema-error"}},
			want: endpoint.Notification{FlowID: testFlowID, FlowToken: "tok-2", Action: "INIT", Screen: "WELCOME",
				Error: "payload-schema-error"},
		},
		{
			name: "data.error_message alone, no screen",
			request: map[string]any{"version": "3.0", "action": "data_exchange", "flow_token": "tok-3",
				"data": map[string]any{"error_message": "response-decryption-error"}},
			want: endpoint.Notification{FlowID: testFlowID, FlowToken: "tok-3", Action: "data_exchange",
				Message: "response-decryption-error"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(f.notes.seen)
			r := f.client.send(t, tc.request)
			require.Equal(t, http.StatusOK, r.status)
			require.Equal(t, map[string]any{"data": map[string]any{"acknowledged": true}}, r.answer)
			require.Equal(t, endpoint.ActionErrorNotification, f.obs.last().Action)
			require.Len(t, f.notes.seen, before+1)
			got := f.notes.seen[before]
			require.NotZero(t, got.Received)
			require.Equal(t, tc.request["data"], got.Data)
			got.Received, got.Data = time.Time{}, nil
			require.Equal(t, tc.want, got)
		})
	}
}

// TestWalkThrough drives a whole flow with each script form: INIT, two
// data_exchanges, an error_message on the current screen, BACK, SUCCESS.
func TestWalkThrough(t *testing.T) {
	for _, tc := range []struct {
		script   string
		greeting string
		back     string
		prompt   string
		errAns   map[string]any
	}{
		{script: "plain.js", greeting: "Hello Ada", back: "Welcome back", prompt: "Who are you?",
			errAns: map[string]any{"error_message": "Please tell us your name"}},
		{script: "kapso.js", greeting: "Ada", back: "Back again", prompt: "Your name, please",
			errAns: map[string]any{"prompt": "Your name, please", "error_message": "A name is required"}},
	} {
		t.Run(tc.script, func(t *testing.T) {
			f := newFixture(t, fixtureOptions{script: tc.script})
			tok := f.token(t)
			step := func(action, screen string, data map[string]any) map[string]any {
				t.Helper()
				r := f.client.send(t, map[string]any{"version": "3.0", "action": action, "screen": screen, "data": data, "flow_token": tok})
				require.Equal(t, http.StatusOK, r.status, "%s %s: %s", action, screen, f.logs.String())
				return r.answer
			}
			require.Equal(t, map[string]any{"screen": "WELCOME", "data": map[string]any{"greeting": tc.greeting}},
				step("INIT", "", map[string]any{}))
			require.Equal(t, map[string]any{"screen": "DETAILS", "data": map[string]any{"prompt": tc.prompt}},
				step("data_exchange", "WELCOME", map[string]any{"step": "start"}))
			require.Equal(t, map[string]any{"screen": "DETAILS", "data": tc.errAns},
				step("data_exchange", "DETAILS", map[string]any{"name": ""}))
			require.Equal(t, map[string]any{"screen": "WELCOME", "data": map[string]any{"greeting": tc.back}},
				step("BACK", "DETAILS", nil))
			require.Equal(t, map[string]any{"screen": "CONFIRM", "data": map[string]any{"name": "Ada"}},
				step("data_exchange", "DETAILS", map[string]any{"name": "Ada"}))
			success := step("data_exchange", "CONFIRM", map[string]any{"confirmed": true})
			require.Equal(t, "SUCCESS", success["screen"])
			params := success["data"].(map[string]any)["extension_message_response"].(map[string]any)["params"].(map[string]any)
			require.Equal(t, tok, params["flow_token"])
		})
	}
}

// TestBackWithoutRefreshOnBack: WELCOME has no refresh_on_back, so WhatsApp
// should never send BACK from it; when one comes anyway it is answered.
func TestBackWithoutRefreshOnBack(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	r := f.client.send(t, map[string]any{"version": "3.0", "action": "BACK", "screen": "WELCOME", "flow_token": f.token(t)})
	require.Equal(t, http.StatusOK, r.status)
	require.Equal(t, "WELCOME", r.answer["screen"])
	r = f.client.send(t, map[string]any{"version": "3.0", "action": "BACK", "flow_token": f.token(t)})
	require.Equal(t, http.StatusOK, r.status, "a BACK naming no screen may answer any screen")
}

// TestAnswerCheck: answers that do not fit the flow are not sent.
func TestAnswerCheck(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	tok := f.token(t)
	for _, tc := range []struct {
		name   string
		action string
		screen string
		mode   string
		status int
		logged []string
	}{
		{name: "unknown screen", action: "data_exchange", screen: "WELCOME", mode: "unknown_screen", status: 500,
			logged: []string{`screen \"NOWHERE\"`, "/screen", "the flow has no such screen"}},
		{name: "data not matching the model", action: "data_exchange", screen: "WELCOME", mode: "bad_data", status: 500,
			logged: []string{`screen \"DETAILS\"`, "/data/prompt"}},
		{name: "transition not in the routing model", action: "data_exchange", screen: "WELCOME", mode: "bad_transition", status: 500,
			logged: []string{`screen \"CONFIRM\"`, "allows WELCOME to answer only WELCOME, DETAILS"}},
		{name: "INIT to a screen that is not an entry", action: "INIT", mode: "bad_transition", status: 500,
			logged: []string{"INIT may open only an entry screen of the routing model (WELCOME)"}},
		{name: "SUCCESS without params", action: "data_exchange", screen: "CONFIRM", mode: "success_no_params", status: 500,
			logged: []string{"/data/extension_message_response"}},
		{name: "SUCCESS with params", action: "data_exchange", screen: "CONFIRM", status: 200},
		{name: "error_message on the current screen", action: "data_exchange", screen: "DETAILS", status: 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := map[string]any{}
			if tc.mode != "" {
				data["mode"] = tc.mode
			}
			r := f.client.send(t, map[string]any{"version": "3.0", "action": tc.action, "screen": tc.screen, "data": data, "flow_token": tok})
			require.Equal(t, tc.status, r.status)
			if tc.status == http.StatusOK {
				return
			}
			require.Equal(t, endpoint.CodeInvalidAnswer, f.obs.last().Code)
			requireNoLeak(t, r)
			logs := f.logs.String()
			for _, want := range tc.logged {
				require.Contains(t, logs, want)
			}
		})
	}
}

// TestKeyRotation: a client still holding the previous public key is served
// while that key is kept; a request for neither key gets 421.
func TestKeyRotation(t *testing.T) {
	current, previous := loadKey(t, "key-current.pem"), loadKey(t, "key-previous.pem")
	for _, tc := range []struct {
		name     string
		keys     crypto.KeySet
		sealTo   *crypto.PrivateKey
		status   int
		keyIndex int
	}{
		{name: "new key", keys: crypto.KeySet{current, previous}, sealTo: current, status: 200, keyIndex: 0},
		{name: "old key kept", keys: crypto.KeySet{current, previous}, sealTo: previous, status: 200, keyIndex: 1},
		{name: "old key dropped", keys: crypto.KeySet{current}, sealTo: previous, status: 421, keyIndex: -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, fixtureOptions{config: func(c *endpoint.Config) { c.Keys = tc.keys }})
			f.client.pub = &tc.sealTo.PublicKey
			r := f.client.send(t, map[string]any{"version": "3.0", "action": "INIT", "flow_token": f.token(t)})
			require.Equal(t, tc.status, r.status)
			require.Equal(t, tc.keyIndex, f.obs.last().KeyIndex)
		})
	}
}

func TestConfigErrors(t *testing.T) {
	key := loadKey(t, "key-current.pem")
	base := func() endpoint.Config {
		return endpoint.Config{Keys: crypto.KeySet{key}, Program: compile(t, "plain.js"), Host: newHost(t, scriptOptions())}
	}
	for _, tc := range []struct {
		field string
		edit  func(*endpoint.Config)
	}{
		{"Keys", func(c *endpoint.Config) { c.Keys = nil }},
		{"Keys", func(c *endpoint.Config) { c.Keys = crypto.KeySet{nil} }},
		{"Program", func(c *endpoint.Config) { c.Program = nil }},
		{"Host", func(c *endpoint.Config) { c.Host = nil }},
		{"AppSecrets", func(c *endpoint.Config) { c.AppSecrets = [][]byte{{}} }},
		{"Tokens", func(c *endpoint.Config) { c.Tokens = &crypto.Tokens{} }},
		{"MaxBodyBytes", func(c *endpoint.Config) { c.MaxBodyBytes = -1 }},
	} {
		t.Run(tc.field, func(t *testing.T) {
			cfg := base()
			tc.edit(&cfg)
			_, err := endpoint.New(cfg)
			var ce *endpoint.ConfigError
			require.ErrorAs(t, err, &ce)
			require.Equal(t, tc.field, ce.Field)
		})
	}
	_, err := endpoint.New(base())
	require.NoError(t, err, "Flow, secrets and tokens are optional")
}

func TestMethods(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	for _, tc := range []struct {
		method string
		status int
	}{
		{http.MethodGet, 200},
		{http.MethodHead, 200},
		{http.MethodPut, 405},
		{http.MethodDelete, 405},
	} {
		req, err := http.NewRequest(tc.method, f.server.URL, nil)
		require.NoError(t, err)
		resp, err := f.server.Client().Do(req)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		require.Equal(t, tc.status, resp.StatusCode, tc.method)
	}
}

// TestLargeBodyNotRead: a body over the limit is refused without reading it
// all, whether or not its length is announced.
func TestLargeBodyNotRead(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	resp, err := f.server.Client().Post(f.server.URL, "application/json", strings.NewReader(strings.Repeat("x", 1<<20)))
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)

	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/", struct{ *strings.Reader }{strings.NewReader(strings.Repeat("x", 1<<20))})
	req.ContentLength = -1
	f.handler.ServeHTTP(rec, req)
	require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
}

// TestFiberAdapter runs the same exchange through Fiber on a real listener.
func TestFiberAdapter(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.All("/flows/:id/endpoint", fiberendpoint.New(f.handler))
	ln, err := netListen()
	require.NoError(t, err)
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })

	c := *f.client
	c.url = "http://" + ln.Addr().String() + "/flows/flow-1/endpoint"
	c.http = &http.Client{Timeout: 5 * time.Second}

	r := c.send(t, map[string]any{"version": "3.0", "action": "ping"})
	require.Equal(t, http.StatusOK, r.status)
	require.Equal(t, map[string]any{"data": map[string]any{"status": "active"}}, r.answer)

	r = c.send(t, map[string]any{"version": "3.0", "action": "INIT", "flow_token": f.token(t)})
	require.Equal(t, http.StatusOK, r.status)
	require.Equal(t, "WELCOME", r.answer["screen"])

	body, _, err := crypto.SealRequest(c.pub, []byte(`{"action":"ping"}`), nil)
	require.NoError(t, err)
	require.Equal(t, 432, c.post(t, body, "").status)
	require.Equal(t, 421, c.post(t, []byte("{}"), crypto.SignBody([]byte(testSecret), []byte("{}"))).status)

	for method, status := range map[string]int{http.MethodGet: 200, http.MethodPut: 405} {
		req, err := http.NewRequest(method, c.url, nil)
		require.NoError(t, err)
		resp, err := c.http.Do(req)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		require.Equal(t, status, resp.StatusCode, method)
	}
}
