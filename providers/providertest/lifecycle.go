package providertest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
)

// lifecycle walks one flow from creation to its terminal state.
func (s *suite) lifecycle(t *testing.T) {
	ctx := t.Context()
	id := s.create(t, "providertest-lifecycle")
	s.expectStatus(t, id, providers.FlowDraft, "GetFlow after CreateFlow")

	s.upload(t, id, validFlow)
	if s.caps.Supports(providers.OpSetEndpoint) {
		require.NoError(t, s.p.SetEndpoint(ctx, s.app, id, endpointURI), "SetEndpoint on a DRAFT")
		assert.Equal(t, endpointURI, s.get(t, id).EndpointURI, "GetFlow shows the endpoint")
	}

	require.NoError(t, s.p.PublishFlow(ctx, s.app, id), "PublishFlow of a valid DRAFT")
	got := s.get(t, id)
	assert.Equal(t, providers.FlowPublished, got.Status, "GetFlow after PublishFlow")
	assert.Empty(t, got.ValidationErrors, "a published flow has no validation errors")
	s.expectPublishedJSON(t, id, validFlow, "after the first publish")

	s.editPublished(t, id)

	if s.caps.Supports(providers.OpPreviewFlow) {
		link, err := s.p.PreviewFlow(ctx, s.app, id)
		assert.NoError(t, err, "PreviewFlow")
		assert.NotEmpty(t, link, "PreviewFlow returns a link")
	}

	if !s.caps.Supports(providers.OpDeprecateFlow) {
		return
	}
	require.NoError(t, s.p.DeprecateFlow(ctx, s.app, id), "DeprecateFlow of a PUBLISHED flow")
	s.expectStatus(t, id, providers.FlowDeprecated, "GetFlow after DeprecateFlow")

	err := s.p.DeprecateFlow(ctx, s.app, id)
	s.expectError(t, err, providers.OpDeprecateFlow, providers.ErrorConflict)
	assert.ErrorIs(t, err, providers.ErrAlreadyDeprecated, "deprecating twice is recognisably harmless")

	if s.caps.Supports(providers.OpDeleteFlow) {
		s.expectError(t, s.p.DeleteFlow(ctx, s.app, id), providers.OpDeleteFlow, providers.ErrorConflict)
	}
	_, err = s.p.UpdateFlowJSON(ctx, s.app, id, editedFlow)
	s.expectError(t, err, providers.OpUpdateFlowJSON, providers.ErrorConflict)
	s.expectError(t, s.p.PublishFlow(ctx, s.app, id), providers.OpPublishFlow, providers.ErrorConflict)
	s.expectStatus(t, id, providers.FlowDeprecated, "DEPRECATED is terminal")
}

// editPublished uploads a new document to a PUBLISHED flow and checks the
// BSP does what the harness says it does, leaving the flow PUBLISHED.
func (s *suite) editPublished(t *testing.T, id string) {
	ctx := t.Context()
	verrs, err := s.p.UpdateFlowJSON(ctx, s.app, id, editedFlow)
	if !s.h.EditPublished {
		s.expectError(t, err, providers.OpUpdateFlowJSON, providers.ErrorConflict)
		s.expectStatus(t, id, providers.FlowPublished, "a refused edit leaves the flow PUBLISHED")
		s.expectPublishedJSON(t, id, validFlow, "a refused edit changes nothing")
		return
	}
	require.NoError(t, err, "UpdateFlowJSON on a PUBLISHED flow")
	assert.Empty(t, verrs, "the edited document is valid")
	s.expectStatus(t, id, providers.FlowDraft, "editing a PUBLISHED flow re-drafts it")
	s.expectPublishedJSON(t, id, validFlow, "users keep the published version while re-drafted")
	if s.caps.Supports(providers.OpDeleteFlow) {
		s.expectError(t, s.p.DeleteFlow(ctx, s.app, id), providers.OpDeleteFlow, providers.ErrorConflict)
	}
	require.NoError(t, s.p.PublishFlow(ctx, s.app, id), "PublishFlow of the re-drafted flow")
	s.expectStatus(t, id, providers.FlowPublished, "GetFlow after publishing the edit")
	s.expectPublishedJSON(t, id, editedFlow, "publishing the edit replaces the published version")
}

// health deprecates a flow that monitoring has throttled.
func (s *suite) health(t *testing.T) {
	ctx := t.Context()
	id := s.create(t, "providertest-health")
	s.upload(t, id, validFlow)
	require.NoError(t, s.p.PublishFlow(ctx, s.app, id), "PublishFlow")
	require.NoError(t, s.h.Throttle(id), "Throttle hook")
	s.expectStatus(t, id, providers.FlowThrottled, "GetFlow shows the health state")
	require.NoError(t, s.p.DeprecateFlow(ctx, s.app, id), "DeprecateFlow of a THROTTLED flow")
	s.expectStatus(t, id, providers.FlowDeprecated, "GetFlow after DeprecateFlow")
}
