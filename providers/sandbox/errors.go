package sandbox

import (
	"fmt"

	"github.com/waflow/waflow/providers"
)

// Meta's Graph error codes for flow management (reference: Meta Flows API,
// error codes), reused so that code written against the sandbox meets the
// same numbers in production.
const (
	codeInvalidParameter = "100"    // bad request, unknown id, duplicate name
	codeCannotUpdate     = "139001" // the flow's state forbids editing it
	codeCannotPublish    = "139002" // not a draft, or a publishing check failed
	codeCannotDeprecate  = "139003" // not published, or already deprecated
	codeCannotDelete     = "139004" // the flow was published
)

// The sandbox answers in process, so HTTPStatus stays zero: there was no
// HTTP exchange to report, and callers branch on Kind.
func opError(op providers.Operation, kind providers.ErrorKind, code, format string, args ...any) *providers.Error {
	return &providers.Error{
		BSP:       providers.BSPSandbox,
		Operation: op,
		Kind:      kind,
		Code:      code,
		Message:   fmt.Sprintf(format, args...),
	}
}

func notFound(op providers.Operation, remoteID string) *providers.Error {
	return opError(op, providers.ErrorNotFound, codeInvalidParameter, "flow %q does not exist for this app", remoteID)
}

func invalid(op providers.Operation, format string, args ...any) *providers.Error {
	return opError(op, providers.ErrorInvalid, codeInvalidParameter, format, args...)
}

func conflict(op providers.Operation, code, format string, args ...any) *providers.Error {
	return opError(op, providers.ErrorConflict, code, format, args...)
}

func unsupported(op providers.Operation) *providers.UnsupportedError {
	return &providers.UnsupportedError{BSP: providers.BSPSandbox, Operation: op}
}
