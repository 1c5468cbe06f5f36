package flowjson_test

import (
	"cmp"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/flowjson"
)

// flowCorpusDir holds the real flows of the shared corpus (see its MANIFEST.md).
const flowCorpusDir = "../../shared/corpus/flows"

// readCorpusFlow reads one corpus file, skipping the test when the corpus is
// not checked out beside the repository.
func readCorpusFlow(tb testing.TB, name string) []byte {
	tb.Helper()
	src, err := os.ReadFile(filepath.Join(flowCorpusDir, name))
	if os.IsNotExist(err) {
		tb.Skipf("corpus not found at %s", flowCorpusDir)
	}
	require.NoError(tb, err)
	return src
}

// asJSONValue decodes JSON into plain Go values, for comparing documents
// regardless of member order and spacing.
func asJSONValue(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(b, &v))
	return v
}

func TestDecodeCorpusRoundTrip(t *testing.T) {
	// Files whose shape the Go types cannot hold: Decode must refuse them
	// and say where.
	refused := map[string]struct{ pointer, message string }{
		// MANIFEST.md: "Not Flow JSON at all" (numeric version, made-up keys).
		"miimii-simple-pin-wrong-schema.json": {"/version", `expected a version string such as "7.3", found number`},
		// routing_model maps a key to a string instead of a list of screens.
		"miimii-v3_0-onboarding.json": {"/routing_model/terminal", "expected array, found string"},
	}
	files, err := filepath.Glob(filepath.Join(flowCorpusDir, "*.json"))
	require.NoError(t, err)
	if len(files) == 0 {
		t.Skipf("corpus not found at %s", flowCorpusDir)
	}
	require.GreaterOrEqual(t, len(files), 39)
	seen := 0
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			flow, unknown, err := flowjson.Decode(src)
			if want, ok := refused[name]; ok {
				seen++
				var de *flowjson.DecodeError
				require.ErrorAs(t, err, &de)
				require.Equal(t, flowjson.CodeInvalidPropertyType, de.Code)
				require.Equal(t, want.pointer, de.Pointer)
				require.Equal(t, want.message, de.Message)
				require.NotZero(t, de.Line)
				require.Nil(t, flow)
				return
			}
			require.NoError(t, err)

			out, err := json.Marshal(flow)
			require.NoError(t, err)
			require.Equal(t, asJSONValue(t, src), asJSONValue(t, out), "encoding must give the document back")

			again, unknownAgain, err := flowjson.Decode(out)
			require.NoError(t, err)
			require.Equal(t, flow, again)
			require.Equal(t, unknownPointers(unknown), unknownPointers(unknownAgain))
		})
	}
	require.Equal(t, len(refused), seen, "every refused file is in the corpus")
}

func unknownPointers(keys []flowjson.UnknownKey) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Pointer
	}
	return out
}

func TestDecodeReportsCorpusUnknownKey(t *testing.T) {
	src := readCorpusFlow(t, "miimii-v7_2-login-placeholder.json")
	flow, unknown, err := flowjson.Decode(src)
	require.NoError(t, err)
	require.Equal(t, []flowjson.UnknownKey{{
		Pointer: "/screens/0/layout/children/0/children/2/placeholder",
		Key:     "placeholder", Line: 35, Column: 33,
	}}, unknown)

	form, ok := flow.Screens[0].Layout.Children[0].(*flowjson.Form)
	require.True(t, ok)
	input, ok := form.Children[2].(*flowjson.TextInput)
	require.True(t, ok)
	require.Equal(t, flowjson.Extra{"placeholder": json.RawMessage(`"••••"`)}, input.Extra)
}

