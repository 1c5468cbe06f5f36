package kapso_test

import (
	"context"
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/kapso"
	"github.com/waflow/waflow/providers/kapso/kapsotest"
	"github.com/waflow/waflow/providers/meta/metatest"
	"github.com/waflow/waflow/providers/providertest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

var epoch = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

const (
	phoneID = kapsotest.DefaultPhoneNumberID
	wabaID  = kapsotest.DefaultWABAID
)

// fixture is a provider wired to a fake, with the waits it would have
// slept and everything it logged.
type fixture struct {
	srv  *kapsotest.Server
	p    *kapso.Provider
	app  providers.App
	logs *providertest.LogBuffer

	sleeps providertest.Sleeps
}

func newFixture(t *testing.T, fakeOpts kapsotest.Options, opts kapso.Options) *fixture {
	t.Helper()
	if fakeOpts.Now == nil {
		fakeOpts.Now = func() time.Time { return epoch }
	}
	f := &fixture{srv: kapsotest.New(t, fakeOpts), logs: &providertest.LogBuffer{}}
	opts.BaseURL = f.srv.URL
	opts.Logger = f.logs.Logger()
	opts.Now = fakeOpts.Now
	opts.Sleep = f.sleeps.Sleep
	if opts.Retry.Jitter == nil {
		opts.Retry.Jitter = func(d time.Duration) time.Duration { return d }
	}
	f.p = kapso.New(opts)
	f.app = providers.App{ID: "app-kapso", BSP: providers.BSPKapso, WABAID: wabaID, PhoneNumberID: phoneID,
		Credentials: map[string]string{kapso.CredentialAPIKey: f.srv.APIKey(), kapso.CredentialWebhookSecret: f.srv.WebhookSecret()}}
	return f
}

// requests returns the fake's requests to route.
func (f *fixture) requests(method, route string) []kapsotest.Request {
	var out []kapsotest.Request
	for _, r := range f.srv.Requests() {
		if r.Method == method && r.Route == route {
			out = append(out, r)
		}
	}
	return out
}

// lastBody is the body of the last request with method to route.
func (f *fixture) lastBody(method, route string) ([]byte, bool) {
	reqs := f.requests(method, route)
	if len(reqs) == 0 {
		return nil, false
	}
	return reqs[len(reqs)-1].Body, true
}

func (f *fixture) harness(editPublished bool) providertest.Harness {
	return providertest.Harness{
		Provider:                   f.p,
		App:                        f.app,
		EditPublished:              editPublished,
		GetFlowHasValidationErrors: true,
		StarterDocument:            true,
		TypingIndicator:            true,
		UnknownID:                  "6b617073-ffff-4fff-8fff-000000000000",
		Throttle:                   f.srv.Throttle,
		PublishedJSON:              f.srv.PublishedJSON,
		OpenWindow: func(to string) error {
			f.srv.Meta.Inbound(phoneID, to)
			return nil
		},
		Received: func(res providers.SendResult) ([]byte, bool) {
			if body, ok := f.srv.Meta.Sent(res.ID); ok {
				return body, true
			}
			return f.lastBody("POST", "proxy.messages")
		},
		CheckWire:       func(t *testing.T, scenario string, wire []byte) { goldenJSON(t, scenario, wire) },
		ApproveTemplate: f.srv.Meta.ApproveTemplate,
		EmitWebhook:     f.emit,
		WebhookSecrets:  [][]byte{[]byte(f.srv.WebhookSecret())},
	}
}

// emit builds the webhook the suite asks for as Kapso would send it:
// messages and statuses as kapso-kind events, template statuses as a
// forwarded Meta payload. Flow statuses are left out: Kapso has no such
// event, and Meta's forwarded one names the Meta flow id, which is not
// the remote id the suite knows the flow by.
func (f *fixture) emit(url string, w providertest.Webhook) error {
	var wh kapsotest.Webhook
	switch w.Kind {
	case providertest.WebhookStatus:
		wh = f.srv.Status(phoneID, w.MessageID, "15550001234", strings.ToLower(string(w.Status)))
	case providertest.WebhookMessage:
		_, wh = f.srv.ReceivedText(phoneID, w.From, "Ada", w.Text)
	case providertest.WebhookFlowReply:
		var err error
		_, wh, err = f.srv.ReceivedFlowReply(kapsotest.FlowReply{PhoneNumberID: phoneID, From: w.From, ContextWAMID: w.MessageID,
			Response: map[string]any{"flow_token": w.FlowToken, "party_size": "2"}})
		if err != nil {
			return err
		}
	case providertest.WebhookTemplateStatus:
		body, err := f.srv.Meta.TemplateStatusWebhook(w.TemplateID)
		if err != nil {
			return err
		}
		wh = kapsotest.ForwardMeta(body)
	default:
		return providertest.ErrWebhookKind
	}
	tamper := map[providertest.Tamper]kapsotest.Tamper{
		providertest.TamperNone: kapsotest.Untampered, providertest.TamperWrongSecret: kapsotest.WrongSecret,
		providertest.TamperUnsigned: kapsotest.Unsigned, providertest.TamperAlteredBody: kapsotest.AlteredBody,
	}[w.Tamper]
	_, err := f.srv.Deliver(context.Background(), kapsotest.Delivery{URL: url, Tamper: tamper}, wh)
	return err
}

// TestConformance runs the provider suite against the fake, with Meta's
// current rule for edits of published flows and with the legacy one.
// New flows get Kapso's starter screen (StarterDocument).
func TestConformance(t *testing.T) {
	t.Run("edits_redraft", func(t *testing.T) {
		f := newFixture(t, kapsotest.Options{}, kapso.Options{})
		providertest.TestProvider(t, f.harness(true))
	})
	t.Run("legacy_edits_refused", func(t *testing.T) {
		f := newFixture(t, kapsotest.Options{Meta: metatest.Options{LegacyPublishedEdits: true}}, kapso.Options{})
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
