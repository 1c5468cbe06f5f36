package meta_test

import (
	"bytes"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/meta"
	"github.com/waflow/waflow/providers/meta/metatest"
)

// The document with a component the fake's validation stub refuses at
// screens[0].layout.children[1].type, line 10, column 20 (where its value starts).
const invalidComponentFlow = `{
  "version": "7.3",
  "screens": [
    {
      "id": "WELCOME",
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {"type": "TextBody", "text": "Hi"},
          {"type": "` + metatest.MagicInvalidComponent + `"}
        ]
      }
    }
  ]
}`

func TestValidationErrorsWithPointers(t *testing.T) {
	f := newFixture(t, metatest.Options{}, meta.Options{})
	id := draftFlow(t, f)
	verrs, err := f.p.UpdateFlowJSON(t.Context(), f.app, id, []byte(invalidComponentFlow))
	require.NoError(t, err, "an upload with validation errors succeeds")
	want := []providers.ValidationError{{Code: "INVALID_PROPERTY_VALUE", Message: "Invalid value found for property 'type'.",
		Pointer: "/screens/0/layout/children/1/type", Line: 10, Column: 20}}
	require.Equal(t, want, verrs)

	got, err := f.p.GetFlow(t.Context(), f.app, id)
	require.NoError(t, err)
	require.Equal(t, want, got.ValidationErrors, "GetFlow shows the same errors")

	err = f.p.PublishFlow(t.Context(), f.app, id)
	pe := requireKind(t, err, providers.OpPublishFlow, providers.ErrorConflict)
	require.Equal(t, "139002", pe.Code)
}

func TestValidationErrorOfUnparsableJSON(t *testing.T) {
	f := newFixture(t, metatest.Options{}, meta.Options{})
	id := draftFlow(t, f)
	verrs, err := f.p.UpdateFlowJSON(t.Context(), f.app, id, []byte("{\n  \"version\": \"7.3\",\n  \"screens\": [}"))
	require.NoError(t, err)
	require.Len(t, verrs, 1)
	require.Equal(t, "INVALID_FLOW_JSON", verrs[0].Code)
	require.Equal(t, 3, verrs[0].Line)
	require.Empty(t, verrs[0].Pointer, "a parse error has a position, no pointer")
}

func TestIllegalTransitions(t *testing.T) {
	f := newFixture(t, metatest.Options{}, meta.Options{})
	id := draftFlow(t, f)
	ctx := t.Context()

	pe := requireKind(t, f.p.DeprecateFlow(ctx, f.app, id), providers.OpDeprecateFlow, providers.ErrorConflict)
	require.Equal(t, "139003", pe.Code)
	require.NotErrorIs(t, pe, providers.ErrAlreadyDeprecated, "a DRAFT is not deprecated")

	require.NoError(t, f.p.PublishFlow(ctx, f.app, id))
	pe = requireKind(t, f.p.PublishFlow(ctx, f.app, id), providers.OpPublishFlow, providers.ErrorConflict)
	require.Equal(t, "139002", pe.Code)
	pe = requireKind(t, f.p.DeleteFlow(ctx, f.app, id), providers.OpDeleteFlow, providers.ErrorConflict)
	require.Equal(t, "139004", pe.Code)

	require.NoError(t, f.p.DeprecateFlow(ctx, f.app, id))
	err := f.p.DeprecateFlow(ctx, f.app, id)
	requireKind(t, err, providers.OpDeprecateFlow, providers.ErrorConflict)
	require.ErrorIs(t, err, providers.ErrAlreadyDeprecated)
	var g *meta.GraphError
	require.ErrorAs(t, err, &g, "Meta's error is kept beside the sentinel")
	require.Equal(t, 139003, g.Code)
}

func TestUnknownStatusKept(t *testing.T) {
	f := newFixture(t, metatest.Options{}, meta.Options{})
	id := draftFlow(t, f)
	require.NoError(t, f.p.PublishFlow(t.Context(), f.app, id))
	require.NoError(t, f.srv.Block(id))
	got, err := f.p.GetFlow(t.Context(), f.app, id)
	require.NoError(t, err)
	require.Equal(t, providers.FlowBlocked, got.Status)
	require.Equal(t, "BLOCKED", got.RawStatus)
}