func TestDecodeReportsUnknownKeysAtEveryLevel(t *testing.T) {
	src := `{
  "version": "7.3", "name": "top",
  "screens": [{
    "id": "A", "color": "red",
    "data": {"items": {"type": "array", "minItems": 1,
      "items": {"type": "object", "properties": {"id": {"type": "string", "format": "x"}}}}},
    "layout": {"type": "SingleColumnLayout", "padding": 2, "children": [
      {"type": "Dropdown", "name": "d", "label": "D", "hint": "h",
       "data-source": [{"id": "1", "title": "One", "icon": "i"}],
       "on-select-action": {"name": "data_exchange", "payload": {"anything": {"goes": 1}}, "delay": 1}},
      {"type": "If", "condition": "${form.x}", "then": [
        {"type": "Footer", "label": "Go", "style": "bold",
         "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "B", "animate": true}, "payload": {}}}]},
      {"type": "CalendarPicker", "name": "c", "label": {"start-date": "From", "end-date": "To", "mid": "?"}},
      {"type": "NavigationList", "name": "n", "list-items": [
        {"id": "x", "main-content": {"title": "T", "subtitle": "S"}, "start": {"image": "AA==", "size": 1}}]},
      {"type": "ImageCarousel", "images": [{"src": "AA==", "alt-text": "a", "caption": "c"}]},
      {"type": "Text", "text": "unknown components are kept whole", "bogus": 1}
    ]}
  }]
}`
	_, unknown, err := flowjson.Decode([]byte(src))
	require.NoError(t, err)
	want := []string{
		"/name",
		"/screens/0/color",
		"/screens/0/data/items/minItems",
		"/screens/0/data/items/items/properties/id/format",
		"/screens/0/layout/padding",
		"/screens/0/layout/children/0/hint",
		"/screens/0/layout/children/0/data-source/0/icon",
		"/screens/0/layout/children/0/on-select-action/delay",
		"/screens/0/layout/children/1/then/0/style",
		"/screens/0/layout/children/1/then/0/on-click-action/next/animate",
		"/screens/0/layout/children/2/label/mid",
		"/screens/0/layout/children/3/list-items/0/main-content/subtitle",
		"/screens/0/layout/children/3/list-items/0/start/size",
		"/screens/0/layout/children/4/images/0/caption",
	}
	require.Equal(t, want, unknownPointers(unknown))
	for _, k := range unknown {
		require.Equal(t, k.Pointer[len(k.Pointer)-len(k.Key):], k.Key)
		require.NotZero(t, k.Line)
		require.NotZero(t, k.Column)
	}
}

func TestDecodeErrors(t *testing.T) {
	screen := func(child string) string {
		return `{"version":"7.3","screens":[{"id":"A","layout":{"type":"SingleColumnLayout","children":[` + child + `]}}]}`
	}
	child := "/screens/0/layout/children/0"
	tests := []struct {
		name, src, code, pointer, message string
	}{
		{"syntax", `{"version": }`, flowjson.CodeInvalidFlowJSON, "", `unexpected '}', expected a value`},
		{"empty", ``, flowjson.CodeInvalidFlowJSON, "", "unexpected end of input, expected a value"},
		{"not an object", `[]`, flowjson.CodeInvalidPropertyType, "", "expected object, found array"},
		{"duplicate key", `{"version":"7.3","version":"7.2"}`, flowjson.CodeDuplicateKey, "/version", `key "version" appears more than once`},
		{"unknown version", `{"version":"9.9"}`, flowjson.CodeInvalidFlowJSONVersion, "/version", `unknown Flow JSON version "9.9"`},
		{"screens not an array", `{"screens":{}}`, flowjson.CodeInvalidPropertyType, "/screens", "expected array, found object"},
		{"screen id not a string", `{"screens":[{"id":1}]}`, flowjson.CodeInvalidPropertyType, "/screens/0/id", "expected string, found number"},
		{"terminal null", `{"screens":[{"terminal":null}]}`, flowjson.CodeInvalidPropertyType, "/screens/0/terminal", "expected boolean, found null"},
		{"component not an object", screen(`3`), flowjson.CodeInvalidPropertyType, child, "expected a component object, found number"},
		{"bool property", screen(`{"type":"TextInput","required":1}`), flowjson.CodeInvalidPropertyType, child + "/required", "expected boolean or an expression string, found number"},
		{"fractional integer", screen(`{"type":"TextInput","max-chars":1.5}`), flowjson.CodeInvalidPropertyType, child + "/max-chars", "expected an integer, found 1.5"},
		{"huge integer", screen(`{"type":"TextInput","max-chars":99999999999999999999}`), flowjson.CodeInvalidPropertyValue, child + "/max-chars", "integer 99999999999999999999 is out of range"},
		{"huge number", screen(`{"type":"Image","aspect-ratio":1e999}`), flowjson.CodeInvalidPropertyValue, child + "/aspect-ratio", "number 1e999 is out of range"},
		{"text object", screen(`{"type":"TextBody","text":{}}`), flowjson.CodeInvalidPropertyType, child + "/text", "expected string or array, found object"},
		{"text lines of numbers", screen(`{"type":"TextBody","text":["a",2]}`), flowjson.CodeInvalidPropertyType, child + "/text/1", "expected string, found number"},
		{"list item not an object", screen(`{"type":"Dropdown","data-source":[1]}`), flowjson.CodeInvalidPropertyType, child + "/data-source/0", "expected object, found number"},
		{"nested component", screen(`{"type":"If","then":[{"type":"OptIn","init-value":[]}]}`), flowjson.CodeInvalidPropertyType, child + "/then/0/init-value", "expected boolean or an expression string, found array"},
		{"range member", screen(`{"type":"CalendarPicker","required":{"start-date":"yes","end-date":3}}`), flowjson.CodeInvalidPropertyType, child + "/required/end-date", "expected boolean or an expression string, found number"},
		{"payload not an object", screen(`{"type":"Footer","on-click-action":{"name":"complete","payload":"x"}}`), flowjson.CodeInvalidPropertyType, child + "/on-click-action/payload", "expected object, found string"},
		{"data field items", `{"screens":[{"data":{"a":{"type":"array","items":true}}}]}`, flowjson.CodeInvalidPropertyType, "/screens/0/data/a/items", "expected object, found boolean"},
		{"routing targets", `{"routing_model":{"A":["B",1]}}`, flowjson.CodeInvalidPropertyType, "/routing_model/A/1", "expected string, found number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flow, unknown, err := flowjson.Decode([]byte(tt.src))
			require.Nil(t, flow)
			require.Nil(t, unknown)
			var de *flowjson.DecodeError
			require.ErrorAs(t, err, &de)
			require.Equal(t, tt.code, de.Code)
			require.Equal(t, tt.pointer, de.Pointer)
			require.Contains(t, de.Message, tt.message)
			require.Positive(t, de.Line)
			require.Positive(t, de.Column)
			require.Contains(t, err.Error(), tt.message)
			d := de.Diagnostic()
			require.Equal(t, flowjson.SeverityError, d.Severity)
			require.Equal(t, tt.pointer, d.Pointer)
		})
	}
}

