package flowjson

import "testing"

func TestFooterRules(t *testing.T) {
	ifWith := func(then, els string) string {
		s := `{"type":"If","condition":"${form.ok}","then":[` + then + `]`
		if els != "" {
			s += `,"else":[` + els + `]`
		}
		return s + "}"
	}
	optIn := `{"type":"OptIn","name":"ok","label":"OK"}`
	one := func(children ...string) string {
		return flowDoc("7.3", "", screenJSON("A", true, "", append([]string{optIn}, children...)...))
	}
	switchWith := func(a, b string) string {
		return `{"type":"Switch","value":"${form.ok}","cases":{"yes":[` + a + `],"no":[` + b + `]}}`
	}
	body := textBody("x")
	runRuleCases(t, []ruleCase{
		{"one footer", one(completeFooter), CodeMaxFooterPerScreen, noDiag, SeverityError},
		{"two footers", one(completeFooter, completeFooter), CodeMaxFooterPerScreen, "/screens/0/layout/children/2", SeverityError},
		{"footer in both branches", one(ifWith(completeFooter, completeFooter)), CodeMissingFooterInIfElse, noDiag, SeverityError},
		{"footer in then without else", one(ifWith(completeFooter, "")), CodeMissingFooterInIfElse, "/screens/0/layout/children/1", SeverityError},
		{"footer in then only", one(ifWith(completeFooter, body)), CodeMissingFooterInIfElse, "/screens/0/layout/children/1/else", SeverityError},
		{"footer in else only", one(ifWith(body, completeFooter)), CodeMissingFooterInIfElse, "/screens/0/layout/children/1/then", SeverityError},
		{"footer in if and outside", one(ifWith(completeFooter, completeFooter), completeFooter),
			CodeMoreThanOneFooter, "/screens/0/layout/children/1/then/0", SeverityError},
		{"footer in every case", one(switchWith(completeFooter, completeFooter)), CodeMissingFooterInSwitch, noDiag, SeverityError},
		{"footer missing in a case", one(switchWith(completeFooter, body)),
			CodeMissingFooterInSwitch, "/screens/0/layout/children/1/cases/no", SeverityError},
		{"footer in nested if", one(ifWith(ifWith(completeFooter, completeFooter), ifWith(completeFooter, completeFooter))),
			CodeInvalidPropertyValue, "/screens/0/layout/children/1/then/0/then/0", SeverityError},
		{"terminal with footer", one(completeFooter), CodeMissingFooterOnTerminal, noDiag, SeverityError},
		{"terminal without footer", one(body), CodeMissingFooterOnTerminal, "/screens/0/terminal", SeverityError},
	})
}
