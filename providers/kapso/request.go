package kapso

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
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

// flowJSONPart is the multipart body of Meta's Flow JSON upload: the file,
// then name=flow.json and asset_type=FLOW_JSON. The boundary is derived
// from the document's hash, so that the same upload has the same bytes.
func flowJSONPart(doc []byte) (payload, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	sum := sha256.Sum256(doc)
	if err := w.SetBoundary("waflow-" + hex.EncodeToString(sum[:12])); err != nil {
		return payload{}, err
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="flow.json"`)
	h.Set("Content-Type", "application/json")
	part, err := w.CreatePart(h)
	if err != nil {
		return payload{}, err
	}
	if _, err := part.Write(doc); err != nil {
		return payload{}, err
	}
	for _, f := range [][2]string{{"name", "flow.json"}, {"asset_type", "FLOW_JSON"}} {
		if err := w.WriteField(f[0], f[1]); err != nil {
			return payload{}, err
		}
	}
	if err := w.Close(); err != nil {
		return payload{}, err
	}
	return payload{contentType: w.FormDataContentType(), data: buf.Bytes()}, nil
}

// call is one request to either surface.
type call struct {
	op      providers.Operation
	surface surface
	method  string
	// path follows the surface's prefix, its ids already escaped.
	path       string
	query      url.Values
	body       payload
	idempotent bool
}

// segment escapes an id as a path segment, refusing an empty one.
func segment(op providers.Operation, what, id string) (string, error) {
	if strings.TrimSpace(id) == "" {
		return "", localError(op, providers.ErrorInvalid, fmt.Errorf("the %s is empty", what))
	}
	return url.PathEscape(id), nil
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
		Method: c.method, URL: u, Body: c.body.data, Idempotent: c.idempotent,
		Header:  http.Header{"X-Api-Key": {key}, "Accept": {"application/json"}},
		Secrets: []string{key, app.Credentials[CredentialWebhookSecret]},
	}
	if c.body.contentType != "" {
		req.Header.Set("Content-Type", c.body.contentType)
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
	if err := json.Unmarshal(target, out); err != nil {
		return resp.Body, unexpectedAnswer(c.op, resp.Status, "the answer is not the JSON expected", err)
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
