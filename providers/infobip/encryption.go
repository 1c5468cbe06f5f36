package infobip

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"

	"github.com/waflow/waflow/providers"
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
	body, err := keyPayload(publicKeyPEM)
	if err != nil {
		return localError(op, providers.ErrorInvalid, err)
	}
	_, err = p.do(ctx, app, call{op: op, method: http.MethodPost, path: path + "/public-key", body: body, idempotent: true}, nil)
	return err
}

// keyPayload writes the key as the multipart part "file". The boundary is
// derived from the key, so the same upload always has the same bytes.
func keyPayload(pem []byte) (payload, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	sum := sha256.Sum256(pem)
	if err := w.SetBoundary("waflow-" + hex.EncodeToString(sum[:12])); err != nil {
		return payload{}, err
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, "public-key.pem"))
	h.Set("Content-Type", "application/x-pem-file")
	part, err := w.CreatePart(h)
	if err != nil {
		return payload{}, err
	}
	if _, err := part.Write(pem); err != nil {
		return payload{}, err
	}
	if err := w.Close(); err != nil {
		return payload{}, err
	}
	return payload{contentType: w.FormDataContentType(), data: buf.Bytes()}, nil
}
