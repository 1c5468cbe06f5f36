package crypto

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
)

// MinKeyBits is the smallest RSA modulus accepted, the size Meta documents for
// the business key pair.
const MinKeyBits = 2048

// Errors returned when loading or creating keys. They are wrapped with
// context; test for them with [errors.Is].
var (
	// ErrNoPEM means the input holds no PEM block at all.
	ErrNoPEM = errors.New("crypto: no PEM data found")
	// ErrPassphraseRequired means the key is encrypted and no passphrase was given.
	ErrPassphraseRequired = errors.New("crypto: private key is encrypted and needs a passphrase")
	// ErrWrongPassphrase means decryption with the given passphrase failed.
	ErrWrongPassphrase = errors.New("crypto: wrong passphrase for private key")
	// ErrNotRSA means the key is valid but not an RSA key (EC, Ed25519, ...).
	ErrNotRSA = errors.New("crypto: key is not an RSA key")
	// ErrKeyTooShort means the RSA modulus is smaller than [MinKeyBits].
	ErrKeyTooShort = errors.New("crypto: RSA key is shorter than 2048 bits")
	// ErrUnsupportedKeyFormat means the PEM block or its encryption scheme is
	// not one this package reads.
	ErrUnsupportedKeyFormat = errors.New("crypto: unsupported key format")
)

// PrivateKey is the business RSA key pair of a WhatsApp flows endpoint.
//
// It never prints its key material: String, Format (every verb), LogValue and
// MarshalJSON all yield "[REDACTED RSA-<bits> key fp=<fingerprint prefix>]".
// Use [PrivateKey.MarshalPEM] to serialise it on purpose.
type PrivateKey struct{ *rsa.PrivateKey }

// GenerateKey creates a fresh RSA key of at least [MinKeyBits] bits. random
// is handed to rsa.GenerateKey, which since Go 1.26 ignores it in favour of
// the system's secure source; tests wanting a fixed key load one from PEM.
func GenerateKey(random io.Reader, bits int) (*PrivateKey, error) {
	if bits < MinKeyBits {
		return nil, fmt.Errorf("generate %d-bit key: %w", bits, ErrKeyTooShort)
	}
	if random == nil {
		random = rand.Reader
	}
	k, err := rsa.GenerateKey(random, bits)
	if err != nil {
		return nil, fmt.Errorf("crypto: generate %d-bit key: %w", bits, err)
	}
	return &PrivateKey{k}, nil
}

// The redacting methods have value receivers so that a PrivateKey held by
// value inside another struct is redacted too.

// String implements fmt.Stringer without revealing the key.
func (k PrivateKey) String() string {
	if k.PrivateKey == nil {
		return "[REDACTED RSA key <nil>]"
	}
	fp := Fingerprint(&k.PublicKey)
	if len(fp) > 16 {
		fp = fp[:16]
	}
	return fmt.Sprintf("[REDACTED RSA-%d key fp=%s]", k.N.BitLen(), fp)
}

// Format makes every fmt verb, %#v and %x included, print [PrivateKey.String].
// Without it the embedded *rsa.PrivateKey would be walked field by field.
func (k PrivateKey) Format(f fmt.State, _ rune) {
	_, _ = io.WriteString(f, k.String())
}

// LogValue implements slog.LogValuer.
func (k PrivateKey) LogValue() slog.Value { return slog.StringValue(k.String()) }

// MarshalJSON encodes the redacted form; the exported fields of the embedded
// key would otherwise be serialised.
func (k PrivateKey) MarshalJSON() ([]byte, error) {
	return []byte(`"` + k.String() + `"`), nil
}

// ParsePrivateKeyPEM reads an RSA private key of at least [MinKeyBits] bits
// from PEM text: PKCS#1 ("RSA PRIVATE KEY"), PKCS#8 ("PRIVATE KEY"),
// encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY", PBES2 with PBKDF2 and
// DES-EDE3-CBC or AES-CBC, as OpenSSL 3 writes it) and legacy encrypted PEM
// ("Proc-Type: 4,ENCRYPTED"). Other blocks before the key, such as
// "EC PARAMETERS", are skipped. The passphrase is ignored for unencrypted keys.
//
// Errors wrap ErrNoPEM, ErrPassphraseRequired, ErrWrongPassphrase, ErrNotRSA,
// ErrKeyTooShort or ErrUnsupportedKeyFormat.
func ParsePrivateKeyPEM(data, passphrase []byte) (*PrivateKey, error) {
	block, err := findPrivateKeyBlock(data)
	if err != nil {
		return nil, err
	}
	der := block.Bytes
	switch {
	case block.Type == "ENCRYPTED PRIVATE KEY":
		if len(passphrase) == 0 {
			return nil, fmt.Errorf("parse %s: %w", block.Type, ErrPassphraseRequired)
		}
		if der, err = decryptPKCS8(der, passphrase); err != nil {
			return nil, fmt.Errorf("parse %s: %w", block.Type, err)
		}
		return privateKeyFromDER("PRIVATE KEY", der)
	// The legacy scheme is deprecated in x509 but still what OpenSSL 1.1,
	// `genrsa -traditional` and Meta's Node key generator write.
	case x509.IsEncryptedPEMBlock(block):
		if len(passphrase) == 0 {
			return nil, fmt.Errorf("parse %s: %w", block.Type, ErrPassphraseRequired)
		}
		der, err = x509.DecryptPEMBlock(block, passphrase)
		if errors.Is(err, x509.IncorrectPasswordError) {
			return nil, fmt.Errorf("parse legacy encrypted %s: %w", block.Type, ErrWrongPassphrase)
		}
		if err != nil {
			return nil, fmt.Errorf("parse legacy encrypted %s: %w: %w", block.Type, ErrUnsupportedKeyFormat, err)
		}
		k, err := privateKeyFromDER(block.Type, der)
		if err != nil && !errors.Is(err, ErrNotRSA) && !errors.Is(err, ErrKeyTooShort) {
			// The padding check passes by chance for about one wrong
			// passphrase in 256; what comes out is then not DER.
			return nil, fmt.Errorf("parse legacy encrypted %s: %w", block.Type, ErrWrongPassphrase)
		}
		return k, err
	default:
		return privateKeyFromDER(block.Type, der)
	}
}

