// Command crashserver is the server that TestCrashRecovery kills again and
// again: Meta webhooks in, processing, deliveries out, over one SQLite
// file. It is built without the race detector so that each of its short
// lives does real work.
package main

import (
	"context"
	"encoding/hex"
	"flag"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/meta"
	"github.com/waflow/waflow/store"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "crashserver:", err)
		os.Exit(1)
	}
}

func run() error {
	dbURL := flag.String("db", "", "database URL")
	addr := flag.String("addr", "", "listen address")
	masterHex := flag.String("master", "", "master key, hex")
	flag.Parse()
	ctx := context.Background()
	master, err := hex.DecodeString(*masterHex)
	if err != nil {
		return err
	}
	sealer, err := crypto.NewSealer(master)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, store.Config{URL: *dbURL})
	if err != nil {
		return err
	}
	d, err := messaging.NewDeliverer(db.Outbox(), db.Subscriptions(), sealer, messaging.DelivererOptions{
		AllowPrivateTargets: true, Timeout: time.Second, Lease: 3 * time.Second, Batch: 200, Concurrency: 16,
		Backoff:      messaging.RetryBackoff{Base: 100 * time.Millisecond, Max: time.Second},
		PollInterval: 200 * time.Millisecond,
	})
	if err != nil {
		return err
	}
	in, err := messaging.NewInbound(db.Inbox(), messaging.InboundOptions{
		Receivers:     map[providers.BSP]providers.WebhookReceiver{providers.BSPMeta: meta.Webhooks{}},
		Apps:          apps.NewService(db.Apps(), sealer, apps.Options{}),
		Subscriptions: db.Subscriptions(),
		Delivered:     d.Kick,
		Lease:         2 * time.Second,
		PollInterval:  200 * time.Millisecond,
	})
	if err != nil {
		return err
	}
	go func() { _ = in.Run(ctx) }()
	go func() { _ = d.Run(ctx) }()
	mux := http.NewServeMux()
	mux.Handle("/wa/v2/webhooks/meta/", in.HTTPHandler(providers.BSPMeta))
	return http.ListenAndServe(*addr, mux)
}
