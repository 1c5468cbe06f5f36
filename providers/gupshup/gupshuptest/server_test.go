package gupshuptest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers/gupshup/gupshuptest"
)

// TestStrictness sends what a drifting adapter would and expects
// Gupshup's refusals.
func TestStrictness(t *testing.T) {
	srv := gupshuptest.New(t, gupshuptest.Options{})
	app := "/partner/app/" + srv.AppID()
	partner := http.Header{"Authorization": {srv.AppToken()}}
	cases := []struct {
		name, method, path, contentType, body string
		header                                http.Header
		status                                int
		message                               any
	}{
		{"Bearer token refused", "GET", app + "/flows", "", "", http.Header{"Authorization": {"Bearer " + srv.AppToken()}},
			401, "Authentication Failed"},
		{"token header name", "GET", app + "/flows", "", "", http.Header{"Token": {srv.AppToken()}}, 401, "Authentication Failed"},
		{"v1 nests its 401", "POST", "/wa/api/v1/msg", "application/x-www-form-urlencoded", "channel=whatsapp", http.Header{"Apikey": {"wrong"}},
			401, map[string]any{"message": "Authentication Failed"}},
		{"unknown app", "GET", "/partner/app/other/flows", "", "", partner, 400, "Invalid App Details"},
		{"flow create takes JSON", "POST", app + "/flows", "application/x-www-form-urlencoded", "name=x", partner, 400,
			`content type "application/x-www-form-urlencoded" is not accepted here; send application/json`},
		{"template create takes a form", "POST", app + "/templates", "application/json", `{"elementName":"x"}`, partner, 400,
			`content type "application/json" is not accepted here; send application/x-www-form-urlencoded`},
		{"buttons must be a JSON string", "POST", app + "/templates", "application/x-www-form-urlencoded",
			"elementName=x&category=UTILITY&templateType=TEXT&content=hi&buttons=QUICK_REPLY", partner, 400,
			"buttons must be a JSON string holding an array of buttons"},
		{"v1 message must be a JSON string", "POST", "/wa/api/v1/msg", "application/x-www-form-urlencoded",
			"channel=whatsapp&source=" + srv.PhoneNumber() + "&src.name=" + srv.AppName() + "&destination=15550001234&message={text", http.Header{"Apikey": {srv.APIKey()}},
			400, "message must be a JSON string: invalid character 't' looking for beginning of object key string"},
		{"unknown route", "GET", app + "/nothing", "", "", partner, 404, "Not Found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), c.method, srv.URL+c.path, strings.NewReader(c.body))
			require.NoError(t, err)
			for k, v := range c.header {
				req.Header[k] = v
			}
			if c.contentType != "" {
				req.Header.Set("Content-Type", c.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			raw, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.Equal(t, c.status, resp.StatusCode, "%s", raw)
			var env struct {
				Status  string `json:"status"`
				Message any    `json:"message"`
			}
			require.NoError(t, json.NewDecoder(bytes.NewReader(raw)).Decode(&env))
			require.Equal(t, "error", env.Status)
			require.Equal(t, c.message, env.Message)
		})
	}
}
