package metatest

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
)

// minKeyBits is the RSA size Meta requires.
const minKeyBits = 2048

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
	if !validKey([]byte(key)) {
		return invalidParam("Invalid public key: a PEM RSA public key of at least %d bits is required", minKeyBits)
	}
	s.keys[c.node] = []byte(key)
	return http.StatusOK, map[string]bool{"success": true}
}

func validKey(pemBytes []byte) bool {
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		return false
	}
	var pub any
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		pub, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		pub, err = x509.ParsePKCS1PublicKey(block.Bytes)
	default:
		return false
	}
	rk, ok := pub.(*rsa.PublicKey)
	return err == nil && ok && rk.N.BitLen() >= minKeyBits
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
