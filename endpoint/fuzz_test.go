package endpoint_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
)

// FuzzHandle feeds arbitrary bodies and signature headers to the endpoint,
// with and without app secrets, and arbitrary plaintexts inside valid
// envelopes. It must never panic, must answer only documented statuses, and
// must never answer garbage with a 5xx. The handler script always answers
// a valid screen, so a 5xx can only be the endpoint's fault.
func FuzzHandle(f *testing.F) {
	key := loadKey(f, "key-current.pem")
	host := newHost(f, script.Options{})
	prog, err := script.Compile("fuzz.js", `function handle(req) { return {screen: "WELCOME", data: {greeting: "hi"}} }`)
	require.NoError(f, err)
	newHandler := func(secrets [][]byte) *endpoint.Handler {
		h, err := endpoint.New(endpoint.Config{FlowID: testFlowID, Flow: loadFlow(f), Keys: crypto.KeySet{key},
			AppSecrets: secrets, Program: prog, Host: host, MaxBodyBytes: 8 << 10})
		require.NoError(f, err)
		return h
	}
	signed, open := newHandler([][]byte{[]byte(testSecret)}), newHandler(nil)

	ping, _, err := crypto.SealRequest(&key.PublicKey, []byte(`{"version":"3.0","action":"ping"}`), nil)
	require.NoError(f, err)
	f.Add(ping, crypto.SignBody([]byte(testSecret), ping), []byte(`{"version":"3.0","action":"INIT","flow_token":"t"}`))
	f.Add([]byte(`{"encrypted_flow_data":"","encrypted_aes_key":"","initial_vector":""}`), "sha256=", []byte(`{"action":"data_exchange","screen":"WELCOME","data":{"error":"x"}}`))
	f.Add([]byte("garbage"), "", []byte("garbage"))

	documented := []int{200, 400, 413, 421, 427, 432}
	f.Fuzz(func(t *testing.T, body []byte, signature string, plaintext []byte) {
		header := http.Header{"X-Hub-Signature-256": {signature}}
		for _, h := range []*endpoint.Handler{signed, open} {
			resp := h.Handle(context.Background(), endpoint.Request{Body: body, Header: header})
			require.Contains(t, documented, resp.Status)
		}
		sealed, cs, err := crypto.SealRequest(&key.PublicKey, plaintext, nil)
		require.NoError(t, err)
		resp := open.Handle(context.Background(), endpoint.Request{Body: sealed, Header: http.Header{}})
		require.Contains(t, documented, resp.Status, "plaintext %q: %v", plaintext, resp.Err)
		_, err = cs.OpenResponse(resp.Body)
		require.NoError(t, err, "every answer to an envelope that opened is sealed")
	})
}
