package crypto

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"io"
	mathrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors.json and the OpenSSL key fixtures")

// seeded is a deterministic stream named after its use, so that adding a
// vector to one section leaves the others unchanged.
func seeded(name string) io.Reader {
	return mathrand.NewChaCha8(sha256.Sum256([]byte("waflow vectors/" + name)))
}

var vectorEpoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// TestVectorsGolden regenerates testdata/vectors.json from fixed keys and
// fixed randomness and compares it byte for byte; -update rewrites it.
func TestVectorsGolden(t *testing.T) {
	got := generateVectors(t)
	path := filepath.Join("testdata", "vectors.json")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "testdata/vectors.json is stale: go test ./crypto -run TestVectorsGolden -update")
}

func generateVectors(t *testing.T) []byte {
	t.Helper()
	keyPEM, err := os.ReadFile(filepath.Join("testdata", "vectors-key.pem"))
	require.NoError(t, err)
	key, err := ParsePrivateKeyPEM(keyPEM, nil)
	require.NoError(t, err)

	vf := vectorFile{
		Comment: "waflow crypto test vectors; layout in crypto/doc.go. " +
			"Regenerate with: go test ./crypto -run TestVectorsGolden -update",
		EnvelopeKeyPEM: string(keyPEM),
		Envelope:       envelopeVectors(t, key),
		BodySignature:  signatureVectors(),
		FlowTokens:     flowTokenVectors(t),
		Sealed:         sealedVectors(t),
		Media:          mediaVectors(t),
	}
	vf.FlowTokenSignature = jwtVectors(t)

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(vf))
	return buf.Bytes()
}

func envelopeVectors(t *testing.T, key *PrivateKey) []envelopeVector {
	cases := []struct{ name, request, response string }{
		{"ping", `{"version":"3.0","action":"ping"}`, `{"data":{"status":"active"}}`},
		{"init", `{"version":"3.0","action":"INIT","flow_token":"wf-token-1","screen":"","data":{}}`,
			`{"screen":"WELCOME","data":{"first_name":"Ada"}}`},
		{"data_exchange_utf8", `{"version":"3.0","action":"data_exchange","screen":"MENU","data":{"dish":"Crème brûlée"},"flow_token":"wf-token-1"}`,
			`{"screen":"SUCCESS","data":{"extension_message_response":{"params":{"flow_token":"wf-token-1","note":"Merci 👋"}}}}`},
	}
	var out []envelopeVector
	for _, c := range cases {
		random := seeded("envelope/" + c.name)
		var fresh [AESKeySize + IVSize]byte
		_, err := io.ReadFull(seeded("envelope/"+c.name), fresh[:])
		require.NoError(t, err)
		body, _, err := SealRequest(&key.PublicKey, []byte(c.request), random)
		require.NoError(t, err)
		_, s, err := KeySet{key}.Open(body)
		require.NoError(t, err)
		resp, err := s.Seal([]byte(c.response))
		require.NoError(t, err)
		out = append(out, envelopeVector{
			Name:              c.name,
			RequestBody:       string(body),
			AESKeyHex:         hex.EncodeToString(fresh[:AESKeySize]),
			RequestIVHex:      hex.EncodeToString(fresh[AESKeySize:]),
			RequestPlaintext:  c.request,
			ResponsePlaintext: c.response,
			ResponseBody:      string(resp),
		})
	}
	initVector := out[1]
	var env EnvelopeRequest
	require.NoError(t, json.Unmarshal([]byte(initVector.RequestBody), &env))
	tamper := func(field *string) string {
		saved := *field
		b, err := base64.StdEncoding.DecodeString(saved)
		require.NoError(t, err)
		b[len(b)/2] ^= 0x01
		*field = base64.StdEncoding.EncodeToString(b)
		body, err := json.Marshal(env)
		require.NoError(t, err)
		*field = saved
		return string(body)
	}
	out = append(out,
		envelopeVector{Name: "tampered_flow_data", RequestBody: tamper(&env.EncryptedFlowData), Error: "undecryptable"},
		envelopeVector{Name: "tampered_aes_key", RequestBody: tamper(&env.EncryptedAESKey), Error: "undecryptable"},
		envelopeVector{Name: "not_json", RequestBody: "encrypted_flow_data=x", Error: "undecryptable"},
	)
	return out
}

