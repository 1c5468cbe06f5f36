package sandbox

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/flowrun"
)

// maxEndpointAnswer bounds what the simulated user reads of an answer;
// WhatsApp refuses larger ones too.
const maxEndpointAnswer = 1 << 20

// endpointClient is the WhatsApp client's side of a data endpoint: each
// request sealed to the app's public key with a fresh AES key, POSTed to
// the flow's endpoint URI, signed with the app's secret when it has one,
// and the answer opened with that AES key.
type endpointClient struct {
	client    *http.Client
	url       string
	public    *rsa.PublicKey
	appSecret string
}

// Exchange implements flowrun.Exchanger. An answer other than 200 is a
// *flowrun.ExchangeError with the status and the start of the body.
func (c endpointClient) Exchange(ctx context.Context, request map[string]any) (map[string]any, error) {
	action, _ := request["action"].(string)
	fail := func(status int, err error) error {
		return &flowrun.ExchangeError{Action: action, Status: status, Err: err}
	}
	plain, err := json.Marshal(request)
	if err != nil {
		return nil, fail(0, fmt.Errorf("encode request: %w", err))
	}
	body, session, err := crypto.SealRequest(c.public, plain, nil)
	if err != nil {
		return nil, fail(0, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return nil, fail(0, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.appSecret != "" {
		req.Header.Set(crypto.SignatureHeader, crypto.SignBody([]byte(c.appSecret), body))
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fail(0, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxEndpointAnswer))
	if err != nil {
		return nil, fail(resp.StatusCode, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fail(resp.StatusCode, fmt.Errorf("POST %s: %s", c.url, strings.TrimSpace(string(answer[:min(len(answer), 200)]))))
	}
	opened, err := session.OpenResponse(answer)
	if err != nil {
		return nil, fail(0, fmt.Errorf("the answer does not decrypt: %w", err))
	}
	var out map[string]any
	if err := json.Unmarshal(opened, &out); err != nil {
		return nil, fail(0, fmt.Errorf("the answer is not a JSON object: %w", err))
	}
	return out, nil
}
