package messaging_test

import (
	"fmt"
	"time"

	"github.com/waflow/waflow/messaging"
)

// A subscriber checks each delivery before trusting it: the signature over
// the raw body, and a timestamp close to its clock. It then records the
// Waflow-Event-Id to drop redeliveries.
func ExampleVerifyDeliverySignature() {
	secret := []byte("subscription-secret-0123456789")
	body := []byte(`{"id":"evt_1"}`)
	sentAt := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	header := messaging.SignDelivery(secret, body, sentAt)

	fmt.Println(header)
	fmt.Println(messaging.VerifyDeliverySignature([][]byte{secret}, header, body, sentAt.Add(time.Minute), 0))
	fmt.Println(messaging.VerifyDeliverySignature([][]byte{secret}, header, body, sentAt.Add(time.Hour), 0) != nil)
	// Output:
	// t=1767225600,v1=89fe20ccec1a8a421c2384be3c69eedd89db80ca5f75a1658893067edbf44386
	// <nil>
	// true
}
