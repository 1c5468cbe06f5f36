package gupshup_test

import (
	"bytes"
	"context"
	"flag"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/gupshup"
	"github.com/waflow/waflow/providers/gupshup/gupshuptest"
	"github.com/waflow/waflow/providers/providertest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var epoch = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// webhookSecret is the app's shared webhook secret in these tests.
const webhookSecret = "whsec-gupshup-0123456789"

// fixture is a provider wired to a fake, with the waits it would have
// slept and everything it logged.
type fixture struct {
	srv  *gupshuptest.Server
	p    *gupshup.Provider
	app  providers.App
	logs *providertest.LogBuffer
	// flowID is the fault table's flow (see flow).
	flowID string

	sleeps providertest.Sleeps
}

func newFixture(t *testing.T, fakeOpts gupshuptest.Options, opts gupshup.Options) *fixture {
	t.Helper()
	if fakeOpts.Now == nil {
		fakeOpts.Now = func() time.Time { return epoch }
	}
	f := &fixture{srv: gupshuptest.New(t, fakeOpts), logs: &providertest.LogBuffer{}}
	opts.Logger = f.logs.Logger()
	opts.Now = fakeOpts.Now
	opts.Sleep = f.sleeps.Sleep
	if opts.Retry.Jitter == nil {
		opts.Retry.Jitter = func(d time.Duration) time.Duration { return d }
	}
	f.p = gupshup.New(opts)
	f.app = providers.App{ID: "app-gupshup", BSP: providers.BSPGupshup, PhoneNumber: "+" + f.srv.PhoneNumber(),
		Settings: map[string]string{gupshup.SettingAppID: f.srv.AppID(), gupshup.SettingAppName: f.srv.AppName(),
			gupshup.SettingBaseURL: f.srv.URL},
		Credentials: map[string]string{gupshup.CredentialAppToken: f.srv.AppToken(), gupshup.CredentialAPIKey: f.srv.APIKey(),
			gupshup.CredentialWebhookSecret: webhookSecret}}
	return f
}

// withSetting returns the fixture's app with one setting changed.
func (f *fixture) withSetting(key, value string) providers.App {
	app := f.app
	app.Settings = map[string]string{}
	for k, v := range f.app.Settings {
		app.Settings[k] = v
	}
	app.Settings[key] = value
	return app
}

// requests counts the fake's requests with method whose path ends with
// suffix.
func (f *fixture) requests(method, suffix string) int {
	n := 0
	for _, r := range f.srv.Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

func (f *fixture) harness() providertest.Harness {
	return providertest.Harness{
		Provider:                   f.p,
		App:                        f.app,
		EditPublished:              false,
		GetFlowHasValidationErrors: true,
		Throttle:                   f.srv.Throttle,
		PublishedJSON:              f.srv.PublishedJSON,
		PublicKey:                  f.srv.PublicKey,
		Received:                   func(res providers.SendResult) ([]byte, bool) { return f.srv.Sent(res.ID) },
		CheckWire:                  checkWire,
		ApproveTemplate:            f.srv.ApproveTemplate,
		EmitWebhook:                f.emit,
		WebhookSecrets:             [][]byte{[]byte(webhookSecret)},
		UnsignedWebhooks:           true,
	}
}

// emit builds the webhook the suite asks for with the fake's own
// encoding: version 3 for messages and statuses, version 2 for template
// events (the only format that has them). Gupshup has no flow status
// webhook.
func (f *fixture) emit(url string, w providertest.Webhook) error {
	var body []byte
	var err error
	switch w.Kind {
	case providertest.WebhookStatus:
		body, err = f.srv.StatusV3(w.MessageID, strings.ToLower(string(w.Status)), gupshuptest.Failure{})
	case providertest.WebhookMessage:
		_, body, err = f.srv.TextV3(w.From, "Ada", w.Text)
	case providertest.WebhookFlowReply:
		_, body, err = f.srv.FlowReplyV3(w.From, w.MessageID, map[string]any{"flow_token": w.FlowToken, "party_size": "2"})
	case providertest.WebhookTemplateStatus:
		body, err = f.srv.TemplateEventV2(w.TemplateID, "APPROVED", "")
	default:
		return providertest.ErrWebhookKind
	}
	if err != nil {
		return err
	}
	_, err = f.srv.Deliver(context.Background(), gupshuptest.Delivery{URL: url, Header: gupshup.DefaultWebhookHeader, Secret: webhookSecret}, body)
	return err
}

// TestConformance runs the provider suite against the fake. Gupshup
// refuses edits of a published flow ("Flow can only be modified in Draft
// status").
func TestConformance(t *testing.T) {
	f := newFixture(t, gupshuptest.Options{}, gupshup.Options{})
	providertest.TestProvider(t, f.harness())
}

// TestConformanceHonestStatusPluralDelete runs the suite against the
// other readings of Gupshup's docs: a get that keeps the flow's status and
// a delete path in the plural.
func TestConformanceHonestStatusPluralDelete(t *testing.T) {
	f := newFixture(t, gupshuptest.Options{HonestFlowStatus: true, PluralDeletePath: true}, gupshup.Options{})
	h := f.harness()
	h.CheckWire = nil // the wire shapes are the same; checked once above
	providertest.TestProvider(t, h)
}

// checkWire compares a request body with testdata/requests/<scenario>: a
// JSON body indented as .json, a form one field per line as .txt.
func checkWire(t *testing.T, scenario string, wire []byte) {
	t.Helper()
	if bytes.HasPrefix(wire, []byte("{")) {
		providertest.GoldenRequest(t, scenario, wire, *update)
		return
	}
	providertest.Golden(t, filepath.Join("testdata", "requests", scenario+".txt"), formLines(t, wire), *update)
}

// formLines writes a form body one "key=value" line per field, in wire
// order, values decoded: JSON-string fields show as the strings they are.
func formLines(t *testing.T, wire []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, pair := range strings.Split(string(wire), "&") {
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		require.NoError(t, err)
		value, err := url.QueryUnescape(v)
		require.NoError(t, err)
		b.WriteString(key + "=" + value + "\n")
	}
	return b.Bytes()
}
