package flowjson

import "testing"

func TestActionRules(t *testing.T) {
	target := `"data":{"name":{"type":"string","__example__":"a"}}`
	nav := func(payload string, extra ...string) string {
		return flowDoc("7.3", "", screenJSON("A", false, "", append(extra, navigateFooter("B", payload))...),
			screenJSON("B", true, target, completeFooter))
	}
	age := `{"type":"TextInput","name":"age","label":"Age","input-type":"number"}`
	photo := func(max string) string {
		return `{"type":"PhotoPicker","name":"photo","label":"Photo"` + max + `}`
	}
	complete := func(payload string) string {
		return `{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":` + payload + `}}`
	}
	exchange := func(payload string) string {
		return `{"type":"Footer","label":"Send","on-click-action":{"name":"data_exchange","payload":` + payload + `}}`
	}
	endpoint := `"data_api_version":"3.0","routing_model":{"A":[]}`
	const footer = "/screens/0/layout/children/0/on-click-action"
	const footer1 = "/screens/0/layout/children/1/on-click-action"
	update := func(payload string) string {
		return flowDoc("7.3", "", screenJSON("A", true, `"data":{"on":{"type":"boolean","__example__":true}}`,
			`{"type":"OptIn","name":"ok","label":"OK","on-select-action":{"name":"update_data","payload":`+payload+`}}`, completeFooter))
	}
	runRuleCases(t, []ruleCase{
		{"complete on terminal", flowDoc("7.3", "", screenJSON("A", true, "", completeFooter)), CodeInvalidCompleteAction, noDiag, SeverityError},
		{"complete on non-terminal", flowDoc("7.3", "", screenJSON("A", false, "", completeFooter), screenJSON("B", true, "", completeFooter)),
			CodeInvalidCompleteAction, footer + "/name", SeverityError},
		{"navigate to a screen", nav(`{"name":"x"}`), CodeInvalidNavigateNextScreen, noDiag, SeverityError},
		{"navigate to an unknown screen", flowDoc("7.3", "", screenJSON("A", true, "", navigateFooter("Z", "{}"))),
			CodeInvalidNavigateNextScreen, footer + "/next/name", SeverityError},
		{"navigate to the same screen", flowDoc("7.3", "", screenJSON("A", true, "", navigateFooter("A", "{}"))),
			CodeInvalidNavigateNextScreen, footer + "/next/name", SeverityError},
		{"payload matches the model", nav(`{"name":"x"}`), CodeInvalidNavigateActionPayload, noDiag, SeverityError},
		{"payload key not declared", nav(`{"name":"x","extra":"y"}`), CodeInvalidNavigateActionPayload, footer + "/payload/extra", SeverityError},
		{"declared key not supplied", nav(`{}`), CodeInvalidNavigateActionPayload, footer + "/payload", SeverityError},
		{"declared key not supplied in an endpoint flow", flowDoc("7.3", `"data_api_version":"3.0","routing_model":{"A":["B"]}`,
			screenJSON("A", false, "", navigateFooter("B", "{}")), screenJSON("B", true, target, completeFooter)),
			CodeInvalidNavigateActionPayload, footer + "/payload", SeverityWarning},
		{"number into a string field", nav(`{"name":"${form.age}"}`, age),
			CodeInvalidNavigateActionPayload, footer1 + "/payload/name", SeverityError},
		{"target without data model", flowDoc("7.3", "", screenJSON("A", false, "", navigateFooter("B", `{"x":1}`)),
			screenJSON("B", true, "", completeFooter)), CodeInvalidNavigateActionPayload, footer + "/payload", SeverityError},
		{"missing form in payload", nav(`{"name":"${form.nope}"}`), CodeInvalidOnClickActionPayload, footer + "/payload/name", SeverityError},
		{"picker in navigate payload", flowDoc("7.3", "", screenJSON("A", false, "", photo(""), navigateFooter("B", `{"p":"${form.photo}"}`)),
			screenJSON("B", true, `"data":{"p":{"type":"array","items":{"type":"object"},"__example__":[]}}`, completeFooter)),
			CodeInvalidOnClickActionPayload, footer1 + "/payload/p", SeverityError},
		{"single-photo picker in complete", flowDoc("7.3", "", screenJSON("A", true, "", photo(`,"max-uploaded-photos":1`), complete(`{"p":"${form.photo}"}`))),
			CodeInvalidOnClickActionPayload, noDiag, SeverityError},
		{"picker with default max in complete", flowDoc("7.3", "", screenJSON("A", true, "", photo(""), complete(`{"p":"${form.photo}"}`))),
			CodeInvalidOnClickActionPayload, footer1 + "/payload/p", SeverityError},
		{"picker nested in data_exchange", flowDoc("7.3", endpoint, screenJSON("A", true, "", photo(""), exchange(`{"p":["${form.photo}"]}`))),
			CodeInvalidOnClickActionPayload, footer1 + "/payload/p/0", SeverityError},
		{"envelope key in data_exchange", flowDoc("7.3", endpoint, screenJSON("A", true, "", exchange(`{"screen":"x"}`))),
			CodeInvalidPropertyValue, footer + "/payload/screen", SeverityWarning},
		{"missing navigate payload", flowDoc("7.3", "", screenJSON("A", false, "",
			`{"type":"Footer","label":"Go","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"}}}`),
			screenJSON("B", true, "", completeFooter)), CodeMissingRequiredProperty, footer, SeverityWarning},
		{"nested expression variable in 7.2", flowDoc("7.2", "", screenJSON("A", true, "", complete(`{"x":"`+"`'a' ${data.nope}`"+`"}`))),
			CodeInvalidActionPayloadProperty, footer + "/payload/x", SeverityError},
		{"nested expression variable in 7.1", flowDoc("7.1", "", screenJSON("A", true, "", complete(`{"x":"`+"`'a' ${data.nope}`"+`"}`))),
			CodeInvalidActionPayloadProperty, noDiag, SeverityError},
		{"update_data of a declared field", update(`{"on":false}`), CodeInvalidActionPayloadProperty, noDiag, SeverityError},
		{"update_data of an unknown field", update(`{"off":false}`),
			CodeInvalidActionPayloadProperty, "/screens/0/layout/children/0/on-select-action/payload/off", SeverityError},
		{"update_data of the wrong type", update(`{"on":"no"}`),
			CodeInvalidActionPayloadProperty, "/screens/0/layout/children/0/on-select-action/payload/on", SeverityError},
		{"open_url with url", flowDoc("7.3", "", screenJSON("A", true, "",
			`{"type":"EmbeddedLink","text":"More","on-click-action":{"name":"open_url","url":"https://example.com"}}`, completeFooter)),
			CodeInvalidPropertyKey, noDiag, SeverityError},
		{"open_url with payload", flowDoc("7.3", "", screenJSON("A", true, "",
			`{"type":"EmbeddedLink","text":"More","on-click-action":{"name":"open_url","url":"https://example.com","payload":{}}}`, completeFooter)),
			CodeInvalidPropertyKey, footer + "/payload", SeverityError},
		{"open_url without url", flowDoc("7.3", "", screenJSON("A", true, "",
			`{"type":"EmbeddedLink","text":"More","on-click-action":{"name":"open_url"}}`, completeFooter)),
			CodeMissingRequiredProperty, footer, SeverityError},
	})
}
