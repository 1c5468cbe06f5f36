package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/apikeys"
	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/internal/fielderr"
	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/providers"
)

// Error codes of the JSON error envelope. They are stable: clients branch on
// them, never on the message.
const (
	CodeValidation           = "VALIDATION_FAILED"
	CodeMalformedJSON        = "MALFORMED_JSON"
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	CodeInvalidFlowJSON      = "INVALID_FLOW_JSON"
	CodeInvalidScript        = "INVALID_SCRIPT"
	CodeUnauthorized         = "UNAUTHORIZED"
	CodeNotFound             = "NOT_FOUND"
	CodeMethodNotAllowed     = "METHOD_NOT_ALLOWED"
	CodeConflict             = "CONFLICT"
	CodeTransition           = "TRANSITION_NOT_ALLOWED"
	CodeNoRevision           = "NO_REVISION"
	CodeNoEncryptionKey      = "NO_ENCRYPTION_KEY"
	CodeBodyTooLarge         = "BODY_TOO_LARGE"
	CodeUnsupportedByBSP     = "UNSUPPORTED_BY_BSP"
	CodeBSPRejected          = "BSP_REJECTED"
	CodeBSPFailed            = "BSP_FAILED"
	CodeBadRequest           = "BAD_REQUEST"
	CodeTimeout              = "TIMEOUT"
	CodeNotReady             = "NOT_READY"
	CodeInternal             = "INTERNAL"
)

// Error is an answer with a status other than 2xx, written as
//
//	{"error": {"code": "...", "message": "...", "details": [...], "request_id": "..."}}
//
// Handlers return it (or any error; see the package documentation for how
// domain errors are mapped) and the server writes it. An *Error wrapped
// with a cause, fmt.Errorf("%w: %w", e, cause), is answered as e while the
// cause goes to the log. Message is for people and may change;
// Code is for programs. Details carry the structured specifics: the fields
// of a validation failure, the diagnostics of a Flow JSON document, the
// transitions a flow allows.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Details []any  `json:"details"`
	// RequestID is filled in by the server; it ties the answer to the log.
	RequestID string `json:"request_id,omitempty"`
	// Header holds extra response headers (Allow, WWW-Authenticate,
	// Retry-After).
	Header map[string]string `json:"-"`
}

func (e *Error) Error() string {
	return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message)
}

// FieldDetail names one input field that breaks a rule.
type FieldDetail struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// PositionDetail locates a problem in a request body, 1-based.
type PositionDetail struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Offset  int64  `json:"offset"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message,omitempty"`
}

// TransitionDetail explains a refused lifecycle action.
type TransitionDetail struct {
	From    string   `json:"from"`
	Action  string   `json:"action"`
	Allowed []string `json:"allowed"`
}

// BSPDetail names the BSP and operation behind a provider failure, with the
// BSP's own code and message when it gave them.
type BSPDetail struct {
	BSP       string `json:"bsp"`
	Operation string `json:"operation"`
	Kind      string `json:"kind,omitempty"`
	Code      string `json:"bsp_code,omitempty"`
	Message   string `json:"bsp_message,omitempty"`
}

// Validation returns a 400 listing the broken fields.
func Validation(message string, fields ...FieldDetail) *Error {
	details := make([]any, len(fields))
	for i, f := range fields {
		details[i] = f
	}
	return &Error{Status: http.StatusBadRequest, Code: CodeValidation, Message: message, Details: details}
}

// brokenRules answers 400 naming every rule fields break.
func brokenRules(fields ...FieldDetail) *Error {
	return Validation("the request breaks "+plural(len(fields), "rule"), fields...)
}

// fieldErrors answers the *ValidationError of package apps, lifecycle or
// messaging, whose FieldError is one type.
func fieldErrors(fields []fielderr.FieldError) *Error {
	details := make([]FieldDetail, len(fields))
	for i, f := range fields {
		details[i] = FieldDetail(f)
	}
	return brokenRules(details...)
}

// NotFound returns a 404 saying what was not found.
func NotFound(message string) *Error {
	return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: message}
}

// errInternal is what every unexpected failure becomes on the wire; the
// cause goes to the log only.
func errInternal() *Error {
	return &Error{Status: http.StatusInternalServerError, Code: CodeInternal,
		Message: "internal error; quote the request id when reporting it"}
}

