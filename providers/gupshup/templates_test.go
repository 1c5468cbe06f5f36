package gupshup_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/gupshup"
	"github.com/waflow/waflow/providers/gupshup/gupshuptest"
)

// TestCreateFlowButtonTemplate compares the create form with
// testdata/requests/create-template-flow-button.txt: buttons is a JSON
// string, example has the sample values in place.
func TestCreateFlowButtonTemplate(t *testing.T) {
	f := newFixture(t, gupshuptest.Options{}, gupshup.Options{})
	flowID := f.flow(t)
	require.NoError(t, f.p.PublishFlow(t.Context(), f.app, flowID))
	tpl := providers.Template{Name: "book_visit", Language: "en_US", Category: providers.CategoryMarketing,
		Components: []providers.TemplateComponent{
			{Type: providers.ComponentHeader, Format: providers.HeaderText, Text: "Hello {{1}}", Example: &providers.TemplateExample{HeaderText: []string{"Ada"}}},
			{Type: providers.ComponentBody, Text: "Book your visit on {{1}} at {{2}}.", Example: &providers.TemplateExample{BodyText: [][]string{{"Monday", "9:00"}}}},
			{Type: providers.ComponentFooter, Text: "Reply STOP to opt out"},
			{Type: providers.ComponentButtons, Buttons: []providers.TemplateButton{{Type: providers.ButtonFlow, Text: "Book now",
				FlowID: flowID, FlowAction: providers.FlowNavigate, NavigateScreen: "A"}}},
		}}
	created, err := f.p.CreateTemplate(t.Context(), f.app, tpl)
	require.NoError(t, err)
	require.Equal(t, providers.TemplatePending, created.Status)
	reqs := f.srv.Requests()
	checkWire(t, "create-template-flow-button", reqs[len(reqs)-1].Body)

	got, err := f.p.GetTemplate(t.Context(), f.app, created.ID)
	require.NoError(t, err)
	require.Equal(t, tpl.Components[3].Buttons[0].FlowID, got.Template.Components[3].Buttons[0].FlowID, "read back from containerMeta")
}

// TestTemplateStatuses maps Gupshup's list words (§7.3).
func TestTemplateStatuses(t *testing.T) {
	f := newFixture(t, gupshuptest.Options{}, gupshup.Options{})
	created, err := f.p.CreateTemplate(t.Context(), f.app, providers.Template{Name: "statuses", Language: "en_US",
		Category: providers.CategoryUtility, Components: []providers.TemplateComponent{{Type: providers.ComponentBody, Text: "Hi"}}})
	require.NoError(t, err)
	for raw, want := range map[string]providers.TemplateStatus{
		"SUBMITTED": providers.TemplatePending, "IN_REVIEW": providers.TemplatePending, "APPROVED": providers.TemplateApproved,
		"FLAGGED": providers.TemplateApproved, "PAUSED": providers.TemplatePaused, "DESACTIVATED": providers.TemplateDisabled,
		"DELETED": providers.TemplateDisabled, "REJECTED": providers.TemplateRejected, "FAILED": providers.TemplateFailed,
		"SOMETHING_NEW": providers.TemplateUnknown,
	} {
		require.NoError(t, f.srv.SetTemplateStatus(created.ID, raw, "why"))
		got, err := f.p.GetTemplate(t.Context(), f.app, created.ID)
		require.NoError(t, err)
		require.Equal(t, want, got.Status, raw)
		require.Equal(t, raw, got.RawStatus)
		require.Equal(t, "why", got.Reason)
	}
}

func TestTemplateRefusals(t *testing.T) {
	f := newFixture(t, gupshuptest.Options{}, gupshup.Options{})
	cases := []struct {
		name string
		tpl  providers.Template
	}{
		{"named variables", providers.Template{Name: "n", Language: "en_US", Category: providers.CategoryUtility, ParameterFormat: providers.FormatNamed,
			Components: []providers.TemplateComponent{{Type: providers.ComponentBody, Text: "Hi {{name}}"}}}},
		{"carousel", providers.Template{Name: "c", Language: "en_US", Category: providers.CategoryMarketing,
			Components: []providers.TemplateComponent{{Type: providers.ComponentBody, Text: "Hi"}, {Type: providers.ComponentCarousel}}}},
		{"FLOW button by name", providers.Template{Name: "f", Language: "en_US", Category: providers.CategoryMarketing,
			Components: []providers.TemplateComponent{{Type: providers.ComponentBody, Text: "Hi"},
				{Type: providers.ComponentButtons, Buttons: []providers.TemplateButton{{Type: providers.ButtonFlow, Text: "Go", FlowName: "x"}}}}}},
		{"no body", providers.Template{Name: "b", Language: "en_US", Category: providers.CategoryUtility}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(f.srv.Requests())
			_, err := f.p.CreateTemplate(t.Context(), f.app, c.tpl)
			var pe *providers.Error
			require.True(t, errors.As(err, &pe), "%v", err)
			require.Equal(t, providers.ErrorInvalid, pe.Kind)
			require.Len(t, f.srv.Requests(), before, "refused before sending")
		})
	}
}
