package crypto

import (
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/chacha20poly1305"
)

// MasterKeySize is the length of a [Sealer] master key.
const MasterKeySize = chacha20poly1305.KeySize

// Errors returned by [Sealer.Open].
var (
	// ErrSealedCorrupt means the sealed value is truncated, of an unknown
	// format, altered, or bound to other associated data.
	ErrSealedCorrupt = errors.New("crypto: sealed value corrupt or altered")
	// ErrSealedKeyUnknown means the value was sealed with a master key that
	// is no longer in the Sealer: it cannot be recovered without that key.
	// Such errors match ErrSealedCorrupt too, so one check covers every
	// value that cannot be opened.
	ErrSealedKeyUnknown = errors.New("crypto: sealed with an unknown master key")
)

const (
	sealFormat    byte = 1
	sealKeyIDLen       = 4
	sealHeaderLen      = 1 + sealKeyIDLen
	sealOverhead       = sealHeaderLen + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead
)

// Sealer encrypts secrets at rest (BSP credentials, app secrets, private
// keys) with XChaCha20-Poly1305 under master keys, newest first: Seal uses
// the first, Open any. It is safe for concurrent use when Random is.
//
// A sealed value is
//
//	version (1 byte, 1) ‖ key id (4 bytes) ‖ nonce (24 bytes) ‖ ciphertext ‖ tag (16 bytes)
//
// where the key id is the first 4 bytes of HMAC-SHA256(master key,
// "waflow sealer key id"), and the version and key id are authenticated
// together with the caller's associated data.
type Sealer struct {
	// Random supplies nonces; nil means crypto/rand.
	Random io.Reader
	keys   []sealerKey
}

type sealerKey struct {
	id   [sealKeyIDLen]byte
	aead cipher.AEAD
}

// NewSealer returns a Sealer for the given 32-byte master keys, newest
// first. Old keys stay in the list until every value sealed with them has
// been opened and sealed again.
func NewSealer(masterKeys ...[]byte) (*Sealer, error) {
	if len(masterKeys) == 0 {
		return nil, fmt.Errorf("crypto: new sealer: %w", ErrNoSecret)
	}
	s := &Sealer{keys: make([]sealerKey, len(masterKeys))}
	for i, k := range masterKeys {
		if len(k) != MasterKeySize {
			return nil, fmt.Errorf("crypto: new sealer: master key %d is %d bytes, want %d", i, len(k), MasterKeySize)
		}
		aead, err := chacha20poly1305.NewX(k)
		if err != nil {
			return nil, fmt.Errorf("crypto: new sealer: master key %d: %w", i, err)
		}
		s.keys[i].aead = aead
		copy(s.keys[i].id[:], macSHA256(k, []byte("waflow sealer key id")))
	}
	return s, nil
}

// NewMasterKey returns a fresh 32-byte master key read from random (nil
// means crypto/rand).
func NewMasterKey(random io.Reader) ([]byte, error) {
	if random == nil {
		random = rand.Reader
	}
	k := make([]byte, MasterKeySize)
	if _, err := io.ReadFull(random, k); err != nil {
		return nil, fmt.Errorf("crypto: new master key: %w", err)
	}
	return k, nil
}

// Seal encrypts plaintext under the newest master key. associatedData (for
// example the row id and column) is authenticated, not stored: Open must be
// given the same bytes, which stops a sealed value being moved elsewhere.
func (s *Sealer) Seal(plaintext, associatedData []byte) ([]byte, error) {
	if s == nil || len(s.keys) == 0 {
		return nil, errors.New("crypto: seal with an empty sealer")
	}
	k := s.keys[0]
	out := make([]byte, sealHeaderLen+chacha20poly1305.NonceSizeX, sealOverhead+len(plaintext))
	out[0] = sealFormat
	copy(out[1:], k.id[:])
	random := s.Random
	if random == nil {
		random = rand.Reader
	}
	nonce := out[sealHeaderLen:]
	if _, err := io.ReadFull(random, nonce); err != nil {
		return nil, fmt.Errorf("crypto: seal: read nonce: %w", err)
	}
	return k.aead.Seal(out, nonce, plaintext, sealAAD(out[:sealHeaderLen], associatedData)), nil
}

// Open decrypts a value made by Seal with any of the master keys. Every
// failure wraps ErrSealedCorrupt; a value sealed with a key not in the
// Sealer also wraps ErrSealedKeyUnknown.
func (s *Sealer) Open(sealed, associatedData []byte) ([]byte, error) {
	if s == nil || len(s.keys) == 0 {
		return nil, errors.New("crypto: open with an empty sealer")
	}
	if len(sealed) < sealOverhead {
		return nil, fmt.Errorf("%w: %d bytes, at least %d expected", ErrSealedCorrupt, len(sealed), sealOverhead)
	}
	if sealed[0] != sealFormat {
		return nil, fmt.Errorf("%w: format version %d", ErrSealedCorrupt, sealed[0])
	}
	header := sealed[:sealHeaderLen]
	nonce := sealed[sealHeaderLen : sealHeaderLen+chacha20poly1305.NonceSizeX]
	body := sealed[sealHeaderLen+chacha20poly1305.NonceSizeX:]
	aad := sealAAD(header, associatedData)
	known := false
	for _, k := range s.keys {
		// Four bytes of id can collide, so every key with the id is tried.
		if [sealKeyIDLen]byte(header[1:]) != k.id {
			continue
		}
		known = true
		if plain, err := k.aead.Open(nil, nonce, body, aad); err == nil {
			return plain, nil
		}
	}
	if !known {
		return nil, fmt.Errorf("%w: %w: key id %x", ErrSealedCorrupt, ErrSealedKeyUnknown, header[1:])
	}
	return nil, fmt.Errorf("%w: authentication failed", ErrSealedCorrupt)
}

func sealAAD(header, associatedData []byte) []byte {
	return append(append(make([]byte, 0, len(header)+len(associatedData)), header...), associatedData...)
}
