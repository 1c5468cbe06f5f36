package httpapi

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
)

func TestTemplatesCRUD(t *testing.T) {
	e := newMsgEnv(t)

	list := e.do(http.MethodGet, "/wa/v2/templates/?app_id="+e.app+"&status=APPROVED", nil)
	require.Equal(t, http.StatusOK, list.Status, "body: %s", list.Raw)
	require.Len(t, list.JSON["data"], 3, "the env's templates were approved by the sync")

	body := orderTemplate()
	body["app_id"], body["name"] = e.app, "shipping_notice"
	created := e.do(http.MethodPost, "/wa/v2/templates/", body)
	require.Equal(t, http.StatusCreated, created.Status, "body: %s", created.Raw)
	require.Equal(t, "PENDING", created.JSON["status"])
	require.Equal(t, "POSITIONAL", created.JSON["parameter_format"])
	require.NotEmpty(t, created.JSON["remote_id"])
	id := created.JSON["id"].(string)
	require.Equal(t, "/wa/v2/templates/"+id, created.Header.Get("Location"))

	// Not approved yet here: sending it is refused.
	r := e.send(obj{"to": "15550001111", "type": "template", "template": obj{"name": "shipping_notice", "language": "en_US"}}, "")
	requireError(t, r, http.StatusConflict, CodeStateConflict)

	got := e.do(http.MethodGet, "/wa/v2/templates/"+id, nil)
	require.Equal(t, http.StatusOK, got.Status)
	require.Equal(t, "shipping_notice", got.JSON["name"])

	// An edit while PENDING is refused; once approved it is resubmitted.
	upd := obj{"category": "UTILITY", "components": []any{obj{"type": "BODY", "text": "Your parcel left."}}}
	requireError(t, e.do(http.MethodPut, "/wa/v2/templates/"+id, upd), http.StatusConflict, CodeStateConflict)
	sync := e.do(http.MethodPost, "/wa/v2/templates/sync", obj{"app_id": e.app})
	require.Equal(t, obj{"updated": 4.0, "imported": 0.0, "missing": 0.0}, sync.JSON)
	updated := e.do(http.MethodPut, "/wa/v2/templates/"+id, upd)
	require.Equal(t, http.StatusOK, updated.Status, "body: %s", updated.Raw)
	require.Equal(t, "PENDING", updated.JSON["status"])
	require.Len(t, updated.JSON["components"], 1)

	del := e.do(http.MethodDelete, "/wa/v2/templates/"+id, nil)
	require.Equal(t, http.StatusNoContent, del.Status, "body: %s", del.Raw)
	requireError(t, e.do(http.MethodGet, "/wa/v2/templates/"+id, nil), http.StatusNotFound, CodeNotFound)
	_, err := e.sb.GetTemplate(t.Context(), providers.App{ID: e.app}, created.JSON["remote_id"].(string))
	require.Error(t, err, "deleted at the BSP too")

	draft := orderTemplate()
	draft["app_id"], draft["name"], draft["draft"] = e.app, "later", true
	d := e.do(http.MethodPost, "/wa/v2/templates/", draft)
	require.Equal(t, http.StatusCreated, d.Status, "body: %s", d.Raw)
	require.Equal(t, "DRAFT", d.JSON["status"])
	require.NotContains(t, d.JSON, "remote_id")

	requireError(t, e.do(http.MethodPost, "/wa/v2/templates/", draft), http.StatusConflict, CodeConflict)
}

func TestTemplatesSyncImportsAndFollowsReview(t *testing.T) {
	e := newMsgEnv(t)
	app := providers.App{ID: e.app, BSP: providers.BSPSandbox}
	ctx := context.Background()
	outside, err := e.sb.CreateTemplate(ctx, app, providers.Template{Name: "made_elsewhere", Language: "en", Category: providers.CategoryUtility,
		Components: []providers.TemplateComponent{{Type: providers.ComponentBody, Text: "Hello"}}})
	require.NoError(t, err)
	list := e.do(http.MethodGet, "/wa/v2/templates/?name=order_update", nil)
	order := list.JSON["data"].([]any)[0].(map[string]any)
	require.NoError(t, e.sb.SetTemplateStatus(e.app, order["remote_id"].(string), providers.TemplatePaused, "LOW_QUALITY"))

	sync := e.do(http.MethodPost, "/wa/v2/templates/sync", obj{"app_id": e.app})
	require.Equal(t, obj{"updated": 3.0, "imported": 1.0, "missing": 0.0}, sync.JSON)
	imported := e.do(http.MethodGet, "/wa/v2/templates/?name=made_elsewhere", nil).JSON["data"].([]any)[0].(map[string]any)
	require.Equal(t, outside.ID, imported["remote_id"])
	require.Equal(t, "APPROVED", imported["status"])
	paused := e.do(http.MethodGet, "/wa/v2/templates/"+order["id"].(string), nil)
	require.Equal(t, "PAUSED", paused.JSON["status"])
	require.Equal(t, "LOW_QUALITY", paused.JSON["reason"])

	// A webhook naming the template by name and language.
	require.NoError(t, e.tpls.ApplyTemplateStatus(ctx, e.app, providers.TemplateStatusUpdate{Name: "order_update", Language: "en_US",
		Status: providers.TemplateDisabled, RawStatus: "DISABLED", Reason: "policy"}, timeAt(1)))
	require.Equal(t, "DISABLED", e.do(http.MethodGet, "/wa/v2/templates/"+order["id"].(string), nil).JSON["status"])

	require.NoError(t, e.sb.DeleteTemplate(ctx, app, outside.ID, "made_elsewhere"))
	sync = e.do(http.MethodPost, "/wa/v2/templates/sync", obj{"app_id": e.app})
	require.EqualValues(t, 1, sync.JSON["missing"])
}

