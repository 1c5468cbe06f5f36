package infobip

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// APIError is Infobip's error body, kept whole in the Err of the
// *providers.Error a call returns: errors.As(err, &apiErr) gives the
// violations and Infobip's advice. Infobip answers in one of two
// envelopes, and both fill it:
//
//   - the newer one of the flows and templates APIs:
//     {"errorCode":"E400","description":…,"action":…,"violations":[{"property","violation"}],"resources":[…]};
//   - the classic one of the message APIs:
//     {"requestError":{"serviceException":{"messageId":"UNAUTHORIZED","text":"Invalid login details"}}},
//     whose messageId (an error name, not a message's id) becomes Code and
//     whose text becomes Description.
type APIError struct {
	Code        string      `json:"errorCode"`
	Description string      `json:"description"`
	Action      string      `json:"action,omitempty"`
	Violations  []Violation `json:"violations,omitempty"`
	Resources   []Resource  `json:"resources,omitempty"`
	// Classic is true when the answer used the requestError envelope.
	Classic bool `json:"-"`
}

// Violation is one broken rule: the property (a field path or a path
// parameter such as "flowId") and what is wrong with it.
type Violation struct {
	Property  string `json:"property"`
	Violation string `json:"violation"`
}

// Resource is a documentation link Infobip attaches to an error.
type Resource struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

func (a *APIError) Error() string {
	s := "infobip error " + a.Code
	if a.Description != "" {
		s += ": " + a.Description
	}
	for _, v := range a.Violations {
		s += fmt.Sprintf(" [%s: %s]", v.Property, v.Violation)
	}
	return s
}

// classicUnauthorized is the classic envelope's messageId for a refused
// API key, whatever the HTTP status it comes with.
const classicUnauthorized = "UNAUTHORIZED"

// stateProperties are the path parameters that a 400 names when the
// object exists but its status forbids the call ("Flow can only be
// modified in DRAFT status.", "Cannot publish flow which is not in DRAFT
// status."): a refused transition, not a malformed request.
var stateProperties = map[string]bool{"flowId": true, "templateId": true}

// apiError reads either envelope from a body; nil when there is none.
func apiError(body []byte) *APIError {
	var env struct {
		APIError
		RequestError *struct {
			ServiceException *struct {
				MessageID string `json:"messageId"`
				Text      string `json:"text"`
			} `json:"serviceException"`
		} `json:"requestError"`
	}
	if json.Unmarshal(body, &env) != nil {
		return nil
	}
	if re := env.RequestError; re != nil && re.ServiceException != nil {
		return &APIError{Code: re.ServiceException.MessageID, Description: re.ServiceException.Text, Classic: true}
	}
	if env.Code == "" && env.Description == "" && len(env.Violations) == 0 {
		return nil
	}
	a := env.APIError
	return &a
}

// kindOf classifies an answer by its HTTP status, refined by the error:
// a 400 naming only a flow or template id is a refused transition.
func kindOf(status int, a *APIError) providers.ErrorKind {
	if a != nil && strings.EqualFold(a.Code, classicUnauthorized) {
		return providers.ErrorAuth
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return providers.ErrorAuth
	case status == http.StatusNotFound:
		return providers.ErrorNotFound
	case status == http.StatusConflict:
		return providers.ErrorConflict
	case status == http.StatusTooManyRequests:
		return providers.ErrorThrottled
	case status >= 500:
		return providers.ErrorUnavailable
	case status >= 400 && a != nil && namesStateOnly(a.Violations):
		return providers.ErrorConflict
	case status >= 400:
		return providers.ErrorInvalid
	}
	return providers.ErrorUnknown
}

func namesStateOnly(vs []Violation) bool {
	if len(vs) == 0 {
		return false
	}
	for _, v := range vs {
		if !stateProperties[v.Property] {
			return false
		}
	}
	return true
}

// responseError turns a non-2xx answer into a *providers.Error keeping
// Infobip's code, description and (in Err) the whole APIError.
func responseError(op providers.Operation, r *transport.Response) *providers.Error {
	e := &providers.Error{BSP: providers.BSPInfobip, Operation: op, HTTPStatus: r.Status, RetryAfter: r.RetryAfter}
	a := apiError(r.Body)
	e.Kind = kindOf(r.Status, a)
	if a == nil {
		e.Message = fmt.Sprintf("HTTP %d without an Infobip error body", r.Status)
		return e
	}
	e.Code, e.Message, e.Err = a.Code, a.Description, a
	return e
}

// localError is a refusal made before anything is sent.
func localError(op providers.Operation, kind providers.ErrorKind, err error) *providers.Error {
	return &providers.Error{BSP: providers.BSPInfobip, Operation: op, Kind: kind, Err: err}
}

// invalidMessage refuses a message Infobip cannot carry, naming the field
// as providers.OutboundMessage.Validate would.
func invalidMessage(op providers.Operation, field, message string) *providers.Error {
	return localError(op, providers.ErrorInvalid, &providers.InvalidMessageError{
		Fields: []providers.FieldError{{Field: field, Message: message}}})
}

// unsupported reports an operation outside Capabilities.
func unsupported(op providers.Operation) *providers.UnsupportedError {
	return &providers.UnsupportedError{BSP: providers.BSPInfobip, Operation: op}
}

// reclassify changes the kind of a *providers.Error.
func reclassify(err error, kind providers.ErrorKind) error {
	var pe *providers.Error
	if errors.As(err, &pe) {
		cp := *pe
		cp.Kind = kind
		return &cp
	}
	return err
}

// reoperate names op in a *providers.Error from a follow-up call made on
// op's behalf.
func reoperate(err error, op providers.Operation) error {
	var pe *providers.Error
	if errors.As(err, &pe) {
		cp := *pe
		cp.Operation = op
		return &cp
	}
	return err
}