func TestDecodeErrorPosition(t *testing.T) {
	_, _, err := flowjson.Decode([]byte("{\n  \"screens\": [\n    {\"id\": 7}\n  ]\n}"))
	require.EqualError(t, err, "flowjson: 3:12: /screens/0/id: expected string, found number")
	_, _, err = flowjson.Decode([]byte("[1]"))
	require.EqualError(t, err, "flowjson: 1:1: document root: expected object, found array")
}

// TestEncodeKeepsWhatWasGiven decodes members in a scrambled order, with
// explicit zero values and nulls, and expects them all back in the stable
// order.
func TestEncodeKeepsWhatWasGiven(t *testing.T) {
	src := `{
  "zz_extra": {"b": 1, "a": [true, null]},
  "screens": [{
    "layout": {"children": [
      {"required": false, "label": "", "type": "TextInput", "max-chars": 0, "name": "n", "visible": null},
      {"then": [], "condition": "${form.n}", "type": "If"},
      {"cases": {"b": [], "a": [{"type": "TextHeading", "text": "A"}]}, "type": "Switch", "value": "${form.n}"},
      {"type": "Footer", "on-click-action": {"payload": {"x": 1.50, "y": null}, "name": "complete", "next": null}, "label": "Done"}
    ], "type": "SingleColumnLayout"},
    "data": {"b": {"__example__": null, "type": "string"}, "a": {"type": "number", "__example__": 0}},
    "success": false, "terminal": true, "refresh_on_back": false, "title": "", "id": "A", "sensitive": []
  }],
  "data_channel_uri": "https://example.com",
  "routing_model": {},
  "data_api_version": "3.0",
  "version": "2.1"
}`
	want := `{"version":"2.1","data_api_version":"3.0","routing_model":{},"data_channel_uri":"https://example.com",` +
		`"screens":[{"id":"A","title":"","terminal":true,"success":false,"refresh_on_back":false,"sensitive":[],` +
		`"data":{"a":{"type":"number","__example__":0},"b":{"type":"string","__example__":null}},` +
		`"layout":{"type":"SingleColumnLayout","children":[` +
		`{"type":"TextInput","name":"n","label":"","required":false,"max-chars":0,"visible":null},` +
		`{"type":"If","condition":"${form.n}","then":[]},` +
		`{"type":"Switch","value":"${form.n}","cases":{"a":[{"type":"TextHeading","text":"A"}],"b":[]}},` +
		`{"type":"Footer","label":"Done","on-click-action":{"name":"complete","next":null,"payload":{"x":1.50,"y":null}}}]}}],` +
		`"zz_extra":{"b":1,"a":[true,null]}}`
	flow, unknown, err := flowjson.Decode([]byte(src))
	require.NoError(t, err)
	require.Equal(t, []string{"/zz_extra"}, unknownPointers(unknown))
	out, err := json.Marshal(flow)
	require.NoError(t, err)
	require.Equal(t, want, string(out))

	// The same document built in Go has nothing spelled out, so its zero
	// values are left out.
	built := flowjson.Flow{Screens: []flowjson.Screen{{ID: "A", Layout: flowjson.SingleColumn(&flowjson.TextInput{Name: "n"})}}}
	out, err = json.Marshal(built)
	require.NoError(t, err)
	require.Equal(t, `{"screens":[{"id":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"n"}]}}]}`, string(out))
}

