package kapso

import (
	"context"
	"net/http"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// SetEndpoint is not offered: an endpoint URI at Meta only works with the
// business key of the phone number, and Kapso generates and holds that key
// itself (see SetupEncryption); Kapso flows reach their data endpoint
// through Kapso's hosting instead.
func (p *Provider) SetEndpoint(context.Context, providers.App, string, string) error {
	return unsupported(providers.OpSetEndpoint)
}

// SetPublicKey is not offered: Kapso documents no upload of a business
// key. It generates the key pair of a flow's phone number itself, uploads
// the public half to Meta and decrypts data-endpoint requests with the
// private half (SetupEncryption); a key of waflow's would not be used.
func (p *Provider) SetPublicKey(context.Context, providers.App, []byte) error {
	return unsupported(providers.OpSetPublicKey)
}

// EncryptionSetup is Kapso's answer to SetupEncryption.
type EncryptionSetup struct {
	// Status is "success", or "already_configured" when the phone number
	// had its key before.
	Status  string `json:"status"`
	Message string `json:"message"`
	// Configured is Kapso's flows_encryption_configured.
	Configured bool `json:"flows_encryption_configured"`
}

// SetupEncryption has Kapso generate (or keep) the flows key pair of the
// flow's phone number and register the public key with Meta:
// POST /platform/v1/whatsapp/flows/{id}/setup_encryption. Kapso-hosted
// data endpoints need it; calling it again is harmless
// ("already_configured"). It is reported under
// providers.OpSetPublicKey, the operation it stands in for.
func (p *Provider) SetupEncryption(ctx context.Context, app providers.App, remoteID string) (EncryptionSetup, error) {
	const op = providers.OpSetPublicKey
	id, err := segment(op, "flow id", remoteID)
	if err != nil {
		return EncryptionSetup{}, err
	}
	body, err := transport.JSONPayload(map[string]string{"phone_number_id": app.PhoneNumberID})
	if err != nil {
		return EncryptionSetup{}, localError(op, providers.ErrorInvalid, err)
	}
	var out EncryptionSetup
	if _, err := p.do(ctx, app, call{op: op, surface: platform, method: http.MethodPost, path: "whatsapp/flows/" + id + "/setup_encryption",
		body: body, idempotent: true}, &out); err != nil {
		return EncryptionSetup{}, err
	}
	return out, nil
}
