package crypto

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestTokens(t *testing.T) {
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	current, previous := []byte("token-secret-current"), []byte("token-secret-previous")
	issuer := Tokens{Secrets: [][]byte{current}, Now: clock}
	tok, err := issuer.Issue(TokenClaims{FlowID: "f1", Recipient: "15550001111"})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(tok, "wf1."))
	require.NotContains(t, tok, "=")
	require.NotContains(t, tok, "+")
	require.NotContains(t, tok, "/")

	oldIssuer := Tokens{Secrets: [][]byte{previous}, Now: clock, TTL: time.Hour}
	oldTok, err := oldIssuer.Issue(TokenClaims{FlowID: "f1"})
	require.NoError(t, err)

	dot := strings.LastIndexByte(tok, '.')
	forgedClaims := tokenPrefix + base64.RawURLEncoding.EncodeToString([]byte(`{"f":"f2","iat":0,"exp":9999999999,"n":"x"}`)) + tok[dot:]
	at := func(d time.Duration) func() time.Time { return func() time.Time { return now.Add(d) } }

	cases := []struct {
		name    string
		token   string
		secrets [][]byte
		now     func() time.Time
		want    error
	}{
		{"fresh", tok, [][]byte{current}, at(time.Minute), nil},
		{"rotation", oldTok, [][]byte{current, previous}, at(time.Minute), nil},
		{"custom TTL expired", oldTok, [][]byte{current, previous}, at(time.Hour), ErrTokenExpired},
		{"last second", tok, [][]byte{current}, at(DefaultTokenTTL - time.Second), nil},
		{"expired at TTL", tok, [][]byte{current}, at(DefaultTokenTTL), ErrTokenExpired},
		{"retired secret", oldTok, [][]byte{current}, at(0), ErrTokenForged},
		{"claims swapped", forgedClaims, [][]byte{current}, at(0), ErrTokenForged},
		{"signature altered", flipChar(tok, dot+5), [][]byte{current}, at(0), ErrTokenForged},
		{"signature trailing bits set", flipChar(tok, len(tok)-1), [][]byte{current}, at(0), ErrTokenMalformed},
		{"no secrets", tok, nil, at(0), ErrNoSecret},
		{"empty", "", [][]byte{current}, at(0), ErrTokenMalformed},
		{"other version", "wf2" + tok[3:], [][]byte{current}, at(0), ErrTokenMalformed},
		{"prefix only", "wf1.", [][]byte{current}, at(0), ErrTokenMalformed},
		{"no signature", tok[:dot], [][]byte{current}, at(0), ErrTokenMalformed},
		{"signature not base64url", tok[:dot+1] + "!!", [][]byte{current}, at(0), ErrTokenMalformed},
		{"too long", tokenPrefix + strings.Repeat("A", tokenMaxLen), [][]byte{current}, at(0), ErrTokenMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			claims, err := Tokens{Secrets: c.secrets, Now: c.now}.Verify(c.token)
			if c.want != nil {
				require.ErrorIs(t, err, c.want)
				for _, other := range []error{ErrTokenMalformed, ErrTokenForged, ErrTokenExpired} {
					if other != c.want {
						require.NotErrorIs(t, err, other)
					}
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, "f1", claims.FlowID)
		})
	}

	claims, err := issuer.Verify(tok)
	require.NoError(t, err)
	require.Equal(t, TokenClaims{
		FlowID: "f1", Recipient: "15550001111",
		IssuedAt: now, ExpiresAt: now.Add(DefaultTokenTTL), Nonce: claims.Nonce,
	}, claims)
	require.Len(t, claims.Nonce, 16)

	expired, err := Tokens{Secrets: [][]byte{current}, Now: at(48 * time.Hour)}.Verify(tok)
	require.ErrorIs(t, err, ErrTokenExpired)
	require.Equal(t, "15550001111", expired.Recipient, "claims come back with ErrTokenExpired")
}

func TestTokensIssue(t *testing.T) {
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	tokens := Tokens{Secrets: [][]byte{[]byte("s")}, Now: func() time.Time { return now }, Random: bytes.NewReader(make([]byte, 64))}
	given := TokenClaims{FlowID: "f", IssuedAt: now.Add(-time.Hour), ExpiresAt: now.Add(time.Hour), Nonce: "n-1"}
	tok, err := tokens.Issue(given)
	require.NoError(t, err)
	got, err := tokens.Verify(tok)
	require.NoError(t, err)
	require.Equal(t, given, got, "explicit claims are kept")

	a, err := tokens.Issue(TokenClaims{})
	require.NoError(t, err)
	b, err := Tokens{Secrets: tokens.Secrets, Now: tokens.Now}.Issue(TokenClaims{})
	require.NoError(t, err)
	require.NotEqual(t, a, b, "nonces differ")

	_, err = Tokens{}.Issue(TokenClaims{})
	require.ErrorIs(t, err, ErrNoSecret)
	_, err = Tokens{Secrets: [][]byte{nil, []byte("old")}}.Issue(TokenClaims{})
	require.ErrorIs(t, err, ErrNoSecret)
	_, err = Tokens{Secrets: [][]byte{[]byte("s")}, Random: bytes.NewReader(nil)}.Issue(TokenClaims{})
	require.Error(t, err)
}

// flipChar swaps the base64url character at i for its neighbour in the
// alphabet, changing the lowest bit it encodes.
func flipChar(s string, i int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	j := strings.IndexByte(alphabet, s[i])
	return s[:i] + string(alphabet[j^1]) + s[i+1:]
}
