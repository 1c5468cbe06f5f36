package meta

import (
	"context"
	"net/http"
	"net/url"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// SetPublicKey registers the business public key of the app's phone number
// with POST /{phone_number_id}/whatsapp_business_encryption, form field
// business_public_key (PEM, RSA-2048). Meta signs the key; WhatsApp
// clients encrypt data-endpoint requests with it.
func (p *Provider) SetPublicKey(ctx context.Context, app providers.App, publicKeyPEM []byte) error {
	const op = providers.OpSetPublicKey
	phone, err := node(op, "app's phone_number_id", app.PhoneNumberID)
	if err != nil {
		return err
	}
	body := transport.FormPayload(url.Values{"business_public_key": {string(publicKeyPEM)}})
	return p.mutate(ctx, app, call{op: op, method: http.MethodPost, path: phone + "/whatsapp_business_encryption", body: body, idempotent: true})
}
