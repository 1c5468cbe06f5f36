package providers

import (
	"errors"
	"net/http"
	"net/url"
)

// WebhookReceiver reads one BSP's webhooks. It works on bytes and headers,
// not on a web framework, and keeps no state: every method is safe for
// concurrent use.
//
// The pipeline calls VerifyWebhook before anything else looks at the body,
// with the raw bytes as received, and ParseWebhook only on a body that
// passed: a parser is never exposed to unauthenticated input in production,
// though it must still refuse malformed input with an error, never a panic.
type WebhookReceiver interface {
	// Handshake answers the BSP's subscription check (Meta's GET with
	// hub.mode, hub.verify_token and hub.challenge): the challenge to echo
	// and true when the request is well formed and its token is one of
	// verifyTokens, compared in constant time. BSPs without a handshake
	// return false.
	Handshake(query url.Values, verifyTokens []string) (challenge string, ok bool)
	// VerifyWebhook checks the request's signature over the raw body with
	// each secret in turn. Errors wrap ErrWebhookUnsigned when the request
	// carries no signature, ErrWebhookSignature when it carries a wrong or
	// malformed one, and ErrWebhookNoSecret when secrets holds no usable
	// key.
	VerifyWebhook(secrets [][]byte, header http.Header, body []byte) error
	// ParseWebhook turns a verified body into normalized events, in the
	// order the body lists them. A body that is not the BSP's webhook shape
	// is an error wrapping ErrWebhookMalformed; fields of kinds waflow does
	// not model are skipped, not refused.
	ParseWebhook(body []byte) ([]Event, error)
}

// Errors of a [WebhookReceiver]. The inbound pipeline answers the first
// two with 401 and 403, and the third with 503 so that the BSP retries once
// a secret is configured.
var (
	ErrWebhookUnsigned  = errors.New("webhook: signature missing")
	ErrWebhookSignature = errors.New("webhook: signature invalid")
	ErrWebhookNoSecret  = errors.New("webhook: no secret configured")
	ErrWebhookMalformed = errors.New("webhook: body malformed")
)
