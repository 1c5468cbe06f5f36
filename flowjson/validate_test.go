package flowjson

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// flowAt is a one-screen terminal flow at version v whose screen shows
// children before its Footer.
func flowAt(v, children string) string {
	return `{
  "version": "` + v + `",
  "screens": [{
    "id": "ONLY", "title": "T", "terminal": true,
    "layout": {"type": "SingleColumnLayout", "children": [` + children + `
      {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]}
  }]
}`
}

func TestValidateDiagnostics(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		opts    Options
		code    string
		pointer string
		line    int
		message string
	}{
		{"syntax error stops", `{"version": "7.3",}`, Options{}, CodeInvalidFlowJSON, "", 1, "expected a quoted object key"},
		{"missing version", `{"screens": []}`, Options{}, CodeMissingFlowJSONVersion, "", 1, `add one such as "version": "7.3"`},
		{"version not a string", `{"version": 7.3}`, Options{}, CodeInvalidFlowJSONVersion, "/version", 1, "must be a string"},
		{"malformed version", `{"version": "seven"}`, Options{}, CodeInvalidFlowJSONVersion, "/version", 1, "use major.minor"},
		{"unknown version", `{"version": "4.1"}`, Options{}, CodeUnsupportedFlowJSONVersion, "/version", 1, "known versions: 2.1, 3.0"},
		{"unknown override", flowAt("7.3", ""), Options{FlowVersion: "9.9"}, CodeUnsupportedFlowJSONVersion, "", 1, `requested Flow JSON version "9.9"`},
		{"root not an object", `[1]`, Options{FlowVersion: "7.3"}, CodeInvalidPropertyType, "", 1, "must be an object, found array"},
		{"unknown property", flowAt("7.3", `{"type": "TextBody", "text": "x", "colour": "red"},`), Options{}, CodeInvalidPropertyKey,
			"/screens/0/layout/children/0/colour", 5, `property "colour" cannot be specified on TextBody; allowed: "font-weight"`},
		{"property of a later version", flowAt("6.0", `{"type": "TextInput", "name": "a", "label": "A", "pattern": "[0-9]+", "helper-text": "digits"},`), Options{},
			CodeInvalidPropertyKey, "/screens/0/layout/children/0/pattern", 5, "it needs Flow JSON 6.2 or later (this flow is 6.0)"},
		{"property removed", `{"version": "3.0", "data_channel_uri": "https://example.com", "screens": []}`, Options{},
			CodeInvalidPropertyKey, "/data_channel_uri", 1, "it was removed in Flow JSON 3.0 (this flow is 3.0)"},
		{"component of a later version", flowAt("7.0", `{"type": "ImageCarousel", "images": []},`), Options{},
			CodeInvalidPropertyValue, "/screens/0/layout/children/0/type", 5, "component ImageCarousel is not available: it needs Flow JSON 7.1 or later"},
		{"unknown component", flowAt("7.3", `{"type": "Text", "text": "x"},`), Options{},
			CodeInvalidPropertyValue, "/screens/0/layout/children/0/type", 5, `"Text" is not a component; use one of "TextHeading"`},
		{"missing component type", flowAt("7.3", `{"text": "x"},`), Options{},
			CodeMissingRequiredTypeProperty, "/screens/0/layout/children/0", 5, "every component needs a type"},
		{"missing required property", flowAt("7.3", `{"type": "TextInput", "name": "a"},`), Options{},
			CodeMissingRequiredTypeProperty, "/screens/0/layout/children/0", 5, `required property "label" is missing from TextInput`},
		{"label required from 4.0", flowAt("4.0", `{"type": "RadioButtonsGroup", "name": "a", "data-source": [{"id": "x", "title": "X"}]},`), Options{},
			CodeMissingRequiredTypeProperty, "/screens/0/layout/children/0", 5, "it is required from Flow JSON 4.0"},
		{"wrong type", flowAt("7.3", `{"type": "TextBody", "text": "x", "strikethrough": 1},`), Options{},
			CodeInvalidPropertyType, "/screens/0/layout/children/0/strikethrough", 5, "must be a boolean (true or false) or a dynamic reference"},
		{"number given as text", flowAt("7.3", `{"type": "TextInput", "name": "a", "label": "A", "max-chars": "Hundred"},`), Options{},
			CodePatternMismatch, "/screens/0/layout/children/0/max-chars", 5, `should be an integer or a dynamic reference such as ${data.count}, found "Hundred"`},
		{"blank string from 6.0", flowAt("6.0", `{"type": "TextInput", "name": "a", "label": "A", "helper-text": " "},`), Options{},
			CodePatternMismatch, "/screens/0/layout/children/0/helper-text", 5, "should not be blank or empty string"},
		{"enum value", flowAt("7.3", `{"type": "TextBody", "text": "x", "font-weight": "heavy"},`), Options{},
			CodeInvalidEnumValue, "/screens/0/layout/children/0/font-weight", 5, `value should be one of "bold", "italic", "bold_italic", "normal"`},
		{"action not allowed", flowAt("7.3", `{"type": "EmbeddedLink", "text": "x", "on-click-action": {"name": "complete"}},`), Options{},
			CodeInvalidEnumValue, "/screens/0/layout/children/0/on-click-action/name", 5, `action "complete" is not allowed in on-click-action of EmbeddedLink`},
		{"action of a later version", flowAt("5.1", `{"type": "EmbeddedLink", "text": "x", "on-click-action": {"name": "open_url", "url": "https://example.com"}},`), Options{},
			CodeInvalidEnumValue, "/screens/0/layout/children/0/on-click-action/name", 5, "it needs Flow JSON 6.0 or later (this flow is 5.1)"},
		{"property of an action", flowAt("7.3", `{"type": "EmbeddedLink", "text": "x", "on-click-action": {"name": "open_url", "url": "https://example.com", "payload": {}}},`), Options{},
			CodeInvalidPropertyKey, "/screens/0/layout/children/0/on-click-action/payload", 5, `cannot be specified on action open_url`},
		{"empty screens", `{"version": "7.3", "screens": []}`, Options{}, CodeMinItemsRequired, "/screens", 1, "should have at least 1 items"},
		{"date format of 5.0", flowAt("5.0", `{"type": "DatePicker", "name": "d", "label": "D", "min-date": "1704067200000"},`), Options{},
			CodePatternMismatch, "/screens/0/layout/children/0/min-date", 5, "YYYY-MM-DD from 5.0"},
		{"range of a picker", flowAt("7.3", `{"type": "PhotoPicker", "name": "p", "label": "P", "max-uploaded-photos": 31},`), Options{},
			CodeMaximumValueRequired, "/screens/0/layout/children/0/max-uploaded-photos", 5, "must be at most 30"},
		{"frozen version", flowAt("5.0", ""), Options{}, CodeFrozenVersion, "/version", 2, "cannot be published anymore; use 5.1 or later"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Validate([]byte(tt.src), tt.opts)
			var found *Diagnostic
			for i, d := range r.Diagnostics {
				if d.Code == tt.code && d.Pointer == tt.pointer {
					found = &r.Diagnostics[i]
					break
				}
			}
			require.NotNil(t, found, "no %s at %q in:\n%s", tt.code, tt.pointer, diagnosticLines(r.Diagnostics))
			require.Equal(t, tt.line, found.Line, found.String())
			require.Contains(t, found.Message, tt.message)
		})
	}
}

