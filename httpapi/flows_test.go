package httpapi

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFlowsCreateGetListUpdateDelete(t *testing.T) {
	e := newFlowsEnv(t)
	app := e.createApp("shop")

	created := e.do(http.MethodPost, "/wa/v2/flows/", map[string]any{
		"name": "Sign up", "categories": []string{"SIGN_UP"}, "app_ids": []string{app},
	})
	require.Equal(t, http.StatusCreated, created.Status, "body: %s", created.Raw)
	id := created.JSON["id"].(string)
	require.Equal(t, "/wa/v2/flows/"+id, created.Header.Get("Location"))
	require.Equal(t, "DRAFT", created.JSON["status"])
	require.EqualValues(t, 0, created.JSON["current_revision"])
	require.Equal(t, []any{"update_metadata", "put_json", "put_script", "publish", "delete", "add_target", "remove_target"},
		created.JSON["allowed_actions"])

	targets := e.do(http.MethodGet, "/wa/v2/flows/"+id+"/targets", nil)
	require.Equal(t, http.StatusOK, targets.Status)
	require.Len(t, targets.JSON["data"], 1, "app_ids deployed the flow at once")

	got := e.do(http.MethodGet, "/wa/v2/flows/"+id, nil)
	require.Equal(t, http.StatusOK, got.Status)
	require.Equal(t, "Sign up", got.JSON["name"])
	require.Equal(t, []any{"SIGN_UP"}, got.JSON["categories"])

	patched := e.do(http.MethodPatch, "/wa/v2/flows/"+id, map[string]any{"name": "Sign up v2", "categories": []string{"SIGN_UP", "OTHER"}})
	require.Equal(t, http.StatusOK, patched.Status, "body: %s", patched.Raw)
	require.Equal(t, "Sign up v2", patched.JSON["name"])
	require.EqualValues(t, 2, patched.JSON["version"])

	other := e.createFlow("Survey")
	e.putJSON(other, example(t, "flows/feedback-7.3.json"))
	require.Equal(t, http.StatusOK, e.do(http.MethodPost, "/wa/v2/flows/"+other+"/publish", nil).Status)

	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{id, other}},
		{"?status=PUBLISHED", []string{other}},
		{"?status=DRAFT", []string{id}},
		{"?app_id=" + app, []string{id}},
		{"?app_id=app_nobody", nil},
	}
	for _, tt := range tests {
		r := e.do(http.MethodGet, "/wa/v2/flows/"+tt.query, nil)
		require.Equal(t, http.StatusOK, r.Status, "body: %s", r.Raw)
		var ids []string
		for _, f := range r.JSON["data"].([]any) {
			ids = append(ids, f.(map[string]any)["id"].(string))
		}
		require.Equal(t, tt.want, ids, "query %q", tt.query)
	}
	first := e.do(http.MethodGet, "/wa/v2/flows/?limit=1", nil)
	require.Len(t, first.JSON["data"], 1)
	rest := e.do(http.MethodGet, "/wa/v2/flows/?after="+first.JSON["next"].(string), nil)
	require.Len(t, rest.JSON["data"], 1)
	require.NotContains(t, rest.JSON, "next")

	del := e.do(http.MethodDelete, "/wa/v2/flows/"+id, nil)
	require.Equal(t, http.StatusNoContent, del.Status, "body: %s", del.Raw)
	requireError(t, e.do(http.MethodGet, "/wa/v2/flows/"+id, nil), http.StatusNotFound, CodeNotFound)

	// A published flow cannot be deleted: 409 says what it allows.
	refused := e.do(http.MethodDelete, "/wa/v2/flows/"+other, nil)
	requireError(t, refused, http.StatusConflict, CodeTransition)
	require.Equal(t, []any{map[string]any{"from": "PUBLISHED", "action": "delete",
		"allowed": []any{"update_metadata", "put_json", "put_script", "deprecate", "add_target", "remove_target"}}},
		refused.errorDetails())
}

