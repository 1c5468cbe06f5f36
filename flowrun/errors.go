package flowrun

import "fmt"

// ErrorKind tells a step the flow does not allow from a runtime that broke.
type ErrorKind int

const (
	// KindRefused: the walk cannot take the step: no such link or input,
	// an option not in the list, a disabled Footer, a call while a request
	// waits for its answer, an answer naming a screen the flow lacks, an
	// expression that does not parse. The walker's state is unchanged.
	KindRefused ErrorKind = iota + 1
	// KindScript: the JavaScript threw anything else. It is a bug of the
	// runtime, or a flow so malformed that it cannot be walked.
	KindScript
)

func (k ErrorKind) String() string {
	switch k {
	case KindRefused:
		return "refused"
	case KindScript:
		return "script"
	}
	return fmt.Sprintf("ErrorKind(%d)", int(k))
}

// Error is a [Runtime] call that failed.
type Error struct {
	Op      string // the call: "create", "start", "press", "setValue", ...
	Kind    ErrorKind
	Message string // for KindScript, with the JavaScript stack
}

func (e *Error) Error() string { return "flowrun: " + e.Op + ": " + e.Message }

// Refused reports whether the walk refused the step (see [KindRefused]).
func (e *Error) Refused() bool { return e.Kind == KindRefused }

// ExchangeError is a request the endpoint did not answer with 200 and a
// usable answer.
type ExchangeError struct {
	Action string // INIT, data_exchange or BACK
	Status int    // the HTTP status, 0 when the failure came before or after the call
	Err    error
}

func (e *ExchangeError) Error() string {
	if e.Status != 0 {
		if e.Err == nil {
			return fmt.Sprintf("%s: endpoint answered HTTP %d", e.Action, e.Status)
		}
		return fmt.Sprintf("%s: endpoint answered HTTP %d: %v", e.Action, e.Status, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Action, e.Err)
}

func (e *ExchangeError) Unwrap() error { return e.Err }
