package kapso_test

import (
	"context"
	"errors"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/kapso"
	"github.com/waflow/waflow/providers/kapso/kapsotest"
)

const validFlow = `{"version": "7.3", "screens": [{"id": "WELCOME", "title": "Hi", "terminal": true,
  "layout": {"type": "SingleColumnLayout", "children": [{"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]}}]}`

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$`)

// TestFlowIDs follows one flow through both surfaces: Kapso's UUID is the
// remote id, its meta_flow_id is what the proxy and Meta know, and each
// request has the shape of its golden file.
func TestFlowIDs(t *testing.T) {
	f := newFixture(t, kapsotest.Options{EmptyDrafts: true}, kapso.Options{})
	ctx := t.Context()
	created, err := f.p.CreateFlow(ctx, f.app, providers.CreateFlowRequest{Name: "Book a table", Categories: []string{"APPOINTMENT_BOOKING"}})
	require.NoError(t, err)
	require.Regexp(t, uuidPattern, created.ID, "the remote id is Kapso's UUID")
	require.Equal(t, providers.FlowDraft, created.Status)
	require.Equal(t, "draft", created.RawStatus, "the Platform API's own word")

	kf, err := f.p.LookupFlow(ctx, f.app, created.ID)
	require.NoError(t, err)
	metaID, ok := f.srv.MetaFlowID(created.ID)
	require.True(t, ok)
	require.Equal(t, metaID, kf.MetaFlowID, "LookupFlow maps Kapso's id to Meta's")
	require.NotEqual(t, created.ID, kf.MetaFlowID)
	require.Equal(t, phoneID, kf.PhoneNumberID)
	require.Equal(t, wabaID, kf.BusinessAccountID)
	require.Equal(t, "DRAFT", f.srv.Meta.FlowStatus(kf.MetaFlowID))

	body, _ := f.lastBody("POST", "platform.flows")
	goldenJSON(t, "create-flow", body)
	cats := f.requests("POST", "proxy.node")
	require.Len(t, cats, 1, "categories go to the Meta flow through the proxy")
	require.Equal(t, kf.MetaFlowID, cats[0].Path)
	require.Equal(t, phoneID, cats[0].Query.Get("phone_number_id"), "a call by flow id names the config")
	goldenJSON(t, "create-flow-categories", cats[0].Body)

	verrs, err := f.p.UpdateFlowJSON(ctx, f.app, created.ID, []byte(validFlow))
	require.NoError(t, err)
	require.Empty(t, verrs)
	body, _ = f.lastBody("POST", "platform.versions")
	goldenJSON(t, "upload-flow-json", body)

	require.NoError(t, f.p.PublishFlow(ctx, f.app, created.ID))
	got, err := f.p.GetFlow(ctx, f.app, created.ID)
	require.NoError(t, err)
	require.Equal(t, providers.FlowPublished, got.Status)
	require.Equal(t, "PUBLISHED", got.RawStatus, "the status is Meta's, read through the proxy")
	require.NotEmpty(t, got.PreviewURL)
	link, err := f.p.PreviewFlow(ctx, f.app, created.ID)
	require.NoError(t, err)
	require.Equal(t, got.PreviewURL, link)

	for _, want := range []string{"success", "already_configured"} {
		setup, err := f.p.SetupEncryption(ctx, f.app, created.ID)
		require.NoError(t, err)
		require.Equal(t, want, setup.Status)
		require.True(t, setup.Configured)
	}
	kf, err = f.p.LookupFlow(ctx, f.app, created.ID)
	require.NoError(t, err)
	require.True(t, kf.FlowsEncryptionConfigured)
	require.False(t, kf.PublishedAt.IsZero())

	require.NoError(t, f.p.DeprecateFlow(ctx, f.app, created.ID))
	require.Len(t, f.requests("POST", "proxy.deprecate"), 1, "deprecation goes through the proxy")
	require.Equal(t, "DEPRECATED", f.srv.Meta.FlowStatus(kf.MetaFlowID))

	for _, r := range f.srv.Requests() {
		require.Equal(t, f.srv.APIKey(), r.Header.Get("X-API-Key"), "%s %s", r.Method, r.Path)
		require.Empty(t, r.Header.Get("Authorization"), "the key is never sent as a Bearer token")
	}
}

// TestStarterScreen: Kapso gives a new flow a welcome screen, so it can be
// published before any upload, unlike a Meta flow.
func TestStarterScreen(t *testing.T) {
	f := newFixture(t, kapsotest.Options{}, kapso.Options{})
	created, err := f.p.CreateFlow(t.Context(), f.app, providers.CreateFlowRequest{Name: "starter"})
	require.NoError(t, err)
	require.Empty(t, f.requests("POST", "proxy.node"), "no categories, no metadata call")
	require.NoError(t, f.p.PublishFlow(t.Context(), f.app, created.ID))
	published, ok := f.srv.PublishedJSON(created.ID)
	require.True(t, ok)
	require.JSONEq(t, kapsotest.StarterScreen, string(published))
}

// TestUpdateFlowJSONNotAnObject: a document that does not parse cannot be
// a flow_json object, so it goes to Meta's asset upload through the proxy,
// and its errors show as usual.
func TestUpdateFlowJSONNotAnObject(t *testing.T) {
	f := newFixture(t, kapsotest.Options{EmptyDrafts: true}, kapso.Options{})
	ctx := t.Context()
	created, err := f.p.CreateFlow(ctx, f.app, providers.CreateFlowRequest{Name: "broken"})
	require.NoError(t, err)
	verrs, err := f.p.UpdateFlowJSON(ctx, f.app, created.ID, []byte(`{"version": "7.3", "screens": [`))
	require.NoError(t, err)
	require.NotEmpty(t, verrs)
	require.Empty(t, f.requests("POST", "platform.versions"))
	require.Len(t, f.requests("POST", "proxy.assets"), 1)
	got, err := f.p.GetFlow(ctx, f.app, created.ID)
	require.NoError(t, err)
	require.Equal(t, verrs, got.ValidationErrors)
}

// TestCreateFlowUndone: when the categories cannot be set, the new flow
// is deleted again and the error is the one that stopped the creation.
func TestCreateFlowUndone(t *testing.T) {
	f := newFixture(t, kapsotest.Options{EmptyDrafts: true}, kapso.Options{Retry: kapso.RetryPolicy{MaxAttempts: 1}})
	f.srv.Inject("POST", "proxy.node", kapsotest.Refused(400, "categories refused"))
	_, err := f.p.CreateFlow(t.Context(), f.app, providers.CreateFlowRequest{Name: "undone", Categories: []string{"SURVEY"}})
	var pe *providers.Error
	require.ErrorAs(t, err, &pe)
	require.Equal(t, providers.OpCreateFlow, pe.Operation)
	require.Equal(t, "categories refused", pe.Message)
	require.Len(t, f.requests("DELETE", "proxy.node"), 1, "the half-made flow is deleted")
	flows := f.requests("POST", "platform.flows")
	require.Len(t, flows, 1)
}

// TestFlowRefusalsByStatus: the Platform API's 422 carries no Meta code,
// so a refusal caused by the flow's status is told apart by reading it.
func TestFlowRefusalsByStatus(t *testing.T) {
	f := newFixture(t, kapsotest.Options{EmptyDrafts: true}, kapso.Options{})
	ctx := t.Context()
	created, err := f.p.CreateFlow(ctx, f.app, providers.CreateFlowRequest{Name: "refusals"})
	require.NoError(t, err)
	_, err = f.p.UpdateFlowJSON(ctx, f.app, created.ID, []byte(`{"version": "7.3", "screens": []}`))
	require.NoError(t, err)

	err = f.p.PublishFlow(ctx, f.app, created.ID)
	var pe *providers.Error
	require.ErrorAs(t, err, &pe)
	require.Equal(t, providers.ErrorInvalid, pe.Kind, "a DRAFT with validation errors is refused as invalid")
	require.Equal(t, 422, pe.HTTPStatus)

	_, err = f.p.UpdateFlowJSON(ctx, f.app, created.ID, []byte(validFlow))
	require.NoError(t, err)
	require.NoError(t, f.p.PublishFlow(ctx, f.app, created.ID))
	require.NoError(t, f.p.DeprecateFlow(ctx, f.app, created.ID))
	err = f.p.PublishFlow(ctx, f.app, created.ID)
	require.ErrorAs(t, err, &pe)
	require.Equal(t, providers.ErrorConflict, pe.Kind, "a DEPRECATED flow is a conflict")
	_, err = f.p.UpdateFlowJSON(ctx, f.app, created.ID, []byte(validFlow))
	require.ErrorAs(t, err, &pe)
	require.Equal(t, providers.ErrorConflict, pe.Kind)
	err = f.p.DeprecateFlow(ctx, f.app, created.ID)
	require.ErrorIs(t, err, providers.ErrAlreadyDeprecated)
}

func TestFlowIDsInMessagesAndTemplates(t *testing.T) {
	f := newFixture(t, kapsotest.Options{}, kapso.Options{})
	ctx := t.Context()
	created, err := f.p.CreateFlow(ctx, f.app, providers.CreateFlowRequest{Name: "ids"})
	require.NoError(t, err)
	require.NoError(t, f.p.PublishFlow(ctx, f.app, created.ID))
	metaID, _ := f.srv.MetaFlowID(created.ID)

	tpl := providers.Template{Name: "book_visit", Language: "en_US", Category: providers.CategoryMarketing,
		Components: []providers.TemplateComponent{
			{Type: providers.ComponentBody, Text: "Book your next visit."},
			{Type: providers.ComponentButtons, Buttons: []providers.TemplateButton{{Type: providers.ButtonFlow, Text: "Book",
				FlowID: created.ID, FlowAction: providers.FlowNavigate, NavigateScreen: "WELCOME"}}},
		}}
	rt, err := f.p.CreateTemplate(ctx, f.app, tpl)
	require.NoError(t, err)
	require.Equal(t, metaID, rt.Template.Components[1].Buttons[0].FlowID, "the template stores Meta's id")
	body, _ := f.lastBody("POST", "proxy.message_templates")
	goldenJSON(t, "create-template-flow-button", body)

	f.srv.Meta.Inbound(phoneID, "15550001234")
	res, err := f.p.SendMessage(ctx, f.app, providers.OutboundMessage{To: "+15550001234", Type: providers.MessageInteractive,
		Interactive: &providers.Interactive{Type: providers.InteractiveFlow, Body: "Book",
			Flow: &providers.FlowAction{FlowID: created.ID, CTA: "Book", Token: "tok"}}})
	require.NoError(t, err)
	sent, ok := f.srv.Meta.Sent(res.ID)
	require.True(t, ok)
	require.Contains(t, string(sent), `"flow_id":"`+metaID+`"`)

	_, err = f.p.SendMessage(ctx, f.app, providers.OutboundMessage{To: "15550001234", Type: providers.MessageInteractive,
		Interactive: &providers.Interactive{Type: providers.InteractiveFlow, Body: "Book",
			Flow: &providers.FlowAction{FlowID: "6b617073-ffff-4fff-8fff-000000000001", CTA: "Book"}}})
	var pe *providers.Error
	require.ErrorAs(t, err, &pe)
	require.Equal(t, providers.ErrorNotFound, pe.Kind)
	require.Equal(t, providers.OpSendFlow, pe.Operation)
}

func TestUnsupported(t *testing.T) {
	p := kapso.New(kapso.Options{})
	app := providers.App{BSP: providers.BSPKapso, PhoneNumberID: phoneID, Credentials: map[string]string{kapso.CredentialAPIKey: "k"}}
	ctx := context.Background()
	for op, err := range map[providers.Operation]error{
		providers.OpSetEndpoint:  p.SetEndpoint(ctx, app, "x", "https://example.com"),
		providers.OpSetPublicKey: p.SetPublicKey(ctx, app, []byte("key")),
	} {
		var ue *providers.UnsupportedError
		require.True(t, errors.As(err, &ue), "%s", op)
		require.Equal(t, op, ue.Operation)
		require.False(t, p.Capabilities().Supports(op))
	}
	_, err := p.CreateFlow(ctx, app, providers.CreateFlowRequest{Name: "x", EndpointURI: "https://example.com/endpoint"})
	require.ErrorIs(t, err, providers.ErrUnsupported)
}