func TestFlowsErrors(t *testing.T) {
	e := newFlowsEnv(t)
	app := e.createApp("shop")
	draft := e.createFlow("draft")
	deprecated := e.createFlow("old")
	e.putJSON(deprecated, example(t, "flows/feedback-7.3.json"))
	require.Equal(t, http.StatusOK, e.do(http.MethodPost, "/wa/v2/flows/"+deprecated+"/publish", nil).Status)
	require.Equal(t, http.StatusOK, e.do(http.MethodPost, "/wa/v2/flows/"+deprecated+"/deprecate", nil).Status)

	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		code   string
		fields []string // error.details[].field, in order
	}{
		{"missing name and categories", "POST", "/wa/v2/flows/", map[string]any{}, 400, CodeValidation, []string{"name", "categories"}},
		{"unknown category", "POST", "/wa/v2/flows/", map[string]any{"name": "x", "categories": []string{"FUN"}}, 400, CodeValidation, []string{"categories"}},
		{"unknown app", "POST", "/wa/v2/flows/", map[string]any{"name": "x", "categories": []string{"OTHER"}, "app_ids": []string{app, "app_nope", app}},
			400, CodeValidation, []string{"app_ids[1]", "app_ids[2]"}},
		{"bad endpoint uri", "POST", "/wa/v2/flows/", map[string]any{"name": "x", "categories": []string{"OTHER"}, "endpoint_uri": "ftp://x"},
			400, CodeValidation, []string{"endpoint_uri"}},
		{"unknown field", "POST", "/wa/v2/flows/", map[string]any{"name": "x", "categories": []string{"OTHER"}, "status": "PUBLISHED"},
			400, CodeValidation, []string{"status"}},
		{"duplicate name", "POST", "/wa/v2/flows/", map[string]any{"name": "draft", "categories": []string{"OTHER"}}, 409, CodeConflict, nil},
		{"bad status filter", "GET", "/wa/v2/flows/?status=LIVE", nil, 400, CodeValidation, []string{"status"}},
		{"bad limit", "GET", "/wa/v2/flows/?limit=0", nil, 400, CodeValidation, []string{"limit"}},
		{"get unknown", "GET", "/wa/v2/flows/flow_nope", nil, 404, CodeNotFound, nil},
		{"patch unknown", "PATCH", "/wa/v2/flows/flow_nope", map[string]any{"name": "y"}, 404, CodeNotFound, nil},
		{"patch empty categories", "PATCH", "/wa/v2/flows/" + draft, map[string]any{"categories": []string{}}, 400, CodeValidation, []string{"categories"}},
		{"delete unknown", "DELETE", "/wa/v2/flows/flow_nope", nil, 404, CodeNotFound, nil},
		{"publish without JSON", "POST", "/wa/v2/flows/" + draft + "/publish", nil, 409, CodeNoRevision, nil},
		{"deprecate a draft", "POST", "/wa/v2/flows/" + draft + "/deprecate", nil, 409, CodeTransition, nil},
		{"publish unknown", "POST", "/wa/v2/flows/flow_nope/publish", nil, 404, CodeNotFound, nil},
		{"patch deprecated", "PATCH", "/wa/v2/flows/" + deprecated, map[string]any{"name": "z"}, 409, CodeTransition, nil},
		{"deprecate twice", "POST", "/wa/v2/flows/" + deprecated + "/deprecate", nil, 409, CodeTransition, nil},
		{"wrong method", "PUT", "/wa/v2/flows/" + draft, map[string]any{}, 405, CodeMethodNotAllowed, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(tt.method, tt.path, tt.body)
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

	// DEPRECATED is terminal: the 409 lists no allowed action.
	r := e.do(http.MethodPost, "/wa/v2/flows/"+deprecated+"/deprecate", nil)
	require.Equal(t, []any{}, r.errorDetails()[0].(map[string]any)["allowed"])
	// A failed create leaves no flow behind.
	list := e.do(http.MethodGet, "/wa/v2/flows/", nil)
	require.Len(t, list.JSON["data"], 2)
}
