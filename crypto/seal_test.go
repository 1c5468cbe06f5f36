package crypto

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSealer(t *testing.T) {
	k1, err := NewMasterKey(nil)
	require.NoError(t, err)
	k2, err := NewMasterKey(nil)
	require.NoError(t, err)
	require.Len(t, k1, MasterKeySize)
	require.NotEqual(t, k1, k2)

	current, err := NewSealer(k1, k2)
	require.NoError(t, err)
	previous, err := NewSealer(k2)
	require.NoError(t, err)
	retired, err := NewSealer(k1)
	require.NoError(t, err)

	aad := []byte("apps/7/credentials")
	secret := []byte("EAAG-token")
	sealed, err := current.Seal(secret, aad)
	require.NoError(t, err)
	require.Len(t, sealed, sealOverhead+len(secret))
	require.Equal(t, sealFormat, sealed[0])
	fromOld, err := previous.Seal(secret, aad)
	require.NoError(t, err)

	again, err := current.Seal(secret, aad)
	require.NoError(t, err)
	require.NotEqual(t, sealed, again, "fresh nonce per seal")

	flipped := func(i int) []byte {
		b := bytes.Clone(sealed)
		b[i] ^= 1
		return b
	}
	cases := []struct {
		name   string
		sealer *Sealer
		sealed []byte
		aad    []byte
		want   error
	}{
		{"newest key", current, sealed, aad, nil},
		{"previous key", current, fromOld, aad, nil},
		{"key retired", retired, fromOld, aad, ErrSealedKeyUnknown},
		{"other associated data", current, sealed, []byte("apps/8/credentials"), ErrSealedCorrupt},
		{"format byte altered", current, flipped(0), aad, ErrSealedCorrupt},
		{"key id altered", current, flipped(2), aad, ErrSealedKeyUnknown},
		{"nonce altered", current, flipped(sealHeaderLen), aad, ErrSealedCorrupt},
		{"ciphertext altered", current, flipped(sealOverhead - 16), aad, ErrSealedCorrupt},
		{"tag altered", current, flipped(len(sealed) - 1), aad, ErrSealedCorrupt},
		{"truncated", current, sealed[:sealOverhead-1], aad, ErrSealedCorrupt},
		{"empty", current, nil, aad, ErrSealedCorrupt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plain, err := c.sealer.Open(c.sealed, c.aad)
			if c.want != nil {
				require.ErrorIs(t, err, c.want)
				require.ErrorIs(t, err, ErrSealedCorrupt, "every failure is ErrSealedCorrupt")
				require.Nil(t, plain)
				return
			}
			require.NoError(t, err)
			require.Equal(t, secret, plain)
		})
	}
}

func TestNewSealerErrors(t *testing.T) {
	_, err := NewSealer()
	require.ErrorIs(t, err, ErrNoSecret)
	_, err = NewSealer(make([]byte, 16))
	require.Error(t, err)
	_, err = NewSealer(make([]byte, 32), make([]byte, 33))
	require.ErrorContains(t, err, "master key 1")
	_, err = NewMasterKey(bytes.NewReader(make([]byte, 31)))
	require.Error(t, err)

	s, err := NewSealer(make([]byte, 32))
	require.NoError(t, err)
	s.Random = bytes.NewReader(nil)
	_, err = s.Seal([]byte("x"), nil)
	require.Error(t, err, "no nonce, no seal")
}
