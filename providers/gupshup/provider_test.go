package gupshup_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
	logs *syncBuffer
	// flowID is the fault table's flow (see flow).
	flowID string

	mu     sync.Mutex
	sleeps []time.Duration
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newFixture(t *testing.T, fakeOpts gupshuptest.Options, opts gupshup.Options) *fixture {
	t.Helper()
	if fakeOpts.Now == nil {
		fakeOpts.Now = func() time.Time { return epoch }
	}
	f := &fixture{srv: gupshuptest.New(t, fakeOpts), logs: &syncBuffer{}}
	opts.Logger = slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts.Now = fakeOpts.Now
	opts.Sleep = func(ctx context.Context, d time.Duration) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.sleeps = append(f.sleeps, d)
		return ctx.Err()
	}
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

func (f *fixture) waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
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
		var buf bytes.Buffer
		require.NoError(t, json.Indent(&buf, wire, "", "  "), "the request body is JSON")
		buf.WriteByte('\n')
		golden(t, filepath.Join("testdata", "requests", scenario+".json"), buf.Bytes())
		return
	}
	golden(t, filepath.Join("testdata", "requests", scenario+".txt"), formLines(t, wire))
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

// golden compares got with the file at path, rewriting it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file %s (run with -update to create it)", path)
	require.Equal(t, string(want), string(got), "request body differs from %s", path)
}
