package kapso

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
	"github.com/waflow/waflow/providers/meta"
)

// kapsoError is what the Platform API and the proxy's own refusals carry:
// {"error": "text"}, {"error": {"message", "code"?}} or {"message"}
// (providers reference §4.8).
type kapsoError struct {
	Code    string
	Message string
}

// decodeError reads an error body: the Graph envelope the proxy passes on
// from Meta, or one of Kapso's own shapes. Both are nil for a body that is
// neither (an HTML page from a gateway).
func decodeError(body []byte) (*meta.GraphError, *kapsoError) {
	var env struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(body, &env) != nil {
		return nil, nil
	}
	raw := bytes.TrimSpace(env.Error)
	switch {
	case len(raw) > 0 && raw[0] == '"':
		var msg string
		if json.Unmarshal(raw, &msg) == nil {
			return nil, &kapsoError{Message: msg}
		}
	case len(raw) > 0 && raw[0] == '{':
		var probe struct {
			Code      json.RawMessage `json:"code"`
			Message   string          `json:"message"`
			FBTraceID string          `json:"fbtrace_id"`
			Type      string          `json:"type"`
		}
		if json.Unmarshal(raw, &probe) != nil {
			return nil, nil
		}
		var g meta.GraphError
		if (probe.FBTraceID != "" || probe.Type != "") && json.Unmarshal(raw, &g) == nil {
			return &g, nil
		}
		return nil, &kapsoError{Code: scalar(probe.Code), Message: probe.Message}
	case env.Message != "":
		return nil, &kapsoError{Message: env.Message}
	}
	return nil, nil
}

// scalar reads a JSON string or number as text.
func scalar(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// isSend reports whether op sends a message: Kapso refuses a send while
// another one to the same conversation is in flight (409), and says to retry.
func isSend(op providers.Operation) bool {
	return slices.Contains(providers.SendOperations(), op)
}

// classifyRetry tells the transport which answers may be sent again:
// what Meta says it did not act on ([meta.GraphError.NotActedOn]), whatever
// the HTTP status; a 429 neither; other 5xx answers may have been acted
// on.
func classifyRetry(r *transport.Response) transport.Outcome {
	if r.Status < 300 {
		return transport.Done
	}
	if g, _ := decodeError(r.Body); g != nil && g.NotActedOn() {
		return transport.RetryAny
	}
	return transport.DefaultClassifier(r)
}

// classifySendRetry adds Kapso's 409 "another message in flight for this
// conversation, retry shortly", which was not acted on.
func classifySendRetry(r *transport.Response) transport.Outcome {
	if r.Status == http.StatusConflict {
		return transport.RetryAny
	}
	return classifyRetry(r)
}

// statusKind classifies an answer by its HTTP status alone.
func statusKind(op providers.Operation, status int) providers.ErrorKind {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return providers.ErrorAuth
	case status == http.StatusNotFound:
		return providers.ErrorNotFound
	case status == http.StatusConflict && isSend(op):
		return providers.ErrorThrottled
	case status == http.StatusConflict:
		return providers.ErrorConflict
	case status == http.StatusTooManyRequests:
		return providers.ErrorThrottled
	case status >= 500:
		return providers.ErrorUnavailable
	case status >= 400:
		return providers.ErrorInvalid
	}
	return providers.ErrorUnknown
}

// responseError turns a non-2xx answer into a *providers.Error keeping the
// code and message of Meta (the whole *meta.GraphError in Err) or of Kapso.
func responseError(c call, r *transport.Response) *providers.Error {
	e := &providers.Error{BSP: providers.BSPKapso, Operation: c.op, HTTPStatus: r.Status, RetryAfter: r.RetryAfter,
		Kind: statusKind(c.op, r.Status)}
	g, k := decodeError(r.Body)
	switch {
	case g != nil:
		e.Code, e.Message, e.Err = strconv.Itoa(g.Code), g.Message, g
		if kind, known := g.Kind(); known {
			e.Kind = kind
		}
	case k != nil:
		e.Code, e.Message = k.Code, k.Message
	default:
		e.Message = fmt.Sprintf("HTTP %d without an error body Kapso or Meta would send", r.Status)
	}
	return e
}

// localError is a refusal made before anything is sent.
func localError(op providers.Operation, kind providers.ErrorKind, err error) *providers.Error {
	return &providers.Error{BSP: providers.BSPKapso, Operation: op, Kind: kind, Err: err}
}

// unexpectedAnswer is a 2xx answer that does not say what it should.
func unexpectedAnswer(op providers.Operation, status int, msg string, err error) *providers.Error {
	return &providers.Error{BSP: providers.BSPKapso, Operation: op, Kind: providers.ErrorUnknown, HTTPStatus: status, Message: msg, Err: err}
}

// unsupported reports an operation outside Capabilities.
func unsupported(op providers.Operation) *providers.UnsupportedError {
	return &providers.UnsupportedError{BSP: providers.BSPKapso, Operation: op}
}

// graphCode returns the Graph code inside err, 0 when there is none.
func graphCode(err error) (code, subcode int) {
	var g *meta.GraphError
	if errors.As(err, &g) {
		return g.Code, g.Subcode
	}
	return 0, 0
}

// refusedAs returns err's *providers.Error with another kind, and err
// itself when it is none.
func refusedAs(err error, kind providers.ErrorKind) error {
	var pe *providers.Error
	if !errors.As(err, &pe) {
		return err
	}
	out := *pe
	out.Kind = kind
	return &out
}
