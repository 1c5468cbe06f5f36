package providertest

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
)

// WebhookKind names a webhook the suite asks the BSP's server to send.
type WebhookKind string

// Webhook kinds.
const (
	WebhookStatus         WebhookKind = "status"
	WebhookMessage        WebhookKind = "message"
	WebhookFlowReply      WebhookKind = "flow_reply"
	WebhookTemplateStatus WebhookKind = "template_status"
	WebhookFlowStatus     WebhookKind = "flow_status"
)

// Tamper is a way to spoil a delivery that the receiver must refuse.
type Tamper string

// Tampers.
const (
	TamperNone        Tamper = ""
	TamperWrongSecret Tamper = "wrong_secret"
	TamperUnsigned    Tamper = "unsigned"
	TamperAlteredBody Tamper = "altered_body"
)

// Webhook is what the suite asks Harness.EmitWebhook to send. The fields
// used depend on Kind:
//
//	status           MessageID (as SendMessage returned it), Status
//	message          From, Text
//	flow_reply       From, MessageID (the flow message answered), FlowToken
//	template_status  TemplateID
//	flow_status      FlowID
type Webhook struct {
	Kind       WebhookKind
	MessageID  string
	Status     providers.MessageStatus
	From       string
	Text       string
	FlowToken  string
	TemplateID string
	FlowID     string
	Tamper     Tamper
}

// ErrWebhookKind is what EmitWebhook returns for a kind the BSP does not
// send; the suite skips that check.
var ErrWebhookKind = errors.New("providertest: the BSP sends no webhook of this kind")

// delivery is what the suite's receiver made of one POST.
type delivery struct {
	events []providers.Event
	err    error
}

// receiver is the suite's webhook endpoint: it verifies and parses with
// the provider's WebhookReceiver, as the inbound pipeline does.
type receiver struct {
	rcv     providers.WebhookReceiver
	secrets [][]byte
	mu      sync.Mutex
	got     []delivery
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	d := delivery{err: err}
	if err == nil {
		if d.err = r.rcv.VerifyWebhook(r.secrets, req.Header, body); d.err == nil {
			d.events, d.err = r.rcv.ParseWebhook(body)
		}
	}
	r.mu.Lock()
	r.got = append(r.got, d)
	r.mu.Unlock()
	if d.err != nil {
		w.WriteHeader(http.StatusUnauthorized)
	}
}

func (r *receiver) last() (delivery, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.got) == 0 {
		return delivery{}, false
	}
	return r.got[len(r.got)-1], true
}

