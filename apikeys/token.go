package apikeys

import (
	"encoding/base32"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Prefix starts every key this package issues, so that a leaked key is
// recognisable (secret scanners, log reviews).
const Prefix = "wf_"

const (
	idBytes     = 10 // 16 characters: enough to never collide, short to read
	secretBytes = 32
	idLen       = 16
	secretLen   = 52
)

// encoding is Crockford's base32 alphabet in lower case: no '_' (the
// separator), no padding, nothing a URL or a shell needs to escape.
var encoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// Token is a plaintext API key, "wf_<id>_<secret>": the id finds the stored
// hash without scanning, the 256-bit secret is what proves possession. It
// is shown once, when issued. It never prints or logs its secret: String,
// every fmt verb, LogValue and MarshalJSON give "wf_<id>_[REDACTED]" (or
// "[REDACTED]" for a value that is not a well-formed key). Use string(t)
// to hand it to its owner.
type Token string

func (t Token) String() string {
	if id, ok := parse(string(t)); ok {
		return Prefix + id + "_[REDACTED]"
	}
	return "[REDACTED]"
}

// Format makes %v, %s, %q, %x, %#v and the rest print [Token.String].
func (t Token) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, t.String()) }

// LogValue implements slog.LogValuer.
func (t Token) LogValue() slog.Value { return slog.StringValue(t.String()) }

// MarshalJSON implements json.Marshaler with the redacted form.
func (t Token) MarshalJSON() ([]byte, error) { return []byte(`"` + t.String() + `"`), nil }

// newToken reads a fresh id and secret from random.
func newToken(random io.Reader) (id string, t Token, err error) {
	var b [idBytes + secretBytes]byte
	if _, err := io.ReadFull(random, b[:]); err != nil {
		return "", "", fmt.Errorf("apikeys: read random: %w", err)
	}
	id = encoding.EncodeToString(b[:idBytes])
	return id, Token(Prefix + id + "_" + encoding.EncodeToString(b[idBytes:])), nil
}

// parse returns the id of a well-formed key.
func parse(s string) (string, bool) {
	rest, ok := strings.CutPrefix(s, Prefix)
	if !ok || len(rest) != idLen+1+secretLen || rest[idLen] != '_' {
		return "", false
	}
	id, secret := rest[:idLen], rest[idLen+1:]
	if !inAlphabet(id) || !inAlphabet(secret) {
		return "", false
	}
	return id, true
}

func inAlphabet(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z') || c == 'i' || c == 'l' || c == 'o' || c == 'u' {
			return false
		}
	}
	return true
}
