package meta

import (
	"net/http"
	"net/url"

	"github.com/waflow/waflow/providers"
)

// Handshake answers Meta's subscription check; see [Webhooks.Handshake].
func (p *Provider) Handshake(query url.Values, verifyTokens []string) (string, bool) {
	return Webhooks{}.Handshake(query, verifyTokens)
}

// VerifyWebhook checks X-Hub-Signature-256 against the app secrets; see
// [Webhooks.VerifyWebhook].
func (p *Provider) VerifyWebhook(secrets [][]byte, header http.Header, body []byte) error {
	return Webhooks{}.VerifyWebhook(secrets, header, body)
}

// ParseWebhook turns a verified body into events; see
// [Webhooks.ParseWebhook].
func (p *Provider) ParseWebhook(body []byte) ([]providers.Event, error) {
	return Webhooks{}.ParseWebhook(body)
}
