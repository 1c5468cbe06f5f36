package infobip_test

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/infobip"
	"github.com/waflow/waflow/providers/infobip/infobiptest"
)

// TestCreateTemplateWire submits a template with every part Infobip maps
// and compares the body with testdata/requests/create-template-flow.json;
// the template read back has the same definition.
func TestCreateTemplateWire(t *testing.T) {
	f := newFixture(t, infobiptest.Options{}, infobip.Options{})
	flow, err := f.p.CreateFlow(t0, f.app, providers.CreateFlowRequest{Name: "booking", Categories: []string{"APPOINTMENT_BOOKING"}})
	require.NoError(t, err)
	tpl := providers.Template{Name: "booking_offer", Language: "en", Category: providers.CategoryMarketing,
		Components: []providers.TemplateComponent{
			{Type: providers.ComponentHeader, Format: providers.HeaderText, Text: "Hi {{1}}", Example: &providers.TemplateExample{HeaderText: []string{"Ada"}}},
			{Type: providers.ComponentBody, Text: "A table for {{1}} on {{2}}?", Example: &providers.TemplateExample{BodyText: [][]string{{"2", "Friday"}}}},
			{Type: providers.ComponentFooter, Text: "Reply STOP to opt out"},
			{Type: providers.ComponentButtons, Buttons: []providers.TemplateButton{
				{Type: providers.ButtonFlow, Text: "Book now", FlowID: flow.ID, FlowAction: providers.FlowNavigate, NavigateScreen: "WELCOME"},
				{Type: providers.ButtonURL, Text: "Menu", URL: "https://example.com/menu/{{1}}", Example: []string{"summer"}},
				{Type: providers.ButtonQuickReply, Text: "Not now"},
			}},
		}}
	created, err := f.p.CreateTemplate(t0, f.app, tpl)
	require.NoError(t, err)
	require.Equal(t, providers.TemplatePending, created.Status)
	require.Equal(t, tpl, created.Template, "the definition survives Infobip's structure")

	var wire []byte
	for _, r := range f.srv.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/templates") {
			wire = r.Body
		}
	}
	checkGolden(t, filepath.Join("testdata", "requests", "create-template-flow.json"), wire)
}

func TestTemplateRefusals(t *testing.T) {
	f := newFixture(t, infobiptest.Options{}, infobip.Options{})
	body := providers.TemplateComponent{Type: providers.ComponentBody, Text: "Hello"}
	cases := []struct {
		name string
		tpl  providers.Template
	}{
		{"named parameters", providers.Template{Name: "a", Language: "en", Category: providers.CategoryUtility, ParameterFormat: providers.FormatNamed,
			Components: []providers.TemplateComponent{body}}},
		{"no body", providers.Template{Name: "a", Language: "en", Category: providers.CategoryUtility}},
		{"flow by name", providers.Template{Name: "a", Language: "en", Category: providers.CategoryUtility, Components: []providers.TemplateComponent{body,
			{Type: providers.ComponentButtons, Buttons: []providers.TemplateButton{{Type: providers.ButtonFlow, Text: "Go", FlowName: "booking"}}}}}},
		{"OTP button", providers.Template{Name: "a", Language: "en", Category: providers.CategoryAuthentication, Components: []providers.TemplateComponent{body,
			{Type: providers.ComponentButtons, Buttons: []providers.TemplateButton{{Type: providers.ButtonOTP, Text: "Copy"}}}}}},
		{"carousel", providers.Template{Name: "a", Language: "en", Category: providers.CategoryMarketing, Components: []providers.TemplateComponent{body,
			{Type: providers.ComponentCarousel}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.p.CreateTemplate(t0, f.app, c.tpl)
			requireKind(t, err, providers.ErrorInvalid)
		})
	}
	require.Empty(t, f.srv.Requests(), "refused before sending")

	_, err := f.p.CreateTemplate(t0, f.app, providers.Template{Name: "Bad Name", Language: "en", Category: providers.CategoryUtility,
		Components: []providers.TemplateComponent{body}})
	requireKind(t, err, providers.ErrorInvalid)
}

func TestTemplateEditRefusedWhilePending(t *testing.T) {
	f := newFixture(t, infobiptest.Options{}, infobip.Options{})
	tpl := providers.Template{Name: "pending_one", Language: "en", Category: providers.CategoryUtility,
		Components: []providers.TemplateComponent{{Type: providers.ComponentBody, Text: "Hello"}}}
	created, err := f.p.CreateTemplate(t0, f.app, tpl)
	require.NoError(t, err)
	_, err = f.p.UpdateTemplate(t0, f.app, created.ID, tpl)
	requireKind(t, err, providers.ErrorConflict)

	require.NoError(t, f.srv.PauseTemplate(created.ID))
	require.NoError(t, f.srv.PauseTemplate(created.ID))
	got, err := f.p.GetTemplate(t0, f.app, created.ID)
	require.NoError(t, err)
	require.Equal(t, providers.TemplatePaused, got.Status)
	require.Equal(t, "SECOND_PAUSED", got.RawStatus)
}
