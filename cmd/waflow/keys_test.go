package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
)

func TestKeysGenerateWritesAnEncryptedPairAndPublicIsDerivable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	env := map[string]string{"KEY_PASS": "correct horse"}

	r := runCLI(t, env, "keys", "generate", "--out", dir, "--passphrase-env", "KEY_PASS")
	require.Equal(t, exitOK, r.Code, r.Stderr)

	privPath, pubPath := filepath.Join(dir, "private.pem"), filepath.Join(dir, "public.pem")
	info, err := os.Stat(privPath)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	privPEM, err := os.ReadFile(privPath)
	require.NoError(t, err)
	require.Contains(t, string(privPEM), "BEGIN ENCRYPTED PRIVATE KEY")
	_, err = crypto.ParsePrivateKeyPEM(privPEM, nil)
	require.ErrorIs(t, err, crypto.ErrPassphraseRequired)
	key, err := crypto.ParsePrivateKeyPEM(privPEM, []byte("correct horse"))
	require.NoError(t, err)

	pubPEM, err := os.ReadFile(pubPath)
	require.NoError(t, err)
	pub, err := crypto.ParsePublicKeyPEM(pubPEM)
	require.NoError(t, err)
	require.True(t, key.PublicKey.Equal(pub))
	require.Contains(t, r.Stdout, "fingerprint: sha256:"+crypto.Fingerprint(pub))
	require.Contains(t, r.Stdout, "whatsapp_business_encryption")
	require.NotContains(t, r.Stdout, "correct horse")

	r = runCLI(t, env, "keys", "public", "--private-key", privPath, "--passphrase-env", "KEY_PASS")
	require.Equal(t, exitOK, r.Code, r.Stderr)
	require.Equal(t, string(pubPEM), r.Stdout)

	r = runCLI(t, nil, "keys", "public", "--private-key", privPath)
	require.Equal(t, exitUsage, r.Code)
	require.Contains(t, r.Stderr, "--passphrase-env")
}

func TestKeysGenerateRefusesToOverwriteWithoutForce(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, nil, "keys", "generate", "--out", dir)
	require.Equal(t, exitOK, r.Code, r.Stderr)
	first, err := os.ReadFile(filepath.Join(dir, "private.pem"))
	require.NoError(t, err)
	require.Contains(t, string(first), "BEGIN PRIVATE KEY")

	r = runCLI(t, nil, "keys", "generate", "--out", dir)
	require.Equal(t, exitFailure, r.Code)
	require.Contains(t, r.Stderr, "already exists")
	require.Contains(t, r.Stderr, "--force")
	again, err := os.ReadFile(filepath.Join(dir, "private.pem"))
	require.NoError(t, err)
	require.Equal(t, first, again, "the existing key must be left alone")

	require.NoError(t, os.Chmod(filepath.Join(dir, "private.pem"), 0o644))
	r = runCLI(t, nil, "keys", "generate", "--out", dir, "--force")
	require.Equal(t, exitOK, r.Code, r.Stderr)
	replaced, err := os.ReadFile(filepath.Join(dir, "private.pem"))
	require.NoError(t, err)
	require.NotEqual(t, first, replaced)
	info, err := os.Stat(filepath.Join(dir, "private.pem"))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 2, "no temporary files left behind")
}

func TestKeysUsageErrorsNameTheFlag(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no out", nil, []string{"keys", "generate"}, "--out is required"},
		{"small key", nil, []string{"keys", "generate", "--out", "x", "--bits", "1024"}, "--bits"},
		{"unset passphrase", nil, []string{"keys", "generate", "--out", "x", "--passphrase-env", "NOPE"}, "--passphrase-env: environment variable NOPE"},
		{"no key file", nil, []string{"keys", "public", "--private-key", "/does/not/exist.pem"}, "--private-key"},
		{"unknown subcommand", nil, []string{"keys", "rotate"}, `unknown subcommand "rotate"`},
		{"stray argument", nil, []string{"keys", "generate", "--out", "x", "extra"}, `unexpected argument "extra"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.env, tc.args...)
			require.Equal(t, exitUsage, r.Code)
			require.True(t, strings.Contains(r.Stderr, tc.want), "stderr %q lacks %q", r.Stderr, tc.want)
		})
	}
}
