package metatest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// MagicInvalidComponent is a component type the fake's validation stub
// reports as INVALID_PROPERTY_VALUE at its pointer, to test how a real
// validation error with pointers travels.
const MagicInvalidComponent = "__FAKE_INVALID__"

// validationError is Meta's validation error object.
type validationError struct {
	Error       string    `json:"error"`
	ErrorType   string    `json:"error_type"`
	Message     string    `json:"message"`
	LineStart   int       `json:"line_start"`
	LineEnd     int       `json:"line_end"`
	ColumnStart int       `json:"column_start"`
	ColumnEnd   int       `json:"column_end"`
	Pointers    []pointer `json:"pointers"`
}

type pointer struct {
	LineStart   int    `json:"line_start"`
	LineEnd     int    `json:"line_end"`
	ColumnStart int    `json:"column_start"`
	ColumnEnd   int    `json:"column_end"`
	Path        string `json:"path"`
}

// validate is the fake's small rule set (provider-fakes §1.4): the
// document parses, has a version and screens, no screen is called
// SUCCESS, the routing model names known screens, and no component has
// the magic invalid type.
func validate(doc []byte) []validationError {
	var top map[string]any
	if err := json.Unmarshal(doc, &top); err != nil {
		off := int64(len(doc))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		line, col := position(doc, off)
		return []validationError{{Error: "INVALID_FLOW_JSON", ErrorType: "JSON_SCHEMA_ERROR", Message: "Flow JSON is not valid: " + err.Error(),
			LineStart: line, LineEnd: line, ColumnStart: col, ColumnEnd: col}}
	}
	var out []validationError
	if _, ok := top["version"]; !ok {
		out = append(out, atTop("MISSING_FLOW_JSON_VERSION", "Required property 'version' is missing."))
	}
	screens, _ := top["screens"].([]any)
	if len(screens) == 0 {
		out = append(out, atTop("MIN_ITEMS_REQUIRED", "Property 'screens' should have at least 1 items."))
	}
	ids := map[string]bool{}
	for _, sc := range screens {
		if m, ok := sc.(map[string]any); ok {
			if id, ok := m["id"].(string); ok {
				ids[id] = true
			}
		}
	}
	if rm, ok := top["routing_model"].(map[string]any); ok {
		for from, to := range rm {
			targets, _ := to.([]any)
			bad := !ids[from]
			for _, t := range targets {
				if s, _ := t.(string); !ids[s] {
					bad = true
				}
			}
			if bad {
				out = append(out, atTop("INVALID_ROUTING_MODEL", fmt.Sprintf("Invalid routing model: %q routes to or from a screen that does not exist.", from)))
			}
		}
	}
	for _, v := range stringValues(doc) {
		switch {
		case v.value == MagicInvalidComponent && len(v.path) > 0 && v.path[len(v.path)-1] == "type":
			out = append(out, at(doc, v, "INVALID_PROPERTY_VALUE", "Invalid value found for property 'type'."))
		case v.value == "SUCCESS" && len(v.path) == 3 && v.path[0] == "screens" && v.path[2] == "id":
			out = append(out, at(doc, v, "SCREEN_ID_IS_RESERVED_KEYWORD", "SUCCESS is a reserved keyword and cannot be a screen id."))
		}
	}
	return out
}

func atTop(code, msg string) validationError {
	return validationError{Error: code, ErrorType: "FLOW_JSON_ERROR", Message: msg, LineStart: 1, LineEnd: 1, ColumnStart: 1, ColumnEnd: 1}
}

// at builds an error with one pointer at a string value.
func at(doc []byte, v stringValue, code, msg string) validationError {
	ls, cs := position(doc, v.start)
	le, ce := position(doc, v.end)
	return validationError{Error: code, ErrorType: "FLOW_JSON_ERROR", Message: msg,
		LineStart: ls, LineEnd: le, ColumnStart: cs, ColumnEnd: ce,
		Pointers: []pointer{{LineStart: ls, LineEnd: le, ColumnStart: cs, ColumnEnd: ce, Path: metaPath(v.path)}}}
}

// metaPath writes a path the way Meta's samples do, odd spacing included:
// "screens [0]. layout.children [0].type".
func metaPath(path []string) string {
	var b strings.Builder
	afterIndex := false
	for i, p := range path {
		if _, err := strconv.Atoi(p); err == nil {
			b.WriteString(" [" + p + "]")
			afterIndex = true
			continue
		}
		switch {
		case i == 0:
		case afterIndex:
			b.WriteString(". ")
		default:
			b.WriteString(".")
		}
		b.WriteString(p)
		afterIndex = false
	}
	return b.String()
}

// position turns a byte offset into a 1-based line and column.
func position(doc []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(doc)))
	before := doc[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// stringValue is a string value of the document with its path and byte
// span.
type stringValue struct {
	path       []string
	value      string
	start, end int64
}

// frame is one open container while walking tokens.
type frame struct {
	array bool
	index int
	key   string
	isKey bool // in an object: the next string is a key
}

// stringValues walks the tokens of a document that parses.
func stringValues(doc []byte) []stringValue {
	dec := json.NewDecoder(bytes.NewReader(doc))
	var stack []*frame
	var out []stringValue
	path := func() []string {
		p := make([]string, 0, len(stack))
		for _, f := range stack {
			if f.array {
				p = append(p, strconv.Itoa(f.index))
			} else {
				p = append(p, f.key)
			}
		}
		return p
	}
	// valueDone advances the parent after a complete value.
	valueDone := func() {
		if len(stack) == 0 {
			return
		}
		if top := stack[len(stack)-1]; top.array {
			top.index++
		} else {
			top.isKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF || err != nil {
			return out
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &frame{isKey: true})
			case '[':
				stack = append(stack, &frame{array: true})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		case string:
			if len(stack) > 0 && !stack[len(stack)-1].array && stack[len(stack)-1].isKey {
				stack[len(stack)-1].key, stack[len(stack)-1].isKey = t, false
				continue
			}
			end := dec.InputOffset()
			quoted, _ := json.Marshal(t)
			out = append(out, stringValue{path: path(), value: t, start: end - int64(len(quoted)), end: end})
			valueDone()
		default:
			valueDone()
		}
	}
}
