package flowjson

import (
	"fmt"
	"strings"
	"testing"
)

func TestRoutingRules(t *testing.T) {
	exchange := `{"type":"Footer","label":"Send","on-click-action":{"name":"data_exchange","payload":{}}}`
	endpointFlow := func(version, model string, screens ...string) string {
		return flowDoc(version, `"data_api_version":"3.0","routing_model":`+model, screens...)
	}
	mid := func(id string) string { return screenJSON(id, false, "", exchange) }
	end := func(id string) string { return screenJSON(id, true, "", exchange) }
	var wide []string
	var targets []string
	for i := range maxBranches + 1 {
		id := "T_" + strings.Repeat("B", i+1)
		wide = append(wide, end(id))
		targets = append(targets, fmt.Sprintf("%q", id))
	}
	navigating := func(version string) string {
		return endpointFlow(version, `{"A":["C"],"B":[]}`,
			screenJSON("A", false, "", navigateFooter("B", "{}"), `{"type":"EmbeddedLink","text":"C","on-click-action":{"name":"navigate","next":{"type":"screen","name":"C"},"payload":{}}}`),
			end("B"), end("C"))
	}
	runRuleCases(t, []ruleCase{
		{"linear model", endpointFlow("7.3", `{"A":["B"]}`, mid("A"), end("B")), CodeInvalidRoutingModel, noDiag, SeverityError},
		{"unknown key", endpointFlow("7.3", `{"A":["B"],"Z":[]}`, mid("A"), end("B")),
			CodeInvalidRoutingModel, "/routing_model/Z", SeverityError},
		{"unknown target", endpointFlow("7.3", `{"A":["B","Z"]}`, mid("A"), end("B")),
			CodeInvalidRoutingModel, "/routing_model/A/1", SeverityError},
		{"self route", endpointFlow("7.3", `{"A":["A","B"]}`, mid("A"), end("B")),
			CodeInvalidRoutingModel, "/routing_model/A/0", SeverityError},
		{"screen missing from the model", endpointFlow("7.3", `{"A":["B"]}`, mid("A"), end("B"), end("C")),
			CodeInvalidRoutingModel, "/routing_model", SeverityError},
		{"backward route", endpointFlow("7.3", `{"A":["B"],"B":["A"]}`, mid("A"), end("B")),
			CodeInvalidRoutingModel, "/routing_model/B/0", SeverityError},
		{"three-screen loop", endpointFlow("7.3", `{"A":["B"],"B":["C"],"C":["A"]}`, mid("A"), mid("B"), end("C")),
			CodeInvalidRoutingModel, "/routing_model", SeverityError},
		{"too many branches", endpointFlow("7.3", `{"A":[`+strings.Join(targets, ",")+`]}`, append([]string{mid("A")}, wide...)...),
			CodeInvalidRoutingModel, "/routing_model/A", SeverityError},
		{"disconnected screens", endpointFlow("7.3", `{"A":["B"],"C":["D"]}`, mid("A"), end("B"), mid("C"), end("D")),
			CodeInvalidRoutingModel, "/routing_model", SeverityError},
		{"navigate along a route", endpointFlow("7.3", `{"A":["B"]}`, screenJSON("A", false, "", navigateFooter("B", "{}")), end("B")),
			CodeInvalidRoutingModel, noDiag, SeverityError},
		{"navigate without a route in 7.3", navigating("7.3"),
			CodeInvalidRoutingModel, "/screens/0/layout/children/0/on-click-action/next/name", SeverityError},
		{"navigate without a route in 7.2", navigating("7.2"),
			CodeInvalidRoutingModel, "/screens/0/layout/children/0/on-click-action/next/name", SeverityWarning},
		{"empty model", endpointFlow("7.3", `{}`, end("A")), CodeInvalidRoutingModel, "/routing_model", SeverityWarning},
		{"route ends at a non-terminal screen", endpointFlow("7.3", `{"A":["B","C"]}`, mid("A"), end("B"), mid("C")),
			CodeInvalidRoutingModel, "/routing_model", SeverityWarning},
		{"navigate chain without endpoint", flowDoc("7.3", "",
			screenJSON("A", false, "", navigateFooter("B", "{}")), screenJSON("B", true, "", completeFooter)),
			CodeInvalidRoutingModel, noDiag, SeverityError},
		{"unreachable screen without endpoint", flowDoc("7.3", "",
			screenJSON("A", true, "", completeFooter), screenJSON("B", true, "", completeFooter)),
			CodeInvalidRoutingModel, "/screens/1/id", SeverityError},
		{"no entry without endpoint", flowDoc("7.3", "",
			screenJSON("A", true, "", navigateFooter("B", "{}")), screenJSON("B", true, "", navigateFooter("A", "{}"))),
			CodeInvalidRoutingModel, "/screens", SeverityError},
		{"declared model without endpoint", flowDoc("7.3", `"routing_model":{"A":["Z"]}`,
			screenJSON("A", true, "", completeFooter)), CodeInvalidRoutingModel, "/routing_model/A/0", SeverityError},
	})
}
