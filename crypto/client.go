package crypto

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// SealRequest builds a request envelope the way the WhatsApp client does:
// a fresh 16-byte AES key and 16-byte IV read from random (nil means
// crypto/rand), the key RSA-OAEP-SHA256 encrypted to pub, the plaintext
// AES-128-GCM encrypted. It returns the JSON body and the [ClientSession]
// that reads the answer.
func SealRequest(pub *rsa.PublicKey, plaintext []byte, random io.Reader) ([]byte, *ClientSession, error) {
	if pub == nil {
		return nil, nil, errors.New("crypto: seal request to a nil public key")
	}
	if random == nil {
		random = rand.Reader
	}
	var fresh [AESKeySize + IVSize]byte
	if _, err := io.ReadFull(random, fresh[:]); err != nil {
		return nil, nil, fmt.Errorf("crypto: read AES key and IV: %w", err)
	}
	aesKey, iv := fresh[:AESKeySize], fresh[AESKeySize:]
	encKey, err := rsa.EncryptOAEP(sha256.New(), random, pub, aesKey, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("crypto: wrap AES key: %w", err)
	}
	s, err := newSession(aesKey, iv, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("crypto: %w", err)
	}
	data := s.aead.Seal(nil, s.iv[:], plaintext, nil)
	body, err := json.Marshal(EnvelopeRequest{
		EncryptedFlowData: base64.StdEncoding.EncodeToString(data),
		EncryptedAESKey:   base64.StdEncoding.EncodeToString(encKey),
		InitialVector:     base64.StdEncoding.EncodeToString(iv),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("crypto: encode envelope: %w", err)
	}
	return body, &ClientSession{s: s}, nil
}

// ClientSession reads the endpoint's answer to one sealed request. It is
// safe for concurrent use.
type ClientSession struct{ s *Session }

// OpenResponse decrypts an answer body (base64 of ciphertext and tag under
// the inverted IV). Surrounding whitespace is ignored. Failures are
// *EnvelopeError values, with Field "response".
func (cs *ClientSession) OpenResponse(body []byte) ([]byte, error) {
	if cs == nil || cs.s == nil {
		return nil, errors.New("crypto: open response with a nil session")
	}
	sealed, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(body)))
	if err != nil {
		return nil, &EnvelopeError{Stage: StageBase64, Field: "response", Err: err}
	}
	if len(sealed) < TagSize {
		return nil, &EnvelopeError{Stage: StageField, Field: "response", Err: fmt.Errorf("%d bytes, shorter than the %d-byte tag", len(sealed), TagSize)}
	}
	iv := invertIV(cs.s.iv)
	plain, err := cs.s.aead.Open(nil, iv[:], sealed, nil)
	if err != nil {
		return nil, &EnvelopeError{Stage: StageAES, Field: "response", Err: err}
	}
	return plain, nil
}
