package lifecycle

import (
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxNameLength bounds a flow's name. Meta publishes no limit; this one
// keeps names readable in lists and far below any column or header size.
const maxNameLength = 200

// maxFlowJSONSize is Meta's limit on an uploaded flow.json.
const maxFlowJSONSize = 10 << 20

// validateMetadata checks a flow's name, categories and endpoint override
// and names every broken rule.
func validateMetadata(name string, cats []string, endpointURI string) error {
	var fields []FieldError
	switch {
	case strings.TrimSpace(name) == "":
		fields = append(fields, FieldError{Field: "name", Message: "must not be empty"})
	case utf8.RuneCountInString(name) > maxNameLength:
		fields = append(fields, FieldError{Field: "name", Message: "must be at most 200 characters"})
	}
	if len(cats) == 0 {
		fields = append(fields, FieldError{Field: "categories", Message: "needs at least one of " + strings.Join(categories(), ", ")})
	}
	for i, c := range cats {
		switch {
		case !slices.Contains(categories(), c):
			fields = append(fields, FieldError{Field: "categories", Message: "unknown category " + quote(c) + " (want one of " + strings.Join(categories(), ", ") + ")"})
		case slices.Index(cats, c) < i:
			fields = append(fields, FieldError{Field: "categories", Message: "category " + quote(c) + " is listed twice"})
		}
	}
	if endpointURI != "" {
		u, err := url.Parse(endpointURI)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fields = append(fields, FieldError{Field: "endpoint_uri", Message: "must be an absolute http(s) URL"})
		}
	}
	if len(fields) > 0 {
		return &ValidationError{Fields: fields}
	}
	return nil
}

func quote(s string) string { return `"` + s + `"` }
