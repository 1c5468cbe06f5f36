package flowjson

import (
	"strings"
	"testing"
)

func TestPlacementRules(t *testing.T) {
	link := `{"type":"EmbeddedLink","text":"More","on-click-action":{"name":"open_url","url":"https://example.com"}}`
	image := `{"type":"Image","src":"AAAA"}`
	photo := `{"type":"PhotoPicker","name":"photo","label":"Photo"}`
	document := `{"type":"DocumentPicker","name":"doc","label":"Document"}`
	navList := `{"type":"NavigationList","name":"menu","list-items":[{"id":"a","main-content":{"title":"A"},"on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}`
	richText := `{"type":"RichText","text":"# Hello"}`
	carousel := `{"type":"ImageCarousel","images":[{"src":"AAAA","alt-text":"a"}]}`
	terminal := func(version string, children ...string) string {
		return flowDoc(version, "", screenJSON("A", true, "", children...))
	}
	withNext := func(children ...string) string {
		return flowDoc("7.3", "", screenJSON("A", false, "", children...), screenJSON("B", true, "", completeFooter))
	}
	ifOf := func(children ...string) string {
		return `{"type":"If","condition":"${data.on}","then":[` + strings.Join(children, ",") + `]}`
	}
	onData := `"data":{"on":{"type":"boolean","__example__":true}}`
	nested := ifOf(ifOf(ifOf(textBody("x"))))
	runRuleCases(t, []ruleCase{
		{"two links", terminal("7.3", link, link, completeFooter), CodeMaxEmbeddedLinkPerScreen, noDiag, SeverityError},
		{"three links", terminal("7.3", link, link, link, completeFooter),
			CodeMaxEmbeddedLinkPerScreen, "/screens/0/layout/children/2", SeverityError},
		{"four images", terminal("7.3", image, image, image, image, completeFooter),
			CodeMaxImagePerScreen, "/screens/0/layout/children/3", SeverityError},
		{"two photo pickers", terminal("7.3", photo, strings.Replace(photo, "photo", "photo2", 1), completeFooter),
			CodeMaxComponentsPerScreen, "/screens/0/layout/children/1", SeverityError},
		{"one picker of each kind", terminal("7.3", photo, document, completeFooter),
			CodeExclusiveComponent, "/screens/0/layout/children/1", SeverityError},
		{"navigation list alone", withNext(navList), CodeExclusiveComponent, noDiag, SeverityError},
		{"navigation list with text", withNext(navList, textBody("x")),
			CodeExclusiveComponent, "/screens/0/layout/children/1", SeverityError},
		{"navigation list on terminal", terminal("7.3", navList),
			CodeInvalidPropertyValue, "/screens/0/layout/children/0", SeverityError},
		{"rich text alone in 5.1", flowDoc("5.1", "", screenJSON("A", false, "", richText), screenJSON("B", true, "", completeFooter)),
			CodeExclusiveComponent, noDiag, SeverityError},
		{"rich text with footer in 6.2", terminal("6.2", richText, completeFooter),
			CodeExclusiveComponent, "/screens/0/layout/children/1", SeverityError},
		{"rich text with footer in 6.3", terminal("6.3", richText, completeFooter), CodeExclusiveComponent, noDiag, SeverityError},
		{"rich text with text in 6.3", terminal("6.3", richText, textBody("x"), completeFooter),
			CodeExclusiveComponent, "/screens/0/layout/children/1", SeverityError},
		{"fourth carousel in the flow", flowDoc("7.3", "",
			screenJSON("A", false, "", carousel, carousel, navigateFooter("B", "{}")),
			screenJSON("B", true, "", carousel, carousel, completeFooter)),
			CodeMaxComponentsPerScreen, "/screens/1/layout/children/1", SeverityError},
		{"text input inside If", flowDoc("7.3", "", screenJSON("A", true, onData, ifOf(textInput("n")), completeFooter)),
			CodeInvalidPropertyValue, noDiag, SeverityError},
		{"photo picker inside If", flowDoc("7.3", "", screenJSON("A", true, onData, ifOf(photo), completeFooter)),
			CodeInvalidPropertyValue, "/screens/0/layout/children/0/then/0", SeverityError},
		{"calendar picker inside If", flowDoc("7.3", "", screenJSON("A", true, onData,
			ifOf(`{"type":"CalendarPicker","name":"d","label":"Day"}`), completeFooter)),
			CodeInvalidPropertyValue, "/screens/0/layout/children/0/then/0", SeverityWarning},
		{"chips selector inside If in 7.0", flowDoc("7.0", "", screenJSON("A", true, onData,
			ifOf(`{"type":"ChipsSelector","name":"c","label":"C","data-source":[]}`), completeFooter)),
			CodeInvalidPropertyValue, "/screens/0/layout/children/0/then/0", SeverityError},
		{"chips selector inside If in 7.1", flowDoc("7.1", "", screenJSON("A", true, onData,
			ifOf(`{"type":"ChipsSelector","name":"c","label":"C","data-source":[]}`), completeFooter)),
			CodeInvalidPropertyValue, noDiag, SeverityError},
		{"If three deep", flowDoc("7.3", "", screenJSON("A", true, onData, nested, completeFooter)),
			CodeInvalidPropertyValue, noDiag, SeverityError},
		{"If four deep", flowDoc("7.3", "", screenJSON("A", true, onData, ifOf(nested), completeFooter)),
			CodeInvalidPropertyValue, "/screens/0/layout/children/0/then/0/then/0/then/0", SeverityError},
		{"If inside Switch", flowDoc("7.3", "", screenJSON("A", true, onData,
			`{"type":"Switch","value":"${data.on}","cases":{"a":[`+ifOf(textBody("x"))+`]}}`, completeFooter)),
			CodeInvalidPropertyValue, "/screens/0/layout/children/0/cases/a/0", SeverityError},
		{"too many components", terminal("7.3", append(strings.Split(strings.Repeat(textBody("x")+"\n", maxComponentsPerScreen), "\n")[:maxComponentsPerScreen], completeFooter)...),
			CodeMaxComponentsPerScreen, "/screens/0/layout/children", SeverityWarning},
	})
}
