package gupshup_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/waflow/waflow/providers"
)

// receiverServer serves a webhook URL that verifies and parses with rcv,
// as the inbound pipeline does, and reports each delivery to got.
func receiverServer(t *testing.T, rcv providers.WebhookReceiver, got func([]providers.Event, error)) string {
	t.Helper()
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		var events []providers.Event
		if err == nil {
			if err = rcv.VerifyWebhook([][]byte{[]byte(webhookSecret)}, r.Header, body); err == nil {
				events, err = rcv.ParseWebhook(body)
			}
		}
		mu.Lock()
		got(events, err)
		mu.Unlock()
		if err != nil {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
