package endpoint_test

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
)

// TestOpenSSLKeys serves with keys made by the openssl command line the ways
// Meta's setup steps and common tutorials make them, and encrypts to the
// public key openssl extracts, as WhatsApp would after it was uploaded.
func TestOpenSSLKeys(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl is not installed")
	}
	const pass = "correct horse"
	for _, tc := range []struct {
		name   string
		args   []string
		header string
		pass   string
	}{
		{name: "genrsa -des3 (OpenSSL 3: encrypted PKCS#8)", args: []string{"genrsa", "-des3", "-passout", "pass:" + pass}, header: "-----BEGIN ENCRYPTED PRIVATE KEY-----", pass: pass},
		{name: "genrsa -aes256", args: []string{"genrsa", "-aes256", "-passout", "pass:" + pass}, header: "-----BEGIN ENCRYPTED PRIVATE KEY-----", pass: pass},
		{name: "genrsa -des3 -traditional (legacy PEM)", args: []string{"genrsa", "-des3", "-traditional", "-passout", "pass:" + pass}, header: "-----BEGIN RSA PRIVATE KEY-----", pass: pass},
		{name: "genpkey (PKCS#8, unencrypted)", args: []string{"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"}, header: "-----BEGIN PRIVATE KEY-----"},
		{name: "genrsa -traditional (PKCS#1, unencrypted)", args: []string{"genrsa", "-traditional"}, header: "-----BEGIN RSA PRIVATE KEY-----"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			private, public := filepath.Join(dir, "private.pem"), filepath.Join(dir, "public.pem")
			args := append(append([]string{}, tc.args...), "-out", private)
			if tc.args[0] == "genrsa" {
				args = append(args, "2048")
			}
			run(t, openssl, args...)
			pubArgs := []string{"rsa", "-in", private, "-pubout", "-out", public}
			if tc.pass != "" {
				pubArgs = append(pubArgs, "-passin", "pass:"+tc.pass)
			}
			run(t, openssl, pubArgs...)

			pem, err := os.ReadFile(private)
			require.NoError(t, err)
			require.Contains(t, string(pem), tc.header)
			key, err := crypto.ParsePrivateKeyPEM(pem, []byte(tc.pass))
			require.NoError(t, err)
			pubPEM, err := os.ReadFile(public)
			require.NoError(t, err)
			pub, err := crypto.ParsePublicKeyPEM(pubPEM)
			require.NoError(t, err)

			f := newFixture(t, fixtureOptions{config: func(c *endpoint.Config) { c.Keys = crypto.KeySet{key} }})
			f.client.pub = pub
			r := f.client.send(t, map[string]any{"version": "3.0", "action": "INIT", "flow_token": f.token(t)})
			require.Equal(t, http.StatusOK, r.status)
			require.Equal(t, "WELCOME", r.answer["screen"])
		})
	}
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	require.NoError(t, err, "%s %v: %s", name, args, out)
}
