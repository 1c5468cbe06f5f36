package crypto_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/waflow/waflow/crypto"
)

func ExampleKeySet_Open() {
	pemBytes, err := os.ReadFile("testdata/keys/pkcs8-des3.pem")
	if err != nil {
		log.Fatal(err)
	}
	key, err := crypto.ParsePrivateKeyPEM(pemBytes, []byte("waflow-test"))
	if err != nil {
		log.Fatal(err)
	}
	keys := crypto.KeySet{key}

	// What WhatsApp posts: a fresh AES key wrapped for our public key.
	body, client, err := crypto.SealRequest(&key.PublicKey, []byte(`{"version":"3.0","action":"ping"}`), nil)
	if err != nil {
		log.Fatal(err)
	}

	plain, session, err := keys.Open(body)
	if errors.Is(err, crypto.ErrUndecryptable) {
		fmt.Println("answer 421")
		return
	}
	fmt.Printf("request: %s (key %d)\n", plain, session.KeyIndex())

	answer, err := session.Seal([]byte(`{"data":{"status":"active"}}`))
	if err != nil {
		log.Fatal(err)
	}
	reply, err := client.OpenResponse(answer)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("answer: %s\n", reply)

	_, _, err = keys.Open([]byte(`{"encrypted_flow_data":"AAAA"}`))
	fmt.Println(errors.Is(err, crypto.ErrUndecryptable))
	// Output:
	// request: {"version":"3.0","action":"ping"} (key 0)
	// answer: {"data":{"status":"active"}}
	// true
}

func ExampleTokens() {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	tokens := crypto.Tokens{
		Secrets: [][]byte{[]byte("token secret, newest first")},
		Now:     func() time.Time { return now },
		TTL:     48 * time.Hour,
	}
	token, err := tokens.Issue(crypto.TokenClaims{FlowID: "flow-42", Recipient: "15551234567"})
	if err != nil {
		log.Fatal(err)
	}

	claims, err := tokens.Verify(token)
	fmt.Println(claims.FlowID, claims.Recipient, claims.ExpiresAt.Format(time.RFC3339), err)

	later := tokens
	later.Now = func() time.Time { return now.Add(72 * time.Hour) }
	_, err = later.Verify(token)
	fmt.Println(errors.Is(err, crypto.ErrTokenExpired))

	_, err = tokens.Verify(token[:len(token)-8] + "AAAAAAAA")
	fmt.Println(errors.Is(err, crypto.ErrTokenForged))
	// Output:
	// flow-42 15551234567 2026-06-03T09:00:00Z <nil>
	// true
	// true
}

func ExampleSealer() {
	oldKey, _ := crypto.NewMasterKey(nil)
	newKey, _ := crypto.NewMasterKey(nil)

	before, _ := crypto.NewSealer(oldKey)
	stored, err := before.Seal([]byte("gupshup api key"), []byte("apps/7/credentials"))
	if err != nil {
		log.Fatal(err)
	}

	// After rotation the new key seals and the old one still opens.
	after, _ := crypto.NewSealer(newKey, oldKey)
	plain, err := after.Open(stored, []byte("apps/7/credentials"))
	fmt.Println(string(plain), err)

	_, err = after.Open(stored, []byte("apps/8/credentials"))
	fmt.Println(errors.Is(err, crypto.ErrSealedCorrupt))
	// Output:
	// gupshup api key <nil>
	// true
}

func ExampleVerifyBodySignature() {
	body := []byte(`{"object":"whatsapp_business_account","entry":[]}`)
	header := crypto.SignBody([]byte("previous app secret"), body)

	secrets := [][]byte{[]byte("new app secret"), []byte("previous app secret")}
	fmt.Println(crypto.VerifyBodySignature(secrets, body, header))

	err := crypto.VerifyBodySignature(secrets, append(body, ' '), header)
	fmt.Println(errors.Is(err, crypto.ErrSignatureMismatch))
	// Output:
	// <nil>
	// true
}

func ExampleSecret() {
	type appConfig struct {
		Name      string
		AppSecret crypto.Secret
	}
	cfg := appConfig{Name: "shop", AppSecret: "1222e786b144d0e85b9f365372d93676"}
	fmt.Printf("%+v\n", cfg)
	// Output:
	// {Name:shop AppSecret:[REDACTED]}
}
