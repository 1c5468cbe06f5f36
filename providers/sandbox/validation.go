package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"slices"

	"github.com/waflow/waflow/providers"
)

// codeInvalidFlowJSON is the code package flowjson gives a document that does
// not parse; the default check uses it too so both validators agree.
const codeInvalidFlowJSON = "INVALID_FLOW_JSON"

// categories are the flow categories Meta accepts at creation.
func categories() []string {
	return []string{
		"SIGN_UP", "SIGN_IN", "APPOINTMENT_BOOKING", "LEAD_GENERATION",
		"CONTACT_US", "CUSTOMER_SUPPORT", "SURVEY", "OTHER",
	}
}

// checkParses is the validator of a sandbox built without one.
func checkParses(flowJSON []byte) []providers.ValidationError {
	var doc any
	err := json.Unmarshal(flowJSON, &doc)
	if err == nil {
		return nil
	}
	verr := providers.ValidationError{Code: codeInvalidFlowJSON, Message: "Flow JSON does not parse: " + err.Error()}
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		verr.Line, verr.Column = position(flowJSON, syntax.Offset)
	}
	return []providers.ValidationError{verr}
}

// position turns json.SyntaxError's offset, which counts the offending byte
// itself, into that byte's 1-based line and byte column.
func position(src []byte, offset int64) (line, column int) {
	at := int(min(max(offset-1, 0), int64(len(src))))
	before := src[:at]
	line = bytes.Count(before, []byte("\n")) + 1
	column = at - bytes.LastIndexByte(before, '\n')
	return line, column
}

// isEndpointFlow reports whether flowJSON declares a data_api_version, which
// is what makes Meta demand an endpoint and a public key before publishing.
func isEndpointFlow(flowJSON []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(flowJSON, &top) != nil {
		return false
	}
	_, ok := top["data_api_version"]
	return ok
}

// checkEndpointURI accepts absolute http and https URLs. Meta requires https,
// but the sandbox's simulated users call a data endpoint on the developer's
// own machine, which is usually plain http.
func checkEndpointURI(op providers.Operation, uri string) error {
	u, err := url.Parse(uri)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return invalid(op, "endpoint URI %q is not an absolute http(s) URL", uri)
	}
	return nil
}

func checkCreate(req providers.CreateFlowRequest) error {
	if req.Name == "" {
		return invalid(providers.OpCreateFlow, "a flow needs a name")
	}
	if len(req.Categories) == 0 {
		return invalid(providers.OpCreateFlow, "a flow needs at least one category")
	}
	known := categories()
	for _, c := range req.Categories {
		if !slices.Contains(known, c) {
			return invalid(providers.OpCreateFlow, "unknown flow category %q", c)
		}
	}
	if req.EndpointURI != "" {
		return checkEndpointURI(providers.OpCreateFlow, req.EndpointURI)
	}
	return nil
}
