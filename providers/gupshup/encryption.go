package gupshup

import (
	"context"
	"net/http"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// SetPublicKey registers the business public key with POST
// https://api.gupshup.io/wa/app/{appId}/flows/public_key (header apikey,
// JSON {"public_key": "<PEM>"}). WhatsApp clients encrypt data-endpoint
// requests with it; the business hosts the endpoint itself. The answer's
// shape is undocumented: any 2xx without Gupshup's error envelope counts
// as done.
func (p *Provider) SetPublicKey(ctx context.Context, app providers.App, publicKeyPEM []byte) error {
	const op = providers.OpSetPublicKey
	appID, err := segment(op, "app's settings."+SettingAppID, app.Settings[SettingAppID])
	if err != nil {
		return err
	}
	body, err := transport.JSONPayload(map[string]string{"public_key": string(publicKeyPEM)})
	if err != nil {
		return localError(op, providers.ErrorInvalid, err)
	}
	_, err = p.do(ctx, app, call{op: op, surface: selfServeAPI, method: http.MethodPost,
		path: "/wa/app/" + appID + "/flows/public_key", body: body, idempotent: true}, nil)
	return err
}
