package httpapi

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
)

func TestEncryptionGenerateRotateUpload(t *testing.T) {
	h := newHarness(t)
	id := h.createApp("Keys")
	path := "/wa/v2/apps/" + id + "/encryption"

	requireError(t, h.do(http.MethodGet, path, nil), http.StatusNotFound, CodeNoEncryptionKey)

	gen := h.do(http.MethodPost, path, map[string]any{"action": "generate"})
	require.Equal(t, http.StatusCreated, gen.Status, "body: %s", gen.Raw)
	require.Equal(t, PushPushed, gen.JSON["push_status"])
	require.NotEmpty(t, gen.JSON["pushed_at"])
	require.Equal(t, "ACTIVE", gen.JSON["status"])
	require.EqualValues(t, 1, gen.JSON["version"])
	require.Empty(t, gen.JSON["previous_keys"])
	pushed, ok := h.sandbox.PublicKey(id)
	require.True(t, ok)
	require.Equal(t, gen.JSON["public_key"], string(pushed))
	require.NotContains(t, string(gen.Raw), "PRIVATE KEY")

	got := h.do(http.MethodGet, path, nil)
	require.Equal(t, http.StatusOK, got.Status)
	require.Equal(t, gen.JSON["fingerprint"], got.JSON["fingerprint"])

	rot := h.do(http.MethodPost, path, map[string]any{"action": "rotate", "window": "72h"})
	require.Equal(t, http.StatusCreated, rot.Status, "body: %s", rot.Raw)
	require.EqualValues(t, 2, rot.JSON["version"])
	prev := rot.JSON["previous_keys"].([]any)
	require.Len(t, prev, 1)
	require.EqualValues(t, 1, prev[0].(map[string]any)["version"])
	require.Equal(t, gen.JSON["fingerprint"], prev[0].(map[string]any)["fingerprint"])
	require.NotEmpty(t, prev[0].(map[string]any)["retire_at"])
	pushed, _ = h.sandbox.PublicKey(id)
	require.Equal(t, rot.JSON["public_key"], string(pushed))

	key, err := crypto.GenerateKey(nil, crypto.MinKeyBits)
	require.NoError(t, err)
	pemData, err := key.MarshalPEM([]byte("correct horse"), nil)
	require.NoError(t, err)
	up := h.do(http.MethodPost, path, map[string]any{"action": "upload", "private_key_pem": string(pemData), "passphrase": "correct horse"})
	require.Equal(t, http.StatusCreated, up.Status, "body: %s", up.Raw)
	require.Equal(t, crypto.Fingerprint(&key.PublicKey), up.JSON["fingerprint"])
	require.EqualValues(t, 3, up.JSON["version"])
	require.Equal(t, PushPushed, up.JSON["push_status"])

	tests := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no action", map[string]any{}, "action"},
		{"unknown action", map[string]any{"action": "destroy"}, "action"},
		{"upload without key", map[string]any{"action": "upload"}, "private_key_pem"},
		{"upload garbage", map[string]any{"action": "upload", "private_key_pem": "hello"}, "private_key_pem"},
		{"wrong passphrase", map[string]any{"action": "upload", "private_key_pem": string(pemData), "passphrase": "nope"}, "passphrase"},
		{"missing passphrase", map[string]any{"action": "upload", "private_key_pem": string(pemData)}, "passphrase"},
		{"bad window", map[string]any{"action": "rotate", "window": "three days"}, "window"},
		{"negative window", map[string]any{"action": "rotate", "window": "-1h"}, "window"},
		{"window too long", map[string]any{"action": "rotate", "window": "9000h"}, "window"},
		{"window with generate", map[string]any{"action": "generate", "window": "1h"}, "window"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do(http.MethodPost, path, tt.body)
			requireError(t, r, http.StatusBadRequest, CodeValidation)
			require.Equal(t, tt.field, r.errorDetails()[0].(map[string]any)["field"], "body: %s", r.Raw)
			require.NotContains(t, string(r.Raw), "correct horse")
		})
	}

	requireError(t, h.do(http.MethodPost, "/wa/v2/apps/app_none/encryption", map[string]any{"action": "generate"}),
		http.StatusNotFound, CodeNotFound)
	requireError(t, h.do(http.MethodGet, "/wa/v2/apps/app_none/encryption", nil), http.StatusNotFound, CodeNotFound)
}

func TestEncryptionPushOutcomes(t *testing.T) {
	tests := []struct {
		name string
		// setup prepares the harness's sandbox; noProviders removes it.
		noProviders bool
		unsupported bool
		fail        error
		status      string
		errContains string
		errHides    string
	}{
		{name: "no provider for the BSP", noProviders: true, status: PushUnsupported, errContains: "does not support encryption.set_public_key"},
		{name: "BSP without key upload", unsupported: true, status: PushUnsupported, errContains: "does not support encryption.set_public_key"},
		{name: "BSP refuses", fail: &providers.Error{BSP: providers.BSPSandbox, Operation: providers.OpSetPublicKey,
			Kind: providers.ErrorAuth, Code: "190", Message: "token expired", Err: errors.New("dial tcp 10.1.2.3:443")},
			status: PushFailed, errContains: "token expired", errHides: "10.1.2.3"},
		{name: "transport failure", fail: errors.New("dial tcp 10.9.9.9:443: connection refused"),
			status: PushFailed, errContains: "could not be reached", errHides: "10.9.9.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, func(c *harnessConfig) {
				if tt.noProviders {
					c.providers = nil
				}
			})
			if tt.unsupported {
				h.sandbox.SetUnsupported(providers.OpSetPublicKey)
			}
			if tt.fail != nil {
				h.sandbox.FailNext(providers.OpSetPublicKey, 1, tt.fail)
			}
			id := h.createApp("Push")
			path := "/wa/v2/apps/" + id + "/encryption"
			r := h.do(http.MethodPost, path, map[string]any{"action": "generate"})
			require.Equal(t, http.StatusCreated, r.Status, "body: %s", r.Raw)
			require.Equal(t, tt.status, r.JSON["push_status"])
			require.Contains(t, r.JSON["push_error"], tt.errContains)
			require.NotContains(t, r.JSON, "pushed_at")
			if tt.errHides != "" {
				require.NotContains(t, string(r.Raw), tt.errHides)
				require.Contains(t, h.logs.String(), tt.errHides, "the cause belongs in the log")
			}
			again := h.do(http.MethodGet, path, nil)
			require.Equal(t, tt.status, again.JSON["push_status"])
		})
	}
}
