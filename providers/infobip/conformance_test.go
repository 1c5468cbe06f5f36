package infobip_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/infobip"
	"github.com/waflow/waflow/providers/infobip/infobiptest"
	"github.com/waflow/waflow/providers/providertest"
)

// TestConformance runs the providers conformance suite against Infobip's
// fake. Infobip refuses edits of a PUBLISHED flow (EditPublished false),
// lists flows without their validation errors, takes media by link only
// and shows no typing indicator; what it does not offer (endpoint_uri,
// reactions) comes from its capabilities. Webhooks are HMAC-signed, as BASIC credentials do not
// cover the body and the suite alters bodies (BASIC is tested in
// webhook_test.go).
func TestConformance(t *testing.T) {
	f := newFixture(t, infobiptest.Options{
		FlowRequestsPerHour: -1,
		Security:            infobiptest.Security{Type: "HMAC", HMACKey: "hook-key"},
	}, infobip.Options{Webhooks: infobip.Webhooks{Scheme: infobip.SchemeHMAC}})
	providertest.TestProvider(t, providertest.Harness{
		Provider:        f.p,
		App:             f.app,
		EditPublished:   false,
		MediaByLinkOnly: true,
		Throttle:        f.srv.Throttle,
		PublishedJSON:   f.srv.PublishedJSON,
		PublicKey:       func() ([]byte, bool) { return f.srv.PublicKey(f.srv.Sender()) },
		Received:        func(res providers.SendResult) ([]byte, bool) { return received(f.srv, res) },
		CheckWire: func(t *testing.T, scenario string, wire []byte) {
			checkGolden(t, filepath.Join("testdata", "requests", scenario+".json"), wire)
		},
		ApproveTemplate: f.srv.ApproveTemplate,
		EmitWebhook:     func(url string, w providertest.Webhook) error { return emit(f.srv, url, w) },
		WebhookSecrets:  [][]byte{[]byte("hook-key")},
	})
}

// emit has the fake send w the way Infobip would.
func emit(srv *infobiptest.Server, url string, w providertest.Webhook) error {
	var body []byte
	var err error
	switch w.Kind {
	case providertest.WebhookMessage:
		body = srv.InboundTextWebhook(w.From, w.Text)
	case providertest.WebhookFlowReply:
		body = srv.FlowReplyWebhook(w.From, w.MessageID, map[string]any{"flow_token": w.FlowToken, "party_size": "2"})
	case providertest.WebhookStatus:
		group := map[providers.MessageStatus]string{
			providers.MessagePending: infobiptest.GroupPending, providers.MessageDelivered: infobiptest.GroupDelivered,
			providers.MessageFailed: infobiptest.GroupUndeliverable,
		}[w.Status]
		if w.Status == providers.MessageRead {
			body, err = srv.SeenReportWebhook(w.MessageID)
		} else if group == "" {
			return providertest.ErrWebhookKind
		} else {
			body, err = srv.DeliveryReportWebhook(w.MessageID, group)
		}
	case providertest.WebhookTemplateStatus:
		body, err = srv.TemplateStatusWebhook(w.TemplateID)
	default:
		return providertest.ErrWebhookKind
	}
	if err != nil {
		return err
	}
	tamper := map[providertest.Tamper]infobiptest.Tamper{
		providertest.TamperWrongSecret: infobiptest.WrongSecret, providertest.TamperUnsigned: infobiptest.Unsigned,
		providertest.TamperAlteredBody: infobiptest.AlteredBody,
	}[w.Tamper]
	_, err = srv.Deliver(context.Background(), infobiptest.Delivery{URL: url, Tamper: tamper}, body)
	return err
}

// received is what the fake got for a send: the body of an accepted
// message, or the request line of the body-less read call, by the id of
// the message marked.
func received(srv *infobiptest.Server, res providers.SendResult) ([]byte, bool) {
	if body, ok := srv.Sent(res.ID); ok {
		return body, true
	}
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/message/"+res.ID+"/read") {
			return []byte(r.Method + " " + r.Path), true
		}
	}
	return nil, false
}
