package fielderr

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FieldError is one broken rule, named by the field as the API spells it
// ("phone_number", "components[1].buttons[0].flow_id").
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Text is prefix followed by every field as "field: message", separated by
// "; ".
func Text(prefix string, fields []FieldError) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i, f := range fields {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.Field)
		b.WriteString(": ")
		b.WriteString(f.Message)
	}
	return b.String()
}

// List collects the broken rules of one input in the order they are found.
// It converts to []FieldError by assignment.
type List []FieldError

// Addf adds a broken rule of field whose message is formatted as by
// [fmt.Sprintf].
func (l *List) Addf(field, format string, args ...any) {
	*l = append(*l, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Name checks a display name: it is required, does not start or end with
// white space, has at most max characters and no control characters. It
// adds at most one broken rule of field, the first that applies.
func (l *List) Name(field, name string, max int) {
	switch trimmed := strings.TrimSpace(name); {
	case trimmed == "":
		l.Addf(field, "required")
	case trimmed != name:
		l.Addf(field, "must not start or end with white space")
	case utf8.RuneCountInString(trimmed) > max:
		l.Addf(field, "longer than %d characters", max)
	case strings.IndexFunc(trimmed, unicode.IsControl) >= 0:
		l.Addf(field, "must not contain control characters")
	}
}
