package endpoint_test

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors from the current code")

// vector is one published exchange: another implementation of the data
// endpoint, given testdata/key-current.pem, app secret testSecret, the flow
// testdata/flow.json and the behaviour of testdata/plain.js (env GREETING=Ada), must answer
// Request with exactly Status and Response (the IV and key are the
// request's, so the sealed answer is deterministic).
type vector struct {
	Description       string `json:"description"`
	PlaintextRequest  string `json:"plaintext_request"`
	Signature         string `json:"x_hub_signature_256"`
	Request           string `json:"request"`
	Status            int    `json:"status"`
	PlaintextResponse string `json:"plaintext_response"`
	Response          string `json:"response"`
}

func TestVectors(t *testing.T) {
	f := newFixture(t, fixtureOptions{config: func(c *endpoint.Config) { c.Tokens = nil }})
	cases := []struct{ name, description, plaintext string }{
		{"ping", "health check", `{"version":"3.0","action":"ping"}`},
		{"error-notification", "an error notification is acknowledged", `{"version":"3.0","action":"data_exchange","flow_token":"vector-token","data":{"error":"invalid-screen-transition","error_message":"NOWHERE is not allowed"}}`},
		{"init", "INIT opens the entry screen", `{"version":"3.0","action":"INIT","screen":"","data":{},"flow_token":"vector-token"}`},
		{"data-exchange-error-message", "an error_message on the submitting screen", `{"version":"3.0","action":"data_exchange","screen":"DETAILS","data":{"name":""},"flow_token":"vector-token"}`},
		{"success", "the flow completes", `{"version":"3.0","action":"data_exchange","screen":"CONFIRM","data":{"confirmed":true},"flow_token":"vector-token"}`},
		{"unknown-action", "an unknown action gets 400 with a sealed body", `{"version":"3.0","action":"navigate","flow_token":"vector-token"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join("testdata", "vectors", tc.name+".json")
			if *update {
				body, cs, err := crypto.SealRequest(f.client.pub, []byte(tc.plaintext), nil)
				require.NoError(t, err)
				resp := f.handler.Handle(context.Background(), endpoint.Request{Body: body,
					Header: http.Header{"X-Hub-Signature-256": {crypto.SignBody([]byte(testSecret), body)}}})
				plain, err := cs.OpenResponse(resp.Body)
				require.NoError(t, err)
				v := vector{tc.description, tc.plaintext, crypto.SignBody([]byte(testSecret), body), string(body),
					resp.Status, string(plain), string(resp.Body)}
				out, err := json.MarshalIndent(v, "", "  ")
				require.NoError(t, err)
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, append(out, '\n'), 0o644))
			}
			raw, err := os.ReadFile(path)
			require.NoError(t, err, "run go test -run TestVectors -update")
			var v vector
			require.NoError(t, json.Unmarshal(raw, &v))
			resp := f.handler.Handle(context.Background(), endpoint.Request{Body: []byte(v.Request),
				Header: http.Header{"X-Hub-Signature-256": {v.Signature}}})
			require.Equal(t, v.Status, resp.Status)
			require.Equal(t, v.Response, string(resp.Body))
		})
	}
}