func signatureVectors() []signatureVector {
	const current, previous, other = "waflow-app-secret-current", "waflow-app-secret-previous", "some-other-secret"
	body := `{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[]}]}`
	return []signatureVector{
		{Name: "current_secret", Secrets: []string{current}, Body: body, Header: SignBody([]byte(current), []byte(body))},
		{Name: "rotation_previous_secret", Secrets: []string{current, previous}, Body: body, Header: SignBody([]byte(previous), []byte(body))},
		{Name: "empty_body", Secrets: []string{current}, Body: "", Header: SignBody([]byte(current), nil)},
		{Name: "wrong_secret", Secrets: []string{other}, Body: body, Header: SignBody([]byte(current), []byte(body)), Error: "signature_mismatch"},
		{Name: "body_changed", Secrets: []string{current}, Body: body + " ", Header: SignBody([]byte(current), []byte(body)), Error: "signature_mismatch"},
		{Name: "not_hex", Secrets: []string{current}, Body: body, Header: "sha256=zz", Error: "signature_malformed"},
		{Name: "sha1_prefix", Secrets: []string{current}, Body: body, Header: "sha1=" + strings.Repeat("0", 40), Error: "signature_malformed"},
		{Name: "missing", Secrets: []string{current}, Body: body, Header: "", Error: "signature_missing"},
	}
}

func flowTokenVectors(t *testing.T) []flowTokenVector {
	const current, previous = "waflow-token-secret-current", "waflow-token-secret-previous"
	issue := func(secret string, c TokenClaims, name string) string {
		tok, err := Tokens{
			Secrets: [][]byte{[]byte(secret)},
			Now:     func() time.Time { return vectorEpoch },
			Random:  seeded("flow_tokens/" + name),
		}.Issue(c)
		require.NoError(t, err)
		return tok
	}
	claims := TokenClaims{FlowID: "flow-123", Recipient: "15551234567"}
	valid := issue(current, claims, "valid")
	old := issue(previous, claims, "rotation")
	verifyNow := vectorEpoch.Add(time.Hour)
	decoded := func(tok string) *claimsJSON {
		c, err := Tokens{Secrets: [][]byte{[]byte(current), []byte(previous)}, Now: func() time.Time { return vectorEpoch }}.Verify(tok)
		require.NoError(t, err)
		return &claimsJSON{FlowID: c.FlowID, Recipient: c.Recipient, IssuedAt: c.IssuedAt, ExpiresAt: c.ExpiresAt, Nonce: c.Nonce}
	}
	// Swap the claims but keep the MAC: a forgery by someone without the secret.
	dot := strings.LastIndexByte(valid, '.')
	swapped := tokenPrefix + base64.RawURLEncoding.EncodeToString([]byte(`{"f":"flow-123","r":"15559999999","iat":1767323045,"exp":1767409445,"n":"x"}`)) + valid[dot:]
	return []flowTokenVector{
		{Name: "valid", Secrets: []string{current}, Now: verifyNow, Token: valid, Claims: decoded(valid)},
		{Name: "rotation_previous_secret", Secrets: []string{current, previous}, Now: verifyNow, Token: old, Claims: decoded(old)},
		{Name: "expired", Secrets: []string{current}, Now: vectorEpoch.Add(DefaultTokenTTL), Token: valid, Claims: decoded(valid), Error: "token_expired"},
		{Name: "unknown_secret", Secrets: []string{previous}, Now: verifyNow, Token: valid, Error: "token_forged"},
		{Name: "claims_swapped", Secrets: []string{current}, Now: verifyNow, Token: swapped, Error: "token_forged"},
		{Name: "no_prefix", Secrets: []string{current}, Now: verifyNow, Token: strings.TrimPrefix(valid, tokenPrefix), Error: "token_malformed"},
		{Name: "truncated_signature", Secrets: []string{current}, Now: verifyNow, Token: valid[:len(valid)-4], Error: "token_malformed"},
	}
}