func TestEncodeEscaping(t *testing.T) {
	src := "{\"screens\":[{\"layout\":{\"children\":[{\"type\":\"TextBody\",\"text\":\"`${form.a} > 1 && ${form.b} < 2`\"}]}}],\"x\":\"<&>\"}"
	flow, _, err := flowjson.Decode([]byte(src))
	require.NoError(t, err)

	// The readable form keeps typed strings as they were; Extra is stored
	// escaped, which is what json.Marshal would write anyway.
	require.Equal(t, "{\"screens\":[{\"layout\":{\"children\":[{\"type\":\"TextBody\",\"text\":\"`${form.a} > 1 && ${form.b} < 2`\"}]}}],\"x\":\"\\u003c\\u0026\\u003e\"}",
		encodeReadable(t, flow))

	escaped, err := json.Marshal(flow)
	require.NoError(t, err)
	require.Contains(t, string(escaped), `\u003e 1 \u0026\u0026`)
	again, _, err := flowjson.Decode(escaped)
	require.NoError(t, err)
	require.Equal(t, flow, again, "both forms decode to the same flow")
}

func TestExtraNeverOverridesAField(t *testing.T) {
	c := flowjson.TextInput{Name: "a", Extra: flowjson.Extra{
		"name": json.RawMessage(`"b"`), "type": json.RawMessage(`"X"`), "zeta": json.RawMessage(`1`), "alpha": nil,
	}}
	out, err := json.Marshal(c)
	require.NoError(t, err)
	require.Equal(t, `{"type":"TextInput","name":"a","alpha":null,"zeta":1}`, string(out))

	c.Extra = flowjson.Extra{"broken": json.RawMessage(`{`)}
	_, err = json.Marshal(c)
	require.ErrorContains(t, err, `"broken"`)
}

