package crypto

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"io"
)

// Encrypted PKCS#8 (RFC 5958 EncryptedPrivateKeyInfo) with PBES2 (RFC 8018),
// which the standard library does not read.

var (
	oidPBES2      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidHMACSHA1   = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHMACSHA224 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 8}
	oidHMACSHA256 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidHMACSHA384 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 10}
	oidHMACSHA512 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}
	oidDESEDE3CBC = asn1.ObjectIdentifier{1, 2, 840, 113549, 3, 7}
	oidAES128CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES192CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	oidAES256CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
)

const (
	// pbkdf2MaxIterations bounds the work a crafted key file can demand;
	// real files use 2048 (OpenSSL's default) up to a few hundred thousand.
	pbkdf2MaxIterations = 5_000_000
	// marshalIterations follows current guidance for PBKDF2-HMAC-SHA256.
	marshalIterations = 600_000
	pbkdf2SaltLen     = 16
)

type encryptedPrivateKeyInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	Data      []byte
}

type pbes2Params struct {
	KeyDerivationFunc pkix.AlgorithmIdentifier
	EncryptionScheme  pkix.AlgorithmIdentifier
}

type pbkdf2Params struct {
	Salt           []byte
	IterationCount int
	KeyLength      int                      `asn1:"optional"`
	PRF            pkix.AlgorithmIdentifier `asn1:"optional"`
}

// cbcCipher is one of the PBES2 encryption schemes this package reads.
type cbcCipher struct {
	keyLen int
	ivLen  int
	block  func(key []byte) (cipher.Block, error)
}

func cbcCipherFor(oid asn1.ObjectIdentifier) (cbcCipher, bool) {
	switch {
	case oid.Equal(oidDESEDE3CBC):
		return cbcCipher{24, des.BlockSize, des.NewTripleDESCipher}, true
	case oid.Equal(oidAES128CBC):
		return cbcCipher{16, aes.BlockSize, aes.NewCipher}, true
	case oid.Equal(oidAES192CBC):
		return cbcCipher{24, aes.BlockSize, aes.NewCipher}, true
	case oid.Equal(oidAES256CBC):
		return cbcCipher{32, aes.BlockSize, aes.NewCipher}, true
	}
	return cbcCipher{}, false
}

func prfFor(alg pkix.AlgorithmIdentifier) (func() hash.Hash, bool) {
	switch oid := alg.Algorithm; {
	case len(oid) == 0, oid.Equal(oidHMACSHA1):
		// RFC 8018 makes HMAC-SHA1 the default when the PRF is absent.
		return sha1.New, true
	case oid.Equal(oidHMACSHA224):
		return sha256.New224, true
	case oid.Equal(oidHMACSHA256):
		return sha256.New, true
	case oid.Equal(oidHMACSHA384):
		return sha512.New384, true
	case oid.Equal(oidHMACSHA512):
		return sha512.New, true
	}
	return nil, false
}

// decryptPKCS8 returns the PrivateKeyInfo DER inside an
// EncryptedPrivateKeyInfo. Errors wrap ErrUnsupportedKeyFormat or
// ErrWrongPassphrase.
func decryptPKCS8(der, passphrase []byte) ([]byte, error) {
	var info encryptedPrivateKeyInfo
	if err := unmarshalDER(der, &info); err != nil {
		return nil, fmt.Errorf("%w: EncryptedPrivateKeyInfo: %w", ErrUnsupportedKeyFormat, err)
	}
	if !info.Algorithm.Algorithm.Equal(oidPBES2) {
		return nil, fmt.Errorf("%w: encryption scheme %v (only PBES2 is read)", ErrUnsupportedKeyFormat, info.Algorithm.Algorithm)
	}
	var params pbes2Params
	if err := unmarshalDER(info.Algorithm.Parameters.FullBytes, &params); err != nil {
		return nil, fmt.Errorf("%w: PBES2 parameters: %w", ErrUnsupportedKeyFormat, err)
	}
	if !params.KeyDerivationFunc.Algorithm.Equal(oidPBKDF2) {
		return nil, fmt.Errorf("%w: key derivation %v (only PBKDF2 is read)", ErrUnsupportedKeyFormat, params.KeyDerivationFunc.Algorithm)
	}
	var kdf pbkdf2Params
	if err := unmarshalDER(params.KeyDerivationFunc.Parameters.FullBytes, &kdf); err != nil {
		return nil, fmt.Errorf("%w: PBKDF2 parameters: %w", ErrUnsupportedKeyFormat, err)
	}
	prf, ok := prfFor(kdf.PRF)
	if !ok {
		return nil, fmt.Errorf("%w: PBKDF2 PRF %v", ErrUnsupportedKeyFormat, kdf.PRF.Algorithm)
	}
	if kdf.IterationCount < 1 || kdf.IterationCount > pbkdf2MaxIterations {
		return nil, fmt.Errorf("%w: PBKDF2 iteration count %d outside 1..%d", ErrUnsupportedKeyFormat, kdf.IterationCount, pbkdf2MaxIterations)
	}
	cbc, ok := cbcCipherFor(params.EncryptionScheme.Algorithm)
	if !ok {
		return nil, fmt.Errorf("%w: cipher %v", ErrUnsupportedKeyFormat, params.EncryptionScheme.Algorithm)
	}
	if kdf.KeyLength != 0 && kdf.KeyLength != cbc.keyLen {
		return nil, fmt.Errorf("%w: PBKDF2 key length %d for a %d-byte cipher key", ErrUnsupportedKeyFormat, kdf.KeyLength, cbc.keyLen)
	}
	var iv []byte
	if err := unmarshalDER(params.EncryptionScheme.Parameters.FullBytes, &iv); err != nil || len(iv) != cbc.ivLen {
		return nil, fmt.Errorf("%w: cipher IV", ErrUnsupportedKeyFormat)
	}
	if len(info.Data) == 0 || len(info.Data)%cbc.ivLen != 0 {
		return nil, fmt.Errorf("%w: encrypted data of %d bytes", ErrUnsupportedKeyFormat, len(info.Data))
	}
	key, err := pbkdf2.Key(prf, string(passphrase), kdf.Salt, kdf.IterationCount, cbc.keyLen)
	if err != nil {
		return nil, fmt.Errorf("%w: PBKDF2: %w", ErrUnsupportedKeyFormat, err)
	}
	block, err := cbc.block(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnsupportedKeyFormat, err)
	}
	plain := make([]byte, len(info.Data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, info.Data)
	plain, ok = unpadPKCS7(plain, cbc.ivLen)
	if !ok {
		return nil, ErrWrongPassphrase
	}
	// A wrong passphrase passes the padding check about once in 256 tries;
	// the result is then not a DER SEQUENCE spanning the whole plaintext.
	var raw asn1.RawValue
	if rest, err := asn1.Unmarshal(plain, &raw); err != nil || len(rest) != 0 || raw.Tag != asn1.TagSequence {
		return nil, ErrWrongPassphrase
	}
	return plain, nil
}

