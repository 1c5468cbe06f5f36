package messaging_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/meta"
	"github.com/waflow/waflow/store"
)

const (
	testAppSecret   = "meta-app-secret"
	testVerifyToken = "verify-me"
	testPhoneID     = "106540352242922"
	testWABA        = "102290129340398"
	testSubSecret   = "subscription-secret-0123456789"
)

// pipeline is the inbound pipeline and the subscriptions over one real
// database, with one META app whose app secret signs the webhooks.
type pipeline struct {
	t       testing.TB
	db      *store.DB
	sealer  *crypto.Sealer
	apps    *apps.Service
	app     apps.App
	inbound *messaging.Inbound
	subs    *messaging.Subscriptions
	sinks   *recordingSinks
	tokens  crypto.Tokens
}

type pipelineConfig struct {
	inbound   func(*messaging.InboundOptions)
	sent      messaging.SentMessages
	subscribe bool
}

func newPipeline(t testing.TB, db *store.DB, configure ...func(*pipelineConfig)) *pipeline {
	t.Helper()
	ctx := context.Background()
	master, err := crypto.NewMasterKey(nil)
	require.NoError(t, err)
	sealer, err := crypto.NewSealer(master)
	require.NoError(t, err)
	p := &pipeline{t: t, db: db, sealer: sealer, sinks: &recordingSinks{},
		tokens: crypto.Tokens{Secrets: [][]byte{[]byte("token-secret")}}}
	p.apps = apps.NewService(db.Apps(), sealer, apps.Options{})
	p.app, err = p.apps.Create(ctx, apps.App{Name: "shop", BSP: providers.BSPMeta, PhoneNumberID: testPhoneID, WABAID: testWABA,
		Credentials: map[string]crypto.Secret{"access_token": "t", "app_secret": testAppSecret, "verify_token": testVerifyToken}})
	require.NoError(t, err)
	p.inbound = p.instance(configure...)
	p.subs = messaging.NewSubscriptions(db.Subscriptions(), db.Outbox(), sealer, messaging.SubscriptionOptions{AllowPrivateTargets: true})
	return p
}

// instance is another process of the same deployment: a new pipeline
// over the same database, apps and master key.
func (p *pipeline) instance(configure ...func(*pipelineConfig)) *messaging.Inbound {
	t, db := p.t, p.db
	var cfg pipelineConfig
	for _, c := range configure {
		c(&cfg)
	}
	opts := messaging.InboundOptions{
		Receivers:     map[providers.BSP]providers.WebhookReceiver{providers.BSPMeta: meta.Webhooks{}, providers.BSPSandbox: meta.Webhooks{}},
		Apps:          p.apps,
		Secrets:       map[providers.BSP][][]byte{providers.BSPSandbox: {[]byte("sandbox-secret")}},
		Statuses:      p.sinks,
		Templates:     p.sinks,
		Flows:         p.sinks,
		Subscriptions: db.Subscriptions(),
		Tokens:        p.tokens,
		Sent:          cfg.sent,
		Retry:         messaging.RetryBackoff{Jitter: func(d time.Duration) time.Duration { return d }},
	}
	if cfg.inbound != nil {
		cfg.inbound(&opts)
	}
	in, err := messaging.NewInbound(db.Inbox(), opts)
	require.NoError(t, err)
	return in
}

// signed returns the header Meta would send with body.
func signed(body []byte) http.Header {
	h := http.Header{}
	h.Set(crypto.SignatureHeader, crypto.SignBody([]byte(testAppSecret), body))
	return h
}

// webhook encodes events as Meta would post them.
func webhook(t testing.TB, events ...providers.Event) []byte {
	t.Helper()
	body, err := meta.EncodeWebhook(events)
	require.NoError(t, err)
	return body
}

func textMessage(id, from, text string) providers.Event {
	return providers.Event{Kind: providers.EventMessage, PhoneNumberID: testPhoneID, WABAID: testWABA,
		At:      time.Unix(1_750_000_000, 0).UTC(),
		Message: &providers.InboundMessage{ID: id, From: from, Type: "text", Text: text}}
}

func statusEvent(id, raw string) providers.Event {
	status, _ := providers.MapMessageStatus(raw)
	at := time.Unix(1_750_000_100, 0).UTC()
	return providers.Event{Kind: providers.EventStatus, PhoneNumberID: testPhoneID, WABAID: testWABA, At: at,
		Status: &providers.StatusUpdate{MessageID: id, Status: status, RawStatus: raw, Recipient: "16505551234", At: at}}
}

// processAll runs the processor until nothing is left.
func (p *pipeline) processAll() {
	p.t.Helper()
	for {
		n, err := p.inbound.ProcessOnce(context.Background())
		require.NoError(p.t, err)
		if n == 0 {
			return
		}
	}
}