// TestValidateReportsOneErrorPerProblem guards against the cascade of
// if/then and anyOf summaries.
func TestValidateReportsOneErrorPerProblem(t *testing.T) {
	r := Validate([]byte(flowAt("7.3", `{"type": "TextBody", "text": "x", "font-weight": 3, "colour": "red"},
	{"type": "Image", "src": "x", "width": "wide", "scale-type": 1}, {"type": "Form", "name": "f", "children": [{}]},`)), Options{})
	var got []string
	for _, d := range r.Diagnostics {
		got = append(got, d.Code+" "+d.Pointer)
	}
	require.Equal(t, []string{
		"INVALID_ENUM_VALUE /screens/0/layout/children/0/font-weight",
		"INVALID_PROPERTY_KEY /screens/0/layout/children/0/colour",
		"PATTERN_MISMATCH /screens/0/layout/children/1/width",
		"INVALID_ENUM_VALUE /screens/0/layout/children/1/scale-type",
		"MISSING_REQUIRED_TYPE_PROPERTY /screens/0/layout/children/2/children/0",
	}, got)
}

func TestValidateStrictPromotesWarnings(t *testing.T) {
	src := []byte(flowAt("5.0", ""))
	require.True(t, Validate(src, Options{}).Valid())
	r := Validate(src, Options{Strict: true})
	require.False(t, r.Valid())
	require.Equal(t, SeverityError, r.Diagnostics[0].Severity)
}

func TestValidateFlowVersionOverride(t *testing.T) {
	src := []byte(flowAt("7.3", `{"type": "TextArea", "name": "n", "label": "N", "label-variant": "large"},`))
	require.True(t, Validate(src, Options{}).Valid())
	r := Validate(src, Options{FlowVersion: "6.3"})
	require.Equal(t, Version{6, 3}, r.Version)
	require.False(t, r.Valid())
	require.Contains(t, diagnosticLines(r.Diagnostics), "label-variant")
}

func TestValidateConcurrentAndDeterministic(t *testing.T) {
	srcs := [][]byte{
		[]byte(flowAt("7.3", `{"type": "Text"},`)),
		[]byte(flowAt("6.0", `{"type": "TextInput", "name": " ", "label": ""},`)),
		[]byte(flowAt("2.1", "")),
	}
	want := make([]Result, len(srcs))
	for i, s := range srcs {
		want[i] = Validate(s, Options{})
	}
	var wg sync.WaitGroup
	for range 8 {
		for i, s := range srcs {
			wg.Go(func() {
				require.Equal(t, want[i], Validate(s, Options{}))
			})
		}
	}
	wg.Wait()
}

func TestContextPointerEscapes(t *testing.T) {
	r := Validate([]byte(`{"version": "7.3", "screens": [], "a/b~c": 1}`), Options{})
	require.True(t, strings.Contains(diagnosticLines(r.Diagnostics), "/a~1b~0c"), diagnosticLines(r.Diagnostics))
}
