package metatest

import (
	"net/http"

	"github.com/waflow/waflow/providers/internal/fakebsp"
)

// setKey: POST /{phone}/whatsapp_business_encryption with
// business_public_key, a PEM RSA public key of at least 2048 bits.
func (s *Server) setKey(c *call) (int, any) {
	p, err := params(c)
	if err != nil {
		return invalidParam("%v", err)
	}
	key, ok := str(p, "business_public_key")
	if !ok || key == "" {
		return invalidParam("The parameter business_public_key is required")
	}
	if !fakebsp.ValidKey([]byte(key)) {
		return invalidParam("Invalid public key: a PEM RSA public key of at least %d bits is required", fakebsp.MinKeyBits)
	}
	s.keys[c.node] = []byte(key)
	return http.StatusOK, map[string]bool{"success": true}
}

// getKey: GET /{phone}/whatsapp_business_encryption.
func (s *Server) getKey(c *call) (int, any) {
	data := []map[string]string{}
	if k, ok := s.keys[c.node]; ok {
		data = append(data, map[string]string{"business_public_key": string(k), "business_public_key_signature_status": "VALID"})
	}
	return http.StatusOK, map[string]any{"data": data}
}

// PublicKey returns the key registered for a phone number.
func (s *Server) PublicKey(phoneNumberID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[phoneNumberID]
	return append([]byte(nil), k...), ok
}
