package endpoint

import (
	"encoding/json"
	"net/http"
)

// Actions of a decrypted request. ActionErrorNotification is not sent by
// WhatsApp under that name; it is how [Outcome] labels an error
// notification, which arrives as INIT or data_exchange.
const (
	ActionPing              = "ping"
	ActionInit              = "INIT"
	ActionDataExchange      = "data_exchange"
	ActionBack              = "BACK"
	ActionErrorNotification = "error_notification"
)

// payload is a decrypted request. body keeps the whole object, as the
// script sees it; the other fields are the protocol's, already type-checked.
type payload struct {
	body               map[string]any
	version            string
	action             string
	screen             string
	data               map[string]any
	flowToken          string
	flowTokenSignature string
}

// parsePayload decodes the decrypted JSON. Every failure is a 400: the
// envelope opened, so the sender holds the AES key and the request is
// authentic as far as the transport goes, but it is not a flows request.
func parsePayload(plain []byte) (*payload, error) {
	var v any
	if err := json.Unmarshal(plain, &v); err != nil {
		return nil, newError(http.StatusBadRequest, CodeBadPayload, "decrypted payload is not JSON: %w", err)
	}
	body, ok := v.(map[string]any)
	if !ok {
		return nil, newError(http.StatusBadRequest, CodeBadPayload, "decrypted payload is a JSON %s, not an object", jsonKind(v))
	}
	p := &payload{body: body}
	var err error
	if p.version, err = optionalString(body, "version"); err != nil {
		return nil, err
	}
	if p.action, err = optionalString(body, "action"); err != nil {
		return nil, err
	}
	if p.screen, err = optionalString(body, "screen"); err != nil {
		return nil, err
	}
	if p.flowToken, err = optionalString(body, "flow_token"); err != nil {
		return nil, err
	}
	if p.flowTokenSignature, err = optionalString(body, "flow_token_signature"); err != nil {
		return nil, err
	}
	switch d := body["data"].(type) {
	case nil:
		// Absent or null: INIT and BACK "may not" populate it.
	case map[string]any:
		p.data = d
	default:
		return nil, newError(http.StatusBadRequest, CodeBadPayload, "field data is a JSON %s, not an object", jsonKind(d))
	}
	if p.action == "" {
		return nil, newError(http.StatusBadRequest, CodeUnknownAction, "field action is missing or empty")
	}
	return p, nil
}

func optionalString(body map[string]any, key string) (string, error) {
	switch v := body[key].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	default:
		return "", newError(http.StatusBadRequest, CodeBadPayload, "field %s is a JSON %s, not a string", key, jsonKind(v))
	}
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "value"
}
