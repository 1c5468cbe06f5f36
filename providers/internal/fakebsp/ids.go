package fakebsp

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
)

// WAMID is a WhatsApp message id drawn from a counter: "wamid." and the
// base64 of "<prefix>.<n in 12 digits>".
func WAMID(prefix string, n int) string {
	return "wamid." + base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "%s.%012d", prefix, n))
}

// UUID is a UUIDv4-shaped id: head in the first group, n in the last.
func UUID(head, n int) string {
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", head, n)
}

// MinKeyBits is the RSA size WhatsApp requires of a flows public key.
const MinKeyBits = 2048

// ValidKey reports whether pemBytes is a PEM RSA public key ("PUBLIC KEY"
// or "RSA PUBLIC KEY") of at least MinKeyBits.
func ValidKey(pemBytes []byte) bool {
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		return false
	}
	var pub any
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		pub, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		pub, err = x509.ParsePKCS1PublicKey(block.Bytes)
	default:
		return false
	}
	key, isRSA := pub.(*rsa.PublicKey)
	return err == nil && isRSA && key.N.BitLen() >= MinKeyBits
}
