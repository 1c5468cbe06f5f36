package flowrun

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/waflow/waflow/crypto"
)

// Transport carries one sealed request to a data endpoint and brings back
// the HTTP status and body. cause, when the status is not 200, is the
// endpoint's own reason where the transport can know it (in process), for
// messages that help the author; over HTTP it is nil.
//
// endpoint.Handler implements it in process; [HTTPTransport] over the
// network. flowrun depends on neither the endpoint package nor a server.
type Transport interface {
	RoundTrip(ctx context.Context, body []byte, header http.Header) (status int, answer []byte, cause error)
}

// EnvelopeExchanger sends requests to a data endpoint exactly as WhatsApp
// does: sealed to the endpoint's public key with a fresh AES key and IV,
// carried by Transport, the answer opened with that key. With an
// endpoint.Handler as Transport the whole endpoint path runs in process:
// envelope, action routing, the handler script and the check of its answer
// against the flow.
type EnvelopeExchanger struct {
	Transport Transport
	Public    *rsa.PublicKey
	// Random is the source of the AES keys and IVs; nil means crypto/rand.
	Random io.Reader
}

// Exchange implements [Exchanger]. A status other than 200 is an
// [*ExchangeError] carrying the transport's cause when it has one.
func (e EnvelopeExchanger) Exchange(ctx context.Context, request map[string]any) (map[string]any, error) {
	action, _ := request["action"].(string)
	plain, err := json.Marshal(request)
	if err != nil {
		return nil, &ExchangeError{Action: action, Err: fmt.Errorf("encode request: %w", err)}
	}
	body, session, err := crypto.SealRequest(e.Public, plain, e.Random)
	if err != nil {
		return nil, &ExchangeError{Action: action, Err: err}
	}
	status, sealed, cause := e.Transport.RoundTrip(ctx, body, http.Header{"Content-Type": {"application/json"}})
	if status != http.StatusOK {
		return nil, &ExchangeError{Action: action, Status: status, Err: cause}
	}
	opened, err := session.OpenResponse(sealed)
	if err != nil {
		return nil, &ExchangeError{Action: action, Err: fmt.Errorf("the answer does not decrypt: %w", err)}
	}
	var answer map[string]any
	if err := json.Unmarshal(opened, &answer); err != nil {
		return nil, &ExchangeError{Action: action, Err: fmt.Errorf("the answer is not a JSON object: %w", err)}
	}
	return answer, nil
}

// maxAnswerBytes bounds an endpoint's answer read over HTTP; real answers
// are a few kilobytes.
const maxAnswerBytes = 1 << 20

// HTTPTransport posts sealed requests to a data endpoint's URL, as
// WhatsApp's servers do.
type HTTPTransport struct {
	URL string
	// Client makes the request; nil means http.DefaultClient.
	Client *http.Client
}

// RoundTrip implements [Transport]. A failure to reach the endpoint is
// reported as status 0 with the error as cause.
func (t HTTPTransport) RoundTrip(ctx context.Context, body []byte, header http.Header) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.URL, bytes.NewReader(body))
	if err != nil {
		return 0, nil, fmt.Errorf("data endpoint request: %w", err)
	}
	req.Header = header.Clone()
	client := t.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("data endpoint: %w", err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
	if err != nil {
		return 0, nil, fmt.Errorf("data endpoint answer: %w", err)
	}
	return resp.StatusCode, answer, nil
}
