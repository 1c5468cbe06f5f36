package flowjson_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/flowjson"
)

// TestValueTypes decodes every literal-or-binding property in each of its
// forms, checks the Go value, and expects encoding to give the source back
// byte for byte.
func TestValueTypes(t *testing.T) {
	tests := []struct {
		name string
		src  string // one component, compact, members in encoding order
		get  func(flowjson.Component) any
		want any
	}{
		{"BoolOrExpr true", `{"type":"TextInput","name":"a","required":true}`,
			func(c flowjson.Component) any { return c.(*flowjson.TextInput).Required }, flowjson.Bool(true)},
		{"BoolOrExpr false", `{"type":"TextInput","name":"a","required":false}`,
			func(c flowjson.Component) any { return c.(*flowjson.TextInput).Required }, flowjson.Bool(false)},
		{"BoolOrExpr binding", `{"type":"TextInput","name":"a","required":"${data.required}"}`,
			func(c flowjson.Component) any { return c.(*flowjson.TextInput).Required }, flowjson.Expr("${data.required}")},
		{"BoolOrExpr expression", "{\"type\":\"TextHeading\",\"text\":\"h\",\"visible\":\"`${form.age} > 18`\"}",
			func(c flowjson.Component) any { return c.(*flowjson.TextHeading).Visible }, flowjson.Expr("`${form.age} > 18`")},
		{"IntOrExpr literal", `{"type":"TextInput","name":"a","min-chars":0,"max-chars":80}`,
			func(c flowjson.Component) any {
				in := c.(*flowjson.TextInput)
				return []flowjson.IntOrExpr{in.MinChars, in.MaxChars}
			}, []flowjson.IntOrExpr{flowjson.Int(0), flowjson.Int(80)}},
		{"IntOrExpr binding", `{"type":"TextInput","name":"a","max-chars":"${data.max}"}`,
			func(c flowjson.Component) any { return c.(*flowjson.TextInput).MaxChars }, flowjson.Expr("${data.max}")},
		{"IntOrExpr malformed string kept", `{"type":"TextInput","name":"a","max-chars":"Hundred"}`,
			func(c flowjson.Component) any { return c.(*flowjson.TextInput).MaxChars }, flowjson.Expr("Hundred")},
		{"NumberOrExpr literal", `{"type":"Image","src":"AA==","aspect-ratio":1.5}`,
			func(c flowjson.Component) any { return c.(*flowjson.Image).AspectRatio }, flowjson.Number(1.5)},
		{"NumberOrExpr binding", `{"type":"Image","src":"AA==","aspect-ratio":"${data.ratio}"}`,
			func(c flowjson.Component) any { return c.(*flowjson.Image).AspectRatio }, flowjson.Expr("${data.ratio}")},
		{"Text string", `{"type":"TextBody","text":"Hello"}`,
			func(c flowjson.Component) any { return c.(*flowjson.TextBody).Text }, flowjson.String("Hello")},
		{"Text lines", `{"type":"TextCaption","text":["# a","b"],"markdown":true}`,
			func(c flowjson.Component) any { return c.(*flowjson.TextCaption).Text }, flowjson.Strings{"# a", "b"}},
		{"Text one line stays an array", `{"type":"RichText","text":["only"]}`,
			func(c flowjson.Component) any { return c.(*flowjson.RichText).Text }, flowjson.Strings{"only"}},
		{"Text binding", `{"type":"RichText","text":"${data.md}"}`,
			func(c flowjson.Component) any { return c.(*flowjson.RichText).Text }, flowjson.String("${data.md}")},
		{"StringsOrExpr literal", `{"type":"DatePicker","name":"d","label":"D","unavailable-dates":["2024-01-01"]}`,
			func(c flowjson.Component) any { return c.(*flowjson.DatePicker).UnavailableDates }, flowjson.Strings{"2024-01-01"}},
		{"StringsOrExpr empty", `{"type":"CheckboxGroup","name":"c","init-value":[]}`,
			func(c flowjson.Component) any { return c.(*flowjson.CheckboxGroup).InitValue }, flowjson.Strings{}},
		{"StringsOrExpr binding", `{"type":"CalendarPicker","name":"c","include-days":"${data.days}"}`,
			func(c flowjson.Component) any { return c.(*flowjson.CalendarPicker).IncludeDays }, flowjson.Expr("${data.days}")},
		{"ItemsOrExpr literal", `{"type":"Dropdown","name":"d","label":"D","data-source":[{"id":"1","title":"One","enabled":false,"on-select-action":{"name":"update_data","payload":{"x":true}}}]}`,
			func(c flowjson.Component) any { return c.(*flowjson.Dropdown).DataSource },
			flowjson.Items{{ID: "1", Title: "One", Enabled: flowjson.Bool(false), OnSelectAction: flowjson.UpdateData(map[string]any{"x": true})}}},
		{"ItemsOrExpr binding", `{"type":"ChipsSelector","name":"c","label":"C","data-source":"${data.options}"}`,
			func(c flowjson.Component) any { return c.(*flowjson.ChipsSelector).DataSource }, flowjson.Expr("${data.options}")},
		{"NavigationItemsOrExpr literal", `{"type":"NavigationList","name":"n","list-items":[{"id":"a","main-content":{"title":"A"},"end":{"metadata":"m"},"tags":["t"]}]}`,
			func(c flowjson.Component) any { return c.(*flowjson.NavigationList).ListItems },
			flowjson.NavigationItems{{ID: "a", MainContent: &flowjson.NavigationContent{Title: "A"}, End: &flowjson.NavigationContent{Metadata: "m"}, Tags: flowjson.Strings{"t"}}}},
		{"NavigationItemsOrExpr binding", `{"type":"NavigationList","name":"n","list-items":"${data.items}"}`,
			func(c flowjson.Component) any { return c.(*flowjson.NavigationList).ListItems }, flowjson.Expr("${data.items}")},
		{"CarouselImagesOrExpr literal", `{"type":"ImageCarousel","images":[{"src":"AA==","alt-text":"a"}]}`,
			func(c flowjson.Component) any { return c.(*flowjson.ImageCarousel).Images },
			flowjson.CarouselImages{{Src: "AA==", AltText: "a"}}},
		{"CarouselImagesOrExpr binding", `{"type":"ImageCarousel","images":"${data.images}"}`,
			func(c flowjson.Component) any { return c.(*flowjson.ImageCarousel).Images }, flowjson.Expr("${data.images}")},
		{"ObjectOrExpr literal", `{"type":"Form","name":"f","init-values":{"age":30,"name":"Ada","ok":true,"tags":["x"]},"children":[]}`,
			func(c flowjson.Component) any { return c.(*flowjson.Form).InitValues },
			flowjson.Object{"age": json.Number("30"), "name": "Ada", "tags": []any{"x"}, "ok": true}},
		{"ObjectOrExpr binding", `{"type":"Form","name":"f","error-messages":"${data.errors}"}`,
			func(c flowjson.Component) any { return c.(*flowjson.Form).ErrorMessages }, flowjson.Expr("${data.errors}")},
		{"StringOrNumber string", `{"type":"TextInput","name":"a","init-value":"Ada"}`,
			func(c flowjson.Component) any { return c.(*flowjson.TextInput).InitValue }, flowjson.String("Ada")},
		{"StringOrNumber number", `{"type":"TextInput","name":"a","input-type":"number","init-value":42}`,
			func(c flowjson.Component) any { return c.(*flowjson.TextInput).InitValue }, flowjson.Number(42)},
		{"TextOrRange string", `{"type":"CalendarPicker","name":"c","label":"When"}`,
			func(c flowjson.Component) any { return c.(*flowjson.CalendarPicker).Label }, flowjson.String("When")},
		{"TextOrRange range", `{"type":"CalendarPicker","name":"c","label":{"start-date":"From","end-date":"To"},"mode":"range"}`,
			func(c flowjson.Component) any { return c.(*flowjson.CalendarPicker).Label }, flowjson.RangeText{Start: "From", End: "To"}},
		{"BoolOrRange bool", `{"type":"CalendarPicker","name":"c","required":true}`,
			func(c flowjson.Component) any { return c.(*flowjson.CalendarPicker).Required }, flowjson.Bool(true)},
		{"BoolOrRange binding", `{"type":"CalendarPicker","name":"c","required":"${data.req}"}`,
			func(c flowjson.Component) any { return c.(*flowjson.CalendarPicker).Required }, flowjson.Expr("${data.req}")},
		{"BoolOrRange range", `{"type":"CalendarPicker","name":"c","required":{"start-date":true,"end-date":"${data.end}"}}`,
			func(c flowjson.Component) any { return c.(*flowjson.CalendarPicker).Required },
			flowjson.RangeBool{Start: flowjson.Bool(true), End: flowjson.Expr("${data.end}")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `{"screens":[{"layout":{"children":[` + tt.src + `]}}]}`
			flow, unknown, err := flowjson.Decode([]byte(src))
			require.NoError(t, err)
			require.Empty(t, unknown)
			c := flow.Screens[0].Layout.Children[0]
			require.Equal(t, tt.want, tt.get(c))

			require.Equal(t, tt.src, encodeReadable(t, c))
		})
	}
}

