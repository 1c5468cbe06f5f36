package crypto

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRedaction prints a private key and a Secret every way a program might
// and checks that no key material or secret text comes out.
func TestRedaction(t *testing.T) {
	key := fixtureKey(t, "pkcs8.pem")
	const secretText = "s3cr3t-app-secret-value"
	secret := Secret(secretText)

	// Every private number, in the bases fmt and JSON could use.
	var forbidden []string
	for _, n := range append([]*big.Int{key.D, key.Precomputed.Dp, key.Precomputed.Dq, key.Precomputed.Qinv}, key.Primes...) {
		forbidden = append(forbidden, n.String()[:24], n.Text(16)[:24])
	}
	forbidden = append(forbidden, secretText, fmt.Sprintf("%x", secretText))

	type config struct {
		Key    *PrivateKey
		Secret Secret
		Inline PrivateKey
	}
	cfg := config{Key: key, Secret: secret, Inline: *key}

	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		outputs = append(outputs,
			fmt.Sprintf(verb, key), fmt.Sprintf(verb, secret), fmt.Sprintf(verb, cfg), fmt.Sprintf(verb, &cfg))
	}
	outputs = append(outputs, key.String(), secret.String(), fmt.Sprint(key, secret), fmt.Sprintln(key, secret))

	for _, v := range []any{key, secret, cfg, &cfg, map[string]any{"k": key, "s": secret}} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		outputs = append(outputs, string(b))
	}

	var logs bytes.Buffer
	for _, h := range []slog.Handler{slog.NewJSONHandler(&logs, nil), slog.NewTextHandler(&logs, nil)} {
		l := slog.New(h)
		l.Info("loaded", "key", key, "secret", secret, "cfg", cfg)
		l.Info("loaded", slog.Any("key", key), slog.Any("secret", secret), slog.Group("g", "k", key))
	}
	outputs = append(outputs, logs.String())

	all := strings.Join(outputs, "\n")
	for _, f := range forbidden {
		require.NotContains(t, all, f)
	}
	require.Contains(t, all, "[REDACTED RSA-2048 key fp="+Fingerprint(&key.PublicKey)[:16]+"]")
	require.Contains(t, all, "[REDACTED]")
	require.Equal(t, secretText, string(secret), "the value itself is intact")

	var nilKey *PrivateKey
	require.Equal(t, "<nil>", fmt.Sprint(nilKey))
	require.Equal(t, "[REDACTED RSA key <nil>]", fmt.Sprint(PrivateKey{}))
}
