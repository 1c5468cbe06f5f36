package flowjson

import "testing"

func TestDataModelRules(t *testing.T) {
	with := func(data string) string {
		return flowDoc("7.3", "", screenJSON("A", true, `"data":`+data, completeFooter))
	}
	runRuleCases(t, []ruleCase{
		{"well-formed model", with(`{"items":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}}},"__example__":[{"id":"a","on-select-action":{}}]}}`),
			CodeInvalidScreenData, noDiag, SeverityError},
		{"field without type", with(`{"x":{"__example__":"a"}}`), CodeInvalidScreenData, "/screens/0/data/x", SeverityError},
		{"type not a string", with(`{"x":{"type":1,"__example__":"a"}}`), CodeInvalidScreenData, "/screens/0/data/x/type", SeverityError},
		{"array without items", with(`{"x":{"type":"array","__example__":[]}}`), CodeInvalidScreenData, "/screens/0/data/x", SeverityError},
		{"items not an object", with(`{"x":{"type":"array","items":"string","__example__":[]}}`),
			CodeInvalidScreenData, "/screens/0/data/x/items", SeverityError},
		{"nested property without type", with(`{"x":{"type":"object","properties":{"y":{}},"__example__":{}}}`),
			CodeInvalidScreenData, "/screens/0/data/x/properties/y", SeverityError},
		{"nested example", with(`{"x":{"type":"object","properties":{"y":{"type":"string","__example__":"a"}},"__example__":{"y":"a"}}}`),
			CodeInvalidScreenData, "/screens/0/data/x/properties/y/__example__", SeverityError},
		{"example of the wrong type", with(`{"x":{"type":"boolean","__example__":"yes"}}`),
			CodeInvalidScreenData, "/screens/0/data/x/__example__", SeverityError},
		{"example item of the wrong type", with(`{"x":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}}},"__example__":[{"id":1}]}}`),
			CodeInvalidScreenData, "/screens/0/data/x/__example__", SeverityError},
		{"missing example", with(`{"x":{"type":"string"}}`), CodeInvalidScreenData, "/screens/0/data/x", SeverityError},
	})
}
