package flowjson

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// gatingSnippet is a minimal flow using one feature of the version matrix.
// Normal features make the flow valid inside [First, Last] and invalid
// outside; inverted ones are restrictions, so the snippet breaks the rule
// and is invalid inside the range.
type gatingSnippet struct {
	top      string // extra top-level members, each followed by a comma
	data     string // data model of the generated screen
	screen   string // extra members of the generated screen, each followed by a comma
	children string // components before the Footer, each followed by a comma
	form     bool   // wrap the children and the Footer in a Form
	screens  string // replaces the generated screens entirely
	inverted bool
	// invalidBefore: an inverted snippet that also needs a feature starting
	// at First, so the version before is invalid too.
	invalidBefore bool
	// warns: the gate is a warning, so any warning but the frozen-version
	// note counts as a failure.
	warns bool
}

const gatingFooter = `{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}`

func (s gatingSnippet) flow(v Version) []byte {
	screens := s.screens
	if screens == "" {
		body := s.children + gatingFooter
		if s.form {
			body = `{"type":"Form","name":"form","children":[` + body + `]}`
		}
		data := ""
		if s.data != "" {
			data = `"data":` + s.data + `,`
		}
		screens = `[{"id":"ONLY","title":"Gate","terminal":true,` + data + s.screen +
			`"layout":{"type":"SingleColumnLayout","children":[` + body + `]}}]`
	}
	return []byte(`{"version":"` + v.String() + `",` + s.top + `"screens":` + screens + `}`)
}

func (s gatingSnippet) passes(r Result) bool {
	for _, d := range r.Diagnostics {
		if d.Severity == SeverityError || (s.warns && d.Code != CodeFrozenVersion) {
			return false
		}
	}
	return true
}

