package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Sizes fixed by the flows envelope.
const (
	// AESKeySize is the length of the per-request AES-128 key.
	AESKeySize = 16
	// IVSize is the length of the GCM IV in both directions; WhatsApp uses
	// 16 bytes rather than GCM's usual 12.
	IVSize = 16
	// TagSize is the GCM tag appended to every ciphertext.
	TagSize = 16
)

// Stages of [EnvelopeError], in the order Open runs them.
const (
	StageJSON   = "json"
	StageField  = "field"
	StageBase64 = "base64"
	StageRSA    = "rsa"
	StageAES    = "aes"
)

// ErrUndecryptable is matched by every [EnvelopeError]: the data endpoint
// answers such a request with HTTP 421 so the client fetches the current
// public key and retries.
var ErrUndecryptable = errors.New("crypto: envelope cannot be decrypted")

// EnvelopeError says why an envelope could not be opened.
type EnvelopeError struct {
	// Stage is one of StageJSON, StageField, StageBase64, StageRSA, StageAES.
	Stage string
	// Field is the envelope field at fault, when there is one.
	Field string
	// Err is the underlying cause.
	Err error
}

func (e *EnvelopeError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("crypto: envelope %s: %s: %v", e.Stage, e.Field, e.Err)
	}
	return fmt.Sprintf("crypto: envelope %s: %v", e.Stage, e.Err)
}

func (e *EnvelopeError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrUndecryptable) true for every EnvelopeError.
func (e *EnvelopeError) Is(target error) bool { return target == ErrUndecryptable }

// EnvelopeRequest is the JSON body WhatsApp posts to the data endpoint.
type EnvelopeRequest struct {
	EncryptedFlowData string `json:"encrypted_flow_data"`
	EncryptedAESKey   string `json:"encrypted_aes_key"`
	InitialVector     string `json:"initial_vector"`
}

// KeySet is the endpoint's private keys, newest first. Keeping the previous
// key after a rotation lets clients that still hold the old public key be
// served until they fetch the new one.
type KeySet []*PrivateKey

// Open decrypts a request envelope. body is the raw HTTP body. It returns the
// plaintext (UTF-8 JSON, not checked here) and the [Session] that seals the
// answer. Keys are tried in order; the first that unwraps the AES key is used.
//
// Every failure is an *EnvelopeError, so errors.Is(err, ErrUndecryptable)
// holds for all of them. A plaintext that is not JSON is the caller's to
// detect; the protocol answers it with 421 as well.
func (ks KeySet) Open(body []byte) ([]byte, *Session, error) {
	var req EnvelopeRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, nil, &EnvelopeError{Stage: StageJSON, Err: err}
	}
	encKey, err := decodeField("encrypted_aes_key", req.EncryptedAESKey)
	if err != nil {
		return nil, nil, err
	}
	iv, err := decodeField("initial_vector", req.InitialVector)
	if err != nil {
		return nil, nil, err
	}
	if len(iv) != IVSize {
		return nil, nil, &EnvelopeError{Stage: StageField, Field: "initial_vector", Err: fmt.Errorf("%d bytes, want %d", len(iv), IVSize)}
	}
	data, err := decodeField("encrypted_flow_data", req.EncryptedFlowData)
	if err != nil {
		return nil, nil, err
	}
	if len(data) < TagSize {
		return nil, nil, &EnvelopeError{Stage: StageField, Field: "encrypted_flow_data", Err: fmt.Errorf("%d bytes, shorter than the %d-byte tag", len(data), TagSize)}
	}
	aesKey, index, err := ks.unwrapKey(encKey)
	if err != nil {
		return nil, nil, err
	}
	s, err := newSession(aesKey, iv, index)
	if err != nil {
		return nil, nil, &EnvelopeError{Stage: StageAES, Err: err}
	}
	plain, err := s.aead.Open(nil, s.iv[:], data, nil)
	if err != nil {
		return nil, nil, &EnvelopeError{Stage: StageAES, Field: "encrypted_flow_data", Err: err}
	}
	return plain, s, nil
}

