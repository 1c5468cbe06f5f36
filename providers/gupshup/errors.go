package gupshup

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// APIError is Gupshup's error envelope, {"status": "error", "message":
// "…"}, kept whole in the Err of the *providers.Error a call returns. The
// v1 send API nests the text on 401 ({"message": {"message": "…"}});
// Message holds the innermost text either way. Gupshup has no error
// codes: Meta's errors reach it flattened into the text.
type APIError struct {
	Status  string
	Message string
}

func (e *APIError) Error() string { return "gupshup error: " + e.Message }

// envelopeOf reads the envelope from a body; nil when the body is not a
// JSON object with a status or a message.
func envelopeOf(body []byte) *APIError {
	var env struct {
		Status  string          `json:"status"`
		Message json.RawMessage `json:"message"`
	}
	if json.Unmarshal(body, &env) != nil {
		return nil
	}
	msg := innermost(env.Message)
	if env.Status == "" && msg == "" {
		return nil
	}
	return &APIError{Status: env.Status, Message: msg}
}

// innermost reads a message that is a string or an object whose message
// is one, as deep as it goes.
func innermost(raw json.RawMessage) string {
	for depth := 0; depth < 4; depth++ {
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			return ""
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		var nested struct {
			Message json.RawMessage `json:"message"`
		}
		if json.Unmarshal(raw, &nested) != nil {
			return ""
		}
		raw = nested.Message
	}
	return ""
}

// knownMessages classifies the refusals the reference documents, which
// Gupshup words only in text (no codes), matched case-insensitively as
// substrings. This table is the only place that reads error text.
var knownMessages = []struct {
	phrase string
	kind   providers.ErrorKind
}{
	{"authentication failed", providers.ErrorAuth},
	{"invalid app details", providers.ErrorAuth},
	{"too many requests", providers.ErrorThrottled},
	{"does not exist", providers.ErrorNotFound},
	{"not found", providers.ErrorNotFound},
	{"can only be modified in draft", providers.ErrorConflict},
	{"cannot be published", providers.ErrorConflict},
	{"cannot be deprecated", providers.ErrorConflict},
	{"cannot be deleted", providers.ErrorConflict},
	{"should be unique", providers.ErrorConflict},
	{"already exists", providers.ErrorConflict},
	{"duplicate", providers.ErrorConflict},
}

// kindOf classifies an answer by its HTTP status, refined by the
// envelope's text for statuses Gupshup overloads (400 and a 200 carrying
// the error envelope).
func kindOf(status int, e *APIError) providers.ErrorKind {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return providers.ErrorAuth
	case status == http.StatusTooManyRequests:
		return providers.ErrorThrottled
	case status >= 500:
		return providers.ErrorUnavailable
	}
	if e != nil {
		text := strings.ToLower(e.Message)
		for _, k := range knownMessages {
			if strings.Contains(text, k.phrase) {
				return k.kind
			}
		}
	}
	switch {
	case status == http.StatusNotFound:
		return providers.ErrorNotFound
	case status >= 400 || e != nil:
		return providers.ErrorInvalid
	}
	return providers.ErrorUnknown
}

// responseError turns a refused answer into a *providers.Error keeping
// Gupshup's message and, in Err, the whole APIError.
func responseError(op providers.Operation, r *transport.Response) *providers.Error {
	e := &providers.Error{BSP: providers.BSPGupshup, Operation: op, HTTPStatus: r.Status, RetryAfter: r.RetryAfter}
	env := envelopeOf(r.Body)
	e.Kind = kindOf(r.Status, env)
	if env == nil {
		e.Message = fmt.Sprintf("HTTP %d without Gupshup's error envelope", r.Status)
		return e
	}
	e.Message = env.Message
	e.Err = env
	return e
}

// localError is a refusal made before anything is sent.
func localError(op providers.Operation, kind providers.ErrorKind, err error) *providers.Error {
	return &providers.Error{BSP: providers.BSPGupshup, Operation: op, Kind: kind, Err: err}
}

// unsupported reports an operation outside Capabilities.
func unsupported(op providers.Operation) *providers.UnsupportedError {
	return &providers.UnsupportedError{BSP: providers.BSPGupshup, Operation: op}
}