func gatingSnippets() map[Feature]gatingSnippet {
	radio := func(extra string) string {
		return `{"type":"RadioButtonsGroup","name":"choice","label":"Pick",` + extra +
			`"data-source":[{"id":"a","title":"A"},{"id":"b","title":"B"}]},`
	}
	listImage := strings.Repeat("A", base64Len(150*1024))
	twoScreens := func(first, second string) string {
		return `[{"id":"FIRST","title":"One","layout":{"type":"SingleColumnLayout","children":[` + first + `]}},` +
			`{"id":"SECOND","title":"Two","terminal":true,"layout":{"type":"SingleColumnLayout","children":[` + second + gatingFooter + `]}}]`
	}
	return map[Feature]gatingSnippet{
		FeatureDataChannelURI: {top: `"data_channel_uri":"https://example.com/flow",`},
		FeatureScreenSuccess:  {screen: `"success":true,`},
		FeatureScreenSensitive: {screen: `"sensitive":["pin"],`, form: true,
			children: `{"type":"TextInput","name":"pin","label":"PIN","input-type":"passcode"},`},
		FeaturePhotoPicker:    {children: `{"type":"PhotoPicker","name":"photo","label":"Photo"},`},
		FeatureDocumentPicker: {children: `{"type":"DocumentPicker","name":"doc","label":"Document"},`},
		FeatureIf: {data: `{"show":{"type":"boolean","__example__":true}}`,
			children: `{"type":"If","condition":"${data.show}","then":[{"type":"TextBody","text":"Shown"}]},`},
		FeatureSwitch: {data: `{"kind":{"type":"string","__example__":"a"}}`,
			children: `{"type":"Switch","value":"${data.kind}","cases":{"a":[{"type":"TextBody","text":"A"}]}},`},
		FeatureRichText: {screens: `[{"id":"ONLY","title":"Gate","terminal":true,"layout":{"type":"SingleColumnLayout","children":[` +
			`{"type":"EmbeddedLink","text":"Terms","on-click-action":{"name":"navigate","next":{"type":"screen","name":"TERMS"},"payload":{}}},` + gatingFooter + `]}},` +
			`{"id":"TERMS","title":"Terms","layout":{"type":"SingleColumnLayout","children":[{"type":"RichText","text":"# Terms"}]}}]`},
		FeatureCalendarPicker: {children: `{"type":"CalendarPicker","name":"day","label":"Day"},`},
		FeatureNavigationList: {screens: twoScreens(`{"type":"NavigationList","name":"menu","list-items":[{"id":"a","main-content":{"title":"A"},`+
			`"on-click-action":{"name":"navigate","next":{"type":"screen","name":"SECOND"},"payload":{}}}]}`, ``)},
		FeatureChipsSelector: {children: `{"type":"ChipsSelector","name":"tags","label":"Tags","data-source":[{"id":"a","title":"A"},{"id":"b","title":"B"}]},`},
		FeatureImageCarousel: {children: `{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"Logo"}]},`},
		FeatureUpdateData: {data: `{"picked":{"type":"string","__example__":"a"}}`,
			children: radio(`"on-select-action":{"name":"update_data","payload":{"picked":"${form.choice}"}},`)},
		FeatureOpenURL:           {children: `{"type":"EmbeddedLink","text":"Terms","on-click-action":{"name":"open_url","url":"https://example.com/terms"}},`},
		FeatureInputsRequireForm: {children: `{"type":"TextInput","name":"city","label":"City"},`, inverted: true},
		FeatureOptionalForm:      {children: `{"type":"TextInput","name":"city","label":"City","init-value":"Lisbon"},`},
		FeatureNonBlankNames:     {form: true, children: `{"type":"TextInput","name":" ","label":"City"},`, inverted: true},
		FeatureTypedFormInit: {screens: `[{"id":"ONLY","title":"Gate","terminal":true,"layout":{"type":"SingleColumnLayout","children":[` +
			`{"type":"Form","name":"form","init-values":{"agree":"yes"},"children":[{"type":"OptIn","name":"agree","label":"I agree"},` + gatingFooter + `]}]}}]`,
			inverted: true},
		FeatureOptionalGroupLabel: {form: true, children: `{"type":"RadioButtonsGroup","name":"choice","data-source":[{"id":"a","title":"A"}]},`},
		FeatureGroupDescription:   {form: true, children: radio(`"description":"One of them",`)},
		FeatureListItemMedia: {form: true, children: `{"type":"RadioButtonsGroup","name":"choice","label":"Pick",` +
			`"data-source":[{"id":"a","title":"A","image":"iVBORw0KGgo=","alt-text":"A logo"}]},`},
		FeatureListItemImage300KB: {form: true, children: `{"type":"RadioButtonsGroup","name":"choice","label":"Pick",` +
			`"data-source":[{"id":"a","title":"A","image":"` + listImage + `"}]},`},
		FeatureMarkdownText: {children: `{"type":"TextBody","markdown":true,"text":["**Hello**","- one"]},`},
		FeatureRichTextAlone: {screens: `[{"id":"ONLY","title":"Gate","terminal":true,"layout":{"type":"SingleColumnLayout","children":[` +
			`{"type":"RichText","text":"# Terms"},` + gatingFooter + `]}}]`, inverted: true, invalidBefore: true},
		FeatureOnUnselectAction: {data: `{"picked":{"type":"string","__example__":"a"}}`,
			children: `{"type":"CheckboxGroup","name":"many","label":"Pick","data-source":[{"id":"a","title":"A"}],` +
				`"on-unselect-action":{"name":"update_data","payload":{"picked":""}}},`},
		FeatureSelectUpdateData: {data: `{"picked":{"type":"string","__example__":"a"}}`,
			children: `{"type":"Dropdown","name":"one","label":"Pick","data-source":[{"id":"a","title":"A"}],` +
				`"on-select-action":{"name":"update_data","payload":{"picked":"${form.one}"}}},`},
		FeatureTextInputPattern: {children: `{"type":"TextInput","name":"code","label":"Code","pattern":"[0-9]+","helper-text":"Digits only"},`},
		FeatureLabelVariant:     {children: `{"type":"TextArea","name":"notes","label":"Notes","label-variant":"large"},`},
		FeatureChipsInConditionals: {data: `{"show":{"type":"boolean","__example__":true},"picked":{"type":"string","__example__":"a"}}`,
			children: `{"type":"If","condition":"${data.show}","then":[{"type":"ChipsSelector","name":"tags","label":"Tags",` +
				`"data-source":[{"id":"a","title":"A"},{"id":"b","title":"B"}],"on-unselect-action":{"name":"update_data","payload":{"picked":""}}}]},`},
		FeatureDateTimestamps:       {form: true, children: `{"type":"DatePicker","name":"day","label":"Day","min-date":"1704067200000"},`},
		FeatureDateISO:              {children: `{"type":"DatePicker","name":"day","label":"Day","min-date":"2024-01-01"},`},
		FeatureGlobalReferences:     {screens: twoScreens(`{"type":"Form","name":"form","children":[{"type":"TextInput","name":"city","label":"City"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"SECOND"},"payload":{}}}]}`, `{"type":"TextBody","text":"${screen.FIRST.form.city}"},`)},
		FeatureConditionExpressions: {data: `{"count":{"type":"number","__example__":2}}`, children: `{"type":"If","condition":"${data.count} > 1","then":[{"type":"TextBody","text":"Many"}]},`},
		FeatureNestedExpressions:    {data: `{"count":{"type":"number","__example__":2}}`, children: "{\"type\":\"TextBody\",\"text\":\"Many\",\"visible\":\"`${data.count} > 1`\"},"},
		FeatureActionExpressionCheck: {screens: `[{"id":"ONLY","title":"Gate","terminal":true,"data":{"count":{"type":"number","__example__":2}},"layout":{"type":"SingleColumnLayout","children":[` +
			"{\"type\":\"Footer\",\"label\":\"Done\",\"on-click-action\":{\"name\":\"complete\",\"payload\":{\"total\":\"`${data.missing} + 1`\"}}}]}}]",
			inverted: true},
		FeatureNonBlankStrings: {children: `{"type":"TextInput","name":"city","label":"City","helper-text":" "},`, inverted: true},
		FeatureStrictRouting: {top: `"data_api_version":"3.0","routing_model":{"FIRST":["SECOND"],"SECOND":["THIRD"]},`,
			screens: `[{"id":"FIRST","title":"One","layout":{"type":"SingleColumnLayout","children":[` + `{"type":"EmbeddedLink","text":"Skip","on-click-action":{"name":"navigate","next":{"type":"screen","name":"THIRD"},"payload":{}}},` +
				`{"type":"Footer","label":"Next","on-click-action":{"name":"data_exchange","payload":{}}}]}},` +
				`{"id":"SECOND","title":"Two","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next","on-click-action":{"name":"data_exchange","payload":{}}}]}},` +
				`{"id":"THIRD","title":"Three","terminal":true,"layout":{"type":"SingleColumnLayout","children":[` + gatingFooter + `]}}]`,
			inverted: true},
		FeatureFlowTokenSignature: {top: `"data_api_version":"4.0","routing_model":{"ONLY":[]},`, warns: true},
	}
}

