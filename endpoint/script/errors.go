package script

import (
	"errors"
	"fmt"
)

// Fault classifies why a script call produced no answer.
type Fault int

const (
	// FaultException: the script threw, or its promise was rejected.
	FaultException Fault = iota + 1
	// FaultTimeout: the call ran past its wall-clock budget or the caller's
	// deadline; the error also matches context.DeadlineExceeded.
	FaultTimeout
	// FaultStackOverflow: the call nested deeper than Options.MaxCallStack.
	FaultStackOverflow
	// FaultMemory: the Go heap grew past Options.MaxHeapBytes during the call.
	FaultMemory
	// FaultBadAnswer: the script returned something that is not an answer.
	FaultBadAnswer
	// FaultAnswerTooLarge: the answer's JSON exceeds Options.MaxAnswerBytes.
	FaultAnswerTooLarge
	// FaultUnsettled: the script returned a promise that can never settle
	// (nothing it waits for is still running).
	FaultUnsettled
)

func (f Fault) String() string {
	switch f {
	case FaultException:
		return "exception"
	case FaultTimeout:
		return "timeout"
	case FaultStackOverflow:
		return "stack overflow"
	case FaultMemory:
		return "memory limit"
	case FaultBadAnswer:
		return "bad answer"
	case FaultAnswerTooLarge:
		return "answer too large"
	case FaultUnsettled:
		return "unsettled promise"
	}
	return fmt.Sprintf("Fault(%d)", int(f))
}

// ScriptError is the error [Host.Run] returns when the script, not the host,
// failed. Line and Column (1-based, 0 when unknown) point into the script's
// source where the fault happened; Stack lists the script's frames, innermost
// first, one "at func (name:line:col)" per line.
type ScriptError struct {
	Fault   Fault
	Program string
	Line    int
	Column  int
	Message string
	Stack   string

	cause error
}

func (e *ScriptError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s: %s", e.Program, e.Line, e.Column, e.Fault, e.Message)
	}
	return fmt.Sprintf("%s: %s: %s", e.Program, e.Fault, e.Message)
}

// Unwrap exposes the underlying cause where there is one: the context error
// of a timeout, the Go error a host function raised inside the script.
func (e *ScriptError) Unwrap() error { return e.cause }

var (
	// ErrClosed is returned by [Host.Run] after [Host.Close].
	ErrClosed = errors.New("script: host is closed")
	// ErrNoProgram is returned by [Host.Run] when given a nil program.
	ErrNoProgram = errors.New("script: no program")
)