func jwtVectors(t *testing.T) []jwtVector {
	const current, previous = "1222e786b144d0e85b9f365372d93601", "1222e786b144d0e85b9f365372d93600"
	issued, expires := vectorEpoch, vectorEpoch.Add(time.Hour)
	sign := func(secret string) string {
		jwt, err := SignFlowTokenSignature([]byte(secret), "flow-token-abc", issued, expires, nil)
		require.NoError(t, err)
		return jwt
	}
	valid, old := sign(current), sign(previous)
	parts := strings.Split(valid, ".")
	enc := base64.RawURLEncoding.EncodeToString
	none := enc([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	hs512 := enc([]byte(`{"alg":"HS512","typ":"JWT"}`)) + "." + parts[1] + "." + parts[2]
	at := vectorEpoch.Add(10 * time.Minute)
	return []jwtVector{
		{Name: "valid", AppSecrets: []string{current}, Now: at, JWT: valid, FlowToken: "flow-token-abc", Issued: &issued, Expires: &expires},
		{Name: "rotation_previous_secret", AppSecrets: []string{current, previous}, Now: at, JWT: old, FlowToken: "flow-token-abc", Issued: &issued, Expires: &expires},
		{Name: "expired", AppSecrets: []string{current}, Now: expires.Add(jwtLeeway), JWT: valid, FlowToken: "flow-token-abc", Issued: &issued, Expires: &expires, Error: "jwt_expired"},
		{Name: "wrong_secret", AppSecrets: []string{"not-the-app-secret"}, Now: at, JWT: valid, Error: "jwt_signature"},
		{Name: "alg_none", AppSecrets: []string{current}, Now: at, JWT: none, Error: "jwt_signature"},
		{Name: "alg_hs512", AppSecrets: []string{current}, Now: at, JWT: hs512, Error: "jwt_signature"},
		{Name: "two_parts", AppSecrets: []string{current}, Now: at, JWT: parts[0] + "." + parts[1], Error: "jwt_malformed"},
	}
}

func sealedVectors(t *testing.T) []sealedVector {
	k1, err := NewMasterKey(seeded("sealed/key-current"))
	require.NoError(t, err)
	k2, err := NewMasterKey(seeded("sealed/key-previous"))
	require.NoError(t, err)
	seal := func(name string, key []byte, plain, aad string) string {
		s, err := NewSealer(key)
		require.NoError(t, err)
		s.Random = seeded("sealed/" + name)
		out, err := s.Seal([]byte(plain), []byte(aad))
		require.NoError(t, err)
		return hex.EncodeToString(out)
	}
	h1, h2 := hex.EncodeToString(k1), hex.EncodeToString(k2)
	const aad = "apps/42/credentials"
	secret := "EAAGm0PX4ZCpsBA-not-a-real-token"
	return []sealedVector{
		{Name: "current_key", MasterKeysHex: []string{h1}, AssociatedData: aad, PlaintextHex: hex.EncodeToString([]byte(secret)), SealedHex: seal("current_key", k1, secret, aad)},
		{Name: "empty_plaintext", MasterKeysHex: []string{h1}, AssociatedData: "", PlaintextHex: "", SealedHex: seal("empty_plaintext", k1, "", "")},
		{Name: "rotation_previous_key", MasterKeysHex: []string{h1, h2}, AssociatedData: aad, PlaintextHex: hex.EncodeToString([]byte(secret)), SealedHex: seal("rotation", k2, secret, aad)},
		{Name: "other_associated_data", MasterKeysHex: []string{h1}, AssociatedData: "apps/43/credentials", SealedHex: seal("current_key", k1, secret, aad), Error: "sealed_corrupt"},
		{Name: "key_retired", MasterKeysHex: []string{h1}, AssociatedData: aad, SealedHex: seal("rotation", k2, secret, aad), Error: "sealed_key_unknown"},
	}
}

func mediaVectors(t *testing.T) []mediaVector {
	var out []mediaVector
	for _, c := range []struct{ name, plain string }{
		{"short_text", "hello from a DocumentPicker\n"},
		{"block_aligned", strings.Repeat("0123456789abcdef", 2)},
	} {
		file, meta, err := EncryptMedia([]byte(c.plain), seeded("media/"+c.name))
		require.NoError(t, err)
		out = append(out, mediaVector{
			Name:               c.name,
			CDNFileBase64:      base64.StdEncoding.EncodeToString(file),
			EncryptionMetadata: meta,
			PlaintextBase64:    base64.StdEncoding.EncodeToString([]byte(c.plain)),
		})
	}
	file, err := base64.StdEncoding.DecodeString(out[0].CDNFileBase64)
	require.NoError(t, err)
	file[0] ^= 0x01
	out = append(out, mediaVector{Name: "file_altered", CDNFileBase64: base64.StdEncoding.EncodeToString(file), EncryptionMetadata: out[0].EncryptionMetadata, Error: "media_integrity"})
	bad := out[0].EncryptionMetadata
	bad.IV = "AAAA"
	out = append(out, mediaVector{Name: "short_iv", CDNFileBase64: out[0].CDNFileBase64, EncryptionMetadata: bad, Error: "media_metadata"})
	return out
}
