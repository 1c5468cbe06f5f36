package infobip

import (
	"context"
	"net/http"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// SetPublicKey uploads the business public key (PEM) with
// POST /whatsapp/1/senders/{sender}/public-key, a multipart body whose
// part "file" holds the key. Infobip has it signed at Meta; WhatsApp
// clients then encrypt data-endpoint requests with it.
func (p *Provider) SetPublicKey(ctx context.Context, app providers.App, publicKeyPEM []byte) error {
	const op = providers.OpSetPublicKey
	path, err := senderPath(op, "1", app)
	if err != nil {
		return err
	}
	body, err := transport.MultipartPayload(transport.FilePart{Field: "file", Filename: "public-key.pem", ContentType: "application/x-pem-file", Data: publicKeyPEM})
	if err != nil {
		return localError(op, providers.ErrorInvalid, err)
	}
	_, err = p.do(ctx, app, call{op: op, method: http.MethodPost, path: path + "/public-key", body: body, idempotent: true}, nil)
	return err
}
