package gupshup_test

import (
	"fmt"
	"net/http"

	"github.com/waflow/waflow/providers/gupshup"
)

// A version 2 delivery event, checked by its shared-secret header and
// normalized: the message is named by Gupshup's id, as the send returned
// it.
func ExampleWebhooks() {
	body := []byte(`{"app":"shop","timestamp":1772355610000,"version":2,"type":"message-event",
		"payload":{"id":"wamid.HBgL","gsId":"9f1c2d3e-0000-4000-8000-000000000001","type":"delivered",
		"destination":"15550001234","payload":{"ts":1772355610}}}`)
	header := http.Header{}
	header.Set(gupshup.DefaultWebhookHeader, "shared-secret")

	w := gupshup.Webhooks{}
	if err := w.VerifyWebhook([][]byte{[]byte("shared-secret")}, header, body); err != nil {
		fmt.Println(err)
		return
	}
	events, _ := w.ParseWebhook(body)
	fmt.Println(events[0].Status.MessageID, events[0].Status.Status)
	// Output: 9f1c2d3e-0000-4000-8000-000000000001 DELIVERED
}
