package crypto

import (
	"bytes"
	"errors"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// Seeds live in testdata/fuzz/<FuzzName>/ as well as in the f.Add calls.

func FuzzOpenEnvelope(f *testing.F) {
	key := fixtureKey(f, "pkcs8.pem")
	body, _, err := SealRequest(&key.PublicKey, []byte(`{"version":"3.0","action":"ping"}`), nil)
	require.NoError(f, err)
	f.Add(body)
	f.Add([]byte(`{"encrypted_flow_data":"AAAA","encrypted_aes_key":"AAAA","initial_vector":"AAAAAAAAAAAAAAAAAAAAAA=="}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		plain, s, err := KeySet{key}.Open(body)
		if err != nil {
			var ee *EnvelopeError
			require.ErrorAs(t, err, &ee)
			require.ErrorIs(t, err, ErrUndecryptable)
			require.Contains(t, []string{StageJSON, StageField, StageBase64, StageRSA, StageAES}, ee.Stage)
			require.Nil(t, plain)
			require.Nil(t, s)
			return
		}
		_, err = s.Seal(plain)
		require.NoError(t, err)
	})
}

func FuzzVerifyFlowTokenSignature(f *testing.F) {
	secret := []byte("fuzz-app-secret")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	valid, err := SignFlowTokenSignature(secret, "tok", now, now.Add(time.Hour), nil)
	require.NoError(f, err)
	f.Add(valid, "tok")
	f.Add("eyJhbGciOiJub25lIn0.e30.", "")
	f.Add("a.b.c", "x")
	f.Fuzz(func(t *testing.T, jwt, flowToken string) {
		c, err := VerifyFlowTokenSignature(jwt, [][]byte{secret}, now)
		if err != nil {
			requireOneOf(t, err, ErrJWTMalformed, ErrJWTSignature, ErrJWTExpired)
		} else {
			require.NotNil(t, c.Raw)
		}
		if !utf8.ValidString(flowToken) {
			return
		}
		signed, err := SignFlowTokenSignature(secret, flowToken, now, now.Add(time.Hour), nil)
		require.NoError(t, err)
		c, err = VerifyFlowTokenSignature(signed, [][]byte{secret}, now)
		require.NoError(t, err)
		require.Equal(t, flowToken, c.FlowToken)
	})
}

func FuzzTokensVerify(f *testing.F) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tokens := Tokens{Secrets: [][]byte{[]byte("fuzz-token-secret")}, Now: func() time.Time { return now }}
	tok, err := tokens.Issue(TokenClaims{FlowID: "f", Recipient: "r"})
	require.NoError(f, err)
	f.Add(tok, "f", "r")
	f.Add("wf1..", "", "")
	f.Add("wf1.e30.AAAA", "flow", "15550001111")
	f.Fuzz(func(t *testing.T, token, flowID, recipient string) {
		if _, err := tokens.Verify(token); err != nil {
			requireOneOf(t, err, ErrTokenMalformed, ErrTokenForged, ErrTokenExpired)
		}
		if !utf8.ValidString(flowID) || !utf8.ValidString(recipient) {
			return
		}
		issued, err := tokens.Issue(TokenClaims{FlowID: flowID, Recipient: recipient})
		require.NoError(t, err)
		c, err := tokens.Verify(issued)
		require.NoError(t, err)
		require.Equal(t, flowID, c.FlowID)
		require.Equal(t, recipient, c.Recipient)
	})
}

func FuzzSealerOpen(f *testing.F) {
	s, err := NewSealer(bytes.Repeat([]byte{7}, MasterKeySize), bytes.Repeat([]byte{9}, MasterKeySize))
	require.NoError(f, err)
	sealed, err := s.Seal([]byte("secret"), []byte("aad"))
	require.NoError(f, err)
	f.Add([]byte("secret"), []byte("aad"), sealed)
	f.Add([]byte{}, []byte{}, []byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, plaintext, aad, junk []byte) {
		sealed, err := s.Seal(plaintext, aad)
		require.NoError(t, err)
		got, err := s.Open(sealed, aad)
		require.NoError(t, err)
		require.True(t, bytes.Equal(plaintext, got))

		if _, err := s.Open(junk, aad); err != nil {
			require.ErrorIs(t, err, ErrSealedCorrupt)
		}
	})
}

func FuzzParsePrivateKeyPEM(f *testing.F) {
	for _, file := range []string{"pkcs1.pem", "pkcs8-des3.pem", "legacy-des3.pem", "ec.pem"} {
		f.Add(readFile(f, "testdata/keys", file), []byte(fixturePassphrase))
	}
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n"), []byte(nil))
	f.Fuzz(func(t *testing.T, data, passphrase []byte) {
		k, err := ParsePrivateKeyPEM(data, passphrase)
		if err != nil {
			requireOneOf(t, err, ErrNoPEM, ErrPassphraseRequired, ErrWrongPassphrase, ErrNotRSA, ErrKeyTooShort, ErrUnsupportedKeyFormat)
			require.Nil(t, k)
			return
		}
		out, err := k.MarshalPEM(nil, nil)
		require.NoError(t, err)
		back, err := ParsePrivateKeyPEM(out, nil)
		require.NoError(t, err)
		require.True(t, k.Equal(back.PrivateKey))
	})
}

func FuzzDecryptMedia(f *testing.F) {
	file, meta, err := EncryptMedia([]byte("picker file"), bytes.NewReader(bytes.Repeat([]byte{3}, 80)))
	require.NoError(f, err)
	f.Add(file)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, cdnFile []byte) {
		plain, err := DecryptMedia(cdnFile, meta)
		if err != nil {
			requireOneOf(t, err, ErrMediaIntegrity)
			return
		}
		require.Equal(t, "picker file", string(plain))
	})
}

// requireOneOf checks that err is classified by exactly one of the sentinels.
func requireOneOf(t *testing.T, err error, sentinels ...error) {
	t.Helper()
	n := 0
	for _, s := range sentinels {
		if errors.Is(err, s) {
			n++
		}
	}
	require.Equal(t, 1, n, "error %q matches %d of the expected sentinels", err, n)
}
