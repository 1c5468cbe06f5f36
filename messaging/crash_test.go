package messaging_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/store"
)

// TestCrashRecovery sends 10,000 events through a server
// (testdata/crashserver, built for the test) that is killed with SIGKILL
// again and again, and checks that every event reaches the
// subscriber at least once after restarts. Duplicates at the subscriber
// are expected (delivery is at least once) and reported.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts a server for up to a minute")
	}
	const (
		webhooks  = 1000
		perHook   = 10
		senders   = 100
		deadline  = 75 * time.Second
		appSecret = "crash-app-secret"
		minKills  = 12
	)
	ctx := context.Background()
	dir := t.TempDir()
	dbURL := "sqlite://" + filepath.Join(dir, "waflow.db")
	master, err := crypto.NewMasterKey(nil)
	require.NoError(t, err)

	var (
		mu        sync.Mutex
		seen      = map[string]int{}
		delivered atomic.Int64
	)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if messaging.VerifyDeliverySignature([][]byte{[]byte(testSubSecret)}, r.Header.Get(messaging.SignatureHeader), body, time.Now(), 0) != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var env messaging.EventEnvelope
		if json.Unmarshal(body, &env) != nil || env.Data.Event == nil || env.Data.Event.Message == nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		seen[env.Data.Event.Message.ID]++
		mu.Unlock()
		delivered.Add(1)
	}))
	t.Cleanup(receiver.Close)

	// The deployment: one Meta app and one subscription.
	func() {
		sealer, err := crypto.NewSealer(master)
		require.NoError(t, err)
		db, err := store.Open(ctx, store.Config{URL: dbURL})
		require.NoError(t, err)
		defer db.Close()
		_, err = apps.NewService(db.Apps(), sealer, apps.Options{}).Create(ctx, apps.App{Name: "crash", BSP: providers.BSPMeta,
			PhoneNumberID: testPhoneID, WABAID: testWABA,
			Credentials: map[string]crypto.Secret{"access_token": "t", "app_secret": appSecret}})
		require.NoError(t, err)
		_, err = messaging.NewSubscriptions(db.Subscriptions(), db.Outbox(), sealer, messaging.SubscriptionOptions{AllowPrivateTargets: true}).
			Create(ctx, messaging.SubscriptionInput{Name: "all", URL: receiver.URL, Events: []messaging.EventType{messaging.EventTypeMessage}, Secret: testSubSecret})
		require.NoError(t, err)
	}()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	logFile, err := os.Create(filepath.Join(dir, "server.log"))
	require.NoError(t, err)
	defer logFile.Close()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is needed to build the server")
	}
	bin := filepath.Join(dir, "crashserver")
	build := exec.Command(goTool, "build", "-o", bin, "./testdata/crashserver")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "build the server: %s", out)
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "-db", dbURL, "-addr", addr, "-master", hex.EncodeToString(master))
		cmd.Stdout, cmd.Stderr = logFile, logFile
		require.NoError(t, cmd.Start())
		return cmd
	}
	var (
		childMu sync.Mutex
		child   = start()
		kills   int
	)
	defer func() {
		childMu.Lock()
		_ = child.Process.Kill()
		_ = child.Wait()
		childMu.Unlock()
	}()

	// The killer: SIGKILL at a random moment of each life, once the server
	// answers (so that every life does some work), restart at once.
	stopKilling := make(chan struct{})
	killerDone := make(chan struct{})
	rng := rand.New(rand.NewPCG(1, 2))
	probe := &http.Client{Timeout: 200 * time.Millisecond}
	ready := func() bool {
		resp, err := probe.Get("http://" + addr + "/wa/v2/webhooks/meta/?hub.mode=subscribe")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return true
	}
	go func() {
		defer close(killerDone)
		for {
			for !ready() {
				select {
				case <-stopKilling:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
			select {
			case <-stopKilling:
				return
			case <-time.After(time.Duration(300+rng.IntN(700)) * time.Millisecond):
			}
			childMu.Lock()
			_ = child.Process.Signal(syscall.SIGKILL)
			_ = child.Wait()
			kills++
			child = start()
			childMu.Unlock()
		}
	}()

	// The BSP: every webhook is posted until it is answered 200, as Meta
	// retries.
	client := &http.Client{Timeout: 5 * time.Second}
	var sent atomic.Int64
	var wg sync.WaitGroup
	work := make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for h := range work {
				events := make([]providers.Event, perHook)
				for i := range events {
					n := h*perHook + i
					events[i] = textMessage(fmt.Sprintf("wamid.crash.%05d", n), fmt.Sprint(16505550000+n%senders), "x")
				}
				body := webhook(t, events...)
				sig := crypto.SignBody([]byte(appSecret), body)
				for {
					req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/wa/v2/webhooks/meta/", bytes.NewReader(body))
					req.Header.Set(crypto.SignatureHeader, sig)
					resp, err := client.Do(req)
					if err == nil {
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode == http.StatusOK {
							break
						}
					}
					time.Sleep(20 * time.Millisecond)
				}
				sent.Add(perHook)
				// Paced so that the sending spans several kills.
				time.Sleep(40 * time.Millisecond)
			}
		}()
	}
	begin := time.Now()
	for h := range webhooks {
		work <- h
	}
	close(work)
	wg.Wait()
	t.Logf("%d events accepted in %s", sent.Load(), time.Since(begin).Round(time.Millisecond))
	// Keep killing while the backlog is processed and delivered.
	require.Eventually(t, func() bool {
		childMu.Lock()
		defer childMu.Unlock()
		return kills >= minKills
	}, deadline, 50*time.Millisecond)
	close(stopKilling)
	<-killerDone

	total := webhooks * perHook
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(seen) == total
	}, deadline-time.Since(begin), 100*time.Millisecond, "events reached the subscriber: see %s", logFile.Name())
	mu.Lock()
	distinct := len(seen)
	mu.Unlock()
	dups := delivered.Load() - int64(distinct)
	t.Logf("crash test: %d events, %d kills, %d delivered to the subscriber, %d distinct, %d duplicates (%.2f%%), %s",
		total, kills, delivered.Load(), distinct, dups, 100*float64(dups)/float64(total), time.Since(begin).Round(time.Millisecond))
}
