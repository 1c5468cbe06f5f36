package lifecycle_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/providers"
)

func TestCreateFlowValidation(t *testing.T) {
	e := sqliteEnv(t)
	cases := []struct {
		name   string
		nf     lifecycle.NewFlow
		fields []string
	}{
		{"no name", lifecycle.NewFlow{Name: "  ", Categories: []string{"SURVEY"}}, []string{"name"}},
		{"no category", lifecycle.NewFlow{Name: "a"}, []string{"categories"}},
		{"unknown and repeated categories", lifecycle.NewFlow{Name: "a", Categories: []string{"SURVEY", "PIZZA", "SURVEY"}}, []string{"categories", "categories"}},
		{"relative endpoint", lifecycle.NewFlow{Name: "a", Categories: []string{"OTHER"}, EndpointURI: "/endpoint"}, []string{"endpoint_uri"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.svc.CreateFlow(t.Context(), c.nf)
			var ve *lifecycle.ValidationError
			require.ErrorAs(t, err, &ve)
			require.ErrorIs(t, err, lifecycle.ErrInvalid)
			var fields []string
			for _, f := range ve.Fields {
				fields = append(fields, f.Field)
			}
			assert.Equal(t, c.fields, fields)
		})
	}

	f := e.newFlow(t, "signup", "")
	assert.Equal(t, lifecycle.StatusDraft, f.Status)
	assert.Zero(t, f.CurrentRevision)
	_, err := e.svc.CreateFlow(t.Context(), lifecycle.NewFlow{Name: "signup", Categories: []string{"SIGN_UP"}})
	assert.ErrorIs(t, err, lifecycle.ErrConflict, "names are unique")
}

func TestPutJSONRefusesInvalidDocuments(t *testing.T) {
	e := sqliteEnv(t)
	f := e.newFlow(t, "survey", "")
	_, _, err := e.svc.PutJSON(t.Context(), f.ID, readFile(t, "invalid-no-screens.json"))
	var fe *lifecycle.FlowJSONError
	require.ErrorAs(t, err, &fe)
	assert.ErrorIs(t, err, lifecycle.ErrInvalid)
	require.NotEmpty(t, fe.Diagnostics)
	assert.Equal(t, "/screens", fe.Diagnostics[0].Pointer)
	assert.Equal(t, 3, fe.Diagnostics[0].Line, "diagnostics carry positions for the 400 answer")

	got, err := e.svc.GetFlow(t.Context(), f.ID)
	require.NoError(t, err)
	assert.Zero(t, got.CurrentRevision, "nothing is stored")
	revs, err := e.svc.Revisions(t.Context(), f.ID)
	require.NoError(t, err)
	assert.Empty(t, revs)

	_, err = e.svc.Publish(t.Context(), f.ID)
	assert.ErrorIs(t, err, lifecycle.ErrNoRevision, "a flow without JSON cannot be published")
}

func TestPublishEditRepublish(t *testing.T) {
	e := sqliteEnv(t)
	f := e.newFlow(t, "welcome", "static-7.3.json")
	assert.Equal(t, 1, f.CurrentRevision)

	f, err := e.svc.Publish(t.Context(), f.ID)
	require.NoError(t, err)
	assert.Equal(t, lifecycle.StatusPublished, f.Status)
	assert.Equal(t, 1, f.PublishedRevision)

	f, rev, err := e.svc.PutJSON(t.Context(), f.ID, readFile(t, "static-edited-7.3.json"))
	require.NoError(t, err)
	assert.Equal(t, lifecycle.StatusDraft, f.Status, "editing a published flow makes it a draft again")
	assert.Equal(t, 2, f.CurrentRevision)
	assert.Equal(t, 1, f.PublishedRevision, "users keep the published revision")
	assert.Equal(t, 2, rev.Number)
	assert.Equal(t, "7.3", rev.FlowJSONVersion)

	first, err := e.svc.Revision(t.Context(), f.ID, 1)
	require.NoError(t, err)
	assert.Equal(t, readFile(t, "static-7.3.json"), first.JSON, "the published revision never changes")

	err = e.svc.Delete(t.Context(), f.ID)
	var te *lifecycle.TransitionError
	require.ErrorAs(t, err, &te, "a flow published once cannot be deleted")
	assert.Equal(t, lifecycle.ActionDelete, te.Action)
	assert.Contains(t, te.Allowed, lifecycle.ActionPublish)

	f, err = e.svc.Publish(t.Context(), f.ID)
	require.NoError(t, err)
	assert.Equal(t, lifecycle.StatusPublished, f.Status)
	assert.Equal(t, 2, f.PublishedRevision)

	revs, err := e.svc.Revisions(t.Context(), f.ID)
	require.NoError(t, err)
	require.Len(t, revs, 2)
	assert.True(t, revs[0].Valid && revs[1].Valid)
}

