package transport

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestBackoff(t *testing.T) {
	p := Policy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.withDefaults()
	cases := []struct {
		attempt int
		want    time.Duration
	}{{1, 100 * time.Millisecond}, {2, 200 * time.Millisecond}, {3, 400 * time.Millisecond}, {4, 800 * time.Millisecond}, {5, time.Second}, {30, time.Second}}
	for _, c := range cases {
		require.Equal(t, c.want, p.backoff(c.attempt), "attempt %d", c.attempt)
	}
	for range 100 {
		d := halfJitter(time.Second)
		require.True(t, d >= 500*time.Millisecond && d < time.Second, "jitter %v", d)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		header string
		want   time.Duration
	}{
		{"", 0}, {"5", 5 * time.Second}, {"-3", 0}, {"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
	}
	for _, c := range cases {
		require.Equal(t, c.want, RetryAfter(http.Header{"Retry-After": {c.header}}, now), "Retry-After %q", c.header)
	}
}

// answers serves statuses in turn, then 200.
func answers(t *testing.T, statuses ...int) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if i < len(statuses) {
			w.WriteHeader(statuses[i])
			return
		}
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func quickClient(waits *[]time.Duration) *Client {
	return &Client{
		Policy: Policy{BaseDelay: time.Millisecond, Jitter: func(d time.Duration) time.Duration { return d }},
		Sleep: func(ctx context.Context, d time.Duration) error {
			*waits = append(*waits, d)
			return nil
		},
	}
}

func TestRetries(t *testing.T) {
	cases := []struct {
		name       string
		statuses   []int
		idempotent bool
		wantStatus int
		wantCalls  int32
	}{
		{"429 retried for any request", []int{429, 429}, false, 200, 3},
		{"5xx retried when idempotent", []int{500, 503}, true, 200, 3},
		{"5xx not retried otherwise", []int{502}, false, 502, 1},
		{"4xx final", []int{400}, true, 400, 1},
		{"attempts run out", []int{503, 503, 503, 503, 503}, true, 503, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, calls := answers(t, c.statuses...)
			var waits []time.Duration
			resp, err := quickClient(&waits).Do(t.Context(), Request{Method: http.MethodPost, URL: srv.URL, Idempotent: c.idempotent})
			require.NoError(t, err)
			require.Equal(t, c.wantStatus, resp.Status)
			require.Equal(t, c.wantCalls, calls.Load())
			require.Equal(t, int(c.wantCalls), resp.Attempts)
			require.Len(t, waits, int(c.wantCalls)-1)
		})
	}
}

// A connection that cannot be opened reached nobody, so even a creation
// is tried again.
func TestRefusedConnectionRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	var waits []time.Duration
	_, err = quickClient(&waits).Do(t.Context(), Request{Method: http.MethodPost, URL: "http://" + addr + "/x"})
	var te *Error
	require.ErrorAs(t, err, &te)
	require.Equal(t, DefaultMaxAttempts, te.Attempts)
	require.False(t, te.Timeout)
}

func TestCancelledContextStops(t *testing.T) {
	srv, calls := answers(t, 503, 503, 503)
	ctx, cancel := context.WithCancel(t.Context())
	c := &Client{Policy: Policy{BaseDelay: time.Hour}}
	go func() {
		for calls.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	_, err := c.Do(ctx, Request{Method: http.MethodGet, URL: srv.URL, Idempotent: true})
	require.ErrorIs(t, err, context.Canceled)
}

func TestLogsScrubbed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "session=s3cr3t-cookie")
		_, _ = w.Write([]byte(`{"echo":"tok-123456"}`))
	}))
	t.Cleanup(srv.Close)
	var buf bytes.Buffer
	c := &Client{Logger: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	_, err := c.Do(t.Context(), Request{
		Method: http.MethodPost, URL: srv.URL + "/x?access_token=tok-123456&apikey=k-999&limit=5",
		Header: http.Header{"Authorization": {"Bearer tok-123456"}, "Apikey": {"k-999"}},
		Body:   []byte(`token=tok-123456`), Secrets: []string{"tok-123456", "", "k-999"},
	})
	require.NoError(t, err)
	logs := buf.String()
	for _, secret := range []string{"tok-123456", "k-999", "s3cr3t-cookie"} {
		require.NotContains(t, logs, secret)
	}
	require.Contains(t, logs, "limit=5", "other parameters are kept")
	require.Contains(t, logs, Redacted)
}
