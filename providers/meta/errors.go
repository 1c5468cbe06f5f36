package meta

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// GraphError is the error object of the Graph API envelope
// {"error": {...}}, kept whole in the Err of the *providers.Error a call
// returns: errors.As(err, &graphErr) gives the subcode, Meta's texts for
// users and the fbtrace_id to quote to Meta's support.
type GraphError struct {
	Message     string `json:"message"`
	Type        string `json:"type,omitempty"`
	Code        int    `json:"code"`
	Subcode     int    `json:"error_subcode,omitempty"`
	UserTitle   string `json:"error_user_title,omitempty"`
	UserMessage string `json:"error_user_msg,omitempty"`
	FBTraceID   string `json:"fbtrace_id,omitempty"`
	IsTransient bool   `json:"is_transient,omitempty"`
	Data        *struct {
		Details string `json:"details,omitempty"`
	} `json:"error_data,omitempty"`
}

func (g *GraphError) Error() string {
	s := "graph error " + strconv.Itoa(g.Code)
	if g.Subcode != 0 {
		s += "/" + strconv.Itoa(g.Subcode)
	}
	if g.UserMessage != "" {
		s += ": " + g.UserMessage
	}
	if g.Data != nil && g.Data.Details != "" {
		s += " (" + g.Data.Details + ")"
	}
	if g.FBTraceID != "" {
		s += " [fbtrace_id " + g.FBTraceID + "]"
	}
	return s
}

// Graph error codes that callers branch on beyond [GraphError.Kind]:
// CodeInvalidParameter with a subcode other than SubcodeNoObject is a
// refused field rather than a missing object, and CodeFlowNotDeprecatable
// is also what deprecating a DEPRECATED flow answers.
const (
	CodeInvalidParameter    = 100
	CodeFlowNotDeprecatable = 139003
	// SubcodeNoObject accompanies CodeInvalidParameter when the id names
	// nothing the token can see ("Unsupported get request. Object with ID
	// … does not exist").
	SubcodeNoObject = 33
)

// Graph error codes waflow classifies by (providers reference §1.7 and
// the flows error table).
const (
	codeAuthUnknown    = 0
	codeAPIUnknown     = 1
	codeAPIService     = 2
	codeAPIMethod      = 3
	codeAppRateLimit   = 4
	codePermission     = 10
	codeTokenInvalid   = 190
	codeWABARateLimit  = 80007
	codeThroughput     = 130429
	codeSpamRateLimit  = 131048
	codePairRateLimit  = 131056
	codeRegisterLimit  = 133016
	codeGeneric        = 131000
	codeServiceUnavail = 131016
	codeBusinessUnavl  = 131057
	codeTimeout        = 133004
	codeTemplateAbsent = 132001
	codeFlowNotEdit    = 139001
	codeFlowNotPublish = 139002
	codeFlowNotDelete  = 139004
)

// throttlingCodes come back as HTTP 400, not 429: app, WABA, throughput,
// spam and pair rate limits, and the registration rate limit.
var throttlingCodes = map[int]bool{
	codeAppRateLimit: true, codeWABARateLimit: true, codeThroughput: true,
	codeSpamRateLimit: true, codePairRateLimit: true, codeRegisterLimit: true,
}

// unavailableCodes are Meta failing, not the request.
var unavailableCodes = map[int]bool{
	codeAPIUnknown: true, codeAPIService: true, codeGeneric: true, codeServiceUnavail: true,
	codeBusinessUnavl: true, codeTimeout: true, 133005: true,
}

// conflictCodes are flow transitions the flow's status forbids.
var conflictCodes = map[int]bool{
	codeFlowNotEdit: true, codeFlowNotPublish: true, CodeFlowNotDeprecatable: true, codeFlowNotDelete: true,
}

// integrityCodes are the account refused, which no retry and no other
// credential fixes.
var integrityCodes = map[int]bool{368: true, 130497: true, 131031: true, 139000: true}