// webhooks has the BSP's server send each kind of webhook to an endpoint
// that verifies and parses them with the provider: each must give one
// event of the expected kind naming the expected ids. Tampered deliveries
// must fail verification.
func (s *suite) webhooks(t *testing.T) {
	rcv, ok := s.p.(providers.WebhookReceiver)
	if !ok {
		t.Skipf("%s does not implement providers.WebhookReceiver", s.bsp)
	}
	r := &receiver{rcv: rcv, secrets: s.h.WebhookSecrets}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	if s.h.OpenWindow != nil {
		require.NoError(t, s.h.OpenWindow(recipient), "OpenWindow hook")
	}
	sent := s.sentForWebhooks(t)

	emit := func(t *testing.T, w Webhook) (delivery, bool) {
		t.Helper()
		err := s.h.EmitWebhook(srv.URL, w)
		if errors.Is(err, ErrWebhookKind) {
			t.Skipf("%s sends no %s webhook", s.bsp, w.Kind)
		}
		require.NoError(t, err, "EmitWebhook %s", w.Kind)
		d, ok := r.last()
		return d, assert.True(t, ok, "the %s webhook reached the receiver", w.Kind)
	}
	one := func(t *testing.T, w Webhook, kind providers.EventKind) (providers.Event, bool) {
		t.Helper()
		d, ok := emit(t, w)
		if !ok || !assert.NoError(t, d.err, "the %s webhook verifies and parses", w.Kind) ||
			!assert.Len(t, d.events, 1, "the %s webhook gives one event", w.Kind) {
			return providers.Event{}, false
		}
		ev := d.events[0]
		assert.NotEmpty(t, ev.DedupeKey, "every event has a dedupe key")
		return ev, assert.Equal(t, kind, ev.Kind, "event kind")
	}

	t.Run("status", func(t *testing.T) {
		if sent.message.ID == "" {
			t.Skip("no message could be sent to report on")
		}
		ev, ok := one(t, Webhook{Kind: WebhookStatus, MessageID: sent.message.ID, Status: providers.MessageDelivered}, providers.EventStatus)
		if ok && assert.NotNil(t, ev.Status) {
			assert.Contains(t, []string{sent.message.ID, sent.message.WAMID}, ev.Status.MessageID, "the status names the message sent")
			assert.Equal(t, providers.MessageDelivered, ev.Status.Status, "status")
		}
	})
	t.Run("message", func(t *testing.T) {
		ev, ok := one(t, Webhook{Kind: WebhookMessage, From: recipient, Text: "Hello there"}, providers.EventMessage)
		if ok && assert.NotNil(t, ev.Message) {
			assert.NotEmpty(t, ev.Message.ID, "message id")
			assert.Equal(t, recipient, ev.Message.From, "sender")
			assert.Equal(t, "Hello there", ev.Message.Text, "text")
		}
	})
	t.Run("flow_reply", func(t *testing.T) {
		if sent.message.ID == "" {
			t.Skip("no message could be sent to answer")
		}
		ref := messageRef(sent.message)
		ev, ok := one(t, Webhook{Kind: WebhookFlowReply, From: recipient, MessageID: ref, FlowToken: "providertest-token"}, providers.EventMessage)
		if ok && assert.NotNil(t, ev.Message) && assert.NotNil(t, ev.Message.FlowReply, "a flow completion") {
			assert.Equal(t, "providertest-token", ev.Message.FlowReply.FlowToken, "flow token")
			assert.Equal(t, ref, ev.Message.FlowReply.ContextMessageID, "the reply names the flow message")
		}
	})
	t.Run("template_status", func(t *testing.T) {
		if sent.template == "" {
			t.Skip("no template could be created")
		}
		ev, ok := one(t, Webhook{Kind: WebhookTemplateStatus, TemplateID: sent.template}, providers.EventTemplateStatus)
		if ok && assert.NotNil(t, ev.TemplateStatus) {
			assert.Equal(t, sent.template, ev.TemplateStatus.TemplateID, "template id")
			assert.NotEqual(t, providers.TemplateUnknown, ev.TemplateStatus.Status, "a known status")
		}
	})
	t.Run("flow_status", func(t *testing.T) {
		if sent.flow == "" {
			t.Skip("no flow could be created")
		}
		ev, ok := one(t, Webhook{Kind: WebhookFlowStatus, FlowID: sent.flow}, providers.EventFlowStatus)
		if ok && assert.NotNil(t, ev.FlowStatus) {
			assert.Equal(t, sent.flow, ev.FlowStatus.FlowID, "flow id")
		}
	})
	t.Run("tampered", func(t *testing.T) {
		if s.h.UnsignedWebhooks {
			t.Skipf("%s does not sign its webhooks", s.bsp)
		}
		for tamper, want := range map[Tamper]error{
			TamperWrongSecret: providers.ErrWebhookSignature,
			TamperAlteredBody: providers.ErrWebhookSignature,
			TamperUnsigned:    providers.ErrWebhookUnsigned,
		} {
			d, ok := emit(t, Webhook{Kind: WebhookMessage, From: recipient, Text: "tampered", Tamper: tamper})
			if ok {
				assert.ErrorIs(t, d.err, want, "a %s delivery is refused", tamper)
				assert.Empty(t, d.events, "a refused delivery gives no events")
			}
		}
	})
}

// webhookSubjects are what the webhooks report on.
type webhookSubjects struct {
	message  providers.SendResult
	template string
	flow     string
}

// sentForWebhooks sends a text, submits a template and creates a flow, as
// far as the capabilities allow.
func (s *suite) sentForWebhooks(t *testing.T) webhookSubjects {
	ctx := t.Context()
	var out webhookSubjects
	if sender, ok := s.p.(providers.MessageSender); ok && s.caps.Supports(providers.OpSendText) {
		res, err := sender.SendMessage(ctx, s.app, messageFor(providers.OpSendText))
		require.NoError(t, err, "SendMessage of a text to report on")
		out.message = res
	}
	if tm, err := providers.TemplatesOf(s.p, providers.OpCreateTemplate); err == nil {
		created, err := tm.CreateTemplate(ctx, s.app, greetingTemplate("providertest_webhook"))
		require.NoError(t, err, "CreateTemplate to report on")
		out.template = created.ID
	}
	if s.caps.Supports(providers.OpCreateFlow) {
		out.flow = s.create(t, "providertest-webhook")
	}
	return out
}
