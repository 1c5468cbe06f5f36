package kapsotest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers/kapso/kapsotest"
)

// call sends one request with the project key unless key is false.
func call(t *testing.T, srv *kapsotest.Server, method, path, body string, key bool) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, bytes.NewReader([]byte(body)))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if key {
		req.Header.Set("X-API-Key", srv.APIKey())
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(raw, &out), "%s", raw)
	return resp.StatusCode, out
}

// TestStrictness sends what Kapso refuses and checks it is refused in
// Kapso's envelope.
func TestStrictness(t *testing.T) {
	srv := kapsotest.New(t, kapsotest.Options{Now: func() time.Time { return time.Unix(1772355600, 0) }})
	status, out := call(t, srv, "POST", "/platform/v1/whatsapp/flows", `{"phone_number_id":"`+kapsotest.DefaultPhoneNumberID+`","name":"f"}`, true)
	require.Equal(t, http.StatusCreated, status)
	flow := out["data"].(map[string]any)
	id := flow["id"].(string)
	require.Equal(t, "draft", flow["status"])
	require.NotEqual(t, id, flow["meta_flow_id"])

	for _, c := range []struct {
		name, method, path, body string
		key                      bool
		status                   int
	}{
		{"no-key", "GET", "/platform/v1/whatsapp/flows/" + id, "", false, 401},
		{"unknown-flow", "GET", "/platform/v1/whatsapp/flows/6b617073-0000-4000-8000-00000000ffff", "", true, 404},
		{"unknown-phone", "POST", "/platform/v1/whatsapp/flows", `{"phone_number_id":"1"}`, true, 404},
		{"flow-json-string", "POST", "/platform/v1/whatsapp/flows/" + id + "/versions", `{"flow_json":"{}"}`, true, 422},
		{"flow-json-missing", "POST", "/platform/v1/whatsapp/flows/" + id + "/versions", `{}`, true, 422},
		{"proxy-unresolved-config", "POST", "/meta/whatsapp/v24.0/" + flow["meta_flow_id"].(string) + "/deprecate", "", true, 400},
		{"proxy-foreign-phone", "POST", "/meta/whatsapp/v24.0/" + flow["meta_flow_id"].(string) + "/deprecate?phone_number_id=1", "", true, 403},
		{"unknown-path", "GET", "/platform/v2/flows", "", true, 404},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, out := call(t, srv, c.method, c.path, c.body, c.key)
			require.Equal(t, c.status, status)
			require.IsType(t, "", out["error"], "Kapso's envelope {\"error\": \"…\"}")
		})
	}
}

// TestVersionValidationErrors: a clean version has validation_errors
// null, not []; a broken one has Meta's errors.
func TestVersionValidationErrors(t *testing.T) {
	srv := kapsotest.New(t, kapsotest.Options{EmptyDrafts: true})
	_, out := call(t, srv, "POST", "/platform/v1/whatsapp/flows", `{"phone_number_id":"`+kapsotest.DefaultPhoneNumberID+`"}`, true)
	id := out["data"].(map[string]any)["id"].(string)

	status, out := call(t, srv, "POST", "/platform/v1/whatsapp/flows/"+id+"/versions", `{"flow_json":`+kapsotest.StarterScreen+`}`, true)
	require.Equal(t, http.StatusCreated, status)
	v := out["data"].(map[string]any)
	require.Contains(t, v, "validation_errors")
	require.Nil(t, v["validation_errors"])
	require.Equal(t, "draft", v["status"])

	_, out = call(t, srv, "POST", "/platform/v1/whatsapp/flows/"+id+"/versions", `{"flow_json":{"version":"7.3","screens":[]}}`, true)
	require.NotEmpty(t, out["data"].(map[string]any)["validation_errors"])
	status, out = call(t, srv, "POST", "/platform/v1/whatsapp/flows/"+id+"/publish", `{}`, true)
	require.Equal(t, http.StatusUnprocessableEntity, status)
	require.IsType(t, "", out["error"])

	status, out = call(t, srv, "GET", "/platform/v1/whatsapp/flows/"+id+"/versions?per_page=1", "", true)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, out["data"], 1)
	require.Equal(t, map[string]any{"page": 1.0, "per_page": 1.0, "total_pages": 2.0, "total_count": 2.0}, out["meta"])
}