func (p *pipeline) inboundMessages() []messaging.InboundRecord {
	p.t.Helper()
	var out []messaging.InboundRecord
	after := ""
	for {
		page, err := p.inbound.ListMessages(context.Background(), after, messaging.MaxPageSize)
		require.NoError(p.t, err)
		out = append(out, page...)
		if len(page) < messaging.MaxPageSize {
			return out
		}
		after = page[len(page)-1].ID
	}
}

// recordingSinks records what the pipeline hands on. failStatuses makes
// the status sink fail that many times first.
type recordingSinks struct {
	mu           sync.Mutex
	statuses     []string
	templates    []string
	flows        []string
	failStatuses int
}

// ApplyStatus records "id status [code]", the id followed by "/wamid"
// when the report carries a wamid other than the id.
func (s *recordingSinks) ApplyStatus(_ context.Context, r messaging.StatusReport) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failStatuses > 0 {
		s.failStatuses--
		return fmt.Errorf("status store unavailable")
	}
	if r.ID == "wamid.unknown" {
		return fmt.Errorf("no such message: %w", messaging.ErrNotFound)
	}
	entry := r.ID
	if r.WAMID != "" && r.WAMID != r.ID {
		entry += "/" + r.WAMID
	}
	entry += " " + string(r.Status)
	if r.Error != nil {
		entry += " " + r.Error.Code
	}
	s.statuses = append(s.statuses, entry)
	return nil
}

func (s *recordingSinks) ApplyTemplateStatus(_ context.Context, appID string, u providers.TemplateStatusUpdate, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.templates = append(s.templates, appID+" "+u.TemplateID+" "+string(u.Status))
	return nil
}

func (s *recordingSinks) ApplyFlowStatus(_ context.Context, appID string, u providers.FlowStatusUpdate, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flows = append(s.flows, appID+" "+u.FlowID+" "+u.Event+" "+string(u.NewStatus)+u.AlertState)
	return nil
}

func (s *recordingSinks) snapshot() (statuses, templates, flows []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.statuses...), append([]string(nil), s.templates...), append([]string(nil), s.flows...)
}

// receiver is a subscriber on loopback that verifies every delivery and
// answers with the statuses it is told, then 200.
type receiver struct {
	t      testing.TB
	srv    *httptest.Server
	secret []byte

	mu       sync.Mutex
	answers  []int
	got      []receivedDelivery
	byEvent  map[string]int
	inFlight map[string]bool
	overlap  bool
	hold     time.Duration
	// now is the clock signatures are checked against.
	now func() time.Time
}

type receivedDelivery struct {
	EventID  string
	Envelope messaging.EventEnvelope
	At       time.Time
}

func newReceiver(t testing.TB, answers ...int) *receiver {
	r := &receiver{t: t, secret: []byte(testSubSecret), answers: answers, byEvent: map[string]int{}, inFlight: map[string]bool{},
		now: time.Now}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if err := messaging.VerifyDeliverySignature([][]byte{r.secret}, req.Header.Get(messaging.SignatureHeader), body, r.now(), 0); err != nil {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var env messaging.EventEnvelope
	if err := json.Unmarshal(body, &env); err != nil || env.ID != req.Header.Get(messaging.EventIDHeader) {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	key := conversationOf(env)
	r.mu.Lock()
	if r.inFlight[key] {
		r.overlap = true
	}
	r.inFlight[key] = true
	status := http.StatusOK
	if len(r.answers) > 0 {
		status, r.answers = r.answers[0], r.answers[1:]
	}
	hold := r.hold
	r.mu.Unlock()
	time.Sleep(hold)
	r.mu.Lock()
	delete(r.inFlight, key)
	if status < 300 {
		r.got = append(r.got, receivedDelivery{EventID: env.ID, Envelope: env, At: time.Now()})
		r.byEvent[env.ID]++
	}
	r.mu.Unlock()
	w.WriteHeader(status)
}

func conversationOf(env messaging.EventEnvelope) string {
	if env.Data.Event != nil && env.Data.Event.Message != nil {
		return env.Data.Event.Message.From
	}
	if env.Data.Response != nil {
		return env.Data.Response.Recipient
	}
	return string(env.Type)
}

func (r *receiver) received() []receivedDelivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]receivedDelivery(nil), r.got...)
}

func (r *receiver) subscribe(t testing.TB, p *pipeline, events ...messaging.EventType) messaging.Subscription {
	t.Helper()
	sub, err := p.subs.Create(context.Background(), messaging.SubscriptionInput{Name: "hook", URL: r.srv.URL + "/hook",
		Events: events, Secret: testSubSecret})
	require.NoError(t, err)
	return sub
}
