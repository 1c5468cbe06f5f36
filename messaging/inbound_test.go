package messaging_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/store"
	"github.com/waflow/waflow/store/storetest"
)

func TestReceiveRefusesBadSignaturesAndStoresNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db)
		body := webhook(t, textMessage("wamid.A", "16505551234", "h\u00e9llo"))
		var decoded any
		require.NoError(t, json.Unmarshal(body, &decoded))
		reserialised, err := json.Marshal(decoded)
		require.NoError(t, err)
		altered := bytes.Replace(body, []byte("16505551234"), []byte("16505559999"), 1)
		wrong := http.Header{}
		wrong.Set(crypto.SignatureHeader, crypto.SignBody([]byte("not-the-secret"), body))

		cases := []struct {
			name   string
			header http.Header
			body   []byte
			status int
		}{
			{"missing", http.Header{}, body, http.StatusUnauthorized},
			{"wrong secret", wrong, body, http.StatusForbidden},
			{"body altered", signed(body), altered, http.StatusForbidden},
			{"re-serialised JSON", signed(body), reserialised, http.StatusForbidden},
			{"malformed header", http.Header{crypto.SignatureHeader: {"sha256=zz"}}, body, http.StatusForbidden},
		}
		for _, c := range cases {
			err := p.inbound.Receive(context.Background(), providers.BSPMeta, c.header, c.body)
			require.Error(t, err, c.name)
			require.Equal(t, c.status, messaging.InboundStatus(err), c.name)
		}
		n, err := p.inbound.ProcessOnce(context.Background())
		require.NoError(t, err)
		require.Zero(t, n, "nothing was stored")
		require.Empty(t, p.inboundMessages())
	})
}

func TestReceiveLimitsAndUnknownBSP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db, func(c *pipelineConfig) {
			c.inbound = func(o *messaging.InboundOptions) { o.MaxBodyBytes = 64 }
		})
		big := webhook(t, textMessage("wamid.big", "1", string(bytes.Repeat([]byte("x"), 100))))
		err := p.inbound.Receive(context.Background(), providers.BSPMeta, signed(big), big)
		require.Equal(t, http.StatusRequestEntityTooLarge, messaging.InboundStatus(err))
		err = p.inbound.Receive(context.Background(), providers.BSPGupshup, signed(big), big)
		require.Equal(t, http.StatusNotFound, messaging.InboundStatus(err))
	})
}

func TestSandboxSecretAndNewAppSecret(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db)
		body := webhook(t, textMessage("wamid.S", "1", "hi"))
		h := http.Header{}
		h.Set(crypto.SignatureHeader, crypto.SignBody([]byte("sandbox-secret"), body))
		require.NoError(t, p.inbound.Receive(context.Background(), providers.BSPSandbox, h, body))
		// Meta's secrets do not sign the sandbox's webhooks.
		err := p.inbound.Receive(context.Background(), providers.BSPSandbox, signed(body), body)
		require.Equal(t, http.StatusForbidden, messaging.InboundStatus(err))
	})
}

func TestHandshake(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db)
		cases := []struct {
			name  string
			query string
			ok    bool
		}{
			{"right token", "hub.mode=subscribe&hub.challenge=42&hub.verify_token=" + testVerifyToken, true},
			{"wrong token", "hub.mode=subscribe&hub.challenge=42&hub.verify_token=nope", false},
			{"missing mode", "hub.challenge=42&hub.verify_token=" + testVerifyToken, false},
		}
		for _, c := range cases {
			q, err := url.ParseQuery(c.query)
			require.NoError(t, err)
			challenge, err := p.inbound.Handshake(context.Background(), providers.BSPMeta, q)
			if c.ok {
				require.NoError(t, err, c.name)
				require.Equal(t, "42", challenge)
			} else {
				require.ErrorIs(t, err, messaging.ErrHandshakeRefused, c.name)
				require.Equal(t, http.StatusForbidden, messaging.InboundStatus(err))
			}
		}
	})
}

func TestDuplicatesAreStoredOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db)
		rcv := newReceiver(t)
		sub := rcv.subscribe(t, p, messaging.EventTypeMessage, messaging.EventTypeStatus)
		ctx := context.Background()

		twice := webhook(t, textMessage("wamid.D1", "16505551234", "one"), statusEvent("wamid.OUT", "delivered"))
		require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(twice), twice))
		require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(twice), twice))

		concurrent := webhook(t, textMessage("wamid.D2", "16505551234", "two"))
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(concurrent), concurrent))
			}()
		}
		wg.Wait()
		// A redelivery after the first was processed is recognised too.
		p.processAll()
		require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(concurrent), concurrent))
		p.processAll()

		msgs := p.inboundMessages()
		require.Len(t, msgs, 2)
		require.ElementsMatch(t, []string{"wamid.D1", "wamid.D2"}, []string{msgs[0].Message.ID, msgs[1].Message.ID})
		require.Equal(t, p.app.ID, msgs[0].AppID)
		statuses, _, _ := p.sinks.snapshot()
		require.Equal(t, []string{"wamid.OUT DELIVERED"}, statuses)
		page, err := p.subs.Deliveries(ctx, sub.ID, "", "", 0)
		require.NoError(t, err)
		require.Len(t, page.Deliveries, 3, "two messages and one status, each once")
	})
}

