package crypto

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// rawJWT signs an arbitrary header and payload, for shapes
// SignFlowTokenSignature does not make.
func rawJWT(secret []byte, header, payload string) string {
	enc := base64.RawURLEncoding.EncodeToString
	signed := enc([]byte(header)) + "." + enc([]byte(payload))
	return signed + "." + enc(macSHA256(secret, []byte(signed)))
}

func TestVerifyFlowTokenSignature(t *testing.T) {
	secret, previous := []byte("app-secret-now"), []byte("app-secret-before")
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	valid, err := SignFlowTokenSignature(secret, "tok-1", now.Add(-time.Minute), now.Add(time.Hour), map[string]any{"aud": "123"})
	require.NoError(t, err)
	oldSecret, err := SignFlowTokenSignature(previous, "tok-1", time.Time{}, time.Time{}, nil)
	require.NoError(t, err)
	parts := strings.Split(valid, ".")
	enc := base64.RawURLEncoding.EncodeToString
	hs := `{"alg":"HS256","typ":"JWT"}`

	cases := []struct {
		name    string
		jwt     string
		secrets [][]byte
		now     time.Time
		want    error
		token   string
	}{
		{"valid", valid, [][]byte{secret}, now, nil, "tok-1"},
		{"rotation", oldSecret, [][]byte{secret, previous}, now, nil, "tok-1"},
		{"within leeway after exp", valid, [][]byte{secret}, now.Add(time.Hour + 30*time.Second), nil, "tok-1"},
		{"expired", valid, [][]byte{secret}, now.Add(time.Hour + jwtLeeway), ErrJWTExpired, "tok-1"},
		{"not yet valid", rawJWT(secret, hs, `{"flow_token":"t","nbf":1772370000}`), [][]byte{secret}, now, ErrJWTExpired, "t"},
		{"fractional exp", rawJWT(secret, hs, `{"flow_token":"t","exp":1772370000.5}`), [][]byte{secret}, now, nil, "t"},
		{"no flow_token claim", rawJWT(secret, hs, `{"sub":"x"}`), [][]byte{secret}, now, nil, ""},
		{"wrong secret", valid, [][]byte{previous}, now, ErrJWTSignature, ""},
		{"no secrets", valid, nil, now, ErrNoSecret, ""},
		{"alg none, empty signature", enc([]byte(`{"alg":"none"}`)) + "." + parts[1] + ".", [][]byte{secret}, now, ErrJWTSignature, ""},
		{"alg none, real MAC", rawJWT(secret, `{"alg":"none"}`, `{"flow_token":"t"}`), [][]byte{secret}, now, ErrJWTSignature, ""},
		{"alg RS256", rawJWT(secret, `{"alg":"RS256"}`, `{}`), [][]byte{secret}, now, ErrJWTSignature, ""},
		{"alg in other case", rawJWT(secret, `{"ALG":"HS256"}`, `{}`), [][]byte{secret}, now, ErrJWTSignature, ""},
		{"crit header", rawJWT(secret, `{"alg":"HS256","crit":["b64"]}`, `{}`), [][]byte{secret}, now, ErrJWTMalformed, ""},
		{"header not JSON", rawJWT(secret, `alg`, `{}`), [][]byte{secret}, now, ErrJWTMalformed, ""},
		{"payload not JSON", rawJWT(secret, hs, `[1]`), [][]byte{secret}, now, ErrJWTMalformed, ""},
		{"payload trailing data", rawJWT(secret, hs, `{} {}`), [][]byte{secret}, now, ErrJWTMalformed, ""},
		{"exp is a string", rawJWT(secret, hs, `{"exp":"soon"}`), [][]byte{secret}, now, ErrJWTMalformed, ""},
		{"exp out of range", rawJWT(secret, hs, `{"exp":1e300}`), [][]byte{secret}, now, ErrJWTMalformed, ""},
		{"flow_token not a string", rawJWT(secret, hs, `{"flow_token":7}`), [][]byte{secret}, now, ErrJWTMalformed, ""},
		{"two parts", parts[0] + "." + parts[1], [][]byte{secret}, now, ErrJWTMalformed, ""},
		{"four parts", valid + ".x", [][]byte{secret}, now, ErrJWTMalformed, ""},
		{"padded signature", valid + "=", [][]byte{secret}, now, ErrJWTMalformed, ""},
		{"signature trailing bits set", flipChar(valid, len(valid)-1), [][]byte{secret}, now, ErrJWTMalformed, ""},
		{"signature altered", flipChar(valid, len(valid)-10), [][]byte{secret}, now, ErrJWTSignature, ""},
		{"empty", "", [][]byte{secret}, now, ErrJWTMalformed, ""},
		{"huge", strings.Repeat("a", jwtMaxLen+1), [][]byte{secret}, now, ErrJWTMalformed, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			claims, err := VerifyFlowTokenSignature(c.jwt, c.secrets, c.now)
			if c.want == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, c.want)
			}
			require.Equal(t, c.token, claims.FlowToken)
		})
	}

	claims, err := VerifyFlowTokenSignature(valid, [][]byte{secret}, now)
	require.NoError(t, err)
	require.Equal(t, now.Add(-time.Minute), claims.Issued)
	require.Equal(t, now.Add(time.Hour), claims.Expires)
	require.Equal(t, "123", claims.Raw["aud"])
	require.Equal(t, json.Number("1772366340"), claims.Raw["iat"])
}

func TestSignFlowTokenSignatureNeedsSecret(t *testing.T) {
	_, err := SignFlowTokenSignature(nil, "t", time.Time{}, time.Time{}, nil)
	require.ErrorIs(t, err, ErrNoSecret)
}