// TestVersionGating proves every row of the version matrix both ways: a
// flow using the feature passes at First (and Last) and fails just outside.
func TestVersionGating(t *testing.T) {
	snippets := gatingSnippets()
	for _, fi := range Features() {
		t.Run(string(fi.Feature), func(t *testing.T) {
			s, ok := snippets[fi.Feature]
			require.True(t, ok, "feature %s has no snippet in gatingSnippets", fi.Feature)
			check := func(v Version, wantPass bool) {
				t.Helper()
				r := Validate(s.flow(v), Options{})
				require.Equal(t, wantPass, s.passes(r), "%s at %s (want pass=%v):\n%s", fi.Feature, v, wantPass, diagnosticLines(r.Diagnostics))
			}
			check(fi.First, !s.inverted)
			if prev, ok := versionBefore(fi.First); ok {
				check(prev, s.inverted && !s.invalidBefore)
			}
			if !fi.Open() {
				check(fi.Last, !s.inverted)
				if next, ok := versionAfter(fi.Last); ok {
					check(next, s.inverted)
				}
			}
		})
	}
	for f := range snippets {
		_, ok := LookupFeature(f)
		require.True(t, ok, "snippet for %s, which is not in the matrix", f)
	}
}

func versionBefore(v Version) (Version, bool) {
	var prev Version
	found := false
	for _, vi := range Versions() {
		if vi.Version.Compare(v) >= 0 {
			break
		}
		prev, found = vi.Version, true
	}
	return prev, found
}
