package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
)

func TestFlowTokenSecret(t *testing.T) {
	dir := t.TempDir()
	sealer, err := crypto.NewSealer(make([]byte, crypto.MasterKeySize))
	require.NoError(t, err)
	cfg := serveConfig{DataDir: dir}

	first, err := flowTokens(cfg, sealer, strings.NewReader(strings.Repeat("k", tokenSecretSize)))
	require.NoError(t, err)
	path := filepath.Join(dir, tokenSecretFileName)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotContains(t, string(raw), strings.Repeat("k", tokenSecretSize), "sealed, not stored as it is")

	// A restart reads the same secret, so tokens issued before still verify.
	token, err := first.Issue(crypto.TokenClaims{FlowID: "flw_1"})
	require.NoError(t, err)
	again, err := flowTokens(cfg, sealer, nil)
	require.NoError(t, err)
	claims, err := again.Verify(token)
	require.NoError(t, err)
	require.Equal(t, "flw_1", claims.FlowID)

	other, err := crypto.NewSealer(append(make([]byte, crypto.MasterKeySize-1), 1))
	require.NoError(t, err)
	_, err = flowTokens(cfg, other, nil)
	require.ErrorContains(t, err, "does not open with the master key")

	require.NoError(t, os.Chmod(path, 0o644))
	_, err = flowTokens(cfg, sealer, nil)
	require.ErrorContains(t, err, "readable by group or others")
	require.ErrorContains(t, err, envTokenSecret)

	given := []byte(strings.Repeat("s", minTokenSecretLength))
	fromEnv, err := flowTokens(serveConfig{DataDir: filepath.Join(dir, "unused"), TokenSecret: given}, sealer, nil)
	require.NoError(t, err)
	require.Equal(t, [][]byte{given}, fromEnv.Secrets)
	require.NoDirExists(t, filepath.Join(dir, "unused"))
}
