package httpapi

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestFlowJSONRevisions(t *testing.T) {
	e := newFlowsEnv(t)
	id := e.createFlow("pizza")
	requireError(t, e.do(http.MethodGet, "/wa/v2/flows/"+id+"/json", nil), http.StatusNotFound, CodeNotFound)

	first := example(t, pizzaFlow)
	put := e.doRaw(http.MethodPut, "/wa/v2/flows/"+id+"/json", "application/json", first)
	require.Equal(t, http.StatusCreated, put.Status, "body: %s", put.Raw)
	require.Equal(t, "/wa/v2/flows/"+id+"/json?revision=1", put.Header.Get("Location"))
	rev := put.JSON["revision"].(map[string]any)
	require.EqualValues(t, 1, rev["number"])
	require.Equal(t, "7.3", rev["flow_json_version"])
	require.Equal(t, "3.0", rev["data_api_version"])
	require.Equal(t, []any{}, rev["diagnostics"])
	require.NotContains(t, rev, "json", "the document is not echoed")
	require.EqualValues(t, 1, put.JSON["flow"].(map[string]any)["current_revision"])

	second := bytes.Replace(first, []byte(`"7.3"`), []byte(`"7.2"`), 1)
	put = e.doRaw(http.MethodPut, "/wa/v2/flows/"+id+"/json", "application/json; charset=utf-8", second)
	require.Equal(t, http.StatusCreated, put.Status, "body: %s", put.Raw)

	current := e.do(http.MethodGet, "/wa/v2/flows/"+id+"/json", nil)
	require.Equal(t, http.StatusOK, current.Status)
	require.Equal(t, second, current.Raw, "byte for byte as uploaded")
	old := e.do(http.MethodGet, "/wa/v2/flows/"+id+"/json?revision=1", nil)
	require.Equal(t, first, old.Raw)

	revs := e.do(http.MethodGet, "/wa/v2/flows/"+id+"/revisions", nil)
	require.Equal(t, http.StatusOK, revs.Status)
	data := revs.JSON["data"].([]any)
	require.Len(t, data, 2)
	require.Equal(t, "7.2", data[1].(map[string]any)["flow_json_version"])

	// An invalid document is refused with every diagnostic, and nothing
	// is stored.
	broken := bytes.Replace(first, []byte(`"routing_model"`), []byte(`"routing_modl"`), 1)
	bad := e.doRaw(http.MethodPut, "/wa/v2/flows/"+id+"/json", "application/json", broken)
	requireError(t, bad, http.StatusBadRequest, CodeInvalidFlowJSON)
	require.NotEmpty(t, bad.errorDetails())
	for _, d := range bad.errorDetails() {
		diag := d.(map[string]any)
		require.ElementsMatch(t, []string{"code", "severity", "pointer", "line", "column", "message"}, keys(diag))
	}
	first0 := bad.errorDetails()[0].(map[string]any)
	require.Positive(t, first0["line"])
	require.Positive(t, first0["column"])

	syntax := e.doRaw(http.MethodPut, "/wa/v2/flows/"+id+"/json", "application/json", []byte("{\n  \"version\": \"7.3\",\n  oops\n}"))
	requireError(t, syntax, http.StatusBadRequest, CodeInvalidFlowJSON)
	require.EqualValues(t, 3, syntax.errorDetails()[0].(map[string]any)["line"])
	require.Len(t, e.do(http.MethodGet, "/wa/v2/flows/"+id+"/revisions", nil).JSON["data"], 2)

	tests := []struct {
		name        string
		method      string
		path        string
		contentType string
		status      int
		code        string
	}{
		{"not JSON", "PUT", "/wa/v2/flows/" + id + "/json", "text/plain", 415, CodeUnsupportedMediaType},
		{"unknown flow", "PUT", "/wa/v2/flows/flow_nope/json", "application/json", 404, CodeNotFound},
		{"unknown revision", "GET", "/wa/v2/flows/" + id + "/json?revision=9", "", 404, CodeNotFound},
		{"bad revision", "GET", "/wa/v2/flows/" + id + "/json?revision=first", "", 400, CodeValidation},
		{"revisions of unknown flow", "GET", "/wa/v2/flows/flow_nope/revisions", "", 404, CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireError(t, e.doRaw(tt.method, tt.path, tt.contentType, first), tt.status, tt.code)
		})
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestFlowJSONBodyLimit shows that the upload takes Meta's 10 MiB while
// the other routes keep the server's limit.
func TestFlowJSONBodyLimit(t *testing.T) {
	e := newFlowsEnv(t)
	id := e.createFlow("large")

	// Two MiB of padding: over the default limit, so only the route's own
	// limit lets it reach the validator, which says what is wrong with it.
	large := []byte(`{"version": "7.3", "screens": [], "padding": "` + strings.Repeat("x", 2<<20) + `"}`)
	r := e.doRaw(http.MethodPut, "/wa/v2/flows/"+id+"/json", "application/json", large)
	requireError(t, r, http.StatusBadRequest, CodeInvalidFlowJSON)
	v := e.doRaw(http.MethodPost, "/wa/v2/flows/validate", "application/json", large)
	require.Equal(t, http.StatusOK, v.Status)
	require.Equal(t, false, v.JSON["valid"])

	declare := func(method, path string, length int) response {
		conn, err := net.Dial("tcp", strings.TrimPrefix(e.base, "http://"))
		require.NoError(t, err)
		defer conn.Close()
		require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
		_, err = fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"+
			"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n", method, path, e.key, length)
		require.NoError(t, err)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err)
		return readResponse(t, resp)
	}
	requireError(t, declare(http.MethodPut, "/wa/v2/flows/"+id+"/json", MaxFlowJSONBytes+1), http.StatusRequestEntityTooLarge, CodeBodyTooLarge)
	requireError(t, declare(http.MethodPut, "/wa/v2/flows/"+id+"/script", DefaultBodyLimit+1), http.StatusRequestEntityTooLarge, CodeBodyTooLarge)
	requireError(t, declare(http.MethodPatch, "/wa/v2/flows/"+id, DefaultBodyLimit+1), http.StatusRequestEntityTooLarge, CodeBodyTooLarge)
}

