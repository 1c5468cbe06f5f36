package messaging_test

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/store"
	"github.com/waflow/waflow/store/storetest"
)

func (p *pipeline) deliverer(t testing.TB, configure func(*messaging.DelivererOptions)) *messaging.Deliverer {
	t.Helper()
	opts := messaging.DelivererOptions{AllowPrivateTargets: true, Timeout: 2 * time.Second,
		Backoff: messaging.RetryBackoff{Base: time.Second, Max: time.Minute, Jitter: func(d time.Duration) time.Duration { return d }}}
	if configure != nil {
		configure(&opts)
	}
	d, err := messaging.NewDeliverer(p.db.Outbox(), p.db.Subscriptions(), p.sealer, opts)
	require.NoError(t, err)
	return d
}

func deliverAll(t testing.TB, d *messaging.Deliverer) int {
	t.Helper()
	total := 0
	for {
		n, err := d.DeliverOnce(context.Background())
		require.NoError(t, err)
		if n == 0 {
			return total
		}
		total += n
	}
}

func TestDeliveryIsSignedAndCarriesTheEvent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db)
		rcv := newReceiver(t)
		rcv.subscribe(t, p, messaging.EventTypeMessage)
		ctx := context.Background()
		body := webhook(t, textMessage("wamid.1", "16505551234", "hi"), statusEvent("wamid.OUT", "read"))
		require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(body), body))
		p.processAll()
		require.Equal(t, 1, deliverAll(t, p.deliverer(t, nil)))
		got := rcv.received()
		require.Len(t, got, 1, "the status is not subscribed to")
		env := got[0].Envelope
		require.Equal(t, messaging.EventTypeMessage, env.Type)
		require.Equal(t, []string{p.app.ID}, env.Data.AppIDs)
		require.Equal(t, providers.BSPMeta, env.Data.BSP)
		require.Equal(t, "hi", env.Data.Event.Message.Text)
	})
}

func TestDeliveryRetriesThenDiesThenRedelivers(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		clock := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		p := newPipeline(t, db, func(c *pipelineConfig) {
			c.inbound = func(o *messaging.InboundOptions) { o.Now = clock.Now }
		})
		rcv := newReceiver(t, http.StatusServiceUnavailable, http.StatusTooManyRequests, http.StatusRequestTimeout, http.StatusOK)
		rcv.now = clock.Now
		sub := rcv.subscribe(t, p, messaging.EventTypeMessage)
		ctx := context.Background()
		body := webhook(t, textMessage("wamid.1", "1", "hi"))
		require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(body), body))
		p.processAll()
		d := p.deliverer(t, func(o *messaging.DelivererOptions) { o.Now = clock.Now; o.MaxAttempts = 3 })

		// 503, then 429 after 1 s, then 408 after 2 s more: dead after 3.
		for i, wait := range []time.Duration{0, time.Second, 2 * time.Second} {
			clock.Advance(wait)
			require.Equal(t, 1, deliverAll(t, d), "attempt %d", i+1)
			require.Zero(t, deliverAll(t, d), "not due again before its backoff")
		}
		dead, err := p.subs.Deliveries(ctx, sub.ID, messaging.DeliveryDead, "", 0)
		require.NoError(t, err)
		require.Len(t, dead.Deliveries, 1)
		dl := dead.Deliveries[0]
		require.Equal(t, 3, dl.Attempts)
		require.Equal(t, http.StatusRequestTimeout, dl.LastStatus)
		require.Empty(t, rcv.received())

		_, err = p.subs.Redeliver(ctx, sub.ID, "dlv_nope")
		require.ErrorIs(t, err, messaging.ErrDeliveryNotFound)
		subs := messaging.NewSubscriptions(db.Subscriptions(), db.Outbox(), p.sealer,
			messaging.SubscriptionOptions{AllowPrivateTargets: true, Now: clock.Now})
		again, err := subs.Redeliver(ctx, sub.ID, dl.ID)
		require.NoError(t, err)
		require.Equal(t, messaging.DeliveryPending, again.State)
		require.Zero(t, again.Attempts)
		require.Equal(t, 1, deliverAll(t, d))
		require.Len(t, rcv.received(), 1)
		_, err = p.subs.Redeliver(ctx, sub.ID, dl.ID)
		require.ErrorIs(t, err, messaging.ErrDeliveryNotDead)
		done, err := p.subs.Deliveries(ctx, sub.ID, messaging.DeliveryDelivered, "", 0)
		require.NoError(t, err)
		require.Len(t, done.Deliveries, 1)
	})
}

