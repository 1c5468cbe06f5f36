package infobiptest

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
)

// setKey takes the PEM in the multipart part "file": an RSA public key of
// at least 2048 bits.
func (s *Server) setKey(c *call) (int, any) {
	mt, params, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return badRequest("Invalid request.", Violation{Property: "file", Violation: "the key is the multipart part file"})
	}
	var key []byte
	mr := multipart.NewReader(bytes.NewReader(c.body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			break
		}
		if part.FormName() == "file" {
			key, _ = io.ReadAll(part)
		}
	}
	if !validKey(key) {
		return badRequest("Invalid request.", Violation{Property: "file", Violation: "must be a PEM RSA public key of at least 2048 bits"})
	}
	s.keys[c.sender] = key
	return http.StatusOK, map[string]string{"publicKey": string(key), "publicKeySignatureStatus": "VALID"}
}

func validKey(data []byte) bool {
	block, _ := pem.Decode(data)
	if block == nil {
		return false
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return false
	}
	rk, ok := pub.(*rsa.PublicKey)
	return ok && rk.N.BitLen() >= 2048
}

func (s *Server) getKey(c *call) (int, any) {
	key, ok := s.keys[c.sender]
	if !ok {
		return notFound("No public key for sender " + c.sender + ".")
	}
	return http.StatusOK, map[string]string{"publicKey": string(key), "publicKeySignatureStatus": "VALID"}
}

// PublicKey returns the key the sender holds, and false when none.
func (s *Server) PublicKey(sender string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[sender]
	return append([]byte(nil), k...), ok
}