// TestFlowRequestsGolden checks the wire form of the flow and key calls:
// JSON for creation and metadata, multipart for the Flow JSON asset, a
// form for the public key.
func TestFlowRequestsGolden(t *testing.T) {
	f := newFixture(t, metatest.Options{}, meta.Options{APIVersion: "v24.0"})
	ctx := t.Context()
	created, err := f.p.CreateFlow(ctx, f.app, providers.CreateFlowRequest{Name: "signup", Categories: []string{"SIGN_UP", "OTHER"},
		EndpointURI: "https://example.com/flows/endpoint"})
	require.NoError(t, err)
	body, _ := f.lastBody("POST", wabaID+"/flows")
	goldenJSON(t, "create-flow", body)

	_, err = f.p.UpdateFlowJSON(ctx, f.app, created.ID, []byte(`{"version": "7.3", "screens": [{"id": "A"}]}`))
	require.NoError(t, err)
	body, _ = f.lastBody("POST", "/assets")
	golden(t, filepath.Join("testdata", "requests", "upload-flow-json.txt"), body)
	reqs := f.srv.Requests()
	last := reqs[len(reqs)-1]
	require.Regexp(t, `^multipart/form-data; boundary=waflow-[0-9a-f]{24}$`, last.Header.Get("Content-Type"))
	require.Equal(t, "v24.0", last.Version, "the configured version is in the path")
	require.Equal(t, "Bearer "+f.srv.Token(), last.Header.Get("Authorization"))

	require.NoError(t, f.p.SetEndpoint(ctx, f.app, created.ID, "https://example.com/flows/other"))
	body, _ = f.lastBody("POST", created.ID)
	goldenJSON(t, "set-endpoint", body)

	pem := []byte("-----BEGIN PUBLIC KEY-----\nnot checked here\n-----END PUBLIC KEY-----\n")
	_ = f.p.SetPublicKey(ctx, f.app, pem)
	body, _ = f.lastBody("POST", phoneID+"/whatsapp_business_encryption")
	form, err := url.ParseQuery(string(body))
	require.NoError(t, err)
	require.Equal(t, string(pem), form.Get("business_public_key"), "the key travels as a form field")

	_, err = f.p.GetFlow(ctx, f.app, created.ID)
	require.NoError(t, err)
	reqs = f.srv.Requests()
	require.Equal(t, "id,name,status,categories,validation_errors,json_version,data_api_version,endpoint_uri,preview",
		reqs[len(reqs)-1].Query.Get("fields"))
}

func TestTemplateRequestsGolden(t *testing.T) {
	f := newFixture(t, metatest.Options{}, meta.Options{})
	ctx := t.Context()
	id := draftFlow(t, f)
	require.NoError(t, f.p.PublishFlow(ctx, f.app, id))
	tpl := providers.Template{Name: "book_visit", Language: "en_US", Category: providers.CategoryMarketing,
		Components: []providers.TemplateComponent{
			{Type: providers.ComponentHeader, Format: providers.HeaderText, Text: "Hello {{1}}",
				Example: &providers.TemplateExample{HeaderText: []string{"Ada"}}},
			{Type: providers.ComponentBody, Text: "Book your visit."},
			{Type: providers.ComponentButtons, Buttons: []providers.TemplateButton{{Type: providers.ButtonFlow, Text: "Book",
				FlowID: id, FlowAction: providers.FlowNavigate, NavigateScreen: "A"}}},
		}}
	created, err := f.p.CreateTemplate(ctx, f.app, tpl)
	require.NoError(t, err)
	require.Equal(t, providers.TemplatePending, created.Status)
	body, _ := f.lastBody("POST", wabaID+"/message_templates")
	goldenJSON(t, "create-template-flow-button", bytes.ReplaceAll(body, []byte(id), []byte("FLOW_ID")))

	require.NoError(t, f.p.DeleteTemplate(ctx, f.app, created.ID, tpl.Name))
	reqs := f.srv.Requests()
	require.Equal(t, url.Values{"name": {"book_visit"}, "hsm_id": {created.ID}}, reqs[len(reqs)-1].Query)
}

func TestTemplateRefusalsByStatus(t *testing.T) {
	f := newFixture(t, metatest.Options{}, meta.Options{})
	ctx := t.Context()
	tpl := providers.Template{Name: "order_ready", Language: "en_US", Category: providers.CategoryUtility,
		Components: []providers.TemplateComponent{{Type: providers.ComponentBody, Text: "Your order is ready."}}}
	created, err := f.p.CreateTemplate(ctx, f.app, tpl)
	require.NoError(t, err)
	_, err = f.p.UpdateTemplate(ctx, f.app, created.ID, tpl)
	requireKind(t, err, providers.OpUpdateTemplate, providers.ErrorConflict)
	require.NoError(t, f.srv.DisableTemplate(created.ID))
	requireKind(t, f.p.DeleteTemplate(ctx, f.app, created.ID, tpl.Name), providers.OpDeleteTemplate, providers.ErrorConflict)

	bad := tpl
	bad.Name = "Not A Name"
	_, err = f.p.CreateTemplate(ctx, f.app, bad)
	requireKind(t, err, providers.OpCreateTemplate, providers.ErrorInvalid)
}
