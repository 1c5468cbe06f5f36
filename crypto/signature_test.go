package crypto

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestVerifyBodySignature(t *testing.T) {
	current, previous := []byte("current-app-secret"), []byte("previous-app-secret")
	body := []byte(`{"object":"whatsapp_business_account","entry":[]}`)
	good := SignBody(current, body)
	require.True(t, strings.HasPrefix(good, "sha256="))
	require.Len(t, good, len("sha256=")+64)
	require.Equal(t, strings.ToLower(good), good)

	cases := []struct {
		name    string
		secrets [][]byte
		body    []byte
		header  string
		want    error
	}{
		{"current secret", [][]byte{current}, body, good, nil},
		{"previous secret during rotation", [][]byte{current, previous}, body, SignBody(previous, body), nil},
		{"uppercase hex and prefix", [][]byte{current}, body, "SHA256=" + strings.ToUpper(good[7:]), nil},
		{"surrounding spaces", [][]byte{current}, body, " " + good + " ", nil},
		{"empty secret skipped", [][]byte{nil, current}, body, good, nil},
		{"missing", [][]byte{current}, body, "", ErrSignatureMissing},
		{"blank", [][]byte{current}, body, "   ", ErrSignatureMissing},
		{"no prefix", [][]byte{current}, body, good[7:], ErrSignatureMalformed},
		{"sha1", [][]byte{current}, body, "sha1=" + strings.Repeat("a", 40), ErrSignatureMalformed},
		{"short hex", [][]byte{current}, body, good[:40], ErrSignatureMalformed},
		{"odd hex", [][]byte{current}, body, good + "0", ErrSignatureMalformed},
		{"prefix only", [][]byte{current}, body, "sha256=", ErrSignatureMalformed},
		{"wrong secret", [][]byte{previous}, body, good, ErrSignatureMismatch},
		{"body re-serialised", [][]byte{current}, []byte(`{"object": "whatsapp_business_account", "entry": []}`), good, ErrSignatureMismatch},
		{"no secrets", nil, body, good, ErrNoSecret},
		{"only empty secrets", [][]byte{{}}, body, good, ErrNoSecret},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := VerifyBodySignature(c.secrets, c.body, c.header)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
		})
	}
}
