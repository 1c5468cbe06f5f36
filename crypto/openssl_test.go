package crypto

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const fixturePassphrase = "waflow-test"

// opensslSteps make every key file of the key tests, in order, with the
// commands an operator following Meta's or OpenSSL's documentation runs.
// {dir} is the output directory. The same files are committed under
// testdata/keys so the tests run without OpenSSL; -update regenerates them.
var opensslSteps = [][]string{
	{"genrsa", "-out", "{dir}/pkcs8.pem", "2048"},
	{"rsa", "-in", "{dir}/pkcs8.pem", "-traditional", "-out", "{dir}/pkcs1.pem"},
	{"genrsa", "-des3", "-passout", "pass:" + fixturePassphrase, "-out", "{dir}/pkcs8-des3.pem", "2048"},
	{"genrsa", "-aes256", "-passout", "pass:" + fixturePassphrase, "-out", "{dir}/pkcs8-aes256.pem", "2048"},
	{"genrsa", "-traditional", "-des3", "-passout", "pass:" + fixturePassphrase, "-out", "{dir}/legacy-des3.pem", "2048"},
	{"rsa", "-in", "{dir}/pkcs8.pem", "-traditional", "-aes256", "-passout", "pass:" + fixturePassphrase, "-out", "{dir}/legacy-aes256.pem"},
	{"pkcs8", "-topk8", "-in", "{dir}/pkcs8.pem", "-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA1", "-passout", "pass:" + fixturePassphrase, "-out", "{dir}/pkcs8-aes128-sha1.pem"},
	{"pkcs8", "-topk8", "-in", "{dir}/pkcs8.pem", "-v2", "aes-192-cbc", "-passout", "pass:" + fixturePassphrase, "-out", "{dir}/pkcs8-aes192.pem"},
	{"rsa", "-in", "{dir}/pkcs8.pem", "-pubout", "-out", "{dir}/pkcs8.pub.pem"},
	{"ecparam", "-name", "prime256v1", "-genkey", "-out", "{dir}/ec.pem"},
	{"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "{dir}/ec-pkcs8.pem"},
	{"genpkey", "-algorithm", "ed25519", "-out", "{dir}/ed25519.pem"},
	{"genrsa", "-out", "{dir}/rsa1024.pem", "1024"},
	{"rsa", "-in", "{dir}/rsa1024.pem", "-pubout", "-out", "{dir}/rsa1024.pub.pem"},
}

// keyCases are what ParsePrivateKeyPEM must make of those files.
var keyCases = []struct {
	name, file, passphrase string
	want                   error
	// sameAsPKCS8 marks files derived from pkcs8.pem.
	sameAsPKCS8 bool
}{
	{"unencrypted PKCS#8", "pkcs8.pem", "", nil, true},
	{"unencrypted PKCS#1", "pkcs1.pem", "", nil, true},
	{"passphrase ignored when unencrypted", "pkcs1.pem", "unused", nil, true},
	{"genrsa -des3 (PBES2, DES-EDE3-CBC)", "pkcs8-des3.pem", fixturePassphrase, nil, false},
	{"genrsa -aes256 (PBES2, AES-256-CBC)", "pkcs8-aes256.pem", fixturePassphrase, nil, false},
	{"genrsa -traditional -des3 (legacy PEM)", "legacy-des3.pem", fixturePassphrase, nil, false},
	{"rsa -traditional -aes256 (legacy PEM)", "legacy-aes256.pem", fixturePassphrase, nil, true},
	{"pkcs8 -v2prf hmacWithSHA1", "pkcs8-aes128-sha1.pem", fixturePassphrase, nil, true},
	{"pkcs8 -v2 aes-192-cbc", "pkcs8-aes192.pem", fixturePassphrase, nil, true},
	{"PBES2 wrong passphrase", "pkcs8-des3.pem", "not-it", ErrWrongPassphrase, false},
	{"PBES2 AES wrong passphrase", "pkcs8-aes256.pem", "not-it", ErrWrongPassphrase, false},
	{"legacy wrong passphrase", "legacy-des3.pem", "not-it", ErrWrongPassphrase, false},
	{"PBES2 missing passphrase", "pkcs8-aes256.pem", "", ErrPassphraseRequired, false},
	{"legacy missing passphrase", "legacy-des3.pem", "", ErrPassphraseRequired, false},
	{"ecparam EC key", "ec.pem", "", ErrNotRSA, false},
	{"genpkey EC key", "ec-pkcs8.pem", "", ErrNotRSA, false},
	{"genpkey Ed25519 key", "ed25519.pem", "", ErrNotRSA, false},
	{"1024-bit RSA key", "rsa1024.pem", "", ErrKeyTooShort, false},
	{"public key given as private", "pkcs8.pub.pem", "", ErrUnsupportedKeyFormat, false},
}

func runOpenSSL(t *testing.T, openssl, dir string) {
	t.Helper()
	for _, step := range opensslSteps {
		args := make([]string, len(step))
		for i, a := range step {
			args[i] = strings.ReplaceAll(a, "{dir}", dir)
		}
		out, err := exec.Command(openssl, args...).CombinedOutput()
		require.NoError(t, err, "openssl %s: %s", strings.Join(args, " "), out)
	}
}

func checkKeyFiles(t *testing.T, dir string) {
	base, err := ParsePrivateKeyPEM(readFile(t, dir, "pkcs8.pem"), nil)
	require.NoError(t, err)
	for _, c := range keyCases {
		t.Run(c.name, func(t *testing.T) {
			k, err := ParsePrivateKeyPEM(readFile(t, dir, c.file), []byte(c.passphrase))
			if c.want != nil {
				require.ErrorIs(t, err, c.want)
				require.Nil(t, k)
				return
			}
			require.NoError(t, err)
			require.Equal(t, 2048, k.N.BitLen())
			if c.sameAsPKCS8 {
				require.True(t, base.Equal(k.PrivateKey))
			}
		})
	}
	t.Run("public key matches openssl -pubout byte for byte", func(t *testing.T) {
		want := readFile(t, dir, "pkcs8.pub.pem")
		got, err := MarshalPublicKeyPEM(&base.PublicKey)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
		pub, err := ParsePublicKeyPEM(want)
		require.NoError(t, err)
		require.True(t, pub.Equal(&base.PublicKey))
	})
	t.Run("short public key", func(t *testing.T) {
		_, err := ParsePublicKeyPEM(readFile(t, dir, "rsa1024.pub.pem"))
		require.ErrorIs(t, err, ErrKeyTooShort)
	})
}

func readFile(t testing.TB, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	return b
}

func TestParsePrivateKeyPEMFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "keys")
	if *update {
		openssl, err := exec.LookPath("openssl")
		require.NoError(t, err, "-update needs openssl to regenerate %s", dir)
		runOpenSSL(t, openssl, dir)
	}
	checkKeyFiles(t, dir)
}

func TestParsePrivateKeyPEMFromOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed; the committed fixtures cover the same cases")
	}
	if testing.Short() {
		t.Skip("generates RSA keys with openssl")
	}
	dir := t.TempDir()
	runOpenSSL(t, openssl, dir)
	checkKeyFiles(t, dir)
}

// TestMarshalPEMReadByOpenSSL proves the encrypted PKCS#8 waflow writes is
// what OpenSSL reads, and that it names the parameters promised.
func TestMarshalPEMReadByOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed")
	}
	key, err := ParsePrivateKeyPEM(readFile(t, filepath.Join("testdata", "keys"), "pkcs8.pem"), nil)
	require.NoError(t, err)
	pemBytes, err := key.MarshalPEM([]byte(fixturePassphrase), nil)
	require.NoError(t, err)
	dir := t.TempDir()
	in := filepath.Join(dir, "enc.pem")
	require.NoError(t, os.WriteFile(in, pemBytes, 0o600))

	out, err := exec.Command(openssl, "pkey", "-in", in, "-passin", "pass:"+fixturePassphrase, "-pubout").CombinedOutput()
	require.NoError(t, err, "%s", out)
	want, err := MarshalPublicKeyPEM(&key.PublicKey)
	require.NoError(t, err)
	require.Equal(t, string(want), string(out))

	out, err = exec.Command(openssl, "asn1parse", "-in", in).CombinedOutput()
	require.NoError(t, err, "%s", out)
	for _, name := range []string{"PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc"} {
		require.Contains(t, string(out), name)
	}

	der, err := exec.Command(openssl, "pkey", "-in", in, "-passin", "pass:"+fixturePassphrase, "-pubout", "-outform", "DER").Output()
	require.NoError(t, err)
	sum := sha256.Sum256(der)
	require.Equal(t, hex.EncodeToString(sum[:]), Fingerprint(&key.PublicKey))

	_, err = exec.Command(openssl, "pkey", "-in", in, "-passin", "pass:wrong", "-noout").CombinedOutput()
	require.Error(t, err, "openssl must refuse a wrong passphrase")
}
