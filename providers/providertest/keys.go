package providertest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
)

// publicKey uploads the business public key, then something that is not a
// key, which must be refused without losing the first.
func (s *suite) publicKey(t *testing.T) {
	ctx := t.Context()
	require.NoError(t, s.p.SetPublicKey(ctx, s.app, []byte(publicKeyPEM)), "SetPublicKey of a 2048-bit RSA key")
	s.expectPublicKey(t, "after the upload")

	s.expectError(t, s.p.SetPublicKey(ctx, s.app, []byte("not a public key")), providers.OpSetPublicKey, providers.ErrorInvalid)
	s.expectPublicKey(t, "a refused upload keeps the previous key")
}

func (s *suite) expectPublicKey(t *testing.T, why string) {
	t.Helper()
	if s.h.PublicKey == nil {
		return
	}
	got, ok := s.h.PublicKey()
	if assert.True(t, ok, "%s: the BSP holds no key", why) {
		assert.Equal(t, publicKeyPEM, string(got), why)
	}
}
