package crypto

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"testing"
)

// BenchmarkOpenEnvelope compares a full KeySet.Open (JSON, base64, RSA-OAEP,
// AES-GCM) with the RSA-OAEP decryption alone, which is the floor any
// implementation pays; the ratio is Open's overhead.
func BenchmarkOpenEnvelope(b *testing.B) {
	key := fixtureKey(b, "pkcs8.pem")
	plain := []byte(`{"version":"3.0","action":"data_exchange","screen":"MENU","data":{"dish":"soup"},"flow_token":"wf1.token"}`)
	body, _, err := SealRequest(&key.PublicKey, plain, nil)
	if err != nil {
		b.Fatal(err)
	}
	wrapped, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, &key.PublicKey, make([]byte, AESKeySize), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := rsa.DecryptOAEP(sha256.New(), nil, key.PrivateKey, wrapped, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("waflow", func(b *testing.B) {
		keys := KeySet{key}
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := keys.Open(body); err != nil {
				b.Fatal(err)
			}
		}
	})
}
