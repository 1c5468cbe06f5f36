package kapso

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/graph"
)

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
		var w graph.ValidationError
		if err := json.Unmarshal(e, &w); err != nil {
			return nil, fmt.Errorf("validation_errors[%d]: %w", i, err)
		}
		out = append(out, graph.ValidationErrors([]graph.ValidationError{w})...)
	}
	return out, nil
}
