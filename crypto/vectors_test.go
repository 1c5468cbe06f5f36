package crypto

import (
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// vectorFile is the layout of testdata/vectors.json, described in doc.go.
type vectorFile struct {
	Comment            string            `json:"comment"`
	EnvelopeKeyPEM     string            `json:"envelope_private_key_pem"`
	Envelope           []envelopeVector  `json:"envelope"`
	BodySignature      []signatureVector `json:"body_signature"`
	FlowTokens         []flowTokenVector `json:"flow_tokens"`
	FlowTokenSignature []jwtVector       `json:"flow_token_signature"`
	Sealed             []sealedVector    `json:"sealed"`
	Media              []mediaVector     `json:"media"`
}

type envelopeVector struct {
	Name              string `json:"name"`
	RequestBody       string `json:"request_body"`
	AESKeyHex         string `json:"aes_key_hex,omitempty"`
	RequestIVHex      string `json:"request_iv_hex,omitempty"`
	RequestPlaintext  string `json:"request_plaintext,omitempty"`
	ResponsePlaintext string `json:"response_plaintext,omitempty"`
	ResponseBody      string `json:"response_body,omitempty"`
	Error             string `json:"error,omitempty"`
}

type signatureVector struct {
	Name    string   `json:"name"`
	Secrets []string `json:"secrets"`
	Body    string   `json:"body"`
	Header  string   `json:"header"`
	Error   string   `json:"error,omitempty"`
}

type flowTokenVector struct {
	Name    string      `json:"name"`
	Secrets []string    `json:"secrets"`
	Now     time.Time   `json:"now"`
	Token   string      `json:"token"`
	Claims  *claimsJSON `json:"claims,omitempty"`
	Error   string      `json:"error,omitempty"`
}

type claimsJSON struct {
	FlowID    string    `json:"flow_id"`
	Recipient string    `json:"recipient"`
	IssuedAt  time.Time `json:"issued_at"`
	ExpiresAt time.Time `json:"expires_at"`
	Nonce     string    `json:"nonce"`
}

type jwtVector struct {
	Name       string     `json:"name"`
	AppSecrets []string   `json:"app_secrets"`
	Now        time.Time  `json:"now"`
	JWT        string     `json:"jwt"`
	FlowToken  string     `json:"flow_token,omitempty"`
	Issued     *time.Time `json:"issued,omitempty"`
	Expires    *time.Time `json:"expires,omitempty"`
	Error      string     `json:"error,omitempty"`
}

type sealedVector struct {
	Name           string   `json:"name"`
	MasterKeysHex  []string `json:"master_keys_hex"`
	AssociatedData string   `json:"associated_data"`
	PlaintextHex   string   `json:"plaintext_hex,omitempty"`
	SealedHex      string   `json:"sealed_hex"`
	Error          string   `json:"error,omitempty"`
}

type mediaVector struct {
	Name               string          `json:"name"`
	CDNFileBase64      string          `json:"cdn_file_base64"`
	EncryptionMetadata MediaEncryption `json:"encryption_metadata"`
	PlaintextBase64    string          `json:"plaintext_base64,omitempty"`
	Error              string          `json:"error,omitempty"`
}

// vectorErrors names the error classes used in the "error" members.
var vectorErrors = map[string]error{
	"undecryptable":       ErrUndecryptable,
	"signature_missing":   ErrSignatureMissing,
	"signature_malformed": ErrSignatureMalformed,
	"signature_mismatch":  ErrSignatureMismatch,
	"token_malformed":     ErrTokenMalformed,
	"token_forged":        ErrTokenForged,
	"token_expired":       ErrTokenExpired,
	"jwt_malformed":       ErrJWTMalformed,
	"jwt_signature":       ErrJWTSignature,
	"jwt_expired":         ErrJWTExpired,
	"sealed_corrupt":      ErrSealedCorrupt,
	"sealed_key_unknown":  ErrSealedKeyUnknown,
	"media_metadata":      ErrMediaMetadata,
	"media_integrity":     ErrMediaIntegrity,
}

func requireVectorError(t *testing.T, want string, err error) {
	t.Helper()
	if want == "" {
		require.NoError(t, err)
		return
	}
	sentinel, ok := vectorErrors[want]
	require.True(t, ok, "unknown error class %q", want)
	require.ErrorIs(t, err, sentinel)
}

func bytesOf(list []string) [][]byte {
	out := make([][]byte, len(list))
	for i, s := range list {
		out[i] = []byte(s)
	}
	return out
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// TestVectors checks every published vector against the code, decoding with
// the standard library where it can so that the file, not only the
// round trip, is what is proven.
func TestVectors(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "vectors.json"))
	require.NoError(t, err)
	var vf vectorFile
	require.NoError(t, json.Unmarshal(raw, &vf))
	require.NotEmpty(t, vf.Envelope)

	key, err := ParsePrivateKeyPEM([]byte(vf.EnvelopeKeyPEM), nil)
	require.NoError(t, err)

	for _, v := range vf.Envelope {
		t.Run("envelope/"+v.Name, func(t *testing.T) {
			plain, s, err := KeySet{key}.Open([]byte(v.RequestBody))
			requireVectorError(t, v.Error, err)
			if v.Error != "" {
				return
			}
			require.Equal(t, v.RequestPlaintext, string(plain))
			var env EnvelopeRequest
			require.NoError(t, json.Unmarshal([]byte(v.RequestBody), &env))
			encKey, err := base64.StdEncoding.DecodeString(env.EncryptedAESKey)
			require.NoError(t, err)
			aesKey, err := rsa.DecryptOAEP(sha256.New(), nil, key.PrivateKey, encKey, nil)
			require.NoError(t, err)
			require.Equal(t, v.AESKeyHex, hex.EncodeToString(aesKey))
			iv, err := base64.StdEncoding.DecodeString(env.InitialVector)
			require.NoError(t, err)
			require.Equal(t, v.RequestIVHex, hex.EncodeToString(iv))
			body, err := s.Seal([]byte(v.ResponsePlaintext))
			require.NoError(t, err)
			require.Equal(t, v.ResponseBody, string(body))
		})
	}
	for _, v := range vf.BodySignature {
		t.Run("body_signature/"+v.Name, func(t *testing.T) {
			requireVectorError(t, v.Error, VerifyBodySignature(bytesOf(v.Secrets), []byte(v.Body), v.Header))
		})
	}
	for _, v := range vf.FlowTokens {
		t.Run("flow_tokens/"+v.Name, func(t *testing.T) {
			tokens := Tokens{Secrets: bytesOf(v.Secrets), Now: func() time.Time { return v.Now }}
			c, err := tokens.Verify(v.Token)
			requireVectorError(t, v.Error, err)
			if v.Claims != nil {
				require.Equal(t, TokenClaims{
					FlowID: v.Claims.FlowID, Recipient: v.Claims.Recipient,
					IssuedAt: v.Claims.IssuedAt, ExpiresAt: v.Claims.ExpiresAt, Nonce: v.Claims.Nonce,
				}, c)
			}
		})
	}
	for _, v := range vf.FlowTokenSignature {
		t.Run("flow_token_signature/"+v.Name, func(t *testing.T) {
			c, err := VerifyFlowTokenSignature(v.JWT, bytesOf(v.AppSecrets), v.Now)
			requireVectorError(t, v.Error, err)
			if v.Error == "" || errors.Is(err, ErrJWTExpired) {
				require.Equal(t, v.FlowToken, c.FlowToken)
				if v.Issued != nil {
					require.True(t, v.Issued.Equal(c.Issued))
				}
				if v.Expires != nil {
					require.True(t, v.Expires.Equal(c.Expires))
				}
			}
		})
	}
	for _, v := range vf.Sealed {
		t.Run("sealed/"+v.Name, func(t *testing.T) {
			keys := make([][]byte, len(v.MasterKeysHex))
			for i, k := range v.MasterKeysHex {
				keys[i] = mustHex(t, k)
			}
			s, err := NewSealer(keys...)
			require.NoError(t, err)
			plain, err := s.Open(mustHex(t, v.SealedHex), []byte(v.AssociatedData))
			requireVectorError(t, v.Error, err)
			if v.Error == "" {
				require.Equal(t, v.PlaintextHex, hex.EncodeToString(plain))
			}
		})
	}
	for _, v := range vf.Media {
		t.Run("media/"+v.Name, func(t *testing.T) {
			file, err := base64.StdEncoding.DecodeString(v.CDNFileBase64)
			require.NoError(t, err)
			plain, err := DecryptMedia(file, v.EncryptionMetadata)
			requireVectorError(t, v.Error, err)
			if v.Error == "" {
				require.Equal(t, v.PlaintextBase64, base64.StdEncoding.EncodeToString(plain))
			}
		})
	}
}