func TestTemplatesRefuseBadDefinitions(t *testing.T) {
	e := newMsgEnv(t)
	base := func(comps ...any) obj {
		return obj{"app_id": e.app, "name": "bad_one", "language": "en_US", "category": "MARKETING", "components": comps}
	}
	body := func(text string, examples ...string) obj {
		return obj{"type": "BODY", "text": text, "example": obj{"body_text": [][]string{examples}}}
	}
	buttons := func(bs ...obj) obj { return obj{"type": "BUTTONS", "buttons": bs} }
	tests := []struct {
		name  string
		body  obj
		field string
	}{
		{"bad name", obj{"app_id": e.app, "name": "Bad Name", "language": "en_US", "category": "UTILITY",
			"components": []any{obj{"type": "BODY", "text": "x"}}}, "name"},
		{"no body", base(obj{"type": "FOOTER", "text": "x"}), "components"},
		{"gap in variables", base(body("Hi {{1}} and {{3}}", "a", "b")), "components[0].text"},
		{"missing examples", base(obj{"type": "BODY", "text": "Hi {{1}}"}), "components[0].example.body_text"},
		{"body too long", base(obj{"type": "BODY", "text": string(make([]byte, 1025))}), "components[0].text"},
		{"media header without example", base(obj{"type": "HEADER", "format": "IMAGE"}, obj{"type": "BODY", "text": "x"}),
			"components[0].example.header_handle"},
		{"quick replies split", base(obj{"type": "BODY", "text": "x"}, buttons(
			obj{"type": "QUICK_REPLY", "text": "a"}, obj{"type": "URL", "text": "b", "url": "https://x.example"},
			obj{"type": "QUICK_REPLY", "text": "c"})), "components[1].buttons"},
		{"URL variable not at the end", base(obj{"type": "BODY", "text": "x"}, buttons(
			obj{"type": "URL", "text": "b", "url": "https://x.example/{{1}}/track", "example": []string{"1"}})), "components[1].buttons[0].url"},
		{"FLOW button naming two flows", base(obj{"type": "BODY", "text": "x"}, buttons(
			obj{"type": "FLOW", "text": "Go", "flow_id": "1", "flow_name": "signup"})), "components[1].buttons[0]"},
		{"FLOW button naming none", base(obj{"type": "BODY", "text": "x"}, buttons(obj{"type": "FLOW", "text": "Go"})), "components[1].buttons[0]"},
		{"named variable misspelt", obj{"app_id": e.app, "name": "bad_one", "language": "en_US", "category": "UTILITY",
			"parameter_format": "NAMED", "components": []any{obj{"type": "BODY", "text": "Hi {{First}}"}}}, "components[0].text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := e.in(t)
			r := e.do(http.MethodPost, "/wa/v2/templates/", tc.body)
			requireError(t, r, http.StatusBadRequest, CodeValidation)
			require.Equal(t, tc.field, r.errorDetails()[0].(map[string]any)["field"], "body: %s", r.Raw)
		})
	}
	list := e.do(http.MethodGet, "/wa/v2/templates/?name=bad_one", nil)
	require.Empty(t, list.JSON["data"], "nothing was stored")
}

func TestMessagesAndTemplatesInOpenAPI(t *testing.T) {
	e := newMsgEnv(t)
	r := e.doKey("", http.MethodGet, "/openapi.json", nil)
	require.Equal(t, http.StatusOK, r.Status)
	paths := r.JSON["paths"].(map[string]any)
	for path, methods := range map[string][]string{
		"/wa/v2/messages/":      {"get", "post"},
		"/wa/v2/messages/{id}":  {"get"},
		"/wa/v2/templates/":     {"get", "post"},
		"/wa/v2/templates/sync": {"post"},
		"/wa/v2/templates/{id}": {"get", "put", "delete"},
	} {
		for _, m := range methods {
			require.Contains(t, paths[path], m, "%s %s is documented", m, path)
		}
	}
}