// errorFor maps any error a handler returns to the answer the client gets.
// Domain packages signal meaning with typed errors and sentinels; only those
// are turned into 4xx. Everything else is a 500 whose text stays in the log.
func errorFor(err error) *Error {
	var (
		e   *Error
		fe  *fiber.Error
		av  *apps.ValidationError
		lv  *lifecycle.ValidationError
		fj  *lifecycle.FlowJSONError
		se  *lifecycle.ScriptError
		te  *lifecycle.TransitionError
		ue  *providers.UnsupportedError
		pe  *providers.Error
		out *Error
	)
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &fe):
		return fiberError(fe)
	case errors.As(err, &av):
		return fieldErrors(av.Fields)
	case errors.As(err, &lv):
		return fieldErrors(lv.Fields)
	case errors.As(err, &fj):
		out = &Error{Status: http.StatusBadRequest, Code: CodeInvalidFlowJSON,
			Message: "the Flow JSON document is invalid", Details: make([]any, len(fj.Diagnostics))}
		for i, d := range fj.Diagnostics {
			out.Details[i] = d
		}
		return out
	case errors.As(err, &se):
		return &Error{Status: http.StatusBadRequest, Code: CodeInvalidScript,
			Message: "the handler script does not compile",
			Details: []any{PositionDetail{Line: se.Line, Column: se.Column, Message: se.Message}}}
	case errors.As(err, &te):
		allowed := make([]string, len(te.Allowed))
		for i, a := range te.Allowed {
			allowed[i] = string(a)
		}
		return &Error{Status: http.StatusConflict, Code: CodeTransition,
			Message: fmt.Sprintf("%s is not allowed for a flow in %s", te.Action, te.From),
			Details: []any{TransitionDetail{From: te.From.String(), Action: string(te.Action), Allowed: allowed}}}
	case errors.As(err, &ue):
		return &Error{Status: http.StatusUnprocessableEntity, Code: CodeUnsupportedByBSP,
			Message: fmt.Sprintf("%s does not support %s", ue.BSP, ue.Operation),
			Details: []any{BSPDetail{BSP: string(ue.BSP), Operation: string(ue.Operation)}}}
	case errors.As(err, &pe):
		return bspError(pe)
	case errors.Is(err, apikeys.ErrUnauthorized), errors.Is(err, ErrUnauthorized):
		return errUnauthorized()
	case errors.Is(err, apps.ErrNoKey):
		return &Error{Status: http.StatusNotFound, Code: CodeNoEncryptionKey,
			Message: `the app has no flows encryption key; POST {"action":"generate"} to its encryption resource to make one`}
	case errors.Is(err, apps.ErrNotFound):
		return NotFound("no app has this id")
	case errors.Is(err, lifecycle.ErrNotFound):
		return NotFound("no flow, revision or target has this id")
	case errors.Is(err, apikeys.ErrNotFound):
		return NotFound("no API key has this id")
	case errors.Is(err, lifecycle.ErrNoRevision):
		return &Error{Status: http.StatusConflict, Code: CodeNoRevision,
			Message: "the flow has no Flow JSON yet; PUT one before publishing"}
	case errors.Is(err, apps.ErrConflict):
		return &Error{Status: http.StatusConflict, Code: CodeConflict,
			Message: "another app already has this name or this (bsp, phone_number_id), or a concurrent change won; retry"}
	case errors.Is(err, lifecycle.ErrConflict), errors.Is(err, apikeys.ErrConflict):
		return &Error{Status: http.StatusConflict, Code: CodeConflict,
			Message: "the request conflicts with the current state; read it again and retry"}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeTimeout,
			Message: "the request did not finish in time; retry later"}
	}
	return errInternal()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func errUnauthorized() *Error {
	return &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized,
		Message: "a valid API key is required: send it as Authorization: Bearer <key>",
		Header:  map[string]string{fiber.HeaderWWWAuthenticate: `Bearer realm="waflow"`}}
}

// bspError answers a BSP's failure. A refusal of what was asked (invalid,
// conflict, not found at the BSP) is the client's to fix, so 422; anything
// else is the BSP's side failing, so 502. The wrapped cause (a transport
// error with internal addresses) is not shown; the BSP's own message is.
func bspError(pe *providers.Error) *Error {
	d := BSPDetail{BSP: string(pe.BSP), Operation: string(pe.Operation), Kind: string(pe.Kind),
		Code: pe.Code, Message: pe.Message}
	switch pe.Kind {
	case providers.ErrorInvalid, providers.ErrorConflict, providers.ErrorNotFound:
		return &Error{Status: http.StatusUnprocessableEntity, Code: CodeBSPRejected,
			Message: fmt.Sprintf("%s refused %s", pe.BSP, pe.Operation), Details: []any{d}}
	}
	out := &Error{Status: http.StatusBadGateway, Code: CodeBSPFailed,
		Message: fmt.Sprintf("%s failed %s (%s)", pe.BSP, pe.Operation, pe.Kind), Details: []any{d}}
	if pe.RetryAfter > 0 {
		out.Header = map[string]string{fiber.HeaderRetryAfter: fmt.Sprint(int(pe.RetryAfter.Seconds() + 0.5))}
	}
	return out
}

// fiberError answers the errors Fiber and fasthttp raise themselves, with
// messages of our own: theirs may echo raw request bytes.
func fiberError(fe *fiber.Error) *Error {
	switch fe.Code {
	case http.StatusNotFound:
		return NotFound("no such route")
	case http.StatusMethodNotAllowed:
		return &Error{Status: fe.Code, Code: CodeMethodNotAllowed, Message: "the route does not accept this method"}
	case http.StatusRequestEntityTooLarge:
		return &Error{Status: fe.Code, Code: CodeBodyTooLarge, Message: "the request body is larger than the server accepts"}
	case http.StatusRequestTimeout:
		return &Error{Status: fe.Code, Code: CodeTimeout, Message: "the request was not received in time"}
	case http.StatusUnsupportedMediaType:
		return &Error{Status: fe.Code, Code: CodeUnsupportedMediaType, Message: "the request body must be JSON"}
	}
	if fe.Code >= 400 && fe.Code < 500 {
		return &Error{Status: fe.Code, Code: CodeBadRequest, Message: http.StatusText(fe.Code)}
	}
	return errInternal()
}
