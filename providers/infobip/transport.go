package infobip

import (
	"bytes"
	"context"
	"errors"
	"strings"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// call is one API request.
type call struct {
	op     providers.Operation
	method string
	// path starts with "/", its segments already escaped.
	path       string
	body       transport.Payload
	idempotent bool
}

// segment escapes a path segment, refusing an empty one.
func segment(op providers.Operation, what, v string) (string, error) {
	return transport.Segment(providers.BSPInfobip, op, what, v)
}

// senderOf is the app's business number as Infobip writes it: digits in
// international format, without "+".
func senderOf(app providers.App) string {
	return strings.TrimPrefix(strings.TrimSpace(app.PhoneNumber), "+")
}

// senderPath is "/whatsapp/{version}/senders/{sender}".
func senderPath(op providers.Operation, version string, app providers.App) (string, error) {
	s, err := segment(op, "app's phone number (the Infobip sender)", senderOf(app))
	if err != nil {
		return "", err
	}
	return "/whatsapp/" + version + "/senders/" + s, nil
}

// do sends c for app and decodes a 2xx answer into out (unless nil or the
// answer is empty), returning the raw answer too. Failures are
// *providers.Error values.
func (p *Provider) do(ctx context.Context, app providers.App, c call, out any) ([]byte, error) {
	key := app.Credentials[CredentialAPIKey]
	if key == "" {
		return nil, localError(c.op, providers.ErrorAuth, errors.New("the app has no api_key credential"))
	}
	base := strings.TrimRight(app.Settings[SettingBaseURL], "/")
	if base == "" {
		base = p.base
	}
	if base == "" {
		return nil, localError(c.op, providers.ErrorInvalid, errors.New("the app has no settings.base_url and the provider no BaseURL: Infobip hosts every account on its own host"))
	}
	req := transport.Request{
		Method: c.method, URL: base + c.path, Body: c.body.Data, Idempotent: c.idempotent,
		Header:  map[string][]string{"Authorization": {"App " + key}, "Accept": {"application/json"}},
		Secrets: []string{key, app.Credentials[CredentialWebhookSecret]},
	}
	if c.body.ContentType != "" {
		req.Header["Content-Type"] = []string{c.body.ContentType}
	}
	resp, err := p.http.Do(ctx, req)
	if err != nil {
		return nil, transport.Unanswered(providers.BSPInfobip, c.op, err)
	}
	if resp.Status < 200 || resp.Status > 299 {
		return resp.Body, responseError(c.op, resp)
	}
	if out != nil && len(bytes.TrimSpace(resp.Body)) > 0 {
		if err := transport.Decode(providers.BSPInfobip, c.op, resp.Status, resp.Body, out); err != nil {
			return resp.Body, err
		}
	}
	return resp.Body, nil
}
