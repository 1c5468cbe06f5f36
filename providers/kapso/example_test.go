package kapso_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"

	"github.com/waflow/waflow/providers/kapso"
)

// A webhook is verified on its raw bytes first and parsed only then.
func ExampleWebhooks() {
	secret := []byte("whsec-example")
	body := []byte(`{"message":{"from":"5491155550101","id":"wamid.EX1","timestamp":"1772355600","type":"text",` +
		`"text":{"body":"Hola"},"kapso":{"direction":"inbound","status":"received"}},"phone_number_id":"647015955153740"}`)
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	header := http.Header{}
	header.Set(kapso.SignatureHeader, hex.EncodeToString(mac.Sum(nil)))

	hooks := kapso.Webhooks{}
	if err := hooks.VerifyWebhook([][]byte{secret}, header, body); err != nil {
		fmt.Println("refused:", err)
		return
	}
	events, _ := hooks.ParseWebhook(body)
	for _, ev := range events {
		fmt.Println(ev.Kind, ev.DedupeKey, ev.Message.From, ev.Message.Text)
	}
	// Output: message message:wamid.EX1 5491155550101 Hola
}
