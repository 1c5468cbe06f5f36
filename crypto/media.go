package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
)

// Errors returned by [DecryptMedia].
var (
	// ErrMediaMetadata means the encryption_metadata itself is unusable
	// (bad base64, wrong lengths).
	ErrMediaMetadata = errors.New("crypto: media encryption metadata invalid")
	// ErrMediaIntegrity means the file fails a check: encrypted hash, MAC,
	// padding or plaintext hash. It was altered, truncated or is another file.
	ErrMediaIntegrity = errors.New("crypto: media file failed an integrity check")
)

// mediaMACLen is how much of the HMAC-SHA256 the CDN file carries.
const mediaMACLen = 10

// MediaEncryption is the encryption_metadata of a PhotoPicker or
// DocumentPicker file in a data_exchange request. All values are standard
// base64.
type MediaEncryption struct {
	EncryptionKey string `json:"encryption_key"`
	HMACKey       string `json:"hmac_key"`
	IV            string `json:"iv"`
	PlaintextHash string `json:"plaintext_hash"`
	EncryptedHash string `json:"encrypted_hash"`
}

type mediaKeys struct {
	encKey, macKey, iv, plainHash, encHash []byte
}

func (m MediaEncryption) decode() (mediaKeys, error) {
	var k mediaKeys
	for _, f := range []struct {
		name, value string
		size        int
		dst         *[]byte
	}{
		{"encryption_key", m.EncryptionKey, 32, &k.encKey},
		{"hmac_key", m.HMACKey, 32, &k.macKey},
		{"iv", m.IV, aes.BlockSize, &k.iv},
		{"plaintext_hash", m.PlaintextHash, sha256.Size, &k.plainHash},
		{"encrypted_hash", m.EncryptedHash, sha256.Size, &k.encHash},
	} {
		b, err := base64.StdEncoding.DecodeString(f.value)
		if err != nil {
			return mediaKeys{}, fmt.Errorf("%w: %s: %w", ErrMediaMetadata, f.name, err)
		}
		if len(b) != f.size {
			return mediaKeys{}, fmt.Errorf("%w: %s is %d bytes, want %d", ErrMediaMetadata, f.name, len(b), f.size)
		}
		*f.dst = b
	}
	return k, nil
}

// DecryptMedia reads a file downloaded from a picker's cdn_url. cdnFile is
// AES-256-CBC ciphertext followed by the first 10 bytes of
// HMAC-SHA256(hmac_key, iv ‖ ciphertext). In order it checks SHA-256 of the
// whole file against encrypted_hash, the MAC, decrypts and removes PKCS#7
// padding, and checks SHA-256 of the result against plaintext_hash.
//
// Errors wrap ErrMediaMetadata or ErrMediaIntegrity.
func DecryptMedia(cdnFile []byte, m MediaEncryption) ([]byte, error) {
	k, err := m.decode()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(cdnFile)
	if subtle.ConstantTimeCompare(sum[:], k.encHash) != 1 {
		return nil, fmt.Errorf("%w: encrypted_hash does not match the file", ErrMediaIntegrity)
	}
	if len(cdnFile) < aes.BlockSize+mediaMACLen {
		return nil, fmt.Errorf("%w: file of %d bytes is too short", ErrMediaIntegrity, len(cdnFile))
	}
	ct, tag := cdnFile[:len(cdnFile)-mediaMACLen], cdnFile[len(cdnFile)-mediaMACLen:]
	if len(ct)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("%w: ciphertext of %d bytes is not whole AES blocks", ErrMediaIntegrity, len(ct))
	}
	if !hmac.Equal(mediaMAC(k.macKey, k.iv, ct), tag) {
		return nil, fmt.Errorf("%w: HMAC does not match", ErrMediaIntegrity)
	}
	block, err := aes.NewCipher(k.encKey)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMediaMetadata, err)
	}
	plain := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, k.iv).CryptBlocks(plain, ct)
	plain, ok := unpadPKCS7(plain, aes.BlockSize)
	if !ok {
		return nil, fmt.Errorf("%w: bad PKCS#7 padding", ErrMediaIntegrity)
	}
	sum = sha256.Sum256(plain)
	if subtle.ConstantTimeCompare(sum[:], k.plainHash) != 1 {
		return nil, fmt.Errorf("%w: plaintext_hash does not match", ErrMediaIntegrity)
	}
	return plain, nil
}

// EncryptMedia is the uploader's side of [DecryptMedia]: fresh keys and IV
// from random (nil means crypto/rand), AES-256-CBC with PKCS#7, the 10-byte
// MAC appended. The sandbox uses it to hand out picker files.
func EncryptMedia(plaintext []byte, random io.Reader) ([]byte, MediaEncryption, error) {
	if random == nil {
		random = rand.Reader
	}
	var fresh [32 + 32 + aes.BlockSize]byte
	if _, err := io.ReadFull(random, fresh[:]); err != nil {
		return nil, MediaEncryption{}, fmt.Errorf("crypto: encrypt media: %w", err)
	}
	encKey, macKey, iv := fresh[:32], fresh[32:64], fresh[64:]
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return nil, MediaEncryption{}, fmt.Errorf("crypto: encrypt media: %w", err)
	}
	ct := padPKCS7(plaintext, aes.BlockSize)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, ct)
	file := append(ct, mediaMAC(macKey, iv, ct)...)
	plainSum, fileSum := sha256.Sum256(plaintext), sha256.Sum256(file)
	enc := base64.StdEncoding.EncodeToString
	return file, MediaEncryption{
		EncryptionKey: enc(encKey),
		HMACKey:       enc(macKey),
		IV:            enc(iv),
		PlaintextHash: enc(plainSum[:]),
		EncryptedHash: enc(fileSum[:]),
	}, nil
}

func mediaMAC(key, iv, ct []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(iv)
	m.Write(ct)
	return m.Sum(nil)[:mediaMACLen]
}
