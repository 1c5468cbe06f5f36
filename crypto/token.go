package crypto

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Errors returned by [Tokens.Verify]; each is distinct so the endpoint can
// tell a stale token (answer 427) from a forged or garbled one.
var (
	ErrTokenMalformed = errors.New("crypto: flow token malformed")
	ErrTokenForged    = errors.New("crypto: flow token signature invalid")
	ErrTokenExpired   = errors.New("crypto: flow token expired")
)

const (
	tokenPrefix     = "wf1."
	tokenNonceBytes = 12
	tokenMaxLen     = 4096
	// DefaultTokenTTL is the lifetime of an issued token when Tokens.TTL is
	// zero; Meta advises two to three days at most.
	DefaultTokenTTL = 24 * time.Hour
)

// TokenClaims is what a waflow flow token asserts.
type TokenClaims struct {
	FlowID    string
	Recipient string
	// IssuedAt and ExpiresAt have one-second precision.
	IssuedAt  time.Time
	ExpiresAt time.Time
	// Nonce makes two tokens for the same flow and recipient differ.
	Nonce string
}

// Tokens issues and verifies waflow's signed flow tokens, which let a
// stateless data endpoint trust the flow_token field without a database.
// The zero value of each option is its default; Secrets is required.
type Tokens struct {
	// Secrets are the HMAC keys, newest first: Issue signs with Secrets[0],
	// Verify accepts any of them.
	Secrets [][]byte
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Random supplies nonces; nil means crypto/rand.
	Random io.Reader
	// TTL is the lifetime given to tokens issued without ExpiresAt; zero
	// means DefaultTokenTTL.
	TTL time.Duration
}

// strictB64URL refuses non-zero trailing bits, so that each token and JWT
// has exactly one accepted spelling.
var strictB64URL = base64.RawURLEncoding.Strict()

// tokenPayload is the signed JSON; short names keep tokens compact.
type tokenPayload struct {
	FlowID    string `json:"f,omitempty"`
	Recipient string `json:"r,omitempty"`
	IssuedAt  int64  `json:"iat"`
	ExpiresAt int64  `json:"exp"`
	Nonce     string `json:"n"`
}

// Issue returns a compact, URL-safe token for c:
// "wf1." base64url(JSON claims) "." base64url(HMAC-SHA256). Zero IssuedAt,
// ExpiresAt and Nonce are filled from Now, TTL and Random.
func (t Tokens) Issue(c TokenClaims) (string, error) {
	if len(t.Secrets) == 0 || len(t.Secrets[0]) == 0 {
		return "", fmt.Errorf("issue flow token: %w", ErrNoSecret)
	}
	if c.IssuedAt.IsZero() {
		c.IssuedAt = t.now()
	}
	if c.ExpiresAt.IsZero() {
		ttl := t.TTL
		if ttl <= 0 {
			ttl = DefaultTokenTTL
		}
		c.ExpiresAt = c.IssuedAt.Add(ttl)
	}
	if c.Nonce == "" {
		random := t.Random
		if random == nil {
			random = rand.Reader
		}
		var n [tokenNonceBytes]byte
		if _, err := io.ReadFull(random, n[:]); err != nil {
			return "", fmt.Errorf("crypto: issue flow token: read nonce: %w", err)
		}
		c.Nonce = base64.RawURLEncoding.EncodeToString(n[:])
	}
	payload, err := json.Marshal(tokenPayload{
		FlowID:    c.FlowID,
		Recipient: c.Recipient,
		IssuedAt:  c.IssuedAt.Unix(),
		ExpiresAt: c.ExpiresAt.Unix(),
		Nonce:     c.Nonce,
	})
	if err != nil {
		return "", fmt.Errorf("crypto: issue flow token: %w", err)
	}
	signed := tokenPrefix + base64.RawURLEncoding.EncodeToString(payload)
	return signed + "." + base64.RawURLEncoding.EncodeToString(macSHA256(t.Secrets[0], []byte(signed))), nil
}

// Verify checks a token made by Issue with any of the secrets and returns
// its claims. The MAC is compared in constant time before the claims are
// decoded. Errors wrap ErrTokenMalformed, ErrTokenForged, ErrTokenExpired or
// ErrNoSecret; with ErrTokenExpired the claims are returned as well.
func (t Tokens) Verify(token string) (TokenClaims, error) {
	if len(token) > tokenMaxLen {
		return TokenClaims{}, fmt.Errorf("%w: %d bytes, limit %d", ErrTokenMalformed, len(token), tokenMaxLen)
	}
	if !strings.HasPrefix(token, tokenPrefix) {
		return TokenClaims{}, fmt.Errorf("%w: missing %q prefix", ErrTokenMalformed, tokenPrefix)
	}
	dot := strings.LastIndexByte(token, '.')
	if dot < len(tokenPrefix) {
		return TokenClaims{}, fmt.Errorf("%w: no signature part", ErrTokenMalformed)
	}
	signed, sigText := token[:dot], token[dot+1:]
	sig, err := strictB64URL.DecodeString(sigText)
	if err != nil || len(sig) != sha256.Size {
		return TokenClaims{}, fmt.Errorf("%w: signature is not %d base64url bytes", ErrTokenMalformed, sha256.Size)
	}
	usable, ok := matchMAC(t.Secrets, []byte(signed), sig)
	if usable == 0 {
		return TokenClaims{}, fmt.Errorf("verify flow token: %w", ErrNoSecret)
	}
	if !ok {
		return TokenClaims{}, ErrTokenForged
	}
	raw, err := strictB64URL.DecodeString(signed[len(tokenPrefix):])
	if err != nil {
		return TokenClaims{}, fmt.Errorf("%w: claims: %w", ErrTokenMalformed, err)
	}
	var p tokenPayload
	if err := json.Unmarshal(raw, &p); err != nil {
		return TokenClaims{}, fmt.Errorf("%w: claims: %w", ErrTokenMalformed, err)
	}
	c := TokenClaims{
		FlowID:    p.FlowID,
		Recipient: p.Recipient,
		IssuedAt:  time.Unix(p.IssuedAt, 0).UTC(),
		ExpiresAt: time.Unix(p.ExpiresAt, 0).UTC(),
		Nonce:     p.Nonce,
	}
	if !t.now().Before(c.ExpiresAt) {
		return c, fmt.Errorf("%w at %s", ErrTokenExpired, c.ExpiresAt.Format(time.RFC3339))
	}
	return c, nil
}

func (t Tokens) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}
