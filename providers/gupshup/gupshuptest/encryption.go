package gupshuptest

import (
	"bytes"
	"net/http"

	"github.com/waflow/waflow/providers/internal/fakebsp"
)

// PublicKey is the key the fake holds for the app.
func (s *Server) PublicKey() ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.key), s.key != nil
}

// setKey: JSON {"public_key": "<PEM>"}, an RSA key of at least 2048 bits.
// The answer's shape is not documented; the fake says success.
func (s *Server) setKey(c *call) (int, any) {
	var in struct {
		PublicKey string `json:"public_key"`
	}
	if err := jsonBody(c, &in); err != nil {
		return failure(http.StatusBadRequest, "%v", err)
	}
	if !fakebsp.ValidKey([]byte(in.PublicKey)) {
		return failure(http.StatusBadRequest, "Invalid public key: a PEM RSA public key of at least %d bits is required", fakebsp.MinKeyBits)
	}
	s.key = []byte(in.PublicKey)
	return ok(map[string]any{})
}
