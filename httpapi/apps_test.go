package httpapi

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAppsCreateGetListUpdateDelete(t *testing.T) {
	h := newHarness(t)

	created := h.do(http.MethodPost, "/wa/v2/apps/", map[string]any{
		"name": "Support", "bsp": "META", "phone_number": "+15550001234",
		"phone_number_id": "1234567890", "waba_id": "9876543210",
		"credentials": map[string]string{"access_token": "EAAG-secret-token", "app_secret": "s3cret-app"},
		"settings":    map[string]string{"app_id": "42"},
	})
	require.Equal(t, http.StatusCreated, created.Status, "body: %s", created.Raw)
	id := created.JSON["id"].(string)
	require.Equal(t, "/wa/v2/apps/"+id, created.Header.Get("Location"))
	require.Equal(t, []any{"access_token", "app_secret"}, created.JSON["credential_names"])
	require.NotContains(t, string(created.Raw), "EAAG-secret-token")
	require.NotContains(t, string(created.Raw), "s3cret-app")
	require.NotContains(t, created.JSON, "credentials")
	require.EqualValues(t, 1, created.JSON["version"])

	got := h.do(http.MethodGet, "/wa/v2/apps/"+id, nil)
	require.Equal(t, http.StatusOK, got.Status)
	require.Equal(t, "Support", got.JSON["name"])
	require.Equal(t, "META", got.JSON["bsp"])
	require.Equal(t, map[string]any{"app_id": "42"}, got.JSON["settings"])
	require.NotContains(t, string(got.Raw), "EAAG-secret-token")

	// The secret is stored, sealed, and still usable by providers.
	stored, err := h.apps.Get(t.Context(), id)
	require.NoError(t, err)
	require.EqualValues(t, "EAAG-secret-token", stored.Credentials["access_token"])

	patched := h.do(http.MethodPatch, "/wa/v2/apps/"+id, map[string]any{
		"name":        "Support EU",
		"credentials": map[string]string{"app_secret": "", "verify_token": "hello"},
	})
	require.Equal(t, http.StatusOK, patched.Status, "body: %s", patched.Raw)
	require.Equal(t, "Support EU", patched.JSON["name"])
	require.Equal(t, []any{"access_token", "verify_token"}, patched.JSON["credential_names"])
	require.EqualValues(t, 2, patched.JSON["version"])

	second := h.do(http.MethodGet, "/wa/v2/apps/"+h.createApp("Second"), nil)
	require.Equal(t, []any{}, second.JSON["credential_names"], "always a list")
	require.Equal(t, map[string]any{}, second.JSON["settings"], "always an object")
	list := h.do(http.MethodGet, "/wa/v2/apps/?limit=1", nil)
	require.Equal(t, http.StatusOK, list.Status)
	data := list.JSON["data"].([]any)
	require.Len(t, data, 1)
	require.Equal(t, id, data[0].(map[string]any)["id"])
	next := list.JSON["next"].(string)
	rest := h.do(http.MethodGet, "/wa/v2/apps?after="+next, nil)
	require.Equal(t, http.StatusOK, rest.Status)
	require.Len(t, rest.JSON["data"], 1)
	require.NotContains(t, rest.JSON, "next")

	del := h.do(http.MethodDelete, "/wa/v2/apps/"+id, nil)
	require.Equal(t, http.StatusNoContent, del.Status)
	require.Empty(t, del.Raw)
	requireError(t, h.do(http.MethodGet, "/wa/v2/apps/"+id, nil), http.StatusNotFound, CodeNotFound)
}