// findPrivateKeyBlock returns the first PEM block that holds a private key.
func findPrivateKeyBlock(data []byte) (*pem.Block, error) {
	var seen []string
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		switch block.Type {
		case "RSA PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY":
			return block, nil
		case "EC PRIVATE KEY", "DSA PRIVATE KEY":
			return nil, fmt.Errorf("parse %s: %w", block.Type, ErrNotRSA)
		}
		seen = append(seen, block.Type)
	}
	if len(seen) == 0 {
		return nil, ErrNoPEM
	}
	return nil, fmt.Errorf("no private key among PEM blocks %q: %w", seen, ErrUnsupportedKeyFormat)
}

// privateKeyFromDER parses PKCS#1 or PKCS#8 DER, trying the other when the
// block type names the wrong one, and checks the algorithm and size.
func privateKeyFromDER(blockType string, der []byte) (*PrivateKey, error) {
	var key any
	var err error
	if blockType == "RSA PRIVATE KEY" {
		key, err = x509.ParsePKCS1PrivateKey(der)
		if err != nil {
			if k8, err8 := x509.ParsePKCS8PrivateKey(der); err8 == nil {
				key, err = k8, nil
			}
		}
	} else {
		key, err = x509.ParsePKCS8PrivateKey(der)
		if err != nil {
			if k1, err1 := x509.ParsePKCS1PrivateKey(der); err1 == nil {
				key, err = k1, nil
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w: %w", blockType, ErrUnsupportedKeyFormat, err)
	}
	rk, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("parse %s: %T: %w", blockType, key, ErrNotRSA)
	}
	if bits := rk.N.BitLen(); bits < MinKeyBits {
		return nil, fmt.Errorf("parse %s: %d bits: %w", blockType, bits, ErrKeyTooShort)
	}
	// Precomputing once here keeps per-request decryption from deriving the
	// CRT values again when the encoding lacked them.
	rk.Precompute()
	if err := rk.Validate(); err != nil {
		return nil, fmt.Errorf("parse %s: %w: %w", blockType, ErrUnsupportedKeyFormat, err)
	}
	return &PrivateKey{rk}, nil
}

// MarshalPEM encodes the key as PKCS#8 PEM ("PRIVATE KEY"). With a non-empty
// passphrase it writes encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY": PBES2,
// PBKDF2-HMAC-SHA256, AES-256-CBC) that OpenSSL 3 reads too; random supplies
// the salt and IV (nil means crypto/rand).
func (k *PrivateKey) MarshalPEM(passphrase []byte, random io.Reader) ([]byte, error) {
	if k == nil || k.PrivateKey == nil {
		return nil, errors.New("crypto: marshal nil private key")
	}
	der, err := x509.MarshalPKCS8PrivateKey(k.PrivateKey)
	if err != nil {
		return nil, fmt.Errorf("crypto: marshal PKCS#8: %w", err)
	}
	if len(passphrase) == 0 {
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
	}
	if random == nil {
		random = rand.Reader
	}
	enc, err := encryptPKCS8(der, passphrase, random)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: enc}), nil
}

// MarshalPublicKeyPEM encodes pub as SPKI PEM ("PUBLIC KEY"), the form Meta's
// whatsapp_business_encryption endpoint takes.
func MarshalPublicKeyPEM(pub *rsa.PublicKey) ([]byte, error) {
	if pub == nil {
		return nil, errors.New("crypto: marshal nil public key")
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("crypto: marshal public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// ParsePublicKeyPEM reads an RSA public key of at least [MinKeyBits] bits
// from SPKI ("PUBLIC KEY") or PKCS#1 ("RSA PUBLIC KEY") PEM.
func ParsePublicKeyPEM(data []byte) (*rsa.PublicKey, error) {
	var seen []string
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		var key any
		var err error
		switch block.Type {
		case "PUBLIC KEY":
			key, err = x509.ParsePKIXPublicKey(block.Bytes)
		case "RSA PUBLIC KEY":
			key, err = x509.ParsePKCS1PublicKey(block.Bytes)
		default:
			seen = append(seen, block.Type)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w: %w", block.Type, ErrUnsupportedKeyFormat, err)
		}
		pub, ok := key.(*rsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("parse %s: %T: %w", block.Type, key, ErrNotRSA)
		}
		if bits := pub.N.BitLen(); bits < MinKeyBits {
			return nil, fmt.Errorf("parse %s: %d bits: %w", block.Type, bits, ErrKeyTooShort)
		}
		return pub, nil
	}
	if len(seen) == 0 {
		return nil, ErrNoPEM
	}
	return nil, fmt.Errorf("no public key among PEM blocks %q: %w", seen, ErrUnsupportedKeyFormat)
}

// Fingerprint is the lowercase hex SHA-256 of pub's SPKI DER encoding, the
// same value as `openssl pkey -pubin -outform DER | sha256sum`. It is for
// display and matching; it is empty for a nil or unencodable key.
func Fingerprint(pub *rsa.PublicKey) string {
	if pub == nil || pub.N == nil {
		return ""
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}
