package messaging

import (
	"errors"
	"fmt"
	"strings"

	"github.com/waflow/waflow/internal/fielderr"
)

// Errors the services and every repository return, wrapped with context.
// Test for them with [errors.Is]; the typed errors below match one of them.
var (
	// ErrNotFound means no message or template has the given id.
	ErrNotFound = errors.New("messaging: not found")
	// ErrConflict means the state refuses the request (a *StateError), an
	// idempotency key was reused for another request (an
	// *IdempotencyError), or a concurrent change won.
	ErrConflict = errors.New("messaging: conflict")
	// ErrInvalid means the input breaks a rule: a *ValidationError names
	// the fields, a *ParametersError the template placeholders.
	ErrInvalid = errors.New("messaging: invalid")
	// ErrFlowNotFound is wrapped by a [FlowResolver] that knows no such
	// flow, or whose flow is not deployed to the app.
	ErrFlowNotFound = errors.New("messaging: flow not found")
	// ErrReportAhead means a BSP reported on a message or template before
	// waflow recorded the send or submission it answers: a report can
	// overtake the answer to the call. The inbound pipeline retries it
	// later; see Options.ReportGrace.
	ErrReportAhead = errors.New("messaging: report ahead of what it reports on")
)

// FieldError is one broken rule, named by the field as the API spells it
// ("interactive.flow.cta", "components[1].buttons[0].flow_id"). It is the
// same type as the FieldError of packages apps and lifecycle.
type FieldError = fielderr.FieldError

// ValidationError lists every broken rule of one input, in field order.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	return fielderr.Text("messaging: invalid input: ", e.Fields)
}

// Is makes errors.Is(err, ErrInvalid) hold.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// invalid returns a *ValidationError with one field.
func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Fields: []FieldError{{Field: field, Message: fmt.Sprintf(format, args...)}}}
}

// ParameterProblem is one mismatch between a template message and the
// template: Component is "header", "body" or "button"; Button is the
// button's index for buttons, -1 otherwise; Placeholder is the variable
// concerned ("{{2}}", "{{first_name}}") when there is one.
type ParameterProblem struct {
	Component   string `json:"component"`
	Button      int    `json:"button"`
	Placeholder string `json:"placeholder,omitempty"`
	Message     string `json:"message"`
}

// Field names the problem's place as the API's error details do.
func (p ParameterProblem) Field() string {
	f := "template." + p.Component
	if p.Button >= 0 {
		f = fmt.Sprintf("template.button[%d]", p.Button)
	}
	if p.Placeholder != "" {
		f += "." + p.Placeholder
	}
	return f
}

// ParametersError says how the parameters of a template message fail to
// fit the stored template.
type ParametersError struct {
	Template string
	Language string
	Problems []ParameterProblem
}

func (e *ParametersError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Field() + ": " + p.Message
	}
	return fmt.Sprintf("messaging: parameters do not fit template %s (%s): %s", e.Template, e.Language, strings.Join(parts, "; "))
}

// Is makes errors.Is(err, ErrInvalid) hold.
func (e *ParametersError) Is(target error) bool { return target == ErrInvalid }

// StateError refuses a request that the state of a flow, a template or a
// message does not allow: a flow not published on the app, a template not
// APPROVED, a PENDING template edited.
type StateError struct {
	// Kind is "flow", "template" or "message".
	Kind   string
	ID     string
	Status string
	Reason string
}

func (e *StateError) Error() string {
	return fmt.Sprintf("messaging: %s %s is %s: %s", e.Kind, e.ID, e.Status, e.Reason)
}

// Is makes errors.Is(err, ErrConflict) hold.
func (e *StateError) Is(target error) bool { return target == ErrConflict }

// IdempotencyError refuses an idempotency key already used, in the same
// scope, for a request with another body. MessageID is the message the
// key belongs to.
type IdempotencyError struct {
	Key       string
	MessageID string
}

func (e *IdempotencyError) Error() string {
	return fmt.Sprintf("messaging: idempotency key %q was used for another request (message %s)", e.Key, e.MessageID)
}

// Is makes errors.Is(err, ErrConflict) hold.
func (e *IdempotencyError) Is(target error) bool { return target == ErrConflict }
