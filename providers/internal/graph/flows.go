package graph

import (
	"strings"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// ValidationError is one entry of a flow's validation_errors.
type ValidationError struct {
	Error       string `json:"error"`
	ErrorType   string `json:"error_type"`
	Message     string `json:"message"`
	LineStart   int    `json:"line_start"`
	ColumnStart int    `json:"column_start"`
	Pointers    []struct {
		LineStart   int    `json:"line_start"`
		ColumnStart int    `json:"column_start"`
		Path        string `json:"path"`
	} `json:"pointers"`
}

// Flow is a flow as GET /{flow} returns it.
type Flow struct {
	ID               string            `json:"id"`
	Name             string            `json:"name"`
	Status           string            `json:"status"`
	Categories       []string          `json:"categories"`
	ValidationErrors []ValidationError `json:"validation_errors"`
	JSONVersion      string            `json:"json_version"`
	DataAPIVersion   string            `json:"data_api_version"`
	EndpointURI      string            `json:"endpoint_uri"`
	Preview          *Preview          `json:"preview"`
}

// Preview is a flow's preview member.
type Preview struct {
	PreviewURL string `json:"preview_url"`
	ExpiresAt  string `json:"expires_at"`
}

// FlowStatus maps Meta's status word, which every adapter's BSP passes on
// or copies. The word is trimmed and upper-cased (Kapso's Platform API
// writes "draft"); one that is none of Meta's statuses gives FlowUnknown
// rather than a guess.
func FlowStatus(raw string) providers.FlowStatus {
	s := providers.FlowStatus(strings.ToUpper(strings.TrimSpace(raw)))
	switch s {
	case providers.FlowDraft, providers.FlowPublished, providers.FlowDeprecated, providers.FlowThrottled, providers.FlowBlocked:
		return s
	}
	return providers.FlowUnknown
}

// ValidationErrors maps validation errors: one entry per pointer, with the
// pointer's path made a JSON pointer ([JSONPointer]) and its start
// position; an error without pointers keeps its own position. None gives
// nil.
func ValidationErrors(in []ValidationError) []providers.ValidationError {
	var out []providers.ValidationError
	for _, w := range in {
		if len(w.Pointers) == 0 {
			out = append(out, providers.ValidationError{Code: w.Error, Message: w.Message, Line: w.LineStart, Column: w.ColumnStart})
			continue
		}
		for _, ptr := range w.Pointers {
			out = append(out, providers.ValidationError{
				Code: w.Error, Message: w.Message, Pointer: JSONPointer(ptr.Path),
				Line: ptr.LineStart, Column: ptr.ColumnStart,
			})
		}
	}
	return out
}

// JSONPointer turns Meta's pointer path ("screens [0]. layout.children
// [0].type", spaces and all, or "$root/screens/0/…") into an RFC 6901 JSON
// pointer ("/screens/0/layout/children/0/type").
func JSONPointer(path string) string {
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

// FlowJSONUpload is the multipart body of POST /{flow}/assets: the
// document as the part "file" named flow.json, then name=flow.json and
// asset_type=FLOW_JSON.
func FlowJSONUpload(doc []byte) (transport.Payload, error) {
	return transport.FlowJSONPart(doc, [2]string{"name", "flow.json"}, [2]string{"asset_type", "FLOW_JSON"})
}
