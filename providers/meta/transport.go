package meta

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/textproto"
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

// payload is an encoded request body.
type payload struct {
	contentType string
	data        []byte
}

func jsonPayload(v any) (payload, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return payload{}, err
	}
	return payload{contentType: "application/json", data: bytes.TrimRight(buf.Bytes(), "\n")}, nil
}

func formPayload(v url.Values) payload {
	return payload{contentType: "application/x-www-form-urlencoded", data: []byte(v.Encode())}
}

// filePart is one file of a multipart body.
type filePart struct {
	field, filename, contentType string
	data                         []byte
}

// multipartPayload writes fields (in the order given) and then file. The
// boundary is derived from the file's hash, so that the same upload always
// has the same bytes.
func multipartPayload(fields [][2]string, file filePart) (payload, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	sum := sha256.Sum256(file.data)
	if err := w.SetBoundary("waflow-" + hex.EncodeToString(sum[:12])); err != nil {
		return payload{}, err
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, file.field, file.filename))
	h.Set("Content-Type", file.contentType)
	part, err := w.CreatePart(h)
	if err != nil {
		return payload{}, err
	}
	if _, err := part.Write(file.data); err != nil {
		return payload{}, err
	}
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			return payload{}, err
		}
	}
	if err := w.Close(); err != nil {
		return payload{}, err
	}
	return payload{contentType: w.FormDataContentType(), data: buf.Bytes()}, nil
}

// call is one Graph request.
type call struct {
	op     providers.Operation
	method string
	// path is the part after the version, its ids already escaped.
	path       string
	query      url.Values
	body       payload
	idempotent bool
}

// node escapes a Graph id as a path segment, refusing an empty one.
func node(op providers.Operation, what, id string) (string, error) {
	if strings.TrimSpace(id) == "" {
		return "", localError(op, providers.ErrorInvalid, fmt.Errorf("the %s is empty", what))
	}
	return url.PathEscape(id), nil
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
		Method: c.method, URL: u, Body: c.body.data, Idempotent: c.idempotent,
		Header: map[string][]string{"Authorization": {"Bearer " + token}, "Accept": {"application/json"}},
	}
	if c.body.contentType != "" {
		req.Header["Content-Type"] = []string{c.body.contentType}
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
		if err := json.Unmarshal(resp.Body, out); err != nil {
			return resp.Body, &providers.Error{BSP: providers.BSPMeta, Operation: c.op, Kind: providers.ErrorUnknown,
				HTTPStatus: resp.Status, Message: "the answer is not the JSON expected", Err: err}
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
