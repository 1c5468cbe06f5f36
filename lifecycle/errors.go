package lifecycle

import (
	"errors"
	"fmt"

	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/internal/fielderr"
)

// Errors the [Service], the [Reconciler] and every [Repository] return,
// wrapped with context. Test for them with [errors.Is]; the typed errors
// below match one of them too.
var (
	// ErrNotFound means no flow, revision, script or target has the given id.
	ErrNotFound = errors.New("lifecycle: not found")
	// ErrConflict means the flow's state refuses the request (a
	// *TransitionError), the id or name is taken, or a concurrent change to
	// the same flow won.
	ErrConflict = errors.New("lifecycle: conflict")
	// ErrInvalid means the input breaks a rule: a *ValidationError names the
	// fields, a *FlowJSONError carries the diagnostics, a *ScriptError the
	// position of a compile error.
	ErrInvalid = errors.New("lifecycle: invalid")
	// ErrNoRevision means the flow has no Flow JSON yet, so it cannot be
	// published. The API answers it with 409, like ErrConflict.
	ErrNoRevision = errors.New("lifecycle: the flow has no Flow JSON revision")
	// ErrClaimLost means a reconciler's claim on a target expired and
	// another reconciler holds it now; the first one must stop working on it.
	ErrClaimLost = errors.New("lifecycle: claim on target lost")
)

// FieldError is one broken rule, named by the field as the API spells it.
// It is the same type as the FieldError of packages apps and messaging.
type FieldError = fielderr.FieldError

// ValidationError lists every broken rule of one input, in field order.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	return fielderr.Text("lifecycle: invalid input: ", e.Fields)
}

// Is makes errors.Is(err, ErrInvalid) hold.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// FlowJSONError refuses a Flow JSON document that package flowjson finds
// invalid. Nothing is stored; the API answers 400 with the diagnostics,
// warnings included.
type FlowJSONError struct {
	Diagnostics flowjson.Diagnostics
}

func (e *FlowJSONError) Error() string {
	n := 0
	var first flowjson.Diagnostic
	for _, d := range e.Diagnostics {
		if d.Severity == flowjson.SeverityError {
			if n == 0 {
				first = d
			}
			n++
		}
	}
	return fmt.Sprintf("lifecycle: invalid Flow JSON: %d error(s), first at %s", n, first)
}

// Is makes errors.Is(err, ErrInvalid) hold.
func (e *FlowJSONError) Is(target error) bool { return target == ErrInvalid }

// ScriptError refuses a handler script that does not compile, at the
// 1-based line and column of the uploaded source (0 when unknown).
type ScriptError struct {
	Line    int
	Column  int
	Message string
}

func (e *ScriptError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("lifecycle: handler script does not compile: %d:%d: %s", e.Line, e.Column, e.Message)
	}
	return "lifecycle: handler script does not compile: " + e.Message
}

// Is makes errors.Is(err, ErrInvalid) hold.
func (e *ScriptError) Is(target error) bool { return target == ErrInvalid }
