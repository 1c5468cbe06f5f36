package kapso

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/waflow/waflow/providers"
)

// wireValidationError is one validation error in Meta's shape, which both
// the proxy and Kapso's version objects use.
type wireValidationError struct {
	Error       string `json:"error"`
	Message     string `json:"message"`
	LineStart   int    `json:"line_start"`
	ColumnStart int    `json:"column_start"`
	Pointers    []struct {
		LineStart   int    `json:"line_start"`
		ColumnStart int    `json:"column_start"`
		Path        string `json:"path"`
	} `json:"pointers"`
}

// readValidationErrors reads a validation_errors member: null or absent
// means none; entries are Meta's objects, one ValidationError per pointer,
// or bare strings, kept as messages.
func readValidationErrors(raw json.RawMessage) ([]providers.ValidationError, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	var entries []json.RawMessage
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, err
	}
	var out []providers.ValidationError
	for i, e := range entries {
		var text string
		if json.Unmarshal(e, &text) == nil {
			out = append(out, providers.ValidationError{Message: text})
			continue
		}
		var w wireValidationError
		if err := json.Unmarshal(e, &w); err != nil {
			return nil, fmt.Errorf("validation_errors[%d]: %w", i, err)
		}
		if len(w.Pointers) == 0 {
			out = append(out, providers.ValidationError{Code: w.Error, Message: w.Message, Line: w.LineStart, Column: w.ColumnStart})
			continue
		}
		for _, ptr := range w.Pointers {
			out = append(out, providers.ValidationError{Code: w.Error, Message: w.Message, Pointer: jsonPointer(ptr.Path),
				Line: ptr.LineStart, Column: ptr.ColumnStart})
		}
	}
	return out, nil
}

// jsonPointer turns Meta's pointer path ("screens [0]. layout.children
// [0].type", spaces and all, or "$root/screens/0/…") into an RFC 6901 JSON
// pointer ("/screens/0/layout/children/0/type").
func jsonPointer(path string) string {
	path = strings.Join(strings.Fields(path), "")
	var tokens []string
	if rest, ok := strings.CutPrefix(path, "$root"); ok {
		for _, t := range strings.Split(rest, "/") {
			if t != "" {
				tokens = append(tokens, t)
			}
		}
	} else {
		for _, seg := range strings.Split(path, ".") {
			name, indexes, _ := strings.Cut(seg, "[")
			if name != "" {
				tokens = append(tokens, name)
			}
			for _, ix := range strings.Split(indexes, "[") {
				if ix = strings.TrimSuffix(ix, "]"); ix != "" {
					tokens = append(tokens, ix)
				}
			}
		}
	}
	escape := strings.NewReplacer("~", "~0", "/", "~1")
	var b strings.Builder
	for _, t := range tokens {
		b.WriteString("/" + escape.Replace(t))
	}
	return b.String()
}