func TestUpdateMetadata(t *testing.T) {
	e := sqliteEnv(t)
	f := e.newFlow(t, "old name", "static-7.3.json")
	name := "new name"
	f, err := e.svc.UpdateMetadata(t.Context(), f.ID, lifecycle.MetadataChange{Name: &name, Categories: []string{"CONTACT_US"}})
	require.NoError(t, err)
	assert.Equal(t, "new name", f.Name)
	assert.Equal(t, []string{"CONTACT_US"}, f.Categories)
	assert.Equal(t, lifecycle.StatusDraft, f.Status)

	_, err = e.svc.Publish(t.Context(), f.ID)
	require.NoError(t, err)
	uri := "https://hooks.example/flow"
	f, err = e.svc.UpdateMetadata(t.Context(), f.ID, lifecycle.MetadataChange{EndpointURI: &uri})
	require.NoError(t, err)
	assert.Equal(t, lifecycle.StatusDraft, f.Status, "editing metadata of a published flow re-drafts it, as at Meta")
	assert.Equal(t, 1, f.PublishedRevision)

	empty := ""
	_, err = e.svc.UpdateMetadata(t.Context(), f.ID, lifecycle.MetadataChange{Name: &empty})
	assert.ErrorIs(t, err, lifecycle.ErrInvalid)
	_, err = e.svc.UpdateMetadata(t.Context(), "flw_missing", lifecycle.MetadataChange{Name: &name})
	assert.ErrorIs(t, err, lifecycle.ErrNotFound)
}

func TestDeleteNeverPublishedDraft(t *testing.T) {
	e := sqliteEnv(t)
	f := e.newFlow(t, "scratch", "static-7.3.json")
	_, err := e.svc.AddTarget(t.Context(), f.ID, appSbx)
	require.NoError(t, err)
	require.NoError(t, e.svc.Delete(t.Context(), f.ID))
	_, err = e.svc.GetFlow(t.Context(), f.ID)
	assert.ErrorIs(t, err, lifecycle.ErrNotFound)
	assert.ErrorIs(t, e.svc.Delete(t.Context(), f.ID), lifecycle.ErrNotFound)
}

