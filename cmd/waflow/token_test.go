package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
)

// lastLine is the last non-empty line of s, where "token issue" puts the token.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestTokenIssueVerifyRoundTrip(t *testing.T) {
	env := map[string]string{"FLOW_TOKEN_SECRET": "s3cret-for-tests"}
	r := runCLI(t, env, "token", "issue", "--secret-env", "FLOW_TOKEN_SECRET", "--flow-id", "pizza", "--to", "+15550001111", "--ttl", "2h")
	require.Equal(t, exitOK, r.Code, r.Stderr)
	token := lastLine(r.Stdout)
	require.NotContains(t, r.Stdout, "s3cret-for-tests")

	claims, err := crypto.Tokens{Secrets: [][]byte{[]byte("s3cret-for-tests")}}.Verify(token)
	require.NoError(t, err)
	require.Equal(t, "pizza", claims.FlowID)
	require.Equal(t, "+15550001111", claims.Recipient)
	require.WithinDuration(t, time.Now().Add(2*time.Hour), claims.ExpiresAt, 5*time.Second)

	r = runCLI(t, env, "token", "verify", "--secret-env", "FLOW_TOKEN_SECRET", token)
	require.Equal(t, exitOK, r.Code, r.Stderr)
	require.Contains(t, r.Stdout, "valid: flow pizza, to +15550001111")
}

func TestTokenVerifySaysWhyATokenIsRefused(t *testing.T) {
	secret := []byte("s3cret-for-tests")
	env := map[string]string{"SECRET": string(secret)}
	past := time.Now().Add(-48 * time.Hour)
	expired, err := crypto.Tokens{Secrets: [][]byte{secret}}.Issue(crypto.TokenClaims{FlowID: "pizza", IssuedAt: past, ExpiresAt: past.Add(time.Hour)})
	require.NoError(t, err)
	forged, err := crypto.Tokens{Secrets: [][]byte{[]byte("another secret")}}.Issue(crypto.TokenClaims{})
	require.NoError(t, err)

	for _, tc := range []struct{ name, token, want string }{
		{"expired", expired, "expired: token for flow pizza, to anyone expired at"},
		{"forged", forged, "forged: the signature does not match the secret in $SECRET"},
		{"malformed", "not-a-token", "malformed:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, env, "token", "verify", "--secret-env", "SECRET", tc.token)
			require.Equal(t, exitFailure, r.Code)
			require.Contains(t, r.Stderr, tc.want)
		})
	}
}

func TestTokenUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"missing env var", nil, []string{"token", "issue", "--secret-env", "FLOW_TOKEN_SECRET"}, "--secret-env: environment variable FLOW_TOKEN_SECRET is empty or not set"},
		{"empty env var", map[string]string{"S": ""}, []string{"token", "issue", "--secret-env", "S"}, "environment variable S is empty"},
		{"no secret flag", nil, []string{"token", "issue"}, "--secret-env is required"},
		{"bad ttl", map[string]string{"S": "x"}, []string{"token", "issue", "--secret-env", "S", "--ttl", "-1h"}, "--ttl"},
		{"unparsable ttl", map[string]string{"S": "x"}, []string{"token", "issue", "--secret-env", "S", "--ttl", "soon"}, "-ttl"},
		{"verify without token", map[string]string{"S": "x"}, []string{"token", "verify", "--secret-env", "S"}, "missing TOKEN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.env, tc.args...)
			require.Equal(t, exitUsage, r.Code)
			require.Contains(t, r.Stderr, tc.want)
		})
	}
}