// graphError reads the envelope from a body; nil when there is none.
func graphError(body []byte) *GraphError {
	var env struct {
		Error *GraphError `json:"error"`
	}
	if json.Unmarshal(body, &env) != nil || env.Error == nil {
		return nil
	}
	return env.Error
}

// classifyRetry tells the transport which answers may be sent again:
// Meta's throttling codes and is_transient errors say the request was not
// acted on, whatever the HTTP status; other 5xx answers may have been.
func classifyRetry(r *transport.Response) transport.Outcome {
	if r.Status < 300 {
		return transport.Done
	}
	if g := graphError(r.Body); g != nil && g.NotActedOn() {
		return transport.RetryAny
	}
	return transport.DefaultClassifier(r)
}

// Kind classifies the error by its Graph code: false when the code says
// no more than the HTTP status does, which then decides. Kapso, whose
// proxy passes Meta's errors on, classifies them with it too.
func (g *GraphError) Kind() (providers.ErrorKind, bool) {
	switch c := g.Code; {
	case c == codeAuthUnknown || c == codeTokenInvalid:
		return providers.ErrorAuth, true
	case c == codeAPIMethod || c == codePermission || c >= 200 && c <= 299:
		return providers.ErrorAuth, true
	case throttlingCodes[c]:
		return providers.ErrorThrottled, true
	case c == CodeInvalidParameter && g.Subcode == SubcodeNoObject:
		return providers.ErrorNotFound, true
	case conflictCodes[c]:
		return providers.ErrorConflict, true
	case c == codeTemplateAbsent || integrityCodes[c]:
		return providers.ErrorInvalid, true
	case unavailableCodes[c] || g.IsTransient:
		return providers.ErrorUnavailable, true
	}
	return "", false
}

// NotActedOn reports whether Meta said it did not act on the request (a
// throttling code, or is_transient), so that sending it again is safe
// whatever the HTTP status.
func (g *GraphError) NotActedOn() bool {
	return throttlingCodes[g.Code] || g.IsTransient
}

// kindOf classifies a Graph error, or a bare HTTP status when g is nil.
func kindOf(status int, g *GraphError) providers.ErrorKind {
	if g != nil {
		if kind, ok := g.Kind(); ok {
			return kind
		}
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return providers.ErrorAuth
	case status == http.StatusNotFound:
		return providers.ErrorNotFound
	case status == http.StatusTooManyRequests:
		return providers.ErrorThrottled
	case status >= 500:
		return providers.ErrorUnavailable
	case status >= 400:
		return providers.ErrorInvalid
	}
	return providers.ErrorUnknown
}

// responseError turns a non-2xx answer into a *providers.Error keeping
// Meta's code, message and (in Err) the whole GraphError.
func responseError(op providers.Operation, r *transport.Response) *providers.Error {
	e := &providers.Error{BSP: providers.BSPMeta, Operation: op, HTTPStatus: r.Status, RetryAfter: r.RetryAfter}
	g := graphError(r.Body)
	e.Kind = kindOf(r.Status, g)
	if g == nil {
		e.Message = fmt.Sprintf("HTTP %d without a Graph error body", r.Status)
		return e
	}
	e.Code = strconv.Itoa(g.Code)
	e.Message = g.Message
	e.Err = g
	return e
}

// localError is a refusal made before anything is sent.
func localError(op providers.Operation, kind providers.ErrorKind, err error) *providers.Error {
	return &providers.Error{BSP: providers.BSPMeta, Operation: op, Kind: kind, Err: err}
}

// unsupported reports an operation outside Capabilities.
func unsupported(op providers.Operation) *providers.UnsupportedError {
	return &providers.UnsupportedError{BSP: providers.BSPMeta, Operation: op}
}

// graphOf returns the GraphError inside err, if any.
func graphOf(err error) *GraphError {
	var g *GraphError
	if errors.As(err, &g) {
		return g
	}
	return nil
}
