package kapso

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// surface is one of Kapso's two APIs.
type surface int

const (
	// platform is /platform/v1: Kapso's resources, answers wrapped in
	// {"data": …}.
	platform surface = iota
	// proxy is /meta/whatsapp/{version}: Meta's Graph paths and shapes.
	proxy
)

// call is one request to either surface.
type call struct {
	op      providers.Operation
	surface surface
	method  string
	// path follows the surface's prefix, its ids already escaped.
	path       string
	query      url.Values
	body       transport.Payload
	idempotent bool
}

// segment escapes an id as a path segment, refusing an empty one.
func segment(op providers.Operation, what, id string) (string, error) {
	return transport.Segment(providers.BSPKapso, op, what, id)
}

// phoneScope is the query that tells the proxy which WhatsApp config a
// call addressed only by a flow id belongs to.
func phoneScope(app providers.App) url.Values {
	return url.Values{"phone_number_id": {app.PhoneNumberID}}
}

// do sends c for app and decodes a 2xx answer into out (unless nil): the
// "data" member for the Platform API, the whole body for the proxy. It
// returns the raw answer too. Failures are *providers.Error values.
func (p *Provider) do(ctx context.Context, app providers.App, c call, out any) ([]byte, error) {
	key := app.Credentials[CredentialAPIKey]
	if key == "" {
		return nil, localError(c.op, providers.ErrorAuth, errors.New("the app has no api_key credential"))
	}
	base := p.base
	if s := strings.TrimRight(app.Settings[SettingBaseURL], "/"); s != "" {
		base = s
	}
	u := base + "/platform/v1/" + c.path
	if c.surface == proxy {
		u = base + "/meta/whatsapp/" + p.version + "/" + c.path
	}
	if len(c.query) > 0 {
		u += "?" + c.query.Encode()
	}
	req := transport.Request{
		Method: c.method, URL: u, Body: c.body.Data, Idempotent: c.idempotent,
		Header:  http.Header{"X-Api-Key": {key}, "Accept": {"application/json"}},
		Secrets: []string{key, app.Credentials[CredentialWebhookSecret]},
	}
	if c.body.ContentType != "" {
		req.Header.Set("Content-Type", c.body.ContentType)
	}
	client := p.http
	if isSend(c.op) {
		sendClient := *p.http
		sendClient.Classify = classifySendRetry
		client = &sendClient
	}
	resp, err := client.Do(ctx, req)
	if err != nil {
		return nil, transport.Unanswered(providers.BSPKapso, c.op, err)
	}
	if resp.Status < 200 || resp.Status > 299 {
		return resp.Body, responseError(c, resp)
	}
	if out == nil {
		return resp.Body, nil
	}
	target := resp.Body
	if c.surface == platform {
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(resp.Body, &env); err != nil || len(env.Data) == 0 {
			return resp.Body, unexpectedAnswer(c.op, resp.Status, `the answer has no "data" member`, err)
		}
		target = env.Data
	}
	if err := transport.Decode(providers.BSPKapso, c.op, resp.Status, target, out); err != nil {
		return resp.Body, err
	}
	return resp.Body, nil
}

// success is the answer {"success": true} of Graph mutations.
type success struct {
	Success bool `json:"success"`
}

// mutate sends a proxy call answered by {"success": true}.
func (p *Provider) mutate(ctx context.Context, app providers.App, c call) error {
	var out success
	if _, err := p.do(ctx, app, c, &out); err != nil {
		return err
	}
	if !out.Success {
		return unexpectedAnswer(c.op, http.StatusOK, `the answer did not say "success": true`, nil)
	}
	return nil
}