// encodeReadable encodes v as a json.Encoder without HTML escaping does.
func encodeReadable(t *testing.T, v any) string {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(v))
	return strings.TrimSuffix(b.String(), "\n")
}

// TestValueTypesBuilt checks that values built in Go encode like decoded ones.
func TestValueTypesBuilt(t *testing.T) {
	tests := []struct {
		name string
		c    flowjson.Component
		want string
	}{
		{"literals", &flowjson.TextInput{Name: "a", Required: flowjson.Bool(false), MaxChars: flowjson.Int(0), InitValue: flowjson.Number(2.5)},
			`{"type":"TextInput","name":"a","required":false,"max-chars":0,"init-value":2.5}`},
		{"bindings", &flowjson.CheckboxGroup{Name: "c", DataSource: flowjson.Expr("${data.opts}"), Visible: flowjson.Expr("${data.show}")},
			`{"type":"CheckboxGroup","name":"c","data-source":"${data.opts}","visible":"${data.show}"}`},
		{"ranges", &flowjson.CalendarPicker{Name: "c", Mode: "range", Label: flowjson.RangeText{Start: "From", End: "To"},
			Required: flowjson.RangeBool{Start: flowjson.Bool(true)}},
			`{"type":"CalendarPicker","name":"c","label":{"start-date":"From","end-date":"To"},"mode":"range","required":{"start-date":true}}`},
		{"text lines", &flowjson.TextBody{Text: flowjson.Strings{"a", "b"}, Markdown: flowjson.Bool(true)},
			`{"type":"TextBody","text":["a","b"],"markdown":true}`},
		{"form", &flowjson.Form{Name: "f", InitValues: flowjson.Object{"a": "x"}, Children: []flowjson.Component{}},
			`{"type":"Form","name":"f","init-values":{"a":"x"},"children":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := json.Marshal(tt.c)
			require.NoError(t, err)
			require.Equal(t, tt.want, string(out))
		})
	}
}

// TestEveryComponentRoundTrips gives each component type every property it
// has and expects the same document back.
func TestEveryComponentRoundTrips(t *testing.T) {
	action := `{"name":"data_exchange","payload":{"k":"${form.a}"}}`
	components := []string{
		`{"type":"TextHeading","text":"t","visible":true}`,
		`{"type":"TextSubheading","text":"t","visible":true}`,
		`{"type":"TextBody","text":"t","font-weight":"bold","strikethrough":true,"markdown":false,"visible":true}`,
		`{"type":"TextCaption","text":["a"],"font-weight":"italic","strikethrough":false,"markdown":true,"visible":"${data.v}"}`,
		`{"type":"RichText","text":["# t"],"visible":true}`,
		`{"type":"TextInput","name":"a","label":"l","label-variant":"large","input-type":"text","pattern":"^a$","required":true,"min-chars":1,"max-chars":9,"helper-text":"h","enabled":true,"visible":true,"init-value":"i","error-message":"e"}`,
		`{"type":"TextArea","name":"a","label":"l","label-variant":"large","required":true,"max-length":600,"helper-text":"h","enabled":true,"visible":true,"init-value":"i","error-message":"e"}`,
		`{"type":"CheckboxGroup","name":"a","label":"l","description":"d","data-source":[{"id":"1","title":"t","description":"d","metadata":"m","enabled":true,"image":"AA==","alt-text":"a","color":"FF0000","on-select-action":` + action + `,"on-unselect-action":` + action + `}],"min-selected-items":1,"max-selected-items":2,"required":true,"enabled":true,"visible":true,"init-value":["1"],"error-message":"e","media-size":"large","on-select-action":` + action + `,"on-unselect-action":` + action + `}`,
		`{"type":"RadioButtonsGroup","name":"a","label":"l","description":"d","data-source":"${data.s}","required":true,"enabled":true,"visible":true,"init-value":"1","error-message":"e","media-size":"regular","on-select-action":` + action + `,"on-unselect-action":` + action + `}`,
		`{"type":"Dropdown","name":"a","label":"l","data-source":[{"id":"1","title":"t"}],"required":true,"enabled":true,"visible":true,"init-value":"1","error-message":"e","on-select-action":` + action + `,"on-unselect-action":` + action + `}`,
		`{"type":"ChipsSelector","name":"a","label":"l","description":"d","data-source":[{"id":"1","title":"t"}],"min-selected-items":1,"max-selected-items":2,"required":true,"enabled":true,"visible":true,"init-value":["1"],"error-message":"e","on-select-action":` + action + `,"on-unselect-action":` + action + `}`,
		`{"type":"DatePicker","name":"a","label":"l","min-date":"2024-01-01","max-date":"2024-12-31","unavailable-dates":["2024-02-02"],"helper-text":"h","required":true,"enabled":true,"visible":true,"init-value":"2024-03-03","error-message":"e","on-select-action":` + action + `}`,
		`{"type":"CalendarPicker","name":"a","title":"t","description":"d","label":{"start-date":"s","end-date":"e"},"mode":"range","min-date":"2024-01-01","max-date":"2024-12-31","unavailable-dates":["2024-02-02"],"include-days":["Mon"],"min-days":1,"max-days":5,"helper-text":{"start-date":"s","end-date":"e"},"required":{"start-date":true,"end-date":false},"enabled":true,"visible":true,"init-value":{"start-date":"2024-03-03","end-date":"2024-03-04"},"error-message":"e","on-select-action":` + action + `}`,
		`{"type":"OptIn","name":"a","label":"l","required":true,"visible":true,"init-value":false,"on-click-action":{"name":"open_url","url":"https://example.com"},"on-select-action":` + action + `,"on-unselect-action":` + action + `}`,
		`{"type":"EmbeddedLink","text":"t","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}},"visible":true}`,
		`{"type":"Footer","label":"l","left-caption":"a","center-caption":"b","right-caption":"c","enabled":"${data.ok}","on-click-action":{"name":"complete","payload":{}}}`,
		`{"type":"Image","src":"AA==","width":10,"height":20,"scale-type":"cover","aspect-ratio":0.5,"alt-text":"a","visible":true}`,
		`{"type":"ImageCarousel","images":[{"src":"AA==","alt-text":"a"}],"aspect-ratio":"16:9","scale-type":"cover","visible":true}`,
		`{"type":"PhotoPicker","name":"a","label":"l","description":"d","photo-source":"camera","max-file-size-kb":100,"min-uploaded-photos":0,"max-uploaded-photos":1,"enabled":true,"visible":true,"error-message":"e"}`,
		`{"type":"DocumentPicker","name":"a","label":"l","description":"d","max-file-size-kb":100,"min-uploaded-documents":0,"max-uploaded-documents":1,"allowed-mime-types":["application/pdf"],"enabled":true,"visible":true,"error-message":"e"}`,
		`{"type":"NavigationList","name":"a","label":"l","description":"d","list-items":[{"id":"1","main-content":{"title":"t","description":"d","metadata":"m"},"start":{"image":"AA==","alt-text":"a"},"end":{"title":"t","description":"d","metadata":"m"},"badge":"b","tags":["x"],"on-click-action":` + action + `}],"media-size":"regular","on-click-action":` + action + `}`,
		`{"type":"If","condition":"${form.a}","then":[{"type":"TextBody","text":"y"}],"else":[{"type":"TextBody","text":"n"}]}`,
		`{"type":"Switch","value":"${form.a}","cases":{"x":[{"type":"TextBody","text":"x"}]}}`,
		`{"type":"Form","name":"f","init-values":"${data.init}","error-messages":{"a":"e"},"children":[{"type":"TextInput","name":"a","label":"l"}]}`,
	}
	for _, src := range components {
		var c struct {
			Type string `json:"type"`
		}
		require.NoError(t, json.Unmarshal([]byte(src), &c))
		t.Run(c.Type, func(t *testing.T) {
			doc := `{"screens":[{"layout":{"children":[` + src + `]}}]}`
			flow, unknown, err := flowjson.Decode([]byte(doc))
			require.NoError(t, err)
			require.Empty(t, unknown, "every property is known")
			got := flow.Screens[0].Layout.Children[0]
			require.Equal(t, c.Type, got.ComponentType())
			_, unknownType := got.(*flowjson.UnknownComponent)
			require.False(t, unknownType)
			out, err := json.Marshal(got)
			require.NoError(t, err)
			require.Equal(t, src, string(out))
		})
	}
	require.Len(t, components, 24, "one per component type of the reference")
}
