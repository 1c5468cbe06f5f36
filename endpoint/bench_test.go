package endpoint_test

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"io"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
)

// BenchmarkEndpoint compares the endpoint with the work it cannot avoid.
//
//   - baseline: one RSA-2048 OAEP-SHA256 decryption of a 16-byte key, on
//     every core. Every request costs at least this.
//   - waflow: INIT requests over HTTP on loopback through the net/http
//     adapter: signature, envelope, flow token, a plain-form script, the
//     answer check against the flow, sealing; the client opens every
//     answer. At least 16 requests are in flight. The requests are sealed
//     and signed before the timer starts (WhatsApp does that work, not the
//     endpoint) and replayed in turn, which the protocol allows.
//
// Both report req/s, and the process's CPU time per request (user and
// system, client included for waflow), which a busy machine disturbs far
// less than the rate; waflow also reports its p99 latency; both report the
// process's peak RSS (VmHWM) so far.
func BenchmarkEndpoint(b *testing.B) {
	key := loadKey(b, "key-current.pem")

	b.Run("baseline", func(b *testing.B) {
		wrapped, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, &key.PublicKey, make([]byte, 16), nil)
		require.NoError(b, err)
		b.ResetTimer()
		cpu := startCPU(b)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := rsa.DecryptOAEP(sha256.New(), nil, key.PrivateKey, wrapped, nil); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		b.ReportMetric(cpu.msPerOp(b), "cpu-ms/req")
		b.ReportMetric(peakRSSMiB(b), "rss-MiB")
	})

	b.Run("waflow", func(b *testing.B) {
		const inFlight = 16
		f := newFixture(b, fixtureOptions{script: "bench.js", host: &script.Options{},
			config: func(c *endpoint.Config) { c.Logger = nil }})
		type sealed struct {
			body, signature []byte
			session         *crypto.ClientSession
		}
		requests := make([]sealed, 256)
		for i := range requests {
			plain := []byte(`{"version":"3.0","action":"INIT","screen":"","data":{},"flow_token":"` + f.token(b) + `"}`)
			body, cs, err := crypto.SealRequest(f.client.pub, plain, nil)
			require.NoError(b, err)
			requests[i] = sealed{body, []byte(crypto.SignBody([]byte(testSecret), body)), cs}
		}
		client := &http.Client{Transport: &http.Transport{MaxIdleConns: 2 * inFlight, MaxIdleConnsPerHost: 2 * inFlight}}
		defer client.CloseIdleConnections()

		var (
			next      atomic.Int64
			mu        sync.Mutex
			latencies []time.Duration
		)
		b.SetParallelism((inFlight + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
		b.ResetTimer()
		cpu := startCPU(b)
		b.RunParallel(func(pb *testing.PB) {
			var mine []time.Duration
			defer func() {
				mu.Lock()
				latencies = append(latencies, mine...)
				mu.Unlock()
			}()
			for pb.Next() {
				r := requests[next.Add(1)%int64(len(requests))]
				start := time.Now()
				if err := post(client, f.server.URL, r.body, string(r.signature), r.session); err != nil {
					b.Error(err)
					return
				}
				mine = append(mine, time.Since(start))
			}
		})
		b.StopTimer()
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		b.ReportMetric(cpu.msPerOp(b), "cpu-ms/req")
		b.ReportMetric(percentile(latencies, 0.99).Seconds()*1000, "p99-ms")
		b.ReportMetric(peakRSSMiB(b), "rss-MiB")
	})
}

// cpuClock measures the process's CPU time (user and system) from its start.
type cpuClock struct{ start time.Duration }

func startCPU(b *testing.B) cpuClock { return cpuClock{processCPU(b)} }

func (c cpuClock) msPerOp(b *testing.B) float64 {
	return float64(processCPU(b)-c.start) / float64(time.Millisecond) / float64(b.N)
}

func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	require.NoError(b, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func post(client *http.Client, url string, body []byte, signature string, cs *crypto.ClientSession) error {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Hub-Signature-256", signature)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return &statusError{resp.StatusCode}
	}
	_, err = cs.OpenResponse(raw)
	return err
}

type statusError struct{ status int }

func (e *statusError) Error() string { return "status " + strconv.Itoa(e.status) }

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[min(len(d)-1, int(float64(len(d))*p))]
}

// peakRSSMiB is the process's peak resident set size, VmHWM.
func peakRSSMiB(b *testing.B) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skipf("no /proc/self/status: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			require.NoError(b, err)
			return kb / 1024
		}
	}
	b.Skip("no VmHWM in /proc/self/status")
	return 0
}