// unwrapKey RSA-OAEP-decrypts the AES key with the first key that accepts it.
func (ks KeySet) unwrapKey(encKey []byte) ([]byte, int, error) {
	if len(ks) == 0 {
		return nil, 0, &EnvelopeError{Stage: StageRSA, Field: "encrypted_aes_key", Err: errors.New("no private key configured")}
	}
	var errs []error
	for i, k := range ks {
		if k == nil || k.PrivateKey == nil {
			errs = append(errs, fmt.Errorf("key %d: nil", i))
			continue
		}
		// A ciphertext of the wrong length cannot be for this key; skipping
		// the modular exponentiation keeps junk requests cheap.
		if len(encKey) != k.Size() {
			errs = append(errs, fmt.Errorf("key %d: %d-byte ciphertext for a %d-byte modulus", i, len(encKey), k.Size()))
			continue
		}
		aesKey, err := rsa.DecryptOAEP(sha256.New(), nil, k.PrivateKey, encKey, nil)
		if err != nil {
			errs = append(errs, fmt.Errorf("key %d: %w", i, err))
			continue
		}
		if len(aesKey) != AESKeySize {
			errs = append(errs, fmt.Errorf("key %d: unwrapped a %d-byte AES key, want %d", i, len(aesKey), AESKeySize))
			continue
		}
		return aesKey, i, nil
	}
	return nil, 0, &EnvelopeError{Stage: StageRSA, Field: "encrypted_aes_key", Err: keyErrors(errs)}
}

// keyErrors is why each key of a KeySet failed, on one line for logs.
type keyErrors []error

func (e keyErrors) Error() string {
	msgs := make([]string, len(e))
	for i, err := range e {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "; ")
}

func (e keyErrors) Unwrap() []error { return e }

func decodeField(name, value string) ([]byte, error) {
	if value == "" {
		return nil, &EnvelopeError{Stage: StageField, Field: name, Err: errors.New("missing or empty")}
	}
	b, err := base64.StdEncoding.DecodeString(value)
	if err != nil {
		return nil, &EnvelopeError{Stage: StageBase64, Field: name, Err: err}
	}
	return b, nil
}

// Session is what an opened request leaves behind to seal its answer: the
// AES key and the request IV. It is safe for concurrent use.
type Session struct {
	aead     cipher.AEAD
	iv       [IVSize]byte
	keyIndex int
}

func newSession(aesKey, iv []byte, index int) (*Session, error) {
	block, err := aes.NewCipher(aesKey)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCMWithNonceSize(block, IVSize)
	if err != nil {
		return nil, err
	}
	s := &Session{aead: aead, keyIndex: index}
	copy(s.iv[:], iv)
	return s, nil
}

// KeyIndex is the position in the [KeySet] of the key that opened the
// request; more than 0 means the client still uses an older public key.
func (s *Session) KeyIndex() int { return s.keyIndex }

// Seal encrypts an answer for the client: AES-128-GCM with the request's key
// and the request IV with every bit inverted, tag appended, as standard
// padded base64. The result is the HTTP response body.
func (s *Session) Seal(plaintext []byte) ([]byte, error) {
	if s == nil || s.aead == nil {
		return nil, errors.New("crypto: seal with a nil session")
	}
	iv := invertIV(s.iv)
	sealed := s.aead.Seal(make([]byte, 0, len(plaintext)+TagSize), iv[:], plaintext, nil)
	out := make([]byte, base64.StdEncoding.EncodedLen(len(sealed)))
	base64.StdEncoding.Encode(out, sealed)
	return out, nil
}

func invertIV(iv [IVSize]byte) [IVSize]byte {
	for i := range iv {
		iv[i] ^= 0xff
	}
	return iv
}
