package gupshup_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/gupshup"
	"github.com/waflow/waflow/providers/gupshup/gupshuptest"
)

// TestGetFlowStatusClash: when the get endpoint's envelope overwrites the
// flow's status, the status comes from the list; when it does not, no list
// is read.
func TestGetFlowStatusClash(t *testing.T) {
	for _, honest := range []bool{false, true} {
		f := newFixture(t, gupshuptest.Options{HonestFlowStatus: honest}, gupshup.Options{})
		id := f.flow(t)
		require.NoError(t, f.p.PublishFlow(t.Context(), f.app, id))
		lists := f.requests("GET", "/flows")
		got, err := f.p.GetFlow(t.Context(), f.app, id)
		require.NoError(t, err)
		require.Equal(t, providers.FlowPublished, got.Status)
		require.Equal(t, "PUBLISHED", got.RawStatus)
		want := 1
		if honest {
			want = 0
		}
		require.Equal(t, want, f.requests("GET", "/flows")-lists, "list reads (honest=%v)", honest)
	}
}

// TestDeleteFlowPaths: the singular path first, the plural one only after
// a 404.
func TestDeleteFlowPaths(t *testing.T) {
	for _, plural := range []bool{false, true} {
		f := newFixture(t, gupshuptest.Options{PluralDeletePath: plural}, gupshup.Options{})
		id := f.flow(t)
		require.NoError(t, f.p.DeleteFlow(t.Context(), f.app, id))
		require.Equal(t, 1, f.requests("DELETE", "/flow/"+id))
		wantPlural := 0
		if plural {
			wantPlural = 1
		}
		require.Equal(t, wantPlural, f.requests("DELETE", "/flows/"+id))
	}
}

func TestFlowUploadAndValidation(t *testing.T) {
	f := newFixture(t, gupshuptest.Options{}, gupshup.Options{})
	id := f.flow(t)
	doc := []byte(`{"version": "7.3", "screens": [{"id": "A", "layout": {"children": [{"type": "` + gupshuptest.MagicInvalidComponent + `"}]}}]}`)
	verrs, err := f.p.UpdateFlowJSON(t.Context(), f.app, id, doc)
	require.NoError(t, err)
	require.Equal(t, []providers.ValidationError{{Code: "INVALID_PROPERTY_VALUE", Message: "Invalid value found for property 'type'.",
		Pointer: "/screens/0/layout/children/0/type", Line: 1, Column: 78}}, verrs)
	reqs := f.srv.Requests()
	upload := reqs[len(reqs)-1]
	require.Equal(t, "PUT", upload.Method)
	require.Contains(t, upload.Header.Get("Content-Type"), "multipart/form-data")
	require.Equal(t, f.srv.AppToken(), upload.Header.Get("Authorization"), "the raw token, no Bearer")

	_, err = f.p.CreateFlow(t.Context(), f.app, providers.CreateFlowRequest{Name: "dynamic", Categories: []string{"OTHER"},
		EndpointURI: "https://example.com/endpoint"})
	require.Error(t, err, "the fake's default partner account takes no endpoint flows")
	g := newFixture(t, gupshuptest.Options{EndpointFlows: true}, gupshup.Options{})
	created, err := g.p.CreateFlow(t.Context(), g.app, providers.CreateFlowRequest{Name: "dynamic", Categories: []string{"OTHER"},
		EndpointURI: "https://example.com/endpoint"})
	require.NoError(t, err)
	got, err := g.p.GetFlow(t.Context(), g.app, created.ID)
	require.NoError(t, err)
	require.Equal(t, "https://example.com/endpoint", got.EndpointURI)

	require.ErrorIs(t, f.p.SetEndpoint(t.Context(), f.app, id, "https://example.com"), providers.ErrUnsupported)
}
