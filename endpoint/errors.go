package endpoint

import (
	"errors"
	"fmt"
	"net/http"
)

// Code names why a request was not answered with 200. Codes are stable: they
// label metrics and logs, and callers branch on them instead of on text.
type Code string

// The codes, grouped by the stage of [Handler.Handle] that produces them.
const (
	// Transport.
	CodeBodyTooLarge     Code = "body_too_large"     // 413
	CodeMethodNotAllowed Code = "method_not_allowed" // 405, net/http and Fiber adapters only
	CodeBadSignature     Code = "bad_signature"      // 432: X-Hub-Signature-256 missing or wrong
	CodeUndecryptable    Code = "undecryptable"      // 421: the envelope does not open

	// The decrypted request.
	CodeBadPayload       Code = "bad_payload"        // 400: not a JSON object, or a field of the wrong type
	CodeUnknownAction    Code = "unknown_action"     // 400: action missing or not one the protocol defines
	CodeUnknownScreen    Code = "unknown_screen"     // 400: the request names a screen the flow lacks
	CodeMissingFlowToken Code = "missing_flow_token" // 400
	CodeTokenInvalid     Code = "token_invalid"      // 427: malformed, forged, expired or for another flow
	CodeTokenSignature   Code = "token_signature"    // 432: Data API 4.0 flow_token_signature does not verify

	// The handler and its answer.
	CodeScriptFault   Code = "script_fault"   // 500: the script threw, timed out, overflowed, ...
	CodeInvalidAnswer Code = "invalid_answer" // 500: the answer does not fit the flow
	CodeUnavailable   Code = "unavailable"    // 503: the script host is shut down
	CodeInternal      Code = "internal"       // 500: encoding or sealing failed
)

// Status codes the protocol gives a meaning to (reference: 421 makes the
// client re-fetch the public key, 427 disables the flow's button, 432 is a
// failed signature). net/http has no names for them.
const (
	StatusUndecryptable = 421
	StatusTokenInvalid  = 427
	StatusBadSignature  = 432
)

// Error is every failure [Handler.Handle] answers with a status other than
// 200. Status is the HTTP status sent; Code classifies the failure; Err is
// the cause, for logs only: nothing of it reaches the response body.
type Error struct {
	Status int
	Code   Code
	Err    error
}

func newError(status int, code Code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Err: fmt.Errorf(format, args...)}
}

func (e *Error) Error() string {
	return fmt.Sprintf("endpoint: %s (%d): %v", e.Code, e.Status, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ClientFault reports whether the request, not the endpoint, is at fault:
// true for every 4xx. Metrics count the rest against the endpoint.
func (e *Error) ClientFault() bool { return e.Status >= 400 && e.Status < 500 }

// publicMessage is what a sealed error body says (a 427 says
// Config.ExpiredTokenMessage instead). It is fixed per code so that no
// cause, path or script text can leak to the caller.
func (e *Error) publicMessage() string {
	switch e.Code {
	case CodeBadPayload, CodeUnknownAction, CodeUnknownScreen, CodeMissingFlowToken:
		return "The request could not be processed."
	}
	return "Something went wrong. Please try again later."
}

// StatusOf returns the HTTP status for err: the Status of an *[Error] in
// its chain, 200 for nil, 500 for anything else.
func StatusOf(err error) int {
	if err == nil {
		return http.StatusOK
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Status
	}
	return http.StatusInternalServerError
}
