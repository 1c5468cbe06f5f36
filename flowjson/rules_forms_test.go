package flowjson

import (
	"strings"
	"testing"
)

func TestFormRules(t *testing.T) {
	form := func(extra string, children ...string) string {
		s := `{"type":"Form","name":"f",` + withComma(extra) + `"children":[`
		for i, c := range children {
			if i > 0 {
				s += ","
			}
			s += c
		}
		return s + "]}"
	}
	photo := `{"type":"PhotoPicker","name":"photo","label":"Photo"}`
	optIn := `{"type":"OptIn","name":"ok","label":"OK"}`
	number := `{"type":"TextInput","name":"age","label":"Age","input-type":"number"}`
	one := func(version string, children ...string) string {
		return flowDoc(version, "", screenJSON("A", true, "", children...))
	}
	ifBoth := `{"type":"If","condition":"${form.ok}","then":[` + textInput("n") + `],"else":[` + textInput("n") + `]}`
	runRuleCases(t, []ruleCase{
		{"one Form", one("7.3", form("", textInput("n"), completeFooter)), CodeMaxComponentsPerScreen, noDiag, SeverityWarning},
		{"two Forms", one("7.3", form("", textInput("n")), strings.Replace(form("", textInput("m"), completeFooter), `"f"`, `"g"`, 1)),
			CodeMaxComponentsPerScreen, "/screens/0/layout/children/1", SeverityWarning},
		{"input inside Form before 4.0", one("3.1", form("", textInput("n"), completeFooter)), CodeKeywordOneOf, noDiag, SeverityError},
		{"input outside Form before 4.0", one("3.1", textInput("n"), completeFooter),
			CodeKeywordOneOf, "/screens/0/layout/children/0", SeverityError},
		{"no Form in 4.0", one("4.0", textInput("n"), completeFooter), CodeComponentsOutsideForm, noDiag, SeverityError},
		{"input beside a Form in 4.0", one("4.0", textInput("n"), form("", textInput("m"), completeFooter)),
			CodeComponentsOutsideForm, "/screens/0/layout/children/0", SeverityError},
		{"unique names", one("7.3", textInput("a"), textInput("b"), completeFooter), CodeDuplicateFormComponentNames, noDiag, SeverityError},
		{"same name in If and else", one("7.3", optIn, ifBoth, completeFooter),
			CodeDuplicateFormComponentNames, "/screens/0/layout/children/1/else/0/name", SeverityError},
		{"blank name before 4.0", one("3.1", form("", textInput(" "), completeFooter)), CodePatternMismatch, noDiag, SeverityError},
		{"blank name from 4.0", one("4.0", textInput(" "), completeFooter), CodePatternMismatch, "/screens/0/layout/children/0/name", SeverityError},
		{"init-values of an input", one("7.3", form(`"init-values":{"n":"x"}`, textInput("n"), completeFooter)),
			CodeInvalidPropertyValue, noDiag, SeverityError},
		{"init-values of an unknown input", one("7.3", form(`"init-values":{"m":"x"}`, textInput("n"), completeFooter)),
			CodeInvalidPropertyValue, "/screens/0/layout/children/0/init-values/m", SeverityError},
		{"init-values of a picker", one("7.3", form(`"init-values":{"photo":"x"}`, photo, completeFooter)),
			CodeNativeComponentInInitValues, "/screens/0/layout/children/0/init-values/photo", SeverityError},
		{"error-messages of an unknown input", one("7.3", form(`"error-messages":{"m":"bad"}`, textInput("n"), completeFooter)),
			CodeInvalidPropertyValue, "/screens/0/layout/children/0/error-messages/m", SeverityError},
		{"numeric init value in 7.0", one("7.0", form(`"init-values":{"age":30}`, number, completeFooter)),
			CodeInvalidPropertyType, noDiag, SeverityError},
		{"text init value of numeric input in 7.0", one("7.0", form(`"init-values":{"age":"thirty"}`, number, completeFooter)),
			CodeInvalidPropertyType, "/screens/0/layout/children/0/init-values/age", SeverityError},
		{"text init value of numeric input in 6.3", one("6.3", form(`"init-values":{"age":"thirty"}`, number, completeFooter)),
			CodeInvalidPropertyType, noDiag, SeverityError},
		{"string init value of OptIn in 7.0", one("7.0", form(`"init-values":{"ok":"yes"}`, optIn, completeFooter)),
			CodeInvalidPropertyType, "/screens/0/layout/children/0/init-values/ok", SeverityError},
		{"non-string error message in 7.0", one("7.0", form(`"error-messages":{"ok":1}`, optIn, completeFooter)),
			CodeInvalidPropertyType, "/screens/0/layout/children/0/error-messages/ok", SeverityError},
		{"init-value outside a Form", one("7.3", `{"type":"TextInput","name":"n","label":"N","init-value":"x"}`, completeFooter),
			CodeInvalidPropertyKey, noDiag, SeverityError},
		{"init-value inside a Form", one("7.3", form("", `{"type":"TextInput","name":"n","label":"N","init-value":"x"}`, completeFooter)),
			CodeInvalidPropertyKey, "/screens/0/layout/children/0/children/0/init-value", SeverityError},
		{"text init-value of a numeric input", one("7.3", `{"type":"TextInput","name":"n","label":"N","input-type":"number","init-value":"x"}`, completeFooter),
			CodeInvalidPropertyType, "/screens/0/layout/children/0/init-value", SeverityError},
	})
}
