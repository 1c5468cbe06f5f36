package gupshuptest

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
)

// minKeyBits is the RSA size WhatsApp requires.
const minKeyBits = 2048

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
	if !validKey([]byte(in.PublicKey)) {
		return failure(http.StatusBadRequest, "Invalid public key: a PEM RSA public key of at least %d bits is required", minKeyBits)
	}
	s.key = []byte(in.PublicKey)
	return ok(map[string]any{})
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
	key, isRSA := pub.(*rsa.PublicKey)
	return err == nil && isRSA && key.N.BitLen() >= minKeyBits
}