func TestUnknownComponent(t *testing.T) {
	tests := []struct {
		name, component, typ string
	}{
		{"unknown type", `{"type":"Text","z":1,"a":{"y":[1,2],"x":"<b>"}}`, "Text"},
		{"missing type", `{"text":"hi"}`, ""},
		{"type not a string", `{"type":7}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `{"screens":[{"layout":{"children":[` + tt.component + `]}}]}`
			flow, unknown, err := flowjson.Decode([]byte(src))
			require.NoError(t, err)
			require.Empty(t, unknown, "keys of an unknown component are not reported one by one")
			c, ok := flow.Screens[0].Layout.Children[0].(*flowjson.UnknownComponent)
			require.True(t, ok)
			require.Equal(t, tt.typ, c.ComponentType())
			out, err := json.Marshal(flow)
			require.NoError(t, err)
			require.JSONEq(t, src, string(out))
			require.Contains(t, string(out), tt.component[:len(tt.component)/2], "members keep their order")
		})
	}

	out, err := json.Marshal(&flowjson.UnknownComponent{Type: "Carousel"})
	require.NoError(t, err)
	require.Equal(t, `{"type":"Carousel"}`, string(out))
}

func TestComponentUnmarshalJSON(t *testing.T) {
	var in flowjson.TextInput
	require.NoError(t, json.Unmarshal([]byte(`{"type":"TextInput","name":"a","required":"${data.r}","hint":1}`), &in))
	require.Equal(t, "a", in.Name)
	require.Equal(t, flowjson.Expr("${data.r}"), in.Required)
	require.Equal(t, flowjson.Extra{"hint": json.RawMessage(`1`)}, in.Extra)

	var area flowjson.TextArea
	err := json.Unmarshal([]byte(`{"type":"TextInput","name":"a"}`), &area)
	require.ErrorContains(t, err, `expected a TextArea component, found type "TextInput"`)
	err = json.Unmarshal([]byte(`{"name":"a"}`), &area)
	require.ErrorContains(t, err, "found type (none)")

	// null leaves the value alone, as encoding/json does.
	require.NoError(t, json.Unmarshal([]byte(`null`), &in))
	require.Equal(t, "a", in.Name)
	screen := flowjson.Screen{ID: "A"}
	require.NoError(t, json.Unmarshal([]byte(` null `), &screen))
	require.Equal(t, "A", screen.ID)
}

func TestFlowHelpers(t *testing.T) {
	flow := &flowjson.Flow{
		RoutingModel: map[string][]string{"A": {"B"}, "B": {}},
		Screens:      []flowjson.Screen{{ID: "A"}, {ID: "B"}, {ID: "A", Title: "second A"}},
	}
	s, ok := flow.Screen("A")
	require.True(t, ok)
	require.Empty(t, s.Title, "the first screen of an id wins")
	s.Title = "edited"
	require.Equal(t, "edited", flow.Screens[0].Title, "Screen points into the flow")
	_, ok = flow.Screen("C")
	require.False(t, ok)

	require.Equal(t, []string{"B"}, flow.Routes("A"))
	require.Empty(t, flow.Routes("B"))
	require.Nil(t, flow.Routes("C"))

	require.False(t, flow.HasEndpoint())
	flow.DataAPIVersion = "3.0"
	require.True(t, flow.HasEndpoint())
}

func TestAllComponents(t *testing.T) {
	screen := flowjson.Screen{Layout: flowjson.SingleColumn(
		&flowjson.TextHeading{Text: "h"},
		&flowjson.Form{Name: "f", Children: []flowjson.Component{
			&flowjson.TextInput{Name: "a"},
			&flowjson.If{Condition: "${form.a}",
				Then: []flowjson.Component{&flowjson.TextBody{Text: flowjson.String("then")}},
				Else: []flowjson.Component{nil, &flowjson.Switch{Value: "${form.a}", Cases: map[string][]flowjson.Component{
					"z": {&flowjson.TextCaption{Text: flowjson.String("z")}},
					"b": {&flowjson.OptIn{Name: "b"}},
				}}},
			},
		}},
		&flowjson.Footer{Label: "go"},
	)}
	var types []string
	for c := range screen.Components() {
		types = append(types, c.ComponentType())
	}
	require.Equal(t, []string{"TextHeading", "Form", "TextInput", "If", "TextBody", "Switch", "OptIn", "TextCaption", "Footer"}, types)

	var first []string
	for c := range flowjson.AllComponents(screen.Layout.Children) {
		first = append(first, c.ComponentType())
		if len(first) == 3 {
			break
		}
	}
	require.Equal(t, []string{"TextHeading", "Form", "TextInput"}, first)
	require.Nil(t, flowjson.Nested(&flowjson.Footer{}))
}

func FuzzDecode(f *testing.F) {
	for _, name := range []string{"pywa-v4_0-switch.json", "pywa-v6_1-calendar-picker-range.json", "miimii-v7_2-login-placeholder.json"} {
		f.Add(readCorpusFlow(f, name))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		flow, unknown, err := flowjson.Decode(src)
		if err != nil {
			var de *flowjson.DecodeError
			require.ErrorAs(t, err, &de)
			return
		}
		require.True(t, slices.IsSortedFunc(unknown, func(a, b flowjson.UnknownKey) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
		}), "unknown keys come in document order")
		first, err := json.Marshal(flow)
		require.NoError(t, err)
		again, _, err := flowjson.Decode(first)
		require.NoError(t, err)
		require.Equal(t, flow, again)
		second, err := json.Marshal(again)
		require.NoError(t, err)
		require.Equal(t, string(first), string(second))
	})
}
