package flowjson_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/flowjson"
)

func TestDataModelCheck(t *testing.T) {
	model := flowjson.DataModel{
		"name":  {Type: flowjson.DataString, Example: "Ada"},
		"age":   {Type: flowjson.DataInteger},
		"score": {Type: flowjson.DataNumber},
		"ok":    {Type: flowjson.DataBoolean},
		"address": {Type: flowjson.DataObject, Properties: flowjson.DataModel{
			"city": {Type: flowjson.DataString},
			"geo": {Type: flowjson.DataObject, Properties: flowjson.DataModel{
				"lat": {Type: flowjson.DataNumber},
			}},
		}},
		"tags": {Type: flowjson.DataArray, Items: &flowjson.DataField{Type: flowjson.DataString}},
		"options": {Type: flowjson.DataArray, Items: &flowjson.DataField{Type: flowjson.DataObject, Properties: flowjson.DataModel{
			"id":    {Type: flowjson.DataString},
			"title": {Type: flowjson.DataString},
		}}},
		"free": {Type: flowjson.DataObject},
		"list": {Type: flowjson.DataArray},
	}
	valid := func() map[string]any {
		return map[string]any{
			"name": "Ada", "age": 36, "score": 9.5, "ok": true,
			"address": map[string]any{"city": "London", "geo": map[string]any{"lat": 51.5}},
			"tags":    []any{"a", "b"},
			"options": []any{map[string]any{"id": "1", "title": "One"}},
			"free":    map[string]any{"anything": []any{1, "x"}},
			"list":    []any{1, "two", nil},
		}
	}
	tests := []struct {
		name   string
		change func(map[string]any)
		want   []flowjson.DataError
	}{
		{"valid", func(map[string]any) {}, nil},
		{"missing field", func(d map[string]any) { delete(d, "name") },
			[]flowjson.DataError{{Pointer: "/name", Message: "missing; the data model declares it as string"}}},
		{"undeclared field", func(d map[string]any) { d["nickname"] = "A" },
			[]flowjson.DataError{{Pointer: "/nickname", Message: "not declared in the data model"}}},
		{"string", func(d map[string]any) { d["name"] = 1 },
			[]flowjson.DataError{{Pointer: "/name", Message: "expected string, found number"}}},
		{"boolean", func(d map[string]any) { d["ok"] = "true" },
			[]flowjson.DataError{{Pointer: "/ok", Message: "expected boolean, found string"}}},
		{"number", func(d map[string]any) { d["score"] = false },
			[]flowjson.DataError{{Pointer: "/score", Message: "expected number, found boolean"}}},
		{"integer with a fraction", func(d map[string]any) { d["age"] = 36.5 },
			[]flowjson.DataError{{Pointer: "/age", Message: "expected integer, found number"}}},
		{"integer as float64", func(d map[string]any) { d["age"] = 36.0 }, nil},
		{"integer as json.Number", func(d map[string]any) { d["age"] = json.Number("36") }, nil},
		{"integer as uint8", func(d map[string]any) { d["age"] = uint8(36) }, nil},
		{"number as json.Number", func(d map[string]any) { d["score"] = json.Number("1e3") }, nil},
		{"malformed json.Number", func(d map[string]any) { d["score"] = json.Number("x") },
			[]flowjson.DataError{{Pointer: "/score", Message: "expected number, found Go value of type json.Number"}}},
		{"not a finite number", func(d map[string]any) { d["score"] = math.NaN() },
			[]flowjson.DataError{{Pointer: "/score", Message: "expected number, found non-finite number NaN"}}},
		{"null", func(d map[string]any) { d["name"] = nil },
			[]flowjson.DataError{{Pointer: "/name", Message: "expected string, found null"}}},
		{"object", func(d map[string]any) { d["address"] = []any{} },
			[]flowjson.DataError{{Pointer: "/address", Message: "expected object, found array"}}},
		{"nested missing and undeclared", func(d map[string]any) {
			d["address"] = map[string]any{"geo": map[string]any{"lat": "north", "lng": 0}, "zip": "N1"}
		}, []flowjson.DataError{
			{Pointer: "/address/city", Message: "missing; the data model declares it as string"},
			{Pointer: "/address/geo/lat", Message: "expected number, found string"},
			{Pointer: "/address/geo/lng", Message: "not declared in the data model"},
			{Pointer: "/address/zip", Message: "not declared in the data model"},
		}},
		{"object of another Go map type", func(d map[string]any) {
			d["address"] = map[string]any{"city": "Paris", "geo": map[string]float64{"lat": 48.9}}
		}, nil},
		{"array", func(d map[string]any) { d["tags"] = "a,b" },
			[]flowjson.DataError{{Pointer: "/tags", Message: "expected array, found string"}}},
		{"array items", func(d map[string]any) { d["tags"] = []any{"a", 2, true} },
			[]flowjson.DataError{
				{Pointer: "/tags/1", Message: "expected string, found number"},
				{Pointer: "/tags/2", Message: "expected string, found boolean"},
			}},
		{"array of another Go slice type", func(d map[string]any) { d["tags"] = []string{"a"} }, nil},
		{"array of objects", func(d map[string]any) {
			d["options"] = []any{map[string]any{"id": "1", "title": "One"}, map[string]any{"id": 2, "on-select-action": map[string]any{}}}
		}, []flowjson.DataError{
			{Pointer: "/options/1/id", Message: "expected string, found number"},
			{Pointer: "/options/1/title", Message: "missing; the data model declares it as string"},
			{Pointer: "/options/1/on-select-action", Message: "not declared in the data model"},
		}},
		{"error_message is a snackbar, not a field", func(d map[string]any) { d["error_message"] = "Try again" }, nil},
		{"error_message must be a string", func(d map[string]any) { d["error_message"] = 1 },
			[]flowjson.DataError{{Pointer: "/error_message", Message: "not declared in the data model"}}},
		{"error_message only at the top", func(d map[string]any) {
			d["address"].(map[string]any)["error_message"] = "x"
		}, []flowjson.DataError{{Pointer: "/address/error_message", Message: "not declared in the data model"}}},
		{"unsupported Go value", func(d map[string]any) { d["name"] = struct{}{} },
			[]flowjson.DataError{{Pointer: "/name", Message: "expected string, found Go value of type struct {}"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := valid()
			tt.change(data)
			require.Equal(t, tt.want, model.Check(data))
		})
	}
}

func TestDataModelCheckModelQuirks(t *testing.T) {
	tests := []struct {
		name  string
		model flowjson.DataModel
		data  map[string]any
		want  []flowjson.DataError
	}{
		{"__example__ in the model is not a field",
			flowjson.DataModel{"__example__": {Type: flowjson.DataString}, "a": {Type: flowjson.DataString}},
			map[string]any{"a": "x"}, nil},
		{"__example__ in the data is undeclared",
			flowjson.DataModel{"a": {Type: flowjson.DataString}},
			map[string]any{"a": "x", "__example__": "x"},
			[]flowjson.DataError{{Pointer: "/__example__", Message: "not declared in the data model"}}},
		{"unknown declared type",
			flowjson.DataModel{"when": {Type: "date"}},
			map[string]any{"when": "2024-01-01"},
			[]flowjson.DataError{{Pointer: "/when", Message: `cannot check: the data model declares type "date", which is not one of string, number, integer, boolean, object, array`}}},
		{"keys are escaped in pointers",
			flowjson.DataModel{"a/b": {Type: flowjson.DataString}},
			map[string]any{"c~d": 1},
			[]flowjson.DataError{
				{Pointer: "/a~1b", Message: "missing; the data model declares it as string"},
				{Pointer: "/c~0d", Message: "not declared in the data model"},
			}},
		{"empty model, empty data", flowjson.DataModel{}, nil, nil},
		{"nil model", nil, map[string]any{"a": 1},
			[]flowjson.DataError{{Pointer: "/a", Message: "not declared in the data model"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, tt.model.Check(tt.data))
		})
	}
}

func TestDataModelCheckCyclicModel(t *testing.T) {
	// A model built in Go can refer to itself; deep data must not recurse
	// without bound.
	node := &flowjson.DataField{Type: flowjson.DataArray}
	node.Items = node
	var deep any = []any{}
	for range 300 {
		deep = []any{deep}
	}
	errs := flowjson.DataModel{"tree": *node}.Check(map[string]any{"tree": deep})
	require.Len(t, errs, 1)
	require.Contains(t, errs[0].Message, "nested deeper than")
}

func TestDataModelFromJSON(t *testing.T) {
	src := `{"screens":[{"id":"A","data":{
	  "b":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}}},"__example__":[{"id":"1"}]},
	  "a":{"type":"boolean","__example__":false}}}]}`
	flow, _, err := flowjson.Decode([]byte(src))
	require.NoError(t, err)
	screen, ok := flow.Screen("A")
	require.True(t, ok)
	require.Equal(t, false, screen.Data["a"].Example)
	require.Equal(t, []any{map[string]any{"id": "1"}}, screen.Data["b"].Example)
	require.Empty(t, screen.Data.Check(map[string]any{"a": true, "b": []any{map[string]any{"id": "2"}}}))

	out, err := json.Marshal(screen.Data)
	require.NoError(t, err)
	require.Equal(t, `{"a":{"type":"boolean","__example__":false},"b":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}}},"__example__":[{"id":"1"}]}}`, string(out))
	require.Equal(t, "/b/0: expected string, found number", flowjson.DataError{Pointer: "/b/0", Message: "expected string, found number"}.String())
}