func TestDeprecatedIsTerminal(t *testing.T) {
	e := sqliteEnv(t)
	f := e.newFlow(t, "retired", "static-7.3.json")
	_, err := e.svc.Deprecate(t.Context(), f.ID)
	var te *lifecycle.TransitionError
	require.ErrorAs(t, err, &te, "a draft cannot be deprecated")
	assert.Equal(t, []lifecycle.Action{
		lifecycle.ActionUpdateMetadata, lifecycle.ActionPutJSON, lifecycle.ActionPutScript, lifecycle.ActionPublish,
		lifecycle.ActionDelete, lifecycle.ActionAddTarget, lifecycle.ActionRemoveTarget,
	}, te.Allowed)

	_, err = e.svc.Publish(t.Context(), f.ID)
	require.NoError(t, err)
	f, err = e.svc.Deprecate(t.Context(), f.ID)
	require.NoError(t, err)
	assert.Equal(t, lifecycle.StatusDeprecated, f.Status)

	name := "again"
	refusals := map[string]error{}
	_, refusals["publish"] = e.svc.Publish(t.Context(), f.ID)
	_, refusals["deprecate"] = e.svc.Deprecate(t.Context(), f.ID)
	_, _, refusals["put_json"] = e.svc.PutJSON(t.Context(), f.ID, readFile(t, "static-edited-7.3.json"))
	_, _, refusals["put_script"] = e.svc.PutScript(t.Context(), f.ID, "function handle(req, ctx) { return {} }")
	_, refusals["update_metadata"] = e.svc.UpdateMetadata(t.Context(), f.ID, lifecycle.MetadataChange{Name: &name})
	_, refusals["add_target"] = e.svc.AddTarget(t.Context(), f.ID, appSbx)
	refusals["delete"] = e.svc.Delete(t.Context(), f.ID)
	for action, err := range refusals {
		var te *lifecycle.TransitionError
		if assert.ErrorAs(t, err, &te, action) {
			assert.Empty(t, te.Allowed, "%s: nothing is allowed after deprecation", action)
			assert.Equal(t, lifecycle.StatusDeprecated, te.From.Status)
		}
	}
}

func TestPutScript(t *testing.T) {
	e := sqliteEnv(t)
	f := e.newFlow(t, "dynamic", "endpoint-7.3.json")
	_, _, err := e.svc.PutScript(t.Context(), f.ID, "function handle(req, ctx) {\n  return {screen: 'X', data: {}\n}\n")
	var se *lifecycle.ScriptError
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, lifecycle.ErrInvalid)
	assert.Positive(t, se.Line, "the error points into the script")
	assert.Positive(t, se.Column)
	_, err = e.svc.Script(t.Context(), f.ID, 0)
	assert.ErrorIs(t, err, lifecycle.ErrNotFound, "no script stored")

	_, err = e.svc.Publish(t.Context(), f.ID)
	require.NoError(t, err)
	src := "async function handler(request, env) {\n  return Response.json({screen: 'WELCOME', data: {}});\n}\n"
	f, sc, err := e.svc.PutScript(t.Context(), f.ID, src)
	require.NoError(t, err)
	assert.Equal(t, lifecycle.StatusPublished, f.Status, "scripts run in waflow; the BSP's flow is untouched")
	assert.Equal(t, 1, f.ScriptRevision)
	assert.Equal(t, "kapso", sc.Form)
	got, err := e.svc.Script(t.Context(), f.ID, 0)
	require.NoError(t, err)
	assert.Equal(t, src, got.Source)
}

func TestListFlows(t *testing.T) {
	e := sqliteEnv(t)
	var ids []string
	for i := range 5 {
		f := e.newFlow(t, "flow "+string(rune('a'+i)), "static-7.3.json")
		e.clock.Advance(time.Millisecond)
		ids = append(ids, f.ID)
	}
	_, err := e.svc.Publish(t.Context(), ids[1])
	require.NoError(t, err)
	_, err = e.svc.AddTarget(t.Context(), ids[3], appMeta)
	require.NoError(t, err)

	var seen []string
	p := lifecycle.Page{Next: ""}
	for first := true; first || p.Next != ""; first = false {
		p, err = e.svc.ListFlows(t.Context(), lifecycle.ListOptions{After: p.Next, Limit: 2})
		require.NoError(t, err)
		for _, f := range p.Flows {
			seen = append(seen, f.ID)
		}
	}
	assert.Equal(t, ids, seen, "cursor pages walk every flow once, in creation order")

	p, err = e.svc.ListFlows(t.Context(), lifecycle.ListOptions{Status: lifecycle.StatusPublished})
	require.NoError(t, err)
	require.Len(t, p.Flows, 1)
	assert.Equal(t, ids[1], p.Flows[0].ID)
	p, err = e.svc.ListFlows(t.Context(), lifecycle.ListOptions{AppID: appMeta})
	require.NoError(t, err)
	require.Len(t, p.Flows, 1)
	assert.Equal(t, ids[3], p.Flows[0].ID)

	_, err = e.svc.ListFlows(t.Context(), lifecycle.ListOptions{Status: "LIVE", Limit: -1})
	var ve *lifecycle.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Len(t, ve.Fields, 2)
}

