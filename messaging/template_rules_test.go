package messaging_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
)

func TestValidateTemplate(t *testing.T) {
	body := func(text string, examples ...string) providers.TemplateComponent {
		c := providers.TemplateComponent{Type: providers.ComponentBody, Text: text}
		if examples != nil {
			c.Example = &providers.TemplateExample{BodyText: [][]string{examples}}
		}
		return c
	}
	named := func(text string, names ...string) providers.TemplateComponent {
		c := providers.TemplateComponent{Type: providers.ComponentBody, Text: text, Example: &providers.TemplateExample{}}
		for _, n := range names {
			c.Example.BodyTextNamed = append(c.Example.BodyTextNamed, providers.NamedExample{ParamName: n, Example: "x"})
		}
		return c
	}
	buttons := func(bs ...providers.TemplateButton) providers.TemplateComponent {
		return providers.TemplateComponent{Type: providers.ComponentButtons, Buttons: bs}
	}
	tpl := func(format providers.ParameterFormat, comps ...providers.TemplateComponent) providers.Template {
		return providers.Template{Name: "t_1", Language: "en_US", Category: providers.CategoryUtility, ParameterFormat: format, Components: comps}
	}
	tests := []struct {
		name   string
		t      providers.Template
		fields []string
	}{
		{"plain", tpl("", body("Hello")), nil},
		{"positional with examples", tpl("", body("Hi {{1}}, {{2}} and {{1}}", "a", "b")), nil},
		{"positional gap", tpl("", body("Hi {{2}}", "a")), []string{"components[0].text"}},
		{"positional zero", tpl("", body("Hi {{0}}", "a")), []string{"components[0].text"}},
		{"name in positional", tpl("", body("Hi {{name}}", "a")), []string{"components[0].text"}},
		{"too few examples", tpl("", body("{{1}} {{2}}", "a")), []string{"components[0].example.body_text"}},
		{"named", tpl(providers.FormatNamed, named("Hi {{first_name}}", "first_name")), nil},
		{"named without example", tpl(providers.FormatNamed, named("Hi {{first_name}} {{code}}", "first_name")),
			[]string{"components[0].example.body_text_named_params"}},
		{"number in named", tpl(providers.FormatNamed, named("Hi {{1}}", "1")), []string{"components[0].text"}},
		{"name too long", providers.Template{Name: strings.Repeat("a", 513), Language: "en", Category: providers.CategoryUtility,
			Components: []providers.TemplateComponent{body("x")}}, []string{"name"}},
		{"bad language and category", providers.Template{Name: "a", Language: "English", Category: "PROMO",
			Components: []providers.TemplateComponent{body("x")}}, []string{"language", "category"}},
		{"two bodies", tpl("", body("x"), body("y")), []string{"components[1].type"}},
		{"footer with a variable", tpl("", body("x"), providers.TemplateComponent{Type: providers.ComponentFooter, Text: "{{1}}"}),
			[]string{"components[1].text"}},
		{"text header with two variables", tpl("", providers.TemplateComponent{Type: providers.ComponentHeader, Format: providers.HeaderText,
			Text: "{{1}} {{2}}", Example: &providers.TemplateExample{HeaderText: []string{"a", "b"}}}, body("x")), []string{"components[0].text"}},
		{"document header with a handle", tpl("", providers.TemplateComponent{Type: providers.ComponentHeader, Format: providers.HeaderDocument,
			Example: &providers.TemplateExample{HeaderHandle: []string{"4::YXBwbGljYXRpb24vcGRm:ARb"}}}, body("x")), nil},
		{"flow button by json", tpl("", body("x"), buttons(providers.TemplateButton{Type: providers.ButtonFlow, Text: "Go", FlowJSON: "{}"})), nil},
		{"flow button action", tpl("", body("x"), buttons(providers.TemplateButton{Type: providers.ButtonFlow, Text: "Go", FlowID: "1",
			FlowAction: "open"})), []string{"components[1].buttons[0].flow_action"}},
		{"button text too long", tpl("", body("x"), buttons(providers.TemplateButton{Type: providers.ButtonQuickReply,
			Text: strings.Repeat("b", 26)})), []string{"components[1].buttons[0].text"}},
		{"url variable other than 1", tpl("", body("x"), buttons(providers.TemplateButton{Type: providers.ButtonURL, Text: "Go",
			URL: "https://x.example/{{2}}", Example: []string{"a"}})), []string{"components[1].buttons[0].url"}},
		{"url variable without example", tpl("", body("x"), buttons(providers.TemplateButton{Type: providers.ButtonURL, Text: "Go",
			URL: "https://x.example/{{1}}"})), []string{"components[1].buttons[0].example"}},
		{"carousel card checked", tpl("", body("x"), providers.TemplateComponent{Type: providers.ComponentCarousel,
			Cards: []providers.TemplateCard{{Components: []providers.TemplateComponent{body("{{1}}")}}}}),
			[]string{"components[1].cards[0].components[0].example.body_text"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := messaging.ValidateTemplate(tc.t)
			if tc.fields == nil {
				require.NoError(t, err)
				return
			}
			var ve *messaging.ValidationError
			require.True(t, errors.As(err, &ve), "got %v", err)
			require.ErrorIs(t, err, messaging.ErrInvalid)
			var got []string
			for _, f := range ve.Fields {
				got = append(got, f.Field)
			}
			require.Equal(t, tc.fields, got)
		})
	}
}
