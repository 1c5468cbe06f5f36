package sandbox

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"slices"

	"github.com/waflow/waflow/providers"
)

// minKeyBits matches the 2048-bit keys Meta's setup guide generates.
const minKeyBits = 2048

// SetPublicKey records app's business public key, replacing the previous
// one as Meta does per phone number. It must be a PEM "PUBLIC KEY" (SPKI)
// block holding an RSA key of at least 2048 bits.
func (s *Sandbox) SetPublicKey(ctx context.Context, app providers.App, publicKeyPEM []byte) error {
	const op = providers.OpSetPublicKey
	if _, err := s.begin(ctx, op, app.ID, ""); err != nil {
		return err
	}
	if err := checkPublicKey(publicKeyPEM); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.app(app.ID).publicKey = slices.Clone(publicKeyPEM)
	return nil
}

// PublicKey returns the public key last recorded for appID.
func (s *Sandbox) PublicKey(appID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[appID]
	if !ok || a.publicKey == nil {
		return nil, false
	}
	return slices.Clone(a.publicKey), true
}

func checkPublicKey(publicKeyPEM []byte) error {
	const op = providers.OpSetPublicKey
	block, _ := pem.Decode(publicKeyPEM)
	if block == nil || block.Type != "PUBLIC KEY" {
		return invalid(op, "the business public key must be a PEM PUBLIC KEY block")
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return invalid(op, "the business public key does not parse: %v", err)
	}
	rsaKey, ok := key.(*rsa.PublicKey)
	if !ok {
		return invalid(op, "the business public key is not an RSA key")
	}
	if bits := rsaKey.N.BitLen(); bits < minKeyBits {
		return invalid(op, "the business public key has %d bits; at least %d are needed", bits, minKeyBits)
	}
	return nil
}