func TestAppsErrors(t *testing.T) {
	h := newHarness(t)
	existing := h.createApp("Taken")

	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		code   string
		fields []string // error.details[].field, in order
	}{
		{"missing name and bsp", "POST", "/wa/v2/apps/", map[string]any{}, 400, CodeValidation, []string{"name", "bsp"}},
		{"unknown bsp", "POST", "/wa/v2/apps/", map[string]any{"name": "x", "bsp": "TWILIO"}, 400, CodeValidation, []string{"bsp"}},
		{"meta needs its ids", "POST", "/wa/v2/apps/", map[string]any{"name": "m", "bsp": "META"}, 400, CodeValidation,
			[]string{"phone_number_id", "waba_id", "credentials.access_token"}},
		{"unknown field", "POST", "/wa/v2/apps/", map[string]any{"name": "x", "bsp": "SANDBOX", "colour": "red"}, 400, CodeValidation, []string{"colour"}},
		{"wrong type", "POST", "/wa/v2/apps/", `{"name": 12, "bsp": "SANDBOX"}`, 400, CodeValidation, []string{"name"}},
		{"malformed JSON", "POST", "/wa/v2/apps/", `{"name": "x",}`, 400, CodeMalformedJSON, nil},
		{"empty body", "POST", "/wa/v2/apps/", "", 400, CodeMalformedJSON, nil},
		{"duplicate name", "POST", "/wa/v2/apps/", map[string]any{"name": "Taken", "bsp": "SANDBOX"}, 409, CodeConflict, nil},
		{"get unknown", "GET", "/wa/v2/apps/app_nope", nil, 404, CodeNotFound, nil},
		{"patch unknown", "PATCH", "/wa/v2/apps/app_nope", map[string]any{"name": "y"}, 404, CodeNotFound, nil},
		{"delete unknown", "DELETE", "/wa/v2/apps/app_nope", nil, 404, CodeNotFound, nil},
		{"patch bsp", "PATCH", "/wa/v2/apps/" + existing, map[string]any{"bsp": "META"}, 400, CodeValidation, []string{"bsp"}},
		{"patch invalid name", "PATCH", "/wa/v2/apps/" + existing, map[string]any{"name": " "}, 400, CodeValidation, []string{"name"}},
		{"patch malformed", "PATCH", "/wa/v2/apps/" + existing, `{"name"`, 400, CodeMalformedJSON, nil},
		{"bad limit", "GET", "/wa/v2/apps/?limit=abc", nil, 400, CodeValidation, []string{"limit"}},
		{"wrong method", "PUT", "/wa/v2/apps/" + existing, map[string]any{}, 405, CodeMethodNotAllowed, nil},
		{"unknown route", "GET", "/wa/v2/nothing-here", nil, 404, CodeNotFound, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do(tt.method, tt.path, tt.body)
			requireError(t, r, tt.status, tt.code)
			var fields []string
			for _, d := range r.errorDetails() {
				if f, ok := d.(map[string]any)["field"].(string); ok {
					fields = append(fields, f)
				}
			}
			require.Equal(t, tt.fields, fields, "body: %s", r.Raw)
		})
	}
}

func TestAppsWrongContentType(t *testing.T) {
	h := newHarness(t)
	req, err := http.NewRequest(http.MethodPost, h.base+"/wa/v2/apps/", strings.NewReader("name=x"))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+h.key)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := h.client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode)
}

func TestMethodNotAllowedListsAllowed(t *testing.T) {
	h := newHarness(t)
	r := h.do(http.MethodPut, "/wa/v2/apps/app_x", map[string]any{})
	requireError(t, r, http.StatusMethodNotAllowed, CodeMethodNotAllowed)
	require.Equal(t, "DELETE, GET, HEAD, PATCH", r.Header.Get("Allow"))
}

// TestBodyTooLarge declares a body over the limit and sends none of it:
// the server answers from the headers, so the test does not race the
// server closing the connection while a large body is still being written.
func TestBodyTooLarge(t *testing.T) {
	h := newHarness(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(h.base, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
	_, err = fmt.Fprintf(conn, "POST /wa/v2/apps/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n", h.key, DefaultBodyLimit+1)
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	requireError(t, readResponse(t, resp), http.StatusRequestEntityTooLarge, CodeBodyTooLarge)
}