func TestDeliveryFinalOnClientError(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db)
		rcv := newReceiver(t, http.StatusBadRequest)
		sub := rcv.subscribe(t, p, messaging.EventTypeMessage)
		body := webhook(t, textMessage("wamid.1", "1", "hi"))
		require.NoError(t, p.inbound.Receive(context.Background(), providers.BSPMeta, signed(body), body))
		p.processAll()
		require.Equal(t, 1, deliverAll(t, p.deliverer(t, nil)))
		dead, err := p.subs.Deliveries(context.Background(), sub.ID, messaging.DeliveryDead, "", 0)
		require.NoError(t, err)
		require.Len(t, dead.Deliveries, 1)
		require.Equal(t, 1, dead.Deliveries[0].Attempts)
	})
}

func TestBackoffGrows(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		clock := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		p := newPipeline(t, db, func(c *pipelineConfig) {
			c.inbound = func(o *messaging.InboundOptions) { o.Now = clock.Now }
		})
		rcv := newReceiver(t, 500, 500, 500, 500)
		rcv.now = clock.Now
		sub := rcv.subscribe(t, p, messaging.EventTypeMessage)
		body := webhook(t, textMessage("wamid.1", "1", "hi"))
		require.NoError(t, p.inbound.Receive(context.Background(), providers.BSPMeta, signed(body), body))
		p.processAll()
		var jittered []time.Duration
		d := p.deliverer(t, func(o *messaging.DelivererOptions) {
			o.Now = clock.Now
			o.Backoff.Jitter = func(d time.Duration) time.Duration { jittered = append(jittered, d); return d / 2 }
		})
		var gaps []time.Duration
		for range 4 {
			require.Equal(t, 1, deliverAll(t, d))
			page, err := p.subs.Deliveries(context.Background(), sub.ID, messaging.DeliveryPending, "", 0)
			require.NoError(t, err)
			gap := page.Deliveries[0].NextAttemptAt.Sub(clock.Now())
			gaps = append(gaps, gap)
			clock.Advance(gap)
		}
		require.Equal(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}, jittered)
		require.Equal(t, []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second}, gaps)
	})
}

// TestConversationOrder checks that a conversation's deliveries go one at
// a time in queue order, even with a receiver failing on the first, while
// other conversations proceed.
func TestConversationOrder(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		clock := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		p := newPipeline(t, db, func(c *pipelineConfig) {
			c.inbound = func(o *messaging.InboundOptions) { o.Now = clock.Now }
		})
		rcv := newReceiver(t, http.StatusServiceUnavailable)
		rcv.now = clock.Now
		rcv.hold = 5 * time.Millisecond
		rcv.subscribe(t, p, messaging.EventTypeMessage)
		ctx := context.Background()
		for i := range 5 {
			for _, user := range []string{"111", "222", "333"} {
				body := webhook(t, textMessage(fmt.Sprintf("wamid.%s.%d", user, i), user, fmt.Sprint(i)))
				require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(body), body))
				p.processAll()
			}
		}
		d := p.deliverer(t, func(o *messaging.DelivererOptions) { o.Now = clock.Now; o.Concurrency = 8 })
		for range 20 {
			deliverAll(t, d)
			clock.Advance(time.Second)
		}
		got := rcv.received()
		require.Len(t, got, 15)
		require.False(t, rcv.overlap, "two deliveries of one conversation were in flight at once")
		order := map[string][]string{}
		for _, g := range got {
			m := g.Envelope.Data.Event.Message
			order[m.From] = append(order[m.From], m.Text)
		}
		for _, user := range []string{"111", "222", "333"} {
			require.Equal(t, []string{"0", "1", "2", "3", "4"}, order[user], user)
		}
	})
}

