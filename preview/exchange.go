package preview

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
)

// maxExchangeBody bounds the plaintext request the page posts; the sealed
// envelope of a larger one would exceed what the endpoint takes anyway.
const maxExchangeBody = endpoint.DefaultMaxBodyBytes

// Exchange is what POST /exchange answers once the request went through
// the endpoint, whatever the endpoint's status: the proxy's own status is
// 200, and Status is the endpoint's.
type Exchange struct {
	// Status is the HTTP status the endpoint answered WhatsApp with.
	Status int `json:"status"`
	// Answer is the opened body: the endpoint's answer on 200, its sealed
	// {"error_msg": ...} on most failures; absent when there was nothing
	// to open (421, 432, 413).
	Answer map[string]any `json:"answer,omitempty"`
	// Code, Meaning and Detail explain a status other than 200: the
	// endpoint's failure code, what WhatsApp does with the status, and the
	// cause, which the real endpoint only logs.
	Code    string `json:"code,omitempty"`
	Meaning string `json:"meaning,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

// exchange carries a request of the runtime to the flow's endpoint as
// WhatsApp does: sealed to the flow's public key with a fresh AES key,
// signed when the endpoint checks signatures, answered by
// endpoint.Handler.Handle, opened with that AES key.
//
// The proxy answers 400 for a body that is not a JSON object and 503 when
// the flow has no endpoint (the message says why); otherwise 200 with an
// [Exchange].
func (h *Handler) exchange(w http.ResponseWriter, r *http.Request) {
	plain, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxExchangeBody))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request is larger than %d bytes", maxExchangeBody))
		return
	}
	var request map[string]any
	if err := json.Unmarshal(plain, &request); err != nil || request == nil {
		writeError(w, http.StatusBadRequest, "the body must be the runtime's request, a JSON object")
		return
	}
	f, ok := h.flow(w, r)
	if !ok {
		return
	}
	if f.Endpoint == nil || f.Key == nil {
		writeError(w, http.StatusServiceUnavailable, "no data endpoint: "+f.NoEndpoint)
		return
	}
	body, session, err := crypto.SealRequest(f.Key, plain, h.random)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	header := http.Header{"Content-Type": {"application/json"}}
	if len(f.AppSecret) > 0 {
		header.Set("X-Hub-Signature-256", crypto.SignBody(f.AppSecret, body))
	}
	resp := f.Endpoint.Handle(r.Context(), endpoint.Request{Body: body, Header: header})
	out := Exchange{Status: resp.Status}
	if len(resp.Body) > 0 {
		opened, err := session.OpenResponse(resp.Body)
		if err != nil {
			out.Detail = "the answer does not decrypt: " + err.Error()
		} else if err := json.Unmarshal(opened, &out.Answer); err != nil {
			out.Detail = "the answer is not a JSON object: " + err.Error()
		}
	}
	if resp.Status != http.StatusOK {
		out.Meaning = Meaning(resp.Status)
		if resp.Err != nil {
			out.Code = string(resp.Err.Code)
			if resp.Err.Err != nil {
				out.Detail = resp.Err.Err.Error()
			}
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// Meaning says what the WhatsApp client does with an endpoint status.
func Meaning(status int) string {
	switch status {
	case http.StatusOK:
		return "the client shows the answer"
	case http.StatusBadRequest:
		return "400: the endpoint refused the request as malformed; the client shows a generic error"
	case http.StatusRequestEntityTooLarge:
		return "413: the request is larger than the endpoint accepts"
	case endpoint.StatusUndecryptable:
		return "421: the request does not decrypt; the client fetches the public key again and re-sends the request, then shows a generic error"
	case endpoint.StatusTokenInvalid:
		return "427: the flow token is no longer valid; the client shows a generic error (or error_msg) and disables the flow's button"
	case endpoint.StatusBadSignature:
		return "432: the request signature does not verify; the client shows a generic error"
	case http.StatusInternalServerError:
		return "500: the endpoint failed (the handler script threw, or its answer does not fit the flow); the client shows a generic error"
	case http.StatusServiceUnavailable:
		return "503: the endpoint is not available; the client shows a generic error"
	}
	return fmt.Sprintf("%d: not a status of the data endpoint protocol; the client shows a generic error", status)
}
