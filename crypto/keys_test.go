package crypto

import (
	"encoding/pem"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fixtureKey loads a committed key from testdata/keys.
func fixtureKey(t testing.TB, file string) *PrivateKey {
	t.Helper()
	pass := []byte(fixturePassphrase)
	if file == "pkcs8.pem" || file == "pkcs1.pem" {
		pass = nil
	}
	k, err := ParsePrivateKeyPEM(readFile(t, filepath.Join("testdata", "keys"), file), pass)
	require.NoError(t, err)
	return k
}

func TestGenerateKey(t *testing.T) {
	_, err := GenerateKey(nil, 1024)
	require.ErrorIs(t, err, ErrKeyTooShort)

	k, err := GenerateKey(nil, 2048)
	require.NoError(t, err)
	require.Equal(t, 2048, k.N.BitLen())
	require.NoError(t, k.Validate())
}

func TestMarshalPEMRoundTrip(t *testing.T) {
	key := fixtureKey(t, "pkcs8.pem")
	for _, pass := range []string{"", "correct horse battery staple"} {
		t.Run("passphrase="+pass, func(t *testing.T) {
			out, err := key.MarshalPEM([]byte(pass), nil)
			require.NoError(t, err)
			block, _ := pem.Decode(out)
			require.NotNil(t, block)
			if pass == "" {
				require.Equal(t, "PRIVATE KEY", block.Type)
			} else {
				require.Equal(t, "ENCRYPTED PRIVATE KEY", block.Type)
				_, err := ParsePrivateKeyPEM(out, nil)
				require.ErrorIs(t, err, ErrPassphraseRequired)
			}
			back, err := ParsePrivateKeyPEM(out, []byte(pass))
			require.NoError(t, err)
			require.True(t, key.Equal(back.PrivateKey))
		})
	}
}

func TestParsePrivateKeyPEMErrors(t *testing.T) {
	good := string(readFile(t, filepath.Join("testdata", "keys"), "pkcs8-des3.pem"))
	block, _ := pem.Decode([]byte(good))
	require.NotNil(t, block)
	truncated := string(pem.EncodeToMemory(&pem.Block{Type: block.Type, Bytes: block.Bytes[:len(block.Bytes)/2]}))
	garbageDER := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte("not DER at all")}))
	cases := []struct {
		name, data, pass string
		want             error
	}{
		{"empty", "", "", ErrNoPEM},
		{"not PEM", "hello", "", ErrNoPEM},
		{"DER without armour", string(block.Bytes), "", ErrNoPEM},
		{"certificate only", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "", ErrUnsupportedKeyFormat},
		{"OpenSSH key", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n", "", ErrUnsupportedKeyFormat},
		{"garbage DER", garbageDER, "", ErrUnsupportedKeyFormat},
		{"truncated encrypted PKCS#8", truncated, fixturePassphrase, ErrUnsupportedKeyFormat},
		{"DSA key", "-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n", "", ErrNotRSA},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k, err := ParsePrivateKeyPEM([]byte(c.data), []byte(c.pass))
			require.ErrorIs(t, err, c.want)
			require.Nil(t, k)
		})
	}
}

func TestParsePublicKeyPEM(t *testing.T) {
	key := fixtureKey(t, "pkcs8.pem")
	spki, err := MarshalPublicKeyPEM(&key.PublicKey)
	require.NoError(t, err)
	priv := readFile(t, filepath.Join("testdata", "keys"), "pkcs8.pem")
	ec := readFile(t, filepath.Join("testdata", "keys"), "ec-pkcs8.pem")
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"SPKI", spki, nil},
		{"SPKI after other blocks", append(append([]byte{}, priv...), spki...), nil},
		{"none", []byte("nothing"), ErrNoPEM},
		{"private key only", priv, ErrUnsupportedKeyFormat},
		{"garbage", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{1, 2, 3}}), ErrUnsupportedKeyFormat},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pub, err := ParsePublicKeyPEM(c.data)
			if c.want != nil {
				require.ErrorIs(t, err, c.want)
				return
			}
			require.NoError(t, err)
			require.True(t, pub.Equal(&key.PublicKey))
		})
	}
	ecKey, err := ParsePrivateKeyPEM(ec, nil)
	require.ErrorIs(t, err, ErrNotRSA)
	require.Nil(t, ecKey)
}

func TestFingerprint(t *testing.T) {
	key := fixtureKey(t, "pkcs8.pem")
	fp := Fingerprint(&key.PublicKey)
	require.Len(t, fp, 64)
	require.Equal(t, strings.ToLower(fp), fp)
	require.Equal(t, fp, Fingerprint(&fixtureKey(t, "pkcs1.pem").PublicKey))
	require.NotEqual(t, fp, Fingerprint(&fixtureKey(t, "pkcs8-des3.pem").PublicKey))
	require.Empty(t, Fingerprint(nil))
}
