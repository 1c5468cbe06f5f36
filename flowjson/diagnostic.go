package flowjson

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
)

// Severity says whether a diagnostic makes a flow invalid.
type Severity int

const (
	// SeverityError makes the flow invalid: Meta would reject it, or it
	// cannot work at run time.
	SeverityError Severity = iota
	// SeverityWarning points at something legal but likely wrong, or at a
	// rule whose outcome at Meta is not certain. --strict promotes warnings.
	SeverityWarning
)

func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// MarshalText encodes a severity as "error" or "warning".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes "error" or "warning".
func (s *Severity) UnmarshalText(b []byte) error {
	switch string(b) {
	case "error":
		*s = SeverityError
	case "warning":
		*s = SeverityWarning
	default:
		return fmt.Errorf("unknown severity %q (want error or warning)", b)
	}
	return nil
}

// Diagnostic is one finding about a Flow JSON document. It is data: printers
// (text, JSON, SARIF) format it, checks only produce it.
type Diagnostic struct {
	// Code is stable across releases; it mirrors Meta's error code where Meta
	// has one (for example INVALID_ROUTING_MODEL).
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	// Pointer is the RFC 6901 JSON pointer of the value concerned ("" is the
	// whole document).
	Pointer string `json:"pointer"`
	// Line and Column are 1-based positions in the source bytes of the value
	// at Pointer (Column counts bytes); 0 when unknown.
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%d:%d: %s %s %s: %s", d.Line, d.Column, d.Severity, d.Code, d.Pointer, d.Message)
}

// Diagnostics is a list of findings. Normalize makes it sorted and free of
// duplicates, so the same input always prints the same output.
type Diagnostics []Diagnostic

// Normalize sorts by position, then pointer, code and message, and drops
// exact duplicates. It returns the receiver's backing array reused.
func (ds Diagnostics) Normalize() Diagnostics {
	slices.SortFunc(ds, compareDiagnostics)
	return slices.Compact(ds)
}

func compareDiagnostics(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Pointer, b.Pointer),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.Code, b.Code),
		cmp.Compare(a.Message, b.Message),
	)
}

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == SeverityError })
}

// MarshalJSON encodes a nil list as [] so tools never see null.
func (ds Diagnostics) MarshalJSON() ([]byte, error) {
	if ds == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Diagnostic(ds))
}
