package meta

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/internal/transport"
)

// Names in providers.App this package reads.
const (
	// CredentialAccessToken is the Bearer token of every call: a System
	// User token in production.
	CredentialAccessToken = "access_token"
	// SettingBaseURL, when set, replaces Options.BaseURL for the app.
	SettingBaseURL = "base_url"
)

// credentialNames are the credentials scrubbed from logs: the token and the
// webhook secrets an app may carry alongside.
var credentialNames = []string{CredentialAccessToken, "app_secret", "verify_token"}

// call is one Graph request.
type call struct {
	op     providers.Operation
	method string
	// path is the part after the version, its ids already escaped.
	path       string
	query      url.Values
	body       transport.Payload
	idempotent bool
}

// node escapes a Graph id as a path segment, refusing an empty one.
func node(op providers.Operation, what, id string) (string, error) {
	return transport.Segment(providers.BSPMeta, op, what, id)
}

// do sends c for app and decodes a 2xx answer into out (unless nil),
// returning the raw answer too. Failures are *providers.Error values.
func (p *Provider) do(ctx context.Context, app providers.App, c call, out any) ([]byte, error) {
	token := app.Credentials[CredentialAccessToken]
	if token == "" {
		return nil, localError(c.op, providers.ErrorAuth, errors.New("the app has no access_token credential"))
	}
	base := p.base
	if s := strings.TrimRight(app.Settings[SettingBaseURL], "/"); s != "" {
		base = s
	}
	u := base + "/" + p.version + "/" + c.path
	if len(c.query) > 0 {
		u += "?" + c.query.Encode()
	}
	req := transport.Request{
		Method: c.method, URL: u, Body: c.body.Data, Idempotent: c.idempotent,
		Header: map[string][]string{"Authorization": {"Bearer " + token}, "Accept": {"application/json"}},
	}
	if c.body.ContentType != "" {
		req.Header["Content-Type"] = []string{c.body.ContentType}
	}
	for _, name := range credentialNames {
		req.Secrets = append(req.Secrets, app.Credentials[name])
	}
	resp, err := p.http.Do(ctx, req)
	if err != nil {
		return nil, transport.Unanswered(providers.BSPMeta, c.op, err)
	}
	if resp.Status < 200 || resp.Status > 299 {
		return resp.Body, responseError(c.op, resp)
	}
	if out != nil {
		if err := transport.Decode(providers.BSPMeta, c.op, resp.Status, resp.Body, out); err != nil {
			return resp.Body, err
		}
	}
	return resp.Body, nil
}

// success is the answer {"success": true} of Graph mutations.
type success struct {
	Success bool `json:"success"`
}

// expectSuccess refuses a 2xx answer whose success is false.
func expectSuccess(op providers.Operation, s success) error {
	if !s.Success {
		return &providers.Error{BSP: providers.BSPMeta, Operation: op, Kind: providers.ErrorUnknown,
			Message: `the answer did not say "success": true`}
	}
	return nil
}
