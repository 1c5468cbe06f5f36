package flowjson

import (
	"fmt"
	"strings"
	"testing"
)

func TestScreenRules(t *testing.T) {
	many := make([]string, 0, maxScreens+1)
	for i := range maxScreens + 1 {
		many = append(many, screenJSON("S_"+strings.Repeat("A", i+1), true, "", completeFooter))
	}
	sensitive := func(names string) string {
		return flowDoc("5.1", "", screenJSON("A", true, fmt.Sprintf(`"sensitive":[%s]`, names), textInput("pin"), completeFooter))
	}
	runRuleCases(t, []ruleCase{
		{"100 screens", flowDoc("7.3", "", many[:maxScreens]...), CodeMaxScreensNumber, noDiag, SeverityError},
		{"101 screens", flowDoc("7.3", "", many...), CodeMaxScreensNumber, "/screens", SeverityError},
		{"unique ids", flowDoc("7.3", "", screenJSON("A", true, "", completeFooter), screenJSON("B", true, "", completeFooter)),
			CodeDuplicateScreenIDs, noDiag, SeverityError},
		{"duplicate id", flowDoc("7.3", "", screenJSON("A", true, "", completeFooter), screenJSON("A", true, "", completeFooter)),
			CodeDuplicateScreenIDs, "/screens/1/id", SeverityError},
		{"SUCCESS_SCREEN is fine", flowDoc("7.3", "", screenJSON("SUCCESS_SCREEN", true, "", completeFooter)),
			CodeScreenIDIsReservedKeyword, noDiag, SeverityError},
		{"reserved SUCCESS", flowDoc("7.3", "", screenJSON("SUCCESS", true, "", completeFooter)),
			CodeScreenIDIsReservedKeyword, "/screens/0/id", SeverityError},
		{"reserved success in lower case", flowDoc("7.3", "", screenJSON("success", true, "", completeFooter)),
			CodeScreenIDIsReservedKeyword, "/screens/0/id", SeverityError},
		{"success on terminal", flowDoc("7.3", "", screenJSON("A", true, `"success":true`, completeFooter)),
			CodeNotKeywordSchemaValidation, noDiag, SeverityError},
		{"success on non-terminal", flowDoc("7.3", "",
			screenJSON("A", false, `"success":true`, navigateFooter("B", "{}")), screenJSON("B", true, "", completeFooter)),
			CodeNotKeywordSchemaValidation, "/screens/0/success", SeverityError},
		{"terminal screen present", flowDoc("7.3", "", screenJSON("A", true, "", completeFooter)),
			CodeMissingTerminalScreen, noDiag, SeverityError},
		{"no terminal screen", flowDoc("7.3", "", screenJSON("A", false, "", textBody("hi"))),
			CodeMissingTerminalScreen, "/screens", SeverityError},
		{"one successful terminal", flowDoc("7.3", "",
			screenJSON("A", true, `"success":false`, completeFooter), screenJSON("B", true, "", completeFooter)),
			CodeInvalidPropertyValue, noDiag, SeverityError},
		{"every terminal fails", flowDoc("7.3", "", screenJSON("A", true, `"success":false`, completeFooter)),
			CodeInvalidPropertyValue, "/screens/0/success", SeverityError},
		{"sensitive names an input", sensitive(`"pin"`), CodeInvalidPropertyValue, noDiag, SeverityError},
		{"sensitive names nothing", sensitive(`"pin","card"`), CodeInvalidPropertyValue, "/screens/0/sensitive/1", SeverityError},
	})
}
