package flowjson

import (
	"strings"
	"testing"
)

func TestLimitRules(t *testing.T) {
	one := func(children ...string) string {
		return flowDoc("7.3", "", screenJSON("A", true, "", append(children, completeFooter)...))
	}
	runRuleCases(t, []ruleCase{
		{"min-chars below max-chars", one(`{"type":"TextInput","name":"n","label":"N","min-chars":2,"max-chars":5}`),
			CodeMinValueGreaterThanMax, noDiag, SeverityError},
		{"min-chars above max-chars", one(`{"type":"TextInput","name":"n","label":"N","min-chars":6,"max-chars":5}`),
			CodeMinValueGreaterThanMax, "/screens/0/layout/children/0/min-chars", SeverityError},
		{"dynamic max is skipped", one(`{"type":"TextInput","name":"n","label":"N","min-chars":6,"max-chars":"${data.max}"}`),
			CodeMinValueGreaterThanMax, noDiag, SeverityError},
		{"min-date after max-date", one(`{"type":"CalendarPicker","name":"d","label":"D","min-date":"2025-02-01","max-date":"2025-01-01"}`),
			CodeMinValueGreaterThanMax, "/screens/0/layout/children/0/min-date", SeverityError},
		{"timestamps in order", flowDoc("4.0", "", screenJSON("A", true, "",
			`{"type":"DatePicker","name":"d","label":"D","min-date":"900000000000","max-date":"1000000000000"}`, completeFooter)),
			CodeMinValueGreaterThanMax, noDiag, SeverityError},
		{"uploads within range", one(`{"type":"PhotoPicker","name":"p","label":"P","min-uploaded-photos":0,"max-uploaded-photos":30}`),
			CodeMaximumValueRequired, noDiag, SeverityError},
		{"too many uploads", one(`{"type":"PhotoPicker","name":"p","label":"P","max-uploaded-photos":31}`),
			CodeMaximumValueRequired, "/screens/0/layout/children/0/max-uploaded-photos", SeverityError},
		{"zero max uploads", one(`{"type":"DocumentPicker","name":"p","label":"P","max-uploaded-documents":0}`),
			CodeMinimumValueRequired, "/screens/0/layout/children/0/max-uploaded-documents", SeverityError},
		{"short heading", one(`{"type":"TextHeading","text":"Hello"}`), CodeCharacterLimit, noDiag, SeverityWarning},
		{"long heading", one(`{"type":"TextHeading","text":"` + strings.Repeat("é", 81) + `"}`),
			CodeCharacterLimit, "/screens/0/layout/children/0/text", SeverityWarning},
		{"long dynamic heading is skipped", flowDoc("7.3", "", screenJSON("A", true, `"data":{"t":{"type":"string","__example__":"x"}}`,
			`{"type":"TextHeading","text":"${data.t}"}`, completeFooter)), CodeCharacterLimit, noDiag, SeverityWarning},
		{"long markdown line", flowDoc("5.1", "", screenJSON("A", true, "",
			`{"type":"TextCaption","markdown":true,"text":["ok","`+strings.Repeat("a", 410)+`"]}`, completeFooter)),
			CodeCharacterLimit, "/screens/0/layout/children/0/text/1", SeverityWarning},
		{"long list item title", one(`{"type":"Dropdown","name":"d","label":"D","data-source":[{"id":"a","title":"` + strings.Repeat("a", 31) + `"}]}`),
			CodeCharacterLimit, "/screens/0/layout/children/0/data-source/0/title", SeverityWarning},
		{"long footer caption", flowDoc("7.3", "", screenJSON("A", true, "",
			`{"type":"Footer","label":"Go","center-caption":"`+strings.Repeat("a", 16)+`","on-click-action":{"name":"complete","payload":{}}}`)),
			CodeCharacterLimit, "/screens/0/layout/children/0/center-caption", SeverityWarning},
	})
}
