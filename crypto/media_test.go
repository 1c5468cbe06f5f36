package crypto

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDecryptMedia(t *testing.T) {
	plain := []byte("%PDF-1.7 a small document")
	file, meta, err := EncryptMedia(plain, nil)
	require.NoError(t, err)
	got, err := DecryptMedia(file, meta)
	require.NoError(t, err)
	require.Equal(t, plain, got)

	b64 := base64.StdEncoding.EncodeToString
	// rehash fixes encrypted_hash for an altered file so that the checks
	// after it are the ones that must catch the change.
	rehash := func(f []byte) MediaEncryption {
		m := meta
		sum := sha256.Sum256(f)
		m.EncryptedHash = b64(sum[:])
		return m
	}
	// badPadding is a file with a valid hash and MAC whose last block does
	// not decrypt to PKCS#7 padding.
	k, err := meta.decode()
	require.NoError(t, err)
	block, err := aes.NewCipher(k.encKey)
	require.NoError(t, err)
	ct := make([]byte, aes.BlockSize)
	cipher.NewCBCEncrypter(block, k.iv).CryptBlocks(ct, ct)
	badPadding := append(ct, mediaMAC(k.macKey, k.iv, ct)...)
	alteredCT := bytes.Clone(file)
	alteredCT[0] ^= 1
	truncated := file[:len(file)-16]
	cases := []struct {
		name string
		file []byte
		meta func(m MediaEncryption) MediaEncryption
		want error
	}{
		{"file altered", alteredCT, func(m MediaEncryption) MediaEncryption { return m }, ErrMediaIntegrity},
		{"file altered, hash matching", alteredCT, func(MediaEncryption) MediaEncryption { return rehash(alteredCT) }, ErrMediaIntegrity},
		{"truncated, hash matching", truncated, func(MediaEncryption) MediaEncryption { return rehash(truncated) }, ErrMediaIntegrity},
		{"too short", file[:8], func(MediaEncryption) MediaEncryption { return rehash(file[:8]) }, ErrMediaIntegrity},
		{"bad padding", badPadding, func(MediaEncryption) MediaEncryption { return rehash(badPadding) }, ErrMediaIntegrity},
		{"plaintext hash differs", file, func(m MediaEncryption) MediaEncryption { m.PlaintextHash = m.EncryptedHash; return m }, ErrMediaIntegrity},
		{"wrong encryption key", file, func(m MediaEncryption) MediaEncryption { m.EncryptionKey = b64(make([]byte, 32)); return m }, ErrMediaIntegrity},
		{"key not base64", file, func(m MediaEncryption) MediaEncryption { m.EncryptionKey = "***"; return m }, ErrMediaMetadata},
		{"short key", file, func(m MediaEncryption) MediaEncryption { m.EncryptionKey = b64(make([]byte, 16)); return m }, ErrMediaMetadata},
		{"empty metadata", file, func(MediaEncryption) MediaEncryption { return MediaEncryption{} }, ErrMediaMetadata},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := DecryptMedia(c.file, c.meta(meta))
			require.ErrorIs(t, err, c.want)
			require.Nil(t, out)
		})
	}
}