// encryptPKCS8 wraps PrivateKeyInfo DER as PBES2 EncryptedPrivateKeyInfo with
// PBKDF2-HMAC-SHA256 and AES-256-CBC.
func encryptPKCS8(der, passphrase []byte, random io.Reader) ([]byte, error) {
	salt := make([]byte, pbkdf2SaltLen)
	iv := make([]byte, aes.BlockSize)
	if _, err := io.ReadFull(random, salt); err != nil {
		return nil, fmt.Errorf("crypto: read salt: %w", err)
	}
	if _, err := io.ReadFull(random, iv); err != nil {
		return nil, fmt.Errorf("crypto: read IV: %w", err)
	}
	key, err := pbkdf2.Key(sha256.New, string(passphrase), salt, marshalIterations, 32)
	if err != nil {
		return nil, fmt.Errorf("crypto: PBKDF2: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("crypto: %w", err)
	}
	data := padPKCS7(der, aes.BlockSize)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(data, data)

	kdfParams, err := asn1.Marshal(pbkdf2Params{
		Salt:           salt,
		IterationCount: marshalIterations,
		PRF:            pkix.AlgorithmIdentifier{Algorithm: oidHMACSHA256, Parameters: asn1.NullRawValue},
	})
	if err != nil {
		return nil, fmt.Errorf("crypto: encode PBKDF2 parameters: %w", err)
	}
	ivParam, err := asn1.Marshal(iv)
	if err != nil {
		return nil, fmt.Errorf("crypto: encode IV: %w", err)
	}
	schemeParams, err := asn1.Marshal(pbes2Params{
		KeyDerivationFunc: pkix.AlgorithmIdentifier{Algorithm: oidPBKDF2, Parameters: asn1.RawValue{FullBytes: kdfParams}},
		EncryptionScheme:  pkix.AlgorithmIdentifier{Algorithm: oidAES256CBC, Parameters: asn1.RawValue{FullBytes: ivParam}},
	})
	if err != nil {
		return nil, fmt.Errorf("crypto: encode PBES2 parameters: %w", err)
	}
	out, err := asn1.Marshal(encryptedPrivateKeyInfo{
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidPBES2, Parameters: asn1.RawValue{FullBytes: schemeParams}},
		Data:      data,
	})
	if err != nil {
		return nil, fmt.Errorf("crypto: encode EncryptedPrivateKeyInfo: %w", err)
	}
	return out, nil
}

// unmarshalDER decodes exactly one DER value into v.
func unmarshalDER(der []byte, v any) error {
	if len(der) == 0 {
		return errors.New("missing")
	}
	rest, err := asn1.Unmarshal(der, v)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("%d trailing bytes", len(rest))
	}
	return nil
}

// padPKCS7 returns a copy of b padded to a multiple of size.
func padPKCS7(b []byte, size int) []byte {
	n := size - len(b)%size
	return append(bytes.Clone(b), bytes.Repeat([]byte{byte(n)}, n)...)
}

// unpadPKCS7 strips PKCS#7 padding, reporting whether it was well formed.
func unpadPKCS7(b []byte, size int) ([]byte, bool) {
	if len(b) == 0 || len(b)%size != 0 {
		return nil, false
	}
	n := int(b[len(b)-1])
	if n == 0 || n > size {
		return nil, false
	}
	for _, p := range b[len(b)-n:] {
		if int(p) != n {
			return nil, false
		}
	}
	return b[:len(b)-n], true
}
