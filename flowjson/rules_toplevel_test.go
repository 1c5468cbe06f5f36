package flowjson

import "testing"

func TestTopLevelRules(t *testing.T) {
	exchange := `{"type":"Footer","label":"Send","on-click-action":{"name":"data_exchange","payload":{}}}`
	endpoint := `"data_api_version":"3.0","routing_model":{"A":[]}`
	runRuleCases(t, []ruleCase{
		{"data_exchange with endpoint", flowDoc("7.3", endpoint, screenJSON("A", true, "", exchange)),
			CodeMissingRequiredProperty, noDiag, SeverityError},
		{"data_exchange without data_api_version", flowDoc("7.3", "", screenJSON("A", true, "", exchange)),
			CodeMissingRequiredProperty, "/screens/0/layout/children/0/on-click-action/name", SeverityError},
		{"data_api_version without routing_model", flowDoc("7.3", `"data_api_version":"3.0"`, screenJSON("A", true, "", exchange)),
			CodeMissingRequiredProperty, "/data_api_version", SeverityError},
		{"data api 4.0 with 7.3", flowDoc("7.3", `"data_api_version":"4.0","routing_model":{"A":[]}`, screenJSON("A", true, "", exchange)),
			CodeNoSupportedDataAPIVersion, noDiag, SeverityWarning},
		{"data api 4.0 before 7.3", flowDoc("7.2", `"data_api_version":"4.0","routing_model":{"A":[]}`, screenJSON("A", true, "", exchange)),
			CodeNoSupportedDataAPIVersion, "/data_api_version", SeverityWarning},
		{"refresh_on_back with endpoint", flowDoc("7.3", endpoint, screenJSON("A", true, `"refresh_on_back":true`, exchange)),
			CodeInvalidPropertyValue, noDiag, SeverityError},
		{"refresh_on_back without endpoint", flowDoc("7.3", "", screenJSON("A", true, `"refresh_on_back":true`, completeFooter)),
			CodeInvalidPropertyValue, "/screens/0/refresh_on_back", SeverityError},
	})
}
