package crypto

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// SignatureHeader is the header that carries a body signature, both on
// Meta's requests and on waflow's outgoing deliveries.
const SignatureHeader = "X-Hub-Signature-256"

const signaturePrefix = "sha256="

// Errors returned by [VerifyBodySignature]. The data endpoint answers all of
// them with HTTP 432.
var (
	ErrSignatureMissing   = errors.New("crypto: signature header missing")
	ErrSignatureMalformed = errors.New("crypto: signature header malformed")
	ErrSignatureMismatch  = errors.New("crypto: signature does not match the body")
	// ErrNoSecret means no usable (non-empty) secret was supplied: a
	// configuration fault, not the sender's.
	ErrNoSecret = errors.New("crypto: no secret configured")
)

// SignBody returns the X-Hub-Signature-256 value for body:
// "sha256=" and the lowercase hex HMAC-SHA256 keyed with secret.
func SignBody(secret, body []byte) string {
	return signaturePrefix + hex.EncodeToString(macSHA256(secret, body))
}

// VerifyBodySignature checks an X-Hub-Signature-256 header value against the
// raw body with each secret in turn (newest first, so an app secret can be
// rotated without downtime). Empty secrets are skipped: anyone could compute
// a MAC under an empty key. Comparison is constant-time on equal lengths.
//
// Errors wrap ErrSignatureMissing, ErrSignatureMalformed,
// ErrSignatureMismatch or ErrNoSecret.
func VerifyBodySignature(secrets [][]byte, body []byte, header string) error {
	header = strings.TrimSpace(header)
	if header == "" {
		return ErrSignatureMissing
	}
	if len(header) < len(signaturePrefix) || !strings.EqualFold(header[:len(signaturePrefix)], signaturePrefix) {
		return fmt.Errorf("%w: want %q followed by hex", ErrSignatureMalformed, signaturePrefix)
	}
	got, err := hex.DecodeString(header[len(signaturePrefix):])
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: want %d hex digits after %q", ErrSignatureMalformed, 2*sha256.Size, signaturePrefix)
	}
	usable, ok := matchMAC(secrets, body, got)
	if usable == 0 {
		return ErrNoSecret
	}
	if !ok {
		return fmt.Errorf("%w (tried %d secrets)", ErrSignatureMismatch, usable)
	}
	return nil
}

// matchMAC reports whether mac is the HMAC-SHA256 of msg under one of the
// non-empty secrets, and how many secrets were usable.
func matchMAC(secrets [][]byte, msg, mac []byte) (usable int, ok bool) {
	for _, secret := range secrets {
		if len(secret) == 0 {
			continue
		}
		usable++
		if hmac.Equal(mac, macSHA256(secret, msg)) {
			return usable, true
		}
	}
	return usable, false
}

func macSHA256(secret, msg []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write(msg)
	return m.Sum(nil)
}
