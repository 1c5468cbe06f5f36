package crypto

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestKeySetRotation(t *testing.T) {
	current, previous, unrelated := fixtureKey(t, "pkcs8.pem"), fixtureKey(t, "pkcs8-aes256.pem"), fixtureKey(t, "legacy-des3.pem")
	req := []byte(`{"version":"3.0","action":"ping"}`)

	cases := []struct {
		name      string
		sealedFor *PrivateKey
		keys      KeySet
		wantIndex int
		wantErr   bool
	}{
		{"current key", current, KeySet{current, previous}, 0, false},
		{"previous key during rotation", previous, KeySet{current, previous}, 1, false},
		{"previous key after the window", previous, KeySet{current}, 0, true},
		{"neither key", unrelated, KeySet{current, previous}, 0, true},
		{"empty key set", current, nil, 0, true},
		{"nil entry skipped", previous, KeySet{nil, previous}, 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, cs, err := SealRequest(&c.sealedFor.PublicKey, req, nil)
			require.NoError(t, err)
			plain, s, err := c.keys.Open(body)
			if c.wantErr {
				require.ErrorIs(t, err, ErrUndecryptable)
				var ee *EnvelopeError
				require.ErrorAs(t, err, &ee)
				require.Equal(t, StageRSA, ee.Stage)
				require.Nil(t, s)
				return
			}
			require.NoError(t, err)
			require.Equal(t, req, plain)
			require.Equal(t, c.wantIndex, s.KeyIndex())
			resp, err := s.Seal([]byte(`{"data":{"status":"active"}}`))
			require.NoError(t, err)
			got, err := cs.OpenResponse(resp)
			require.NoError(t, err)
			require.JSONEq(t, `{"data":{"status":"active"}}`, string(got))
		})
	}
}

func TestOpenErrors(t *testing.T) {
	key := fixtureKey(t, "pkcs8.pem")
	body, _, err := SealRequest(&key.PublicKey, []byte(`{"action":"ping"}`), nil)
	require.NoError(t, err)
	var good EnvelopeRequest
	require.NoError(t, json.Unmarshal(body, &good))
	b64 := base64.StdEncoding.EncodeToString

	// A correctly wrapped key of the wrong size (AES-256) is refused too.
	longKey, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, &key.PublicKey, make([]byte, 32), nil)
	require.NoError(t, err)

	with := func(edit func(*EnvelopeRequest)) []byte {
		r := good
		edit(&r)
		out, err := json.Marshal(r)
		require.NoError(t, err)
		return out
	}
	flip := func(s string) string {
		b, err := base64.StdEncoding.DecodeString(s)
		require.NoError(t, err)
		b[len(b)-1] ^= 0x80
		return b64(b)
	}
	cases := []struct {
		name, stage, field string
		body               []byte
	}{
		{"empty body", StageJSON, "", nil},
		{"not JSON", StageJSON, "", []byte("encrypted_flow_data=x")},
		{"JSON array", StageJSON, "", []byte(`[]`)},
		{"field of wrong type", StageJSON, "", []byte(`{"encrypted_aes_key":1}`)},
		{"empty object", StageField, "encrypted_aes_key", []byte(`{}`)},
		{"missing IV", StageField, "initial_vector", with(func(r *EnvelopeRequest) { r.InitialVector = "" })},
		{"missing data", StageField, "encrypted_flow_data", with(func(r *EnvelopeRequest) { r.EncryptedFlowData = "" })},
		{"key not base64", StageBase64, "encrypted_aes_key", with(func(r *EnvelopeRequest) { r.EncryptedAESKey = "%%%" })},
		{"IV not base64", StageBase64, "initial_vector", with(func(r *EnvelopeRequest) { r.InitialVector = "a" })},
		{"data URL-safe base64", StageBase64, "encrypted_flow_data", with(func(r *EnvelopeRequest) { r.EncryptedFlowData = "-_-_" })},
		{"12-byte IV", StageField, "initial_vector", with(func(r *EnvelopeRequest) { r.InitialVector = b64(make([]byte, 12)) })},
		{"data shorter than tag", StageField, "encrypted_flow_data", with(func(r *EnvelopeRequest) { r.EncryptedFlowData = b64(make([]byte, 15)) })},
		{"short RSA block", StageRSA, "encrypted_aes_key", with(func(r *EnvelopeRequest) { r.EncryptedAESKey = b64(make([]byte, 128)) })},
		{"altered RSA block", StageRSA, "encrypted_aes_key", with(func(r *EnvelopeRequest) { r.EncryptedAESKey = flip(r.EncryptedAESKey) })},
		{"32-byte AES key", StageRSA, "encrypted_aes_key", with(func(r *EnvelopeRequest) { r.EncryptedAESKey = b64(longKey) })},
		{"altered tag", StageAES, "encrypted_flow_data", with(func(r *EnvelopeRequest) { r.EncryptedFlowData = flip(r.EncryptedFlowData) })},
		{"other IV", StageAES, "encrypted_flow_data", with(func(r *EnvelopeRequest) { r.InitialVector = b64(make([]byte, 16)) })},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plain, s, err := KeySet{key}.Open(c.body)
			require.Nil(t, plain)
			require.Nil(t, s)
			require.ErrorIs(t, err, ErrUndecryptable)
			var ee *EnvelopeError
			require.ErrorAs(t, err, &ee)
			require.Equal(t, c.stage, ee.Stage, "%v", err)
			require.Equal(t, c.field, ee.Field, "%v", err)
			require.NotNil(t, errors.Unwrap(err))
			require.Contains(t, err.Error(), c.stage)
		})
	}
}

