package fakebsp_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers/internal/fakebsp"
)

func TestTraffic(t *testing.T) {
	var tr fakebsp.Traffic[string, int]
	tr.Inject(fakebsp.Key("POST", "messages"), 1, 2)
	f, ok := tr.Receive("first", fakebsp.Key("POST", "messages"))
	require.True(t, ok)
	require.Equal(t, 1, f)
	_, ok = tr.Receive("other", fakebsp.Key("GET", "messages"))
	require.False(t, ok)
	tr.Record("third")
	f, ok = tr.Take(fakebsp.Key("POST", "messages"))
	require.True(t, ok)
	require.Equal(t, 2, f)
	_, ok = tr.Take(fakebsp.Key("POST", "messages"))
	require.False(t, ok)
	require.Equal(t, []string{"first", "other", "third"}, tr.Requests())
}

func TestFaultAnswer(t *testing.T) {
	answer := func(f fakebsp.Fault) (*httptest.ResponseRecorder, bool) {
		rec := httptest.NewRecorder()
		return rec, f.Answer(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	}
	t.Run("pass", func(t *testing.T) {
		_, answered := answer(fakebsp.Fault{Delay: time.Millisecond})
		require.False(t, answered)
	})
	t.Run("raw", func(t *testing.T) {
		rec, answered := answer(fakebsp.Fault{Status: http.StatusBadGateway, RetryAfter: "3", ContentType: "text/html", Body: "<html>"})
		require.True(t, answered)
		require.Equal(t, http.StatusBadGateway, rec.Code)
		require.Equal(t, "3", rec.Header().Get("Retry-After"))
		require.Equal(t, "text/html", rec.Header().Get("Content-Type"))
		require.Equal(t, "<html>", rec.Body.String())
	})
	t.Run("envelope", func(t *testing.T) {
		rec, answered := answer(fakebsp.Fault{Status: http.StatusTooManyRequests, Envelope: func(w http.ResponseWriter, status int) {
			fakebsp.WriteJSON(w, status, map[string]string{"error": "slow down"})
		}})
		require.True(t, answered)
		require.Equal(t, http.StatusTooManyRequests, rec.Code)
		require.JSONEq(t, `{"error": "slow down"}`, rec.Body.String())
	})
	t.Run("client_gone", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		rec := httptest.NewRecorder()
		require.True(t, fakebsp.Fault{Delay: time.Hour, Status: http.StatusOK}.Answer(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, "/", nil)))
		require.Empty(t, rec.Body.String())
	})
}

func TestPost(t *testing.T) {
	var calls atomic.Int32
	url := fakebsp.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Signed") != "yes" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if calls.Add(1) < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	client := fakebsp.WebhookClient(nil, time.Second)
	header := http.Header{"X-Signed": {"yes"}}
	statuses, err := fakebsp.Post(context.Background(), client, url, header, []byte(`{}`), fakebsp.Backoff(2, time.Millisecond))
	require.NoError(t, err)
	require.Equal(t, []int{503, 503}, statuses)
	statuses, err = fakebsp.Post(context.Background(), client, url, header, []byte(`{}`), fakebsp.Backoff(3, time.Millisecond))
	require.NoError(t, err)
	require.Equal(t, []int{200}, statuses)
	require.Empty(t, fakebsp.Backoff(0, time.Second))
}
