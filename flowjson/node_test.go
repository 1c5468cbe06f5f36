package flowjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

func TestParseReportsSyntaxErrorsWithPosition(t *testing.T) {
	tests := []struct {
		name       string
		src        string
		line, col  int
		wantSubstr string
	}{
		{"missing comma", "{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected ',' or '}'"},
		{"trailing comma", "[1,]", 1, 4, "expected a value"},
		{"unterminated string", "{\"a\": \"x", 1, 7, "unterminated string"},
		{"bad literal", "{\"a\": tru}", 1, 7, "expected a value"},
		{"leading zero", "[01]", 1, 2, "malformed number"},
		{"trailing data", "{} x", 1, 4, "after the top-level value"},
		{"empty", "", 1, 1, "end of input"},
		{"raw newline in string", "[\"a\nb\"]", 1, 4, "control character"},
		{"bad escape", `["\x"]`, 1, 3, "invalid escape"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, diags := Parse([]byte(tt.src))
			require.Nil(t, doc.Root)
			require.Len(t, diags, 1)
			require.Equal(t, CodeInvalidFlowJSON, diags[0].Code)
			require.Equal(t, tt.line, diags[0].Line, diags[0].Message)
			require.Equal(t, tt.col, diags[0].Column, diags[0].Message)
			require.Contains(t, diags[0].Message, tt.wantSubstr)
		})
	}
}

func TestParseDuplicateKey(t *testing.T) {
	doc, diags := Parse([]byte("{\n \"a\": 1,\n \"a\": 2\n}"))
	require.NotNil(t, doc.Root)
	require.Len(t, diags, 1)
	require.Equal(t, CodeDuplicateKey, diags[0].Code)
	require.Equal(t, "/a", diags[0].Pointer)
	require.Equal(t, 3, diags[0].Line)
	require.Equal(t, 2, diags[0].Column)
	require.Equal(t, "1", doc.Root.Get("a").Number)
}

func TestParsePointersAndPositions(t *testing.T) {
	src := []byte("{\n  \"screens\": [\n    {\"id\": \"A\", \"a/b~c\": true}\n  ]\n}")
	doc, diags := Parse(src)
	require.Empty(t, diags)
	id := doc.Lookup("/screens/0/id")
	require.NotNil(t, id)
	require.Equal(t, "A", id.String)
	line, col := doc.Position(id.Offset)
	require.Equal(t, 3, line)
	require.Equal(t, 12, col)
	odd := doc.Lookup("/screens/0/a~1b~0c")
	require.NotNil(t, odd)
	require.Equal(t, "/screens/0/a~1b~0c", odd.Pointer())
	require.Nil(t, doc.Lookup("/screens/1"))
	require.Nil(t, doc.Lookup("screens"))
}

func TestParseAgreesWithEncodingJSON(t *testing.T) {
	files, err := filepath.Glob("../../shared/corpus/flows/*.json")
	require.NoError(t, err)
	extra := []string{`"\ud83d\ude00 \u00e9\n"`, `"\ud800\u0041"`, `"\udc00x"`, `"\ud800\ud800\udc00"`, `[1.5e-3, -0, 1E+2]`, `{"a":{"b":[null,true,false]}}`}
	var inputs [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		inputs = append(inputs, b)
	}
	for _, s := range extra {
		inputs = append(inputs, []byte(s))
	}
	for _, src := range inputs {
		requireSameAsEncodingJSON(t, src)
	}
}

func requireSameAsEncodingJSON(t *testing.T, src []byte) {
	t.Helper()
	var want any
	var wantErr error
	if !json.Valid(src) || !utf8.Valid(src) {
		// encoding/json replaces invalid UTF-8; Parse rejects it, as RFC 8259 requires UTF-8.
		wantErr = errors.New("invalid JSON")
	} else {
		dec := json.NewDecoder(bytes.NewReader(src))
		dec.UseNumber()
		wantErr = dec.Decode(&want)
	}
	doc, diags := Parse(src)
	var parseErr bool
	for _, d := range diags {
		if d.Code == CodeInvalidFlowJSON {
			parseErr = true
		}
	}
	if wantErr != nil || parseErr {
		require.Equal(t, wantErr != nil, parseErr, "encoding/json: %v, diagnostics: %v", wantErr, diags)
		return
	}
	for _, d := range diags {
		if d.Code == CodeDuplicateKey {
			return // encoding/json keeps the last duplicate, Parse the first.
		}
	}
	require.Equal(t, want, doc.Root.Interface())
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"version":"7.3","screens":[{"id":"A","layout":{"type":"SingleColumnLayout","children":[]}}]}`))
	f.Add([]byte(`{"a":"\u00e9\ud83d\ude00","b":[1,2e3,-0.5],"c":null}`))
	f.Add([]byte(`{"a":1,"a":2}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		requireSameAsEncodingJSON(t, src)
		again, _ := Parse(src)
		first, _ := Parse(src)
		if first.Root != nil {
			require.Equal(t, first.Root.Interface(), again.Root.Interface())
		}
	})
}