func TestTargets(t *testing.T) {
	e := sqliteEnv(t)
	f := e.newFlow(t, "deployed", "static-7.3.json")
	_, err := e.svc.AddTarget(t.Context(), f.ID, "app_unknown")
	var ve *lifecycle.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "app_id", ve.Fields[0].Field)

	tg, err := e.svc.AddTarget(t.Context(), f.ID, appSbx)
	require.NoError(t, err)
	assert.Equal(t, lifecycle.StatusDraft, tg.Desired, "a never-published flow is deployed as a draft")
	assert.Equal(t, 1, tg.Revision)
	_, err = e.svc.AddTarget(t.Context(), f.ID, appSbx)
	assert.ErrorIs(t, err, lifecycle.ErrConflict)

	_, err = e.svc.Publish(t.Context(), f.ID)
	require.NoError(t, err)
	_, _, err = e.svc.PutJSON(t.Context(), f.ID, readFile(t, "static-edited-7.3.json"))
	require.NoError(t, err)
	tg, err = e.svc.AddTarget(t.Context(), f.ID, appMeta)
	require.NoError(t, err)
	assert.Equal(t, lifecycle.StatusPublished, tg.Desired, "a flow published once is deployed published")
	assert.Equal(t, 1, tg.Revision, "with its published revision, not the draft")

	ts, err := e.svc.Targets(t.Context(), f.ID)
	require.NoError(t, err)
	require.Len(t, ts, 2)
	for _, tg := range ts {
		assert.Equal(t, lifecycle.StatusPublished, tg.Desired)
		assert.Equal(t, 1, tg.Revision, "editing a published flow leaves every target on the published revision")
	}
	require.NoError(t, e.svc.RemoveTarget(t.Context(), f.ID, appMeta))
	assert.ErrorIs(t, e.svc.RemoveTarget(t.Context(), f.ID, appMeta), lifecycle.ErrNotFound)
}

func TestMirrorRemoteStatus(t *testing.T) {
	e := sqliteEnv(t)
	f := e.newFlow(t, "watched", "static-7.3.json")
	for _, app := range []string{appSbx, appMeta} {
		_, err := e.svc.AddTarget(t.Context(), f.ID, app)
		require.NoError(t, err)
	}
	_, err := e.svc.Publish(t.Context(), f.ID)
	require.NoError(t, err)

	steps := []struct {
		app    string
		remote providers.FlowStatus
		want   lifecycle.Status
	}{
		{appSbx, providers.FlowThrottled, lifecycle.StatusThrottled},
		{appMeta, providers.FlowThrottled, lifecycle.StatusThrottled},
		{appSbx, providers.FlowBlocked, lifecycle.StatusBlocked},
		{appSbx, providers.FlowThrottled, lifecycle.StatusThrottled},
		{appSbx, providers.FlowPublished, lifecycle.StatusThrottled},
		{appMeta, providers.FlowPublished, lifecycle.StatusPublished},
	}
	for i, s := range steps {
		got, err := e.svc.MirrorRemoteStatus(t.Context(), f.ID, s.app, s.remote)
		require.NoError(t, err)
		assert.Equal(t, s.want, got.Status, "step %d: %s reports %s", i, s.app, s.remote)
	}

	_, _, err = e.svc.PutJSON(t.Context(), f.ID, readFile(t, "static-edited-7.3.json"))
	require.NoError(t, err)
	got, err := e.svc.MirrorRemoteStatus(t.Context(), f.ID, appSbx, providers.FlowBlocked)
	require.NoError(t, err)
	assert.Equal(t, lifecycle.StatusDraft, got.Status, "a draft keeps its status")
	assert.Equal(t, providers.FlowBlocked, e.target(t, f.ID, appSbx).RemoteStatus, "the target shows what its BSP said")
}
