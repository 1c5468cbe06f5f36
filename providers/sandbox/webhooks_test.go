package sandbox_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/meta"
	"github.com/waflow/waflow/providers/sandbox"
)

var hookSecret = []byte("sandbox-webhook-secret-for-tests")

// hookReceiver is a BSP webhook URL on loopback: it checks each body's
// signature as the server does and keeps the events, answering the
// statuses in fail first.
type hookReceiver struct {
	t  *testing.T
	mu sync.Mutex
	// fail answers the first requests with these statuses.
	fail   []int
	posts  int
	events []providers.Event
	got    chan struct{}
}

func newHookReceiver(t *testing.T, fail ...int) (*hookReceiver, string) {
	r := &hookReceiver{t: t, fail: fail, got: make(chan struct{}, 100)}
	srv := httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(srv.Close)
	return r, srv.URL + "/wa/v2/webhooks/sandbox/"
}

func (r *hookReceiver) serve(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if err := (meta.Webhooks{}).VerifyWebhook([][]byte{hookSecret}, req.Header, body); err != nil {
		r.t.Errorf("webhook signature: %v", err)
		w.WriteHeader(http.StatusForbidden)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.posts++
	if len(r.fail) > 0 {
		w.WriteHeader(r.fail[0])
		r.fail = r.fail[1:]
		return
	}
	events, err := (meta.Webhooks{}).ParseWebhook(body)
	if err != nil {
		r.t.Errorf("webhook body: %v", err)
	}
	r.events = append(r.events, events...)
	r.got <- struct{}{}
}

// wait returns the first n events, failing the test when they do not come.
func (r *hookReceiver) wait(n int) []providers.Event {
	r.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		r.mu.Lock()
		if len(r.events) >= n {
			defer r.mu.Unlock()
			return append([]providers.Event(nil), r.events[:n]...)
		}
		r.mu.Unlock()
		select {
		case <-r.got:
		case <-deadline:
			r.t.Fatalf("waited for %d webhook events, got %d", n, len(r.events))
		}
	}
}

// runSandbox runs sb's webhooks until the test ends.
func runSandbox(t *testing.T, sb *sandbox.Sandbox) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sb.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
}

func TestMessagesGoSentDeliveredReadThroughWebhooks(t *testing.T) {
	rcv, url := newHookReceiver(t)
	sb := sandbox.New(sandbox.Options{WebhookURL: url, WebhookSecret: hookSecret,
		DeliveredAfter: 20 * time.Millisecond, ReadAfter: 20 * time.Millisecond})
	runSandbox(t, sb)

	res, err := sb.SendMessage(t.Context(), appA, providers.OutboundMessage{To: "+15550001111", Type: providers.MessageText,
		Text: &providers.Text{Body: "hi"}})
	require.NoError(t, err)

	events := rcv.wait(3)
	var raws []string
	for _, ev := range events {
		require.Equal(t, providers.EventStatus, ev.Kind)
		require.Equal(t, appA.ID, ev.PhoneNumberID, "the app is named by its id")
		require.Equal(t, res.WAMID, ev.Status.MessageID, "statuses name the wamid, as Meta's do")
		require.Equal(t, "15550001111", ev.Status.Recipient)
		raws = append(raws, ev.Status.RawStatus)
	}
	require.Equal(t, []string{"sent", "delivered", "read"}, raws)
	require.Equal(t, []providers.MessageStatus{providers.MessageSent, providers.MessageDelivered, providers.MessageRead},
		[]providers.MessageStatus{events[0].Status.Status, events[1].Status.Status, events[2].Status.Status})
}

func TestTemplateReviewsAndFlowHealthArriveAsWebhooks(t *testing.T) {
	rcv, url := newHookReceiver(t)
	sb := sandbox.New(sandbox.Options{WebhookURL: url, WebhookSecret: hookSecret, TemplateApproval: 30 * time.Millisecond})
	runSandbox(t, sb)
	ctx := t.Context()

	tpl, err := sb.CreateTemplate(ctx, appA, providers.Template{Name: "welcome", Language: "en_US",
		Category: providers.CategoryUtility, Components: []providers.TemplateComponent{{Type: providers.ComponentBody, Text: "Hi"}}})
	require.NoError(t, err)
	require.Equal(t, providers.TemplatePending, tpl.Status)
	ev := rcv.wait(1)[0]
	require.Equal(t, providers.EventTemplateStatus, ev.Kind)
	require.Equal(t, appA.ID, ev.WABAID)
	require.Equal(t, providers.TemplateStatusUpdate{TemplateID: tpl.ID, Name: "welcome", Language: "en_US",
		Status: providers.TemplateApproved, RawStatus: "APPROVED"}, *ev.TemplateStatus)

	require.NoError(t, sb.SetTemplateStatus(appA.ID, tpl.ID, providers.TemplatePaused, "low quality"))
	ev = rcv.wait(2)[1]
	require.Equal(t, providers.TemplatePaused, ev.TemplateStatus.Status)
	require.Equal(t, "low quality", ev.TemplateStatus.Reason)

	flow := newFlow(t, sb, appA, "signup", validJSON)
	require.NoError(t, sb.PublishFlow(ctx, appA, flow))
	require.NoError(t, sb.Throttle(appA.ID, flow))
	ev = rcv.wait(3)[2]
	require.Equal(t, providers.EventFlowStatus, ev.Kind)
	require.Equal(t, flow, ev.FlowStatus.FlowID)
	require.Equal(t, providers.FlowPublished, ev.FlowStatus.OldStatus)
	require.Equal(t, providers.FlowThrottled, ev.FlowStatus.NewStatus)
}

func TestFailedWebhooksAreRetried(t *testing.T) {
	rcv, url := newHookReceiver(t, http.StatusServiceUnavailable)
	sb := sandbox.New(sandbox.Options{WebhookURL: url, WebhookSecret: hookSecret})
	runSandbox(t, sb)

	_, err := sb.SendMessage(t.Context(), appA, providers.OutboundMessage{To: "15550001111", Type: providers.MessageText,
		Text: &providers.Text{Body: "hi"}})
	require.NoError(t, err)
	events := rcv.wait(3)
	require.Equal(t, "sent", events[2].Status.RawStatus, "the refused webhook came again, after the others")
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	require.Equal(t, 4, rcv.posts)
}

func TestRunWithoutWebhooksStopsWithItsContext(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- sb.Run(ctx) }()
	_, err := sb.SendMessage(ctx, appA, providers.OutboundMessage{To: "15550001111", Type: providers.MessageText,
		Text: &providers.Text{Body: "hi"}})
	require.NoError(t, err)
	cancel()
	require.NoError(t, <-done)
}
