package gupshuptest

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
)

// MagicInvalidComponent is a component type the validation stub reports
// as INVALID_PROPERTY_VALUE with a pointer, to test how pointers travel.
const MagicInvalidComponent = "__FAKE_INVALID__"

// validationError is Meta's validation error object, which Gupshup
// passes through in snake_case.
type validationError struct {
	Error       string    `json:"error"`
	ErrorType   string    `json:"error_type"`
	Message     string    `json:"message"`
	LineStart   int       `json:"line_start"`
	ColumnStart int       `json:"column_start"`
	Pointers    []pointer `json:"pointers"`
}

type pointer struct {
	LineStart   int    `json:"line_start"`
	ColumnStart int    `json:"column_start"`
	Path        string `json:"path"`
}

// validate is the stub of provider-fakes §1.4, reduced: the document
// parses (line and column of the failure), has a version and screens, and
// no screen holds a component of the magic invalid type.
func validate(doc []byte) []validationError {
	var top struct {
		Version *string `json:"version"`
		Screens []struct {
			Layout struct {
				Children []struct {
					Type string `json:"type"`
				} `json:"children"`
			} `json:"layout"`
		} `json:"screens"`
	}
	if err := json.Unmarshal(doc, &top); err != nil {
		off := int64(len(doc))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		line, col := position(doc, off)
		return []validationError{{Error: "INVALID_FLOW_JSON", ErrorType: "JSON_SCHEMA_ERROR",
			Message: "Flow JSON is not valid: " + err.Error(), LineStart: line, ColumnStart: col, Pointers: []pointer{}}}
	}
	var out []validationError
	if top.Version == nil {
		out = append(out, validationError{Error: "MISSING_FLOW_JSON_VERSION", ErrorType: "FLOW_JSON_ERROR",
			Message: "Required property 'version' is missing.", LineStart: 1, ColumnStart: 1, Pointers: []pointer{}})
	}
	if len(top.Screens) == 0 {
		out = append(out, validationError{Error: "MIN_ITEMS_REQUIRED", ErrorType: "FLOW_JSON_ERROR",
			Message: "Property 'screens' should have at least 1 items.", LineStart: 1, ColumnStart: 1, Pointers: []pointer{}})
	}
	for i, sc := range top.Screens {
		for j, ch := range sc.Layout.Children {
			if ch.Type == MagicInvalidComponent {
				line, col := position(doc, int64(bytes.Index(doc, []byte(MagicInvalidComponent))))
				path := "screens [" + strconv.Itoa(i) + "]. layout.children [" + strconv.Itoa(j) + "].type"
				out = append(out, validationError{Error: "INVALID_PROPERTY_VALUE", ErrorType: "FLOW_JSON_ERROR",
					Message: "Invalid value found for property 'type'.", LineStart: line, ColumnStart: col,
					Pointers: []pointer{{LineStart: line, ColumnStart: col, Path: path}}})
			}
		}
	}
	return out
}

// jsonVersion is the document's version, "" when it has none.
func jsonVersion(doc []byte) string {
	var top struct {
		Version string `json:"version"`
	}
	_ = json.Unmarshal(doc, &top)
	return top.Version
}

// position turns a byte offset into a 1-based line and column.
func position(doc []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(doc)))
	before := doc[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}
