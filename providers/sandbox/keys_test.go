package sandbox_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
)

// Test keys are fixed so the tests spend no time generating RSA keys.
const (
	rsaKey2048 = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAoBXvIcFRHrd256BIqeZx
5c3wOSwBcAmOUgs4PfgIesItf12/tf9TAsW1JJJpf9A3t6GdSCka8pBvG7E8Pb4V
Zz/yGMlH20ows5yTeBe6J4dosgXH/QBYHEWFsIrByw4J2t60YILZvN5i9M2jVVJv
v7cKyjX1u3ERL4YKzczVkvb48soCcZraVm1jPg/1XaIOAmjeAKdTsrzKrA0YvPYX
OqaJvXwvW08oeuA2jWQGerqAXoFJK4Ilw/pPJFBt7vGTt14ZCAlng9eBuwv9tCJJ
nlyJzWL6mJvZt/3y7y2ppyMR9FcgXVwD/V+EkK2gFfzAmrvybB8vhpGoVNv1XZ6+
VwIDAQAB
-----END PUBLIC KEY-----
`
	rsaKey1024 = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDaCL6VjwOr40trYALfIJfEPnwk
5k5//X3a95eEnWQ3QrKH5EV/WIaQDuemOYBEXxS1OG4L+tkgjxaFId12f+rGLikP
tOvxBWMTSqMIJi8bXUkiHj1ND5iTagQ0jhTc30Y3NhTP8PlWdppJCVoop/ulQbJa
MhZwQGRcBTSgoX/ESwIDAQAB
-----END PUBLIC KEY-----
`
	ecdsaP256 = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEE8nzWYn+zJoe3lroXA1F/Jlv+pgb
MorGiApQK9qzsOtQ43JXSUJ7ffaBHuXYpwEIEUOvjNnYIdl+9WKJsFdNUg==
-----END PUBLIC KEY-----
`
)

func TestSetPublicKey(t *testing.T) {
	cases := []struct {
		name string
		pem  string
		ok   bool
	}{
		{name: "rsa_2048_spki", pem: rsaKey2048, ok: true},
		{name: "rsa_1024", pem: rsaKey1024},
		{name: "not_pem", pem: "ssh-rsa AAAA"},
		{name: "pkcs1_block", pem: "-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----\n"},
		{name: "garbage_spki", pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"},
		{name: "ecdsa", pem: ecdsaP256},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := sandbox.New(sandbox.Options{})
			err := sb.SetPublicKey(context.Background(), appA, []byte(tc.pem))
			got, ok := sb.PublicKey(appA.ID)
			if tc.ok {
				require.NoError(t, err)
				require.True(t, ok)
				require.Equal(t, tc.pem, string(got))
				return
			}
			requireProviderError(t, err, providers.ErrorInvalid, "100")
			require.False(t, ok)
		})
	}
}

func TestSetPublicKeyReplaces(t *testing.T) {
	ctx := context.Background()
	sb := sandbox.New(sandbox.Options{})
	require.NoError(t, sb.SetPublicKey(ctx, appA, []byte(rsaKey2048)))
	require.Error(t, sb.SetPublicKey(ctx, appA, []byte(rsaKey1024)))
	got, ok := sb.PublicKey(appA.ID)
	require.True(t, ok)
	require.Equal(t, rsaKey2048, string(got), "a refused key keeps the previous one")

	got[0] = 'X'
	again, _ := sb.PublicKey(appA.ID)
	require.Equal(t, rsaKey2048, string(again), "callers get a copy")
}