func TestSealRequestFreshPerCall(t *testing.T) {
	key := fixtureKey(t, "pkcs8.pem")
	a, _, err := SealRequest(&key.PublicKey, []byte("{}"), nil)
	require.NoError(t, err)
	b, _, err := SealRequest(&key.PublicKey, []byte("{}"), nil)
	require.NoError(t, err)
	var ra, rb EnvelopeRequest
	require.NoError(t, json.Unmarshal(a, &ra))
	require.NoError(t, json.Unmarshal(b, &rb))
	require.NotEqual(t, ra.InitialVector, rb.InitialVector)
	require.NotEqual(t, ra.EncryptedAESKey, rb.EncryptedAESKey)

	_, _, err = SealRequest(&key.PublicKey, nil, bytes.NewReader(make([]byte, 8)))
	require.Error(t, err, "a short random source must fail, not reuse zeros")
	_, _, err = SealRequest(nil, nil, nil)
	require.Error(t, err)
}

func TestOpenResponseErrors(t *testing.T) {
	key := fixtureKey(t, "pkcs8.pem")
	body, cs, err := SealRequest(&key.PublicKey, []byte("{}"), nil)
	require.NoError(t, err)
	_, s, err := KeySet{key}.Open(body)
	require.NoError(t, err)
	resp, err := s.Seal([]byte(`{"screen":"A","data":{}}`))
	require.NoError(t, err)

	got, err := cs.OpenResponse(append(append([]byte(" "), resp...), '\n'))
	require.NoError(t, err)
	require.Equal(t, `{"screen":"A","data":{}}`, string(got))

	_, other, err := SealRequest(&key.PublicKey, []byte("{}"), nil)
	require.NoError(t, err)
	for name, c := range map[string]struct {
		cs    *ClientSession
		body  []byte
		stage string
	}{
		"not base64":        {cs, []byte("!!"), StageBase64},
		"too short":         {cs, []byte("AAAA"), StageField},
		"another session":   {other, resp, StageAES},
		"request IV reused": {cs, sealWithRequestIV(t, s, []byte("{}")), StageAES},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.cs.OpenResponse(c.body)
			var ee *EnvelopeError
			require.ErrorAs(t, err, &ee)
			require.Equal(t, c.stage, ee.Stage)
		})
	}
}

// sealWithRequestIV makes the mistake the protocol forbids: answering under
// the request IV instead of its inverse.
func sealWithRequestIV(t *testing.T, s *Session, plain []byte) []byte {
	t.Helper()
	return []byte(base64.StdEncoding.EncodeToString(s.aead.Seal(nil, s.iv[:], plain, nil)))
}

func TestSessionConcurrentSeal(t *testing.T) {
	key := fixtureKey(t, "pkcs8.pem")
	body, cs, err := SealRequest(&key.PublicKey, []byte("{}"), nil)
	require.NoError(t, err)
	_, s, err := KeySet{key}.Open(body)
	require.NoError(t, err)
	done := make(chan []byte)
	for range 4 {
		go func() {
			out, _ := s.Seal([]byte(`{"data":{"acknowledged":true}}`))
			done <- out
		}()
	}
	for range 4 {
		got, err := cs.OpenResponse(<-done)
		require.NoError(t, err)
		require.Equal(t, `{"data":{"acknowledged":true}}`, string(got))
	}
}
