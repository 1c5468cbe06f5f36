package providertest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
)

// deleteDraft removes a never-published DRAFT.
func (s *suite) deleteDraft(t *testing.T) {
	ctx := t.Context()
	id := s.create(t, "providertest-delete-draft")
	s.upload(t, id, validFlow)
	if s.caps.Supports(providers.OpDeprecateFlow) {
		err := s.p.DeprecateFlow(ctx, s.app, id)
		s.expectError(t, err, providers.OpDeprecateFlow, providers.ErrorConflict)
		assert.NotErrorIs(t, err, providers.ErrAlreadyDeprecated, "a DRAFT is not already deprecated")
	}
	require.NoError(t, s.p.DeleteFlow(ctx, s.app, id), "DeleteFlow of a never-published DRAFT")
	_, err := s.p.GetFlow(ctx, s.app, id)
	s.expectError(t, err, providers.OpGetFlow, providers.ErrorNotFound)
	s.expectError(t, s.p.DeleteFlow(ctx, s.app, id), providers.OpDeleteFlow, providers.ErrorNotFound)
}

// validationErrors uploads an invalid document: the upload succeeds and
// reports the errors, publishing is refused until a fix is uploaded.
func (s *suite) validationErrors(t *testing.T) {
	ctx := t.Context()
	id := s.create(t, "providertest-validation")
	verrs, err := s.p.UpdateFlowJSON(ctx, s.app, id, invalidFlow)
	require.NoError(t, err, "UpdateFlowJSON succeeds even for an invalid document")
	assert.NotEmpty(t, verrs, "UpdateFlowJSON returns the validation errors")
	got := s.get(t, id)
	assert.Equal(t, providers.FlowDraft, got.Status, "GetFlow after an invalid upload")
	if s.h.GetFlowHasValidationErrors {
		assert.NotEmpty(t, got.ValidationErrors, "GetFlow shows the validation errors")
	}

	// BSPs word this refusal differently (Meta's 139002 is a conflict,
	// others answer a plain 400), so either kind is a refusal.
	s.expectError(t, s.p.PublishFlow(ctx, s.app, id), providers.OpPublishFlow, providers.ErrorConflict, providers.ErrorInvalid)
	s.expectStatus(t, id, providers.FlowDraft, "a refused publish leaves the DRAFT")

	s.upload(t, id, validFlow)
	assert.Empty(t, s.get(t, id).ValidationErrors, "a fixed upload clears the validation errors")
	require.NoError(t, s.p.PublishFlow(ctx, s.app, id), "PublishFlow after the fix")
	s.expectStatus(t, id, providers.FlowPublished, "GetFlow after PublishFlow")
}

// publishWithoutJSON publishes a flow nothing was uploaded to: refused
// when a new flow has no document, published when the BSP gives it a
// starter document.
func (s *suite) publishWithoutJSON(t *testing.T) {
	id := s.create(t, "providertest-no-json")
	err := s.p.PublishFlow(t.Context(), s.app, id)
	if s.h.StarterDocument {
		require.NoError(t, err, "PublishFlow of the starter document")
		s.expectStatus(t, id, providers.FlowPublished, "GetFlow after publishing the starter document")
		return
	}
	s.expectError(t, err, providers.OpPublishFlow, providers.ErrorConflict, providers.ErrorInvalid)
	s.expectStatus(t, id, providers.FlowDraft, "a refused publish leaves the DRAFT")
}
