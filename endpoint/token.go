package endpoint

import (
	"errors"
	"net/http"

	"github.com/waflow/waflow/crypto"
)

// checkToken vets the request's flow token before any business logic runs.
// A missing token is a malformed request (400). With Config.Tokens, a token
// that is malformed, forged, expired or issued for another flow gets 427,
// which disables the flow's button for the user: such a token can never
// become valid again. A Data API 4.0 flow_token_signature, when present and
// the app secrets are known, must verify (432, like the body signature, as
// both are made with the app secret) and must not be expired (427).
func (h *Handler) checkToken(p *payload) error {
	if p.flowToken == "" {
		return newError(http.StatusBadRequest, CodeMissingFlowToken, "%s without a flow_token", p.action)
	}
	if h.cfg.Tokens != nil {
		claims, err := h.cfg.Tokens.Verify(p.flowToken)
		if err != nil {
			return &Error{Status: StatusTokenInvalid, Code: CodeTokenInvalid, Err: err}
		}
		if claims.FlowID != "" && h.cfg.FlowID != "" && claims.FlowID != h.cfg.FlowID {
			return newError(StatusTokenInvalid, CodeTokenInvalid, "flow token issued for flow %q, not %q", clip(claims.FlowID), h.cfg.FlowID)
		}
	}
	if p.flowTokenSignature == "" || len(h.cfg.AppSecrets) == 0 {
		return nil
	}
	claims, err := crypto.VerifyFlowTokenSignature(p.flowTokenSignature, h.cfg.AppSecrets, h.now())
	switch {
	case errors.Is(err, crypto.ErrJWTExpired):
		return &Error{Status: StatusTokenInvalid, Code: CodeTokenInvalid, Err: err}
	case err != nil:
		return &Error{Status: StatusBadSignature, Code: CodeTokenSignature, Err: err}
	case claims.FlowToken != "" && claims.FlowToken != p.flowToken:
		return newError(StatusBadSignature, CodeTokenSignature, "flow_token_signature is for another flow token")
	}
	return nil
}
