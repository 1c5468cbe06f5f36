package providertest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
)

// greetingTemplate is a UTILITY template with one body variable.
func greetingTemplate(name string) providers.Template {
	return providers.Template{Name: name, Language: "en_US", Category: providers.CategoryUtility,
		Components: []providers.TemplateComponent{{Type: providers.ComponentBody, Text: "Hello {{1}}, your table is ready.",
			Example: &providers.TemplateExample{BodyText: [][]string{{"Ada"}}}}}}
}

// flowButtonTemplate is a MARKETING template whose button opens flowID.
func flowButtonTemplate(name, flowID string) providers.Template {
	return providers.Template{Name: name, Language: "en_US", Category: providers.CategoryMarketing,
		Components: []providers.TemplateComponent{
			{Type: providers.ComponentBody, Text: "Book your next visit in a minute."},
			{Type: providers.ComponentButtons, Buttons: []providers.TemplateButton{{Type: providers.ButtonFlow, Text: "Book now",
				FlowID: flowID, FlowAction: providers.FlowNavigate, NavigateScreen: "WELCOME"}}},
		}}
}

// approvedTemplate creates t and has it approved, through the harness
// hook or by the BSP itself; it returns the template's id, or "" when the
// template did not get approved without a hook.
func (s *suite) approvedTemplate(t *testing.T, tm providers.TemplateManager, tpl providers.Template) string {
	t.Helper()
	created, err := tm.CreateTemplate(t.Context(), s.app, tpl)
	require.NoError(t, err, "CreateTemplate %s", tpl.Name)
	require.NotEmpty(t, created.ID, "CreateTemplate returns the BSP's id")
	if s.h.ApproveTemplate != nil {
		require.NoError(t, s.h.ApproveTemplate(created.ID), "ApproveTemplate hook")
	}
	if !s.caps.Supports(providers.OpGetTemplate) {
		return created.ID
	}
	got, err := tm.GetTemplate(t.Context(), s.app, created.ID)
	require.NoError(t, err, "GetTemplate %s", tpl.Name)
	if got.Status != providers.TemplateApproved {
		return ""
	}
	return created.ID
}

// templates walks a template through review: create (PENDING), a
// duplicate refused, approved, listed, edited, deleted, then not found.
func (s *suite) templates(t *testing.T) {
	ctx := t.Context()
	tm := s.p.(providers.TemplateManager)
	tpl := greetingTemplate("providertest_lifecycle")
	created, err := tm.CreateTemplate(ctx, s.app, tpl)
	require.NoError(t, err, "CreateTemplate")
	require.NotEmpty(t, created.ID, "CreateTemplate returns the BSP's id")
	assert.Equal(t, providers.TemplatePending, created.Status, "a submitted template is PENDING")
	assert.Equal(t, tpl.Name, created.Template.Name, "CreateTemplate keeps the name")

	_, err = tm.CreateTemplate(ctx, s.app, tpl)
	s.expectError(t, err, providers.OpCreateTemplate, providers.ErrorConflict)

	if s.h.ApproveTemplate != nil {
		require.NoError(t, s.h.ApproveTemplate(created.ID), "ApproveTemplate hook")
	}
	got, err := tm.GetTemplate(ctx, s.app, created.ID)
	require.NoError(t, err, "GetTemplate")
	assert.Equal(t, created.ID, got.ID, "GetTemplate id")
	if got.Status != providers.TemplateApproved {
		t.Skipf("the template is %s and the harness has no ApproveTemplate hook", got.Status)
	}
	assert.Equal(t, tpl.Language, got.Template.Language, "GetTemplate language")
	assert.NotEmpty(t, got.RawStatus, "GetTemplate keeps the BSP's status word")

	list, err := tm.ListTemplates(ctx, s.app)
	require.NoError(t, err, "ListTemplates")
	found := false
	for _, rt := range list {
		if rt.ID == created.ID {
			found = true
			assert.Equal(t, providers.TemplateApproved, rt.Status, "ListTemplates shows the status")
		}
	}
	assert.True(t, found, "ListTemplates includes the template")

	if s.caps.Supports(providers.OpUpdateTemplate) {
		edited := tpl
		edited.Components = []providers.TemplateComponent{{Type: providers.ComponentBody, Text: "Hi {{1}}, your table is ready now.",
			Example: &providers.TemplateExample{BodyText: [][]string{{"Ada"}}}}}
		updated, err := tm.UpdateTemplate(ctx, s.app, created.ID, edited)
		require.NoError(t, err, "UpdateTemplate of an APPROVED template")
		assert.Contains(t, []providers.TemplateStatus{providers.TemplatePending, providers.TemplateApproved}, updated.Status,
			"an edit goes back to review or stays approved")
	}

	require.NoError(t, tm.DeleteTemplate(ctx, s.app, created.ID, tpl.Name), "DeleteTemplate")
	_, err = tm.GetTemplate(ctx, s.app, created.ID)
	s.expectError(t, err, providers.OpGetTemplate, providers.ErrorNotFound)
}
