package flowjson

import "testing"

func TestReferenceRules(t *testing.T) {
	data := `"data":{"name":{"type":"string","__example__":"a"},"on":{"type":"boolean","__example__":true},` +
		`"n":{"type":"number","__example__":1},"addr":{"type":"object","properties":{"city":{"type":"string"}},"__example__":{"city":"x"}},` +
		`"list":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}}},"__example__":[]}}`
	one := func(version string, children ...string) string {
		return flowDoc(version, "", screenJSON("A", true, data, append(children, completeFooter)...))
	}
	text := func(v string) string { return `{"type":"TextBody","text":"` + v + `"}` }
	visible := func(v string) string { return `{"type":"TextBody","text":"x","visible":"` + v + `"}` }
	cond := func(c string) string {
		return `{"type":"If","condition":"` + c + `","then":[` + textBody("x") + `]}`
	}
	optIn := `{"type":"OptIn","name":"ok","label":"OK"}`
	two := func(version string, second string) string {
		return flowDoc(version, "", screenJSON("A", false, data, optIn, navigateFooter("B", "{}")),
			screenJSON("B", true, "", second, completeFooter))
	}
	const c0 = "/screens/0/layout/children/0"
	runRuleCases(t, []ruleCase{
		{"declared data", one("7.3", text("${data.name}")), CodeInvalidScreenDynamicData, noDiag, SeverityError},
		{"undeclared data", one("7.3", text("${data.nope}")), CodeInvalidScreenDynamicData, c0 + "/text", SeverityError},
		{"object property", one("7.3", text("${data.addr.city}")), CodeInvalidScreenDynamicData, noDiag, SeverityError},
		{"missing object property", one("7.3", text("${data.addr.zip}")), CodeInvalidScreenDynamicData, c0 + "/text", SeverityError},
		{"array item property", one("7.3", text("${data.list.id}")), CodeInvalidScreenDynamicData, c0 + "/text", SeverityError},
		{"boolean for visible", one("7.3", visible("${data.on}")), CodeInvalidScreenDynamicData, noDiag, SeverityError},
		{"string for visible", one("7.3", visible("${data.name}")), CodeInvalidScreenDynamicData, c0 + "/visible", SeverityError},
		{"number for data-source", one("7.3", `{"type":"Dropdown","name":"d","label":"D","data-source":"${data.n}"}`),
			CodeInvalidScreenDynamicData, c0 + "/data-source", SeverityError},
		{"form reference", one("7.3", optIn, visible("${form.ok}")), CodeInvalidPropertyValue, noDiag, SeverityError},
		{"missing form reference", one("7.3", visible("${form.nope}")), CodeInvalidPropertyValue, c0 + "/visible", SeverityError},
		{"unknown root", one("7.3", text("${flow.x}")), CodeInvalidPropertyValue, c0 + "/text", SeverityError},
		{"literal mixed with reference", one("7.3", text("Hello ${data.name}")), CodeInvalidPropertyValue, c0 + "/text", SeverityError},
		{"screen title", flowDoc("7.3", "", screenJSON("A", true, `"title":"${data.title}"`, completeFooter)),
			CodeInvalidScreenDynamicData, "/screens/0/title", SeverityError},
		{"global form reference", two("7.3", text("${screen.A.form.ok}")), CodeInvalidScreenData, noDiag, SeverityError},
		{"global reference before 4.0", two("3.1", text("${screen.A.data.name}")),
			CodeInvalidScreenData, "/screens/1/layout/children/0/text", SeverityError},
		{"global reference to unknown screen", two("7.3", text("${screen.Z.data.name}")),
			CodeInvalidScreenData, "/screens/1/layout/children/0/text", SeverityError},
		{"global reference to current screen", two("7.3", text("${screen.B.data.name}")),
			CodeInvalidScreenData, "/screens/1/layout/children/0/text", SeverityError},
		{"global reference without form or data", two("7.3", text("${screen.A.name}")),
			CodeInvalidScreenData, "/screens/1/layout/children/0/text", SeverityError},
		{"global reference to missing field", two("7.3", text("${screen.A.data.nope}")),
			CodeInvalidScreenData, "/screens/1/layout/children/0/text", SeverityError},
		{"nested expression in 6.0", one("6.0", text("`'Hi ' ${data.name}`")), CodeInvalidPropertyValue, noDiag, SeverityError},
		{"nested expression in 5.1", one("5.1", text("`'Hi ' ${data.name}`")), CodeInvalidPropertyValue, c0 + "/text", SeverityError},
		{"nested expression syntax error", one("7.3", text("`'Hi ' (${data.name}`")), CodeInvalidPropertyValue, c0 + "/text", SeverityError},
		{"nested expression with missing data", one("7.3", text("`'Hi ' ${data.nope}`")), CodeInvalidScreenDynamicData, c0 + "/text", SeverityError},
		{"nested expression for visible", one("7.3", visible("`${data.n} > 1`")), CodeInvalidPropertyValue, noDiag, SeverityError},
		{"string expression for visible", one("7.3", visible("`'a' ${data.n}`")), CodeInvalidPropertyValue, c0 + "/visible", SeverityError},
		{"math on a string", one("7.3", text("`${data.name} * 2`")), CodeInvalidPropertyValue, c0 + "/text", SeverityError},
		{"boolean condition", one("7.3", cond("${data.on} && (${data.n} > 2)")), CodeInvalidPropertyValue, noDiag, SeverityError},
		{"blank condition", one("7.3", cond(" ")), CodeInvalidPropertyValue, c0 + "/condition", SeverityError},
		{"literal condition", one("7.3", cond("true")), CodeInvalidPropertyValue, c0 + "/condition", SeverityError},
		{"literals on both sides", one("7.3", cond("${data.on} && (573 == 376)")), CodeInvalidPropertyValue, c0 + "/condition", SeverityError},
		{"string condition", one("7.3", cond("${data.name}")), CodeInvalidPropertyValue, c0 + "/condition", SeverityError},
		{"mismatched equality", one("7.3", cond("${data.name} == 1")), CodeInvalidPropertyValue, c0 + "/condition", SeverityError},
		{"concatenation in a condition", one("7.3", cond("${data.on} ${data.on}")), CodeInvalidPropertyValue, c0 + "/condition", SeverityError},
		{"backticks in a condition", one("7.3", cond("`${data.on}`")), CodeInvalidPropertyValue, c0 + "/condition", SeverityError},
		{"condition with missing data", one("7.3", cond("${data.nope}")), CodeInvalidScreenDynamicData, c0 + "/condition", SeverityError},
		{"switch on a reference", one("7.3", `{"type":"Switch","value":"${data.name}","cases":{"a":[`+textBody("x")+`]}}`),
			CodeInvalidPropertyValue, noDiag, SeverityError},
		{"switch on a literal", one("7.3", `{"type":"Switch","value":"name","cases":{"a":[`+textBody("x")+`]}}`),
			CodeInvalidPropertyValue, c0 + "/value", SeverityError},
		{"init-values from an object", one("7.3", `{"type":"Form","name":"f","init-values":"${data.addr}","children":[`+textInput("city")+`]}`),
			CodeInvalidScreenDynamicData, noDiag, SeverityError},
		{"init-values from a string", one("7.3", `{"type":"Form","name":"f","init-values":"${data.name}","children":[`+textInput("city")+`]}`),
			CodeInvalidScreenDynamicData, c0 + "/init-values", SeverityError},
	})
}
