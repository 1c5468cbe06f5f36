package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// DecodeJSON decodes the request body, a JSON object, into v (a pointer to
// a struct). Every failure is a 4xx that says what and where:
//
//   - a body that is not JSON: 400 MALFORMED_JSON with line and column;
//   - a value of the wrong type: 400 VALIDATION_FAILED naming the field,
//     with line and column;
//   - a member v has no field for: 400 VALIDATION_FAILED naming it, so a
//     typo is never silently ignored;
//   - a Content-Type other than JSON: 415.
func DecodeJSON(c *fiber.Ctx, v any) error {
	if ct := c.Get(fiber.HeaderContentType); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != fiber.MIMEApplicationJSON && !strings.HasSuffix(mt, "+json") {
			return &Error{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedMediaType,
				Message: "the request body must be JSON (Content-Type: application/json)"}
		}
	}
	return decodeJSON(c.Body(), v)
}

func decodeJSON(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return &Error{Status: http.StatusBadRequest, Code: CodeMalformedJSON,
			Message: "the request body is empty; a JSON object is expected"}
	}
	// A first pass as a generic object finds syntax errors and unknown
	// members with positions, without relying on error text.
	var members map[string]json.RawMessage
	if err := strictDecode(body, &members); err != nil {
		return jsonError(body, nil, err)
	}
	if members == nil {
		return malformed(body, 0, "the request body must be a JSON object, not null")
	}
	known := jsonFields(reflect.TypeOf(v))
	var unknown []FieldDetail
	for name := range members {
		if !slices.Contains(known, name) {
			unknown = append(unknown, FieldDetail{Field: name, Message: "unknown field"})
		}
	}
	if len(unknown) > 0 {
		slices.SortFunc(unknown, func(a, b FieldDetail) int { return strings.Compare(a.Field, b.Field) })
		return Validation("the request has "+plural(len(unknown), "unknown field"), unknown...)
	}
	if err := strictDecode(body, v); err != nil {
		return jsonError(body, v, err)
	}
	return nil
}

// strictDecode decodes exactly one JSON value and refuses anything after it.
func strictDecode(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return err
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return &trailingDataError{offset: skipSpace(body, end)}
	}
	return nil
}

// skipSpace returns the offset of the first byte at or after off that is
// not JSON whitespace.
func skipSpace(body []byte, off int64) int64 {
	for off < int64(len(body)) && strings.IndexByte(" \t\r\n", body[off]) >= 0 {
		off++
	}
	return off
}

type trailingDataError struct{ offset int64 }

func (e *trailingDataError) Error() string { return "data after the JSON value" }

// jsonError turns a decoding failure into the answer that locates it.
func jsonError(body []byte, v any, err error) error {
	var (
		syn  *json.SyntaxError
		typ  *json.UnmarshalTypeError
		tail *trailingDataError
	)
	switch {
	case errors.As(err, &syn):
		// Offset counts the bytes read, the offending one included.
		return malformed(body, max(syn.Offset-1, 0), "malformed JSON: "+syn.Error())
	case errors.As(err, &tail):
		return malformed(body, tail.offset, "unexpected data after the JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return malformed(body, int64(len(body)), "the JSON body ends before the value is complete")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return malformed(body, max(typ.Offset-1, 0), "the request body must be a JSON object, not "+article(typ.Value))
		}
		want := typ.Type
		if ft, ok := fieldType(reflect.TypeOf(v), typ.Field); ok {
			// A bad map element is reported on the map's field with the
			// element's type; say what the field itself must be.
			want = ft
		}
		off := valueOffset(body, strings.Split(typ.Field, "."))
		line, col := position(body, off)
		return &Error{Status: http.StatusBadRequest, Code: CodeValidation,
			Message: fmt.Sprintf("%s must be %s (found %s)", typ.Field, jsonKind(want), article(typ.Value)),
			Details: []any{PositionDetail{Line: line, Column: col, Offset: off, Field: typ.Field,
				Message: "must be " + jsonKind(want)}}}
	}
	return fmt.Errorf("httpapi: decode JSON body: %w", err)
}

func malformed(body []byte, offset int64, message string) *Error {
	line, col := position(body, offset)
	return &Error{Status: http.StatusBadRequest, Code: CodeMalformedJSON,
		Message: fmt.Sprintf("%s (line %d, column %d)", message, line, col),
		Details: []any{PositionDetail{Line: line, Column: col, Offset: offset}}}
}

// position converts a byte offset into a 1-based line and column (the
// column counts bytes, as editors' "go to offset" do).
func position(body []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(body)))
	before := body[:offset]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// fieldType returns the type of the top-level member name of struct type
// t, following json tags.
func fieldType(t reflect.Type, name string) (reflect.Type, bool) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.IsExported() && (tag == name || tag == "" && f.Name == name) {
			return f.Type, true
		}
	}
	return nil, false
}

// valueOffset returns the offset where the value at path (member names
// from the top-level object down) starts, or the end of the body when the
// path is not found. It relies only on the tokenizer, never on error text.
func valueOffset(body []byte, path []string) int64 {
	dec := json.NewDecoder(bytes.NewReader(body))
	if off, ok := findMember(dec, body, path); ok {
		return off
	}
	return int64(len(body))
}

func findMember(dec *json.Decoder, body []byte, path []string) (int64, bool) {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0, false
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return 0, false
		}
		if key == path[0] {
			if len(path) == 1 {
				off := skipSpace(body, dec.InputOffset())
				if off < int64(len(body)) && body[off] == ':' {
					off = skipSpace(body, off+1)
				}
				return off, true
			}
			return findMember(dec, body, path[1:])
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return 0, false
		}
	}
	return 0, false
}

// jsonFields lists the member names a struct type decodes, following
// encoding/json's tag rules for the cases this API uses.
func jsonFields(t reflect.Type) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		out = append(out, name)
	}
	return out
}

// jsonKind names what a Go type is in JSON terms, for messages that should
// not expose Go type names.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map:
		if t.Elem().Kind() == reflect.String {
			return "an object of strings"
		}
		return "an object"
	case reflect.Struct:
		return "an object"
	}
	return "another type"
}

// article turns encoding/json's description of a value ("string", "number",
// "object") into a phrase.
func article(value string) string {
	switch {
	case value == "":
		return "this value"
	case strings.HasPrefix(value, "number"):
		return "a number"
	case value == "array", value == "object":
		return "an " + value
	}
	return "a " + value
}