func TestFlowScript(t *testing.T) {
	e := newFlowsEnv(t)
	id := e.createFlow("pizza")
	requireError(t, e.do(http.MethodGet, "/wa/v2/flows/"+id+"/script", nil), http.StatusNotFound, CodeNotFound)

	plain := example(t, "scripts/pizza-order.plain.js")
	put := e.doRaw(http.MethodPut, "/wa/v2/flows/"+id+"/script", "application/javascript", plain)
	require.Equal(t, http.StatusCreated, put.Status, "body: %s", put.Raw)
	require.Equal(t, map[string]any{"flow_id": id, "revision": float64(1), "form": "plain",
		"created_at": put.JSON["script"].(map[string]any)["created_at"]}, put.JSON["script"])
	require.EqualValues(t, 1, put.JSON["flow"].(map[string]any)["script_revision"])

	kapso := example(t, "scripts/pizza-order.kapso.js")
	put = e.doRaw(http.MethodPut, "/wa/v2/flows/"+id+"/script", "text/plain; charset=utf-8", kapso)
	require.Equal(t, http.StatusCreated, put.Status, "body: %s", put.Raw)
	require.Equal(t, "kapso", put.JSON["script"].(map[string]any)["form"])

	got := e.do(http.MethodGet, "/wa/v2/flows/"+id+"/script", nil)
	require.Equal(t, http.StatusOK, got.Status)
	require.Equal(t, kapso, got.Raw)
	require.True(t, strings.HasPrefix(got.Header.Get("Content-Type"), "application/javascript"))
	require.Equal(t, plain, e.do(http.MethodGet, "/wa/v2/flows/"+id+"/script?revision=1", nil).Raw)

	bad := e.doRaw(http.MethodPut, "/wa/v2/flows/"+id+"/script", "text/javascript", []byte("function handle(req, ctx) {\n  return {screen: \n}\n"))
	requireError(t, bad, http.StatusBadRequest, CodeInvalidScript)
	pos := bad.errorDetails()[0].(map[string]any)
	require.EqualValues(t, 3, pos["line"], "body: %s", bad.Raw)
	require.Positive(t, pos["column"])
	require.NotEmpty(t, pos["message"])

	requireError(t, e.doRaw(http.MethodPut, "/wa/v2/flows/"+id+"/script", "application/json", plain), http.StatusUnsupportedMediaType, CodeUnsupportedMediaType)
	requireError(t, e.doRaw(http.MethodPut, "/wa/v2/flows/flow_nope/script", "text/plain", plain), http.StatusNotFound, CodeNotFound)
	requireError(t, e.do(http.MethodGet, "/wa/v2/flows/"+id+"/script?revision=7", nil), http.StatusNotFound, CodeNotFound)

	// The document says which media types the upload takes.
	doc := e.do(http.MethodGet, "/openapi.json", nil)
	op := doc.JSON["paths"].(map[string]any)["/wa/v2/flows/{id}/script"].(map[string]any)["put"].(map[string]any)
	content := op["requestBody"].(map[string]any)["content"].(map[string]any)
	require.ElementsMatch(t, []string{"application/javascript", "text/javascript", "text/plain"}, keys(content))
}

func TestFlowsValidate(t *testing.T) {
	e := newFlowsEnv(t)
	survey := example(t, "flows/customer-survey-3.1.json")

	tests := []struct {
		name    string
		query   string
		body    []byte
		valid   bool
		version string
		codes   []string
	}{
		{"valid", "", example(t, pizzaFlow), true, "7.3", nil},
		{"warnings pass", "", survey, true, "3.1", []string{"FROZEN_FLOW_JSON_VERSION"}},
		{"strict", "?strict=true", survey, false, "3.1", []string{"FROZEN_FLOW_JSON_VERSION"}},
		{"not JSON", "", []byte("{"), false, "", []string{"INVALID_FLOW_JSON"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.doRaw(http.MethodPost, "/wa/v2/flows/validate"+tt.query, "application/json", tt.body)
			require.Equal(t, http.StatusOK, r.Status, "body: %s", r.Raw)
			require.Equal(t, tt.valid, r.JSON["valid"])
			require.Equal(t, tt.version, r.JSON["version"])
			var codes []string
			for _, d := range r.JSON["diagnostics"].([]any) {
				codes = append(codes, d.(map[string]any)["code"].(string))
			}
			require.Equal(t, tt.codes, codes)
		})
	}

	upgraded := e.doRaw(http.MethodPost, "/wa/v2/flows/validate?flow_version=7.3", "application/json", survey)
	require.Equal(t, "7.3", upgraded.JSON["version"])

	r := e.doRaw(http.MethodPost, "/wa/v2/flows/validate?flow_version=9.9&strict=maybe", "application/json", survey)
	requireError(t, r, http.StatusBadRequest, CodeValidation)
	require.Len(t, r.errorDetails(), 2)
	requireError(t, e.doRaw(http.MethodPost, "/wa/v2/flows/validate", "application/xml", survey), http.StatusUnsupportedMediaType, CodeUnsupportedMediaType)
}
