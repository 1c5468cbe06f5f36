package meta_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/meta"
	"github.com/waflow/waflow/providers/meta/metatest"
	"github.com/waflow/waflow/providers/providertest"
)

var epoch = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

const (
	wabaID  = "100000000000001"
	phoneID = "200000000000001"
)

// fixture is a provider wired to a fake, with the waits it would have
// slept and everything it logged.
type fixture struct {
	srv  *metatest.Server
	p    *meta.Provider
	app  providers.App
	logs *providertest.LogBuffer

	sleeps providertest.Sleeps
}

func newFixture(t *testing.T, fakeOpts metatest.Options, opts meta.Options) *fixture {
	t.Helper()
	if fakeOpts.Now == nil {
		fakeOpts.Now = func() time.Time { return epoch }
	}
	f := &fixture{srv: metatest.New(t, fakeOpts), logs: &providertest.LogBuffer{}}
	opts.BaseURL = f.srv.URL
	opts.Logger = f.logs.Logger()
	opts.Now = fakeOpts.Now
	opts.Sleep = f.sleeps.Sleep
	if opts.Retry.Jitter == nil {
		opts.Retry.Jitter = func(d time.Duration) time.Duration { return d }
	}
	f.p = meta.New(opts)
	f.app = providers.App{ID: "app-meta", BSP: providers.BSPMeta, WABAID: wabaID, PhoneNumberID: phoneID,
		Credentials: map[string]string{meta.CredentialAccessToken: f.srv.Token(), "app_secret": f.srv.AppSecret()}}
	return f
}

// requests counts the fake's requests whose path ends with suffix.
func (f *fixture) requests(method, suffix string) int {
	n := 0
	for _, r := range f.srv.Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// lastBody is the body of the last request with method to a path ending
// with suffix.
func (f *fixture) lastBody(method, suffix string) ([]byte, bool) {
	reqs := f.srv.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Method == method && strings.HasSuffix(reqs[i].Path, suffix) {
			return reqs[i].Body, true
		}
	}
	return nil, false
}

func (f *fixture) harness(editPublished bool) providertest.Harness {
	return providertest.Harness{
		Provider:                   f.p,
		App:                        f.app,
		EditPublished:              editPublished,
		GetFlowHasValidationErrors: true,
		TypingIndicator:            true,
		Throttle:                   f.srv.Throttle,
		PublishedJSON:              f.srv.PublishedJSON,
		PublicKey:                  func() ([]byte, bool) { return f.srv.PublicKey(phoneID) },
		OpenWindow: func(to string) error {
			f.srv.Inbound(phoneID, to)
			return nil
		},
		Received: func(res providers.SendResult) ([]byte, bool) {
			if body, ok := f.srv.Sent(res.ID); ok {
				return body, true
			}
			return f.lastBody("POST", "/messages")
		},
		CheckWire:       func(t *testing.T, scenario string, wire []byte) { goldenJSON(t, scenario, wire) },
		ApproveTemplate: f.srv.ApproveTemplate,
		EmitWebhook:     f.emit,
		WebhookSecrets:  [][]byte{[]byte(f.srv.AppSecret())},
	}
}

// emit builds the webhook the suite asks for with the fake's own
// encoding and delivers it.
func (f *fixture) emit(url string, w providertest.Webhook) error {
	var body []byte
	var err error
	switch w.Kind {
	case providertest.WebhookStatus:
		body, err = f.srv.StatusWebhook(wabaID, w.MessageID, strings.ToLower(string(w.Status)))
	case providertest.WebhookMessage:
		_, body = f.srv.TextWebhook(wabaID, phoneID, w.From, "Ada", w.Text)
	case providertest.WebhookFlowReply:
		_, body, err = f.srv.FlowReplyWebhook(wabaID, phoneID, w.From, w.MessageID, map[string]any{"flow_token": w.FlowToken, "party_size": "2"})
	case providertest.WebhookTemplateStatus:
		body, err = f.srv.TemplateStatusWebhook(w.TemplateID)
	case providertest.WebhookFlowStatus:
		body, err = f.srv.FlowStatusWebhook(w.FlowID, "")
	default:
		return providertest.ErrWebhookKind
	}
	if err != nil {
		return err
	}
	tamper := map[providertest.Tamper]metatest.Tamper{
		providertest.TamperNone: metatest.Untampered, providertest.TamperWrongSecret: metatest.WrongSecret,
		providertest.TamperUnsigned: metatest.Unsigned, providertest.TamperAlteredBody: metatest.AlteredBody,
	}[w.Tamper]
	_, err = f.srv.Deliver(context.Background(), metatest.Delivery{URL: url, Tamper: tamper}, body)
	return err
}

// TestConformance runs the provider suite against the fake, with Meta's
// current rule for edits of published flows and with the legacy one.
func TestConformance(t *testing.T) {
	t.Run("edits_redraft", func(t *testing.T) {
		f := newFixture(t, metatest.Options{}, meta.Options{})
		providertest.TestProvider(t, f.harness(true))
	})
	t.Run("legacy_edits_refused", func(t *testing.T) {
		f := newFixture(t, metatest.Options{LegacyPublishedEdits: true}, meta.Options{})
		h := f.harness(false)
		h.CheckWire = nil // the wire shapes are the same; checked once above
		providertest.TestProvider(t, h)
	})
}

// goldenJSON compares a JSON request body, indented but in wire order,
// with testdata/requests/<scenario>.json.
func goldenJSON(t *testing.T, scenario string, wire []byte) {
	t.Helper()
	providertest.GoldenRequest(t, scenario, wire, *update)
}

// golden compares got with the file at path, rewriting it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	providertest.Golden(t, path, got, *update)
}
