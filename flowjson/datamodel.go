package flowjson

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
)

// Data types of a data model field.
const (
	DataString  = "string"
	DataNumber  = "number"
	DataInteger = "integer"
	DataBoolean = "boolean"
	DataObject  = "object"
	DataArray   = "array"
)

// dataExampleKey is the member of a field declaration that holds sample data for
// the Builder preview; it is metadata, not a field.
const dataExampleKey = "__example__"

// DataModel is a screen's data: the dynamic values it receives, by name. It
// encodes with its keys sorted.
type DataModel map[string]DataField

// DataField declares one field of a data model, in the subset of JSON Schema
// Flow JSON uses.
type DataField struct {
	// Type is string, number, integer, boolean, object or array.
	Type string `json:"type"`
	// Items declares the elements of an array.
	Items *DataField `json:"items"`
	// Properties declares the members of an object.
	Properties DataModel `json:"properties"`
	// Example is the sample value of a top-level field (__example__).
	Example any   `json:"__example__"`
	Extra   Extra `json:"-"`
	explicitKeys
}

// MarshalJSON encodes the declaration with type first.
func (f DataField) MarshalJSON() ([]byte, error) { return encodeObject(f, "") }

// UnmarshalJSON decodes a declaration, keeping unknown keys in Extra.
func (f *DataField) UnmarshalJSON(b []byte) error { return decodeInto(b, f) }

// DataError is one way a screen's data differs from its data model.
type DataError struct {
	// Pointer is the RFC 6901 pointer of the value in the data.
	Pointer string
	Message string
}

func (e DataError) String() string { return e.Pointer + ": " + e.Message }

// Check compares the data an endpoint answers for a screen with the screen's
// model, as WhatsApp does before showing it (payload-schema-error): every
// declared field must be present with its declared type, objects with
// declared properties are checked the same way, arrays item by item, and
// a key the model does not declare is an error too. Two keys are not
// fields: __example__ in the model, and a string error_message at the top of
// the data, which WhatsApp shows as a snackbar on any screen.
//
// Data comes as encoding/json or goja produce it: maps with string keys,
// slices, strings, booleans, Go numbers and json.Number. The result is in
// key order, depth first; nil means the data fits.
func (m DataModel) Check(data map[string]any) []DataError {
	var c dataChecker
	c.object(m, data, "", 0)
	return c.errs
}

type dataChecker struct {
	errs []DataError
}

func (c *dataChecker) add(pointer, format string, args ...any) {
	c.errs = append(c.errs, DataError{Pointer: pointer, Message: fmt.Sprintf(format, args...)})
}

func (c *dataChecker) object(model DataModel, obj map[string]any, pointer string, depth int) {
	for _, key := range slices.Sorted(maps.Keys(model)) {
		if key == dataExampleKey {
			continue
		}
		field := model[key]
		p := pointer + "/" + escapePointer(key)
		v, ok := obj[key]
		if !ok {
			c.add(p, "missing; the data model declares it as %s", field.Type)
			continue
		}
		c.value(field, v, p, depth+1)
	}
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		if _, declared := model[key]; declared && key != dataExampleKey {
			continue
		}
		if _, isString := obj[key].(string); depth == 0 && key == "error_message" && isString {
			continue
		}
		c.add(pointer+"/"+escapePointer(key), "not declared in the data model")
	}
}

func (c *dataChecker) value(field DataField, v any, pointer string, depth int) {
	if depth > maxDepth {
		c.add(pointer, "nested deeper than %d levels", maxDepth)
		return
	}
	var ok bool
	switch field.Type {
	case DataString:
		_, ok = v.(string)
	case DataBoolean:
		_, ok = v.(bool)
	case DataNumber:
		_, ok = dataNumber(v)
	case DataInteger:
		var f float64
		f, ok = dataNumber(v)
		ok = ok && f == math.Trunc(f)
	case DataObject:
		var obj map[string]any
		if obj, ok = dataObject(v); ok && field.Properties != nil {
			c.object(field.Properties, obj, pointer, depth)
		}
	case DataArray:
		var items []any
		if items, ok = dataArray(v); ok && field.Items != nil {
			for i, item := range items {
				c.value(*field.Items, item, pointer+"/"+strconv.Itoa(i), depth+1)
			}
		}
	default:
		c.add(pointer, "cannot check: the data model declares type %q, which is not one of string, number, integer, boolean, object, array", field.Type)
		return
	}
	if !ok {
		c.add(pointer, "expected %s, found %s", field.Type, dataKind(v))
	}
}

// dataNumber returns a finite number's value; integers beyond 2^53 lose
// precision, which does not change whether they are integers.
func dataNumber(v any) (float64, bool) {
	if n, ok := v.(json.Number); ok {
		f, err := strconv.ParseFloat(string(n), 64)
		return f, err == nil
	}
	rv := reflect.ValueOf(v)
	var f float64
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f = float64(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f = float64(rv.Uint())
	case reflect.Float32, reflect.Float64:
		f = rv.Float()
	default:
		return 0, false
	}
	return f, !math.IsInf(f, 0) && !math.IsNaN(f)
}

func dataObject(v any) (map[string]any, bool) {
	if m, ok := v.(map[string]any); ok {
		return m, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, false
	}
	m := make(map[string]any, rv.Len())
	for it := rv.MapRange(); it.Next(); {
		m[it.Key().String()] = it.Value().Interface()
	}
	return m, true
}

func dataArray(v any) ([]any, bool) {
	if s, ok := v.([]any); ok {
		return s, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	s := make([]any, rv.Len())
	for i := range s {
		s[i] = rv.Index(i).Interface()
	}
	return s, true
}

// dataKind names the JSON type of a Go value, for messages.
func dataKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return DataBoolean
	case string:
		return DataString
	}
	if _, ok := dataNumber(v); ok {
		return DataNumber
	}
	if _, ok := dataObject(v); ok {
		return DataObject
	}
	if _, ok := dataArray(v); ok {
		return DataArray
	}
	if f, ok := v.(float64); ok {
		return fmt.Sprintf("non-finite number %v", f)
	}
	return fmt.Sprintf("Go value of type %T", v)
}