// TestTwoWorkersDeliverEachOnce runs two deliverers, as two instances, on
// the same outbox; on PostgreSQL their claims use SKIP LOCKED.
func TestTwoWorkersDeliverEachOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db)
		rcv := newReceiver(t)
		rcv.subscribe(t, p, messaging.EventTypeMessage)
		ctx := context.Background()
		const n = 200
		for i := range n {
			body := webhook(t, textMessage(fmt.Sprintf("wamid.%d", i), fmt.Sprint(1000+i%40), "x"))
			require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(body), body))
		}
		p.processAll()
		var claimed atomic.Int64
		var wg sync.WaitGroup
		for w := range 2 {
			d := p.deliverer(t, func(o *messaging.DelivererOptions) { o.Claimer = fmt.Sprint("worker-", w); o.Batch = 7 })
			wg.Add(1)
			go func() {
				defer wg.Done()
				claimed.Add(int64(deliverAll(t, d)))
			}()
		}
		wg.Wait()
		require.EqualValues(t, n, claimed.Load())
		got := rcv.received()
		require.Len(t, got, n)
		for id, count := range rcv.byEvent {
			require.Equal(t, 1, count, id)
		}
	})
}

type fakeResolver map[string][]netip.Addr

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := r[host]; ok {
		return a, nil
	}
	return nil, fmt.Errorf("no such host %s", host)
}

func TestPrivateTargetsRefused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db)
		ctx := context.Background()
		resolver := fakeResolver{
			"public.example":  {netip.MustParseAddr("93.184.216.34")},
			"private.example": {netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("10.0.0.7")},
		}
		guarded := messaging.NewSubscriptions(db.Subscriptions(), db.Outbox(), p.sealer, messaging.SubscriptionOptions{Resolver: resolver})
		for _, u := range []string{"http://127.0.0.1:9/x", "http://[::1]/x", "http://169.254.169.254/latest", "https://private.example/x",
			"http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0/"} {
			_, err := guarded.Create(ctx, messaging.SubscriptionInput{Name: "n", URL: u, Events: []messaging.EventType{messaging.EventTypeMessage}, Secret: testSubSecret})
			var ve *messaging.ValidationError
			require.ErrorAs(t, err, &ve, u)
			require.Equal(t, "url", ve.Fields[0].Field, u)
		}
		_, err := guarded.Create(ctx, messaging.SubscriptionInput{Name: "n", URL: "https://public.example/x",
			Events: []messaging.EventType{messaging.EventTypeMessage}, Secret: testSubSecret})
		require.NoError(t, err)

		// At delivery time the name now resolves to loopback (DNS
		// rebinding): the connection is refused and the delivery retried.
		rcv := newReceiver(t)
		sub, err := p.subs.Create(ctx, messaging.SubscriptionInput{Name: "rebind", URL: "http://rebind.example:" + rcv.srv.URL[len("http://127.0.0.1:"):] + "/hook",
			Events: []messaging.EventType{messaging.EventTypeMessage}, Secret: testSubSecret})
		require.NoError(t, err)
		body := webhook(t, textMessage("wamid.1", "1", "hi"))
		require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(body), body))
		p.processAll()
		d := p.deliverer(t, func(o *messaging.DelivererOptions) {
			o.AllowPrivateTargets = false
			o.Resolver = fakeResolver{"rebind.example": {netip.MustParseAddr("127.0.0.1")}}
		})
		deliverAll(t, d)
		require.Empty(t, rcv.received())
		page, err := p.subs.Deliveries(ctx, sub.ID, messaging.DeliveryPending, "", 0)
		require.NoError(t, err)
		require.Len(t, page.Deliveries, 1)
		require.Contains(t, page.Deliveries[0].LastError, "loopback")
	})
}