// TestConcurrentProcessorsDedupe runs two processors over the same
// duplicated webhooks, as two instances sharing a database would.
func TestConcurrentProcessorsDedupe(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db, func(c *pipelineConfig) {
			c.inbound = func(o *messaging.InboundOptions) { o.ClaimBatch = 1 }
		})
		second := p.instance()
		ctx := context.Background()
		body := webhook(t, textMessage("wamid.C", "1", "x"))
		for range 6 {
			require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(body), body))
		}
		var wg sync.WaitGroup
		for _, in := range []*messaging.Inbound{p.inbound, second} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					n, err := in.ProcessOnce(ctx)
					require.NoError(t, err)
					if n == 0 {
						return
					}
				}
			}()
		}
		wg.Wait()
		require.Len(t, p.inboundMessages(), 1)
	})
}

func TestProcessHandsEventsToSinks(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db)
		ctx := context.Background()
		failed := statusEvent("wamid.OUT3", "failed")
		failed.Status.Errors = []providers.EventError{{Code: "131047", Title: "Re-engagement message"}}
		at := time.Unix(1_750_000_200, 0).UTC()
		body := webhook(t, statusEvent("wamid.OUT1", "read"), failed, statusEvent("wamid.unknown", "sent"),
			providers.Event{Kind: providers.EventTemplateStatus, WABAID: testWABA, At: at,
				TemplateStatus: &providers.TemplateStatusUpdate{TemplateID: "594425479261596", Name: "promo", Language: "en",
					Status: providers.TemplatePaused, RawStatus: "PAUSED"}},
			providers.Event{Kind: providers.EventFlowStatus, WABAID: testWABA, At: at,
				FlowStatus: &providers.FlowStatusUpdate{FlowID: "6627390910605886", Event: "FLOW_STATUS_CHANGE",
					OldStatus: providers.FlowPublished, NewStatus: providers.FlowThrottled}})
		require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(body), body))
		p.processAll()
		statuses, templates, flows := p.sinks.snapshot()
		require.Equal(t, []string{"wamid.OUT1 READ", "wamid.OUT3 FAILED 131047"}, statuses)
		require.Equal(t, []string{p.app.ID + " 594425479261596 PAUSED"}, templates)
		require.Equal(t, []string{p.app.ID + " 6627390910605886 FLOW_STATUS_CHANGE THROTTLED"}, flows)
	})
}

func TestSinkFailureRetriesTheWebhook(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		clock := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		p := newPipeline(t, db, func(c *pipelineConfig) {
			c.inbound = func(o *messaging.InboundOptions) {
				o.Now = clock.Now
				o.Retry.Base = time.Second
			}
		})
		p.sinks.failStatuses = 2
		ctx := context.Background()
		body := webhook(t, statusEvent("wamid.OUT1", "sent"), textMessage("wamid.M", "1", "x"))
		require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(body), body))

		n, err := p.inbound.ProcessOnce(ctx)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.Empty(t, p.inboundMessages(), "nothing of a failed entry is recorded")
		n, err = p.inbound.ProcessOnce(ctx)
		require.NoError(t, err)
		require.Zero(t, n, "not due before its backoff")

		clock.Advance(time.Second)
		p.processAll() // the second failure
		require.Empty(t, p.inboundMessages())
		clock.Advance(2 * time.Second)
		p.processAll()
		require.Len(t, p.inboundMessages(), 1)
		statuses, _, _ := p.sinks.snapshot()
		require.Equal(t, []string{"wamid.OUT1 SENT"}, statuses)
	})
}

func TestUnreadableBodyIsKeptNotRetried(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db)
		body := []byte(`{"object":"page","entry":[]}`)
		require.NoError(t, p.inbound.Receive(context.Background(), providers.BSPMeta, signed(body), body))
		p.processAll()
		n, err := p.inbound.ProcessOnce(context.Background())
		require.NoError(t, err)
		require.Zero(t, n)
	})
}

// A crash between the 200 and the processing loses nothing: a second
// pipeline over the same database (the restarted process) processes what
// the first stored, once its lease runs out.
func TestStoredWebhookSurvivesARestart(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		clock := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		withClock := func(c *pipelineConfig) {
			c.inbound = func(o *messaging.InboundOptions) { o.Now = clock.Now; o.Lease = time.Minute }
		}
		p := newPipeline(t, db, withClock)
		ctx := context.Background()
		body := webhook(t, textMessage("wamid.R", "1", "x"))
		require.NoError(t, p.inbound.Receive(ctx, providers.BSPMeta, signed(body), body))
		// The first process claims the entry and dies before finishing.
		claimed, err := db.Inbox().ClaimInbox(ctx, clock.Now(), time.Minute, 10)
		require.NoError(t, err)
		require.Len(t, claimed, 1)

		p.inbound = p.instance(withClock)
		p.processAll()
		require.Empty(t, p.inboundMessages(), "leased by the dead process")
		clock.Advance(time.Minute)
		p.processAll()
		require.Len(t, p.inboundMessages(), 1)
	})
}

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
