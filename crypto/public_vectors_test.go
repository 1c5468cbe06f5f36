package crypto

import (
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// publicVectors is testdata/public/vectors.json: the published vectors of
// the data-endpoint reference, section 11.
type publicVectors struct {
	Envelope struct {
		PrivateKeyFile   string `json:"private_key_file"`
		Passphrase       string `json:"passphrase"`
		PublicKeyFile    string `json:"public_key_file"`
		RequestBody      string `json:"request_body"`
		AESKeyHex        string `json:"aes_key_hex"`
		RequestIVHex     string `json:"request_iv_hex"`
		ResponseIVHex    string `json:"response_iv_hex"`
		RequestPlaintext string `json:"request_plaintext"`
		Responses        []struct {
			Plaintext string `json:"plaintext"`
			Body      string `json:"body"`
		} `json:"responses"`
	} `json:"envelope"`
	BodySignature struct {
		Secret string `json:"secret"`
		Body   string `json:"body"`
		Header string `json:"header"`
	} `json:"body_signature"`
	Media struct {
		CDNFile                string `json:"cdn_file"`
		EncryptionMetadataFile string `json:"encryption_metadata_file"`
		PlaintextFile          string `json:"plaintext_file"`
	} `json:"media"`
}

func readPublic(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "public", name))
	require.NoError(t, err)
	return b
}

func loadPublicVectors(t *testing.T) publicVectors {
	t.Helper()
	var pv publicVectors
	require.NoError(t, json.Unmarshal(readPublic(t, "vectors.json"), &pv))
	return pv
}

func TestPublicEnvelopeVector(t *testing.T) {
	pv := loadPublicVectors(t)
	ev := pv.Envelope
	key, err := ParsePrivateKeyPEM(readPublic(t, ev.PrivateKeyFile), []byte(ev.Passphrase))
	require.NoError(t, err)

	pub, err := ParsePublicKeyPEM(readPublic(t, ev.PublicKeyFile))
	require.NoError(t, err)
	require.True(t, pub.Equal(&key.PublicKey), "published public key belongs to the private key")
	pubPEM, err := MarshalPublicKeyPEM(&key.PublicKey)
	require.NoError(t, err)
	require.Equal(t, string(readPublic(t, ev.PublicKeyFile)), string(pubPEM))

	plain, s, err := KeySet{key}.Open([]byte(ev.RequestBody))
	require.NoError(t, err)
	require.Equal(t, ev.RequestPlaintext, string(plain))
	require.Len(t, plain, 84)
	require.Equal(t, 0, s.KeyIndex())

	var env EnvelopeRequest
	require.NoError(t, json.Unmarshal([]byte(ev.RequestBody), &env))
	encKey, err := base64.StdEncoding.DecodeString(env.EncryptedAESKey)
	require.NoError(t, err)
	aesKey, err := rsa.DecryptOAEP(sha256.New(), nil, key.PrivateKey, encKey, nil)
	require.NoError(t, err)
	require.Equal(t, ev.AESKeyHex, hex.EncodeToString(aesKey))
	require.Equal(t, ev.RequestIVHex, hex.EncodeToString(s.iv[:]))
	inv := invertIV(s.iv)
	require.Equal(t, ev.ResponseIVHex, hex.EncodeToString(inv[:]))

	require.Len(t, ev.Responses, 2)
	for _, r := range ev.Responses {
		body, err := s.Seal([]byte(r.Plaintext))
		require.NoError(t, err)
		require.Equal(t, r.Body, string(body))
	}
}

func TestPublicSignatureVector(t *testing.T) {
	sv := loadPublicVectors(t).BodySignature
	require.Len(t, sv.Body, 511)
	require.Equal(t, sv.Header, SignBody([]byte(sv.Secret), []byte(sv.Body)))
	require.NoError(t, VerifyBodySignature([][]byte{[]byte(sv.Secret)}, []byte(sv.Body), sv.Header))
}

func TestPublicMediaVector(t *testing.T) {
	mv := loadPublicVectors(t).Media
	var meta MediaEncryption
	require.NoError(t, json.Unmarshal(readPublic(t, mv.EncryptionMetadataFile), &meta))
	plain, err := DecryptMedia(readPublic(t, mv.CDNFile), meta)
	require.NoError(t, err)
	require.Equal(t, readPublic(t, mv.PlaintextFile), plain)
}
