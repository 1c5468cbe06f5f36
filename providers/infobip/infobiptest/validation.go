package infobiptest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// maxFlowJSON is Infobip's limit on an uploaded Flow JSON.
const maxFlowJSON = 10 << 20

// MagicInvalidComponent is a component type the validation stub reports
// as INVALID_PROPERTY_VALUE, to test invalid documents that parse.
const MagicInvalidComponent = "__FAKE_INVALID__"

// ValidationError is one entry of validationErrors: camelCase, a line
// and column range, no pointer.
type ValidationError struct {
	Error       string `json:"error"`
	ErrorType   string `json:"errorType"`
	Message     string `json:"message"`
	LineStart   int    `json:"lineStart"`
	LineEnd     int    `json:"lineEnd"`
	ColumnStart int    `json:"columnStart"`
	ColumnEnd   int    `json:"columnEnd"`
}

// validate is the fake's small rule set: a document that does not parse
// (at the position of the syntax error), no version, no screens, a
// screen named SUCCESS, a routing model naming unknown screens, and a
// component of type MagicInvalidComponent. Positions of rules other than
// the syntax error are line 1, column 1: the fake keeps no source map.
func validate(doc []byte) []ValidationError {
	var flow struct {
		Version      string              `json:"version"`
		Screens      []json.RawMessage   `json:"screens"`
		RoutingModel map[string][]string `json:"routing_model"`
	}
	if err := json.Unmarshal(doc, &flow); err != nil {
		line, col := position(doc, err)
		return []ValidationError{{Error: "INVALID_JSON", ErrorType: "JSON_SCHEMA_ERROR", Message: "The Flow JSON is not valid JSON: " + err.Error(),
			LineStart: line, LineEnd: line, ColumnStart: col, ColumnEnd: col}}
	}
	var out []ValidationError
	add := func(code, message string) {
		out = append(out, ValidationError{Error: code, ErrorType: "FLOW_JSON_ERROR", Message: message, LineStart: 1, LineEnd: 1, ColumnStart: 1, ColumnEnd: 1})
	}
	if flow.Version == "" {
		add("MISSING_REQUIRED_PROPERTY", "The property version is required.")
	}
	if len(flow.Screens) == 0 {
		add("MISSING_REQUIRED_PROPERTY", "The property screens needs at least one screen.")
	}
	ids := map[string]bool{}
	for _, raw := range flow.Screens {
		var sc struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(raw, &sc)
		ids[sc.ID] = true
		if sc.ID == "SUCCESS" {
			add("RESERVED_SCREEN_ID", "SUCCESS is a reserved screen id.")
		}
		if bytes.Contains(raw, []byte(`"`+MagicInvalidComponent+`"`)) {
			add("INVALID_PROPERTY_VALUE", "Invalid value found for property type.")
		}
	}
	for _, from := range slices.Sorted(maps.Keys(flow.RoutingModel)) {
		for _, to := range append([]string{from}, flow.RoutingModel[from]...) {
			if !ids[to] {
				add("INVALID_ROUTING_MODEL", fmt.Sprintf("The routing model names screen %s, which does not exist.", to))
			}
		}
	}
	return out
}

// position is the line and column of a JSON syntax error, 1-based; the
// end of the document for a truncated one.
func position(doc []byte, err error) (int, int) {
	offset := len(doc)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		offset = int(se.Offset)
	}
	line, col := 1, 1
	for _, b := range doc[:min(offset, len(doc))] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// isWrapper reports a body that wraps the Flow JSON in an object of its
// own instead of being it.
func isWrapper(body []byte) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return false
	}
	_, a := obj["flowJson"]
	_, b := obj["flow_json"]
	return a || b
}
