package httpapi

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDecodeJSON(t *testing.T) {
	type body struct {
		Name  string            `json:"name"`
		Count int               `json:"count"`
		Tags  map[string]string `json:"tags"`
		Skip  string            `json:"-"`
	}
	tests := []struct {
		name    string
		in      string
		code    string
		message string
		detail  any
	}{
		{"syntax error on line 2", "{\"name\": \"x\",\n  \"count\": 1,,\n}", CodeMalformedJSON,
			"malformed JSON: invalid character ',' looking for beginning of object key string (line 2, column 14)",
			PositionDetail{Line: 2, Column: 14, Offset: 27}},
		{"truncated", `{"name": "x"`, CodeMalformedJSON,
			"the JSON body ends before the value is complete (line 1, column 13)", PositionDetail{Line: 1, Column: 13, Offset: 12}},
		{"trailing data", `{"name": "x"} {"name": "y"}`, CodeMalformedJSON,
			"unexpected data after the JSON object (line 1, column 15)", PositionDetail{Line: 1, Column: 15, Offset: 14}},
		{"array", `[1, 2]`, CodeMalformedJSON,
			"the request body must be a JSON object, not an array (line 1, column 1)", PositionDetail{Line: 1, Column: 1, Offset: 0}},
		{"null", `null`, CodeMalformedJSON,
			"the request body must be a JSON object, not null (line 1, column 1)", PositionDetail{Line: 1, Column: 1, Offset: 0}},
		{"empty", "  \n", CodeMalformedJSON, "the request body is empty; a JSON object is expected", nil},
		{"wrong type", "{\n\"count\": \"three\"}", CodeValidation, "count must be an integer (found a string)",
			PositionDetail{Line: 2, Column: 10, Offset: 11, Field: "count", Message: "must be an integer"}},
		{"wrong map value", `{"name": "n", "tags": {"a": 1}}`, CodeValidation, "tags must be an object of strings (found a number)",
			PositionDetail{Line: 1, Column: 23, Offset: 22, Field: "tags", Message: "must be an object of strings"}},
		{"unknown members", `{"nmae": "x", "Skip": "y"}`, CodeValidation, "the request has 2 unknown fields",
			FieldDetail{Field: "Skip", Message: "unknown field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v body
			err := decodeJSON([]byte(tt.in), &v)
			e, ok := err.(*Error)
			require.True(t, ok, "%v", err)
			require.Equal(t, http.StatusBadRequest, e.Status)
			require.Equal(t, tt.code, e.Code)
			require.Equal(t, tt.message, e.Message)
			if tt.detail != nil {
				require.Equal(t, tt.detail, e.Details[0])
			}
		})
	}

	var v body
	require.NoError(t, decodeJSON([]byte(`{"name": "ok", "count": 2, "tags": {"a": "b"}}`), &v))
	require.Equal(t, body{Name: "ok", Count: 2, Tags: map[string]string{"a": "b"}}, v)
}

// FuzzDecodeJSON: whatever the body, decoding answers nil or a 4xx *Error
// whose position lies inside the body; it never panics.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{`{"name":"a","count":1,"tags":{"k":"v"}}`, `{"count":"x"}`, "{\n,}", `[]`, `{"tags":{"a":1}}`, `{} x`, ``} {
		f.Add([]byte(seed))
	}
	type body struct {
		Name  string            `json:"name"`
		Count int               `json:"count"`
		Tags  map[string]string `json:"tags"`
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var v body
		err := decodeJSON(in, &v)
		if err == nil {
			return
		}
		e, ok := err.(*Error)
		require.True(t, ok, "%T %v", err, err)
		require.Equal(t, http.StatusBadRequest, e.Status)
		for _, d := range e.Details {
			if p, ok := d.(PositionDetail); ok {
				require.GreaterOrEqual(t, p.Line, 1)
				require.GreaterOrEqual(t, p.Column, 1)
				require.LessOrEqual(t, p.Offset, int64(len(in)))
			}
		}
	})
}
