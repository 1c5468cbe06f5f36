package messaging_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/meta"
	"github.com/waflow/waflow/store/storetest"
)

// benchWebhooks is a mix of what Meta posts most: user messages, delivery
// statuses and flow completions, one event each, signed.
func benchWebhooks(b *testing.B, n int) ([][]byte, []http.Header) {
	bodies := make([][]byte, n)
	headers := make([]http.Header, n)
	for i := range n {
		var ev providers.Event
		switch i % 3 {
		case 0:
			ev = textMessage(fmt.Sprintf("wamid.bench.%d", i), fmt.Sprint(16505550000+i%500), "Hello, I would like to know more about the offer.")
		case 1:
			ev = statusEvent(fmt.Sprintf("wamid.out.%d", i), "delivered")
		default:
			ev = completion(fmt.Sprintf("wamid.reply.%d", i), fmt.Sprint(16505550000+i%500), "wamid.flow.1",
				time.Unix(1_750_000_000, 0).UTC(), map[string]any{"flow_token": "wf1.token", "name": "Kerry", "size": "M", "accept": true})
		}
		bodies[i] = webhook(b, ev)
		headers[i] = signed(bodies[i])
	}
	return bodies, headers
}

// BenchmarkInbound compares the webhook intake with a bare insert of the
// same bodies. baseline: every body inserted into webhook_inbox in one
// transaction. waflow: each webhook's signature checked, the body stored
// durably through the group commit (64 requests at once, as a burst from
// the BSP arrives) and normalized into events.
func BenchmarkInbound(b *testing.B) {
	const pool = 3000
	b.Run("baseline", func(b *testing.B) {
		db := storetest.SQLite(b)
		bodies, _ := benchWebhooks(b, pool)
		now := time.Now().UTC()
		entries := make([]messaging.InboxEntry, b.N)
		for i := range entries {
			entries[i] = messaging.InboxEntry{BSP: providers.BSPMeta, Body: bodies[i%pool], ReceivedAt: now}
		}
		b.ResetTimer()
		require.NoError(b, db.Inbox().AppendInbox(context.Background(), entries))
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
	b.Run("waflow", func(b *testing.B) {
		p := newPipeline(b, storetest.SQLite(b))
		bodies, headers := benchWebhooks(b, pool)
		ctx := context.Background()
		events := make(chan int, 1024)
		var next atomic.Int64
		b.ResetTimer()
		b.SetParallelism(32)
		b.RunParallel(func(pb *testing.PB) {
			n := 0
			for pb.Next() {
				k := int(next.Add(1)) % pool
				if err := p.inbound.Receive(ctx, providers.BSPMeta, headers[k], bodies[k]); err != nil {
					b.Error(err)
					return
				}
				evs, err := meta.Webhooks{}.ParseWebhook(bodies[k])
				if err != nil {
					b.Error(err)
					return
				}
				n += len(evs)
			}
			events <- n
		})
		b.StopTimer()
		close(events)
		total := 0
		for n := range events {
			total += n
		}
		b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "events/s")
	})
}
