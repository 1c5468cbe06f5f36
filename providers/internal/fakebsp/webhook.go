package fakebsp

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// Post posts body to url with header, and posts it again after each wait
// of retries in turn while the answer is not 2xx. It returns the status of
// each attempt, and ctx's error when ctx ends during a wait.
func Post(ctx context.Context, client *http.Client, url string, header http.Header, body []byte, retries []time.Duration) ([]int, error) {
	var statuses []int
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return statuses, err
		}
		req.Header = header.Clone()
		resp, err := client.Do(req)
		if err != nil {
			return statuses, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
		if resp.StatusCode/100 == 2 || attempt >= len(retries) {
			return statuses, nil
		}
		t := time.NewTimer(retries[attempt])
		select {
		case <-ctx.Done():
			t.Stop()
			return statuses, ctx.Err()
		case <-t.C:
		}
	}
}

// Backoff is the retry schedule of attempts deliveries in all (0 means 1)
// with d between them.
func Backoff(attempts int, d time.Duration) []time.Duration {
	out := make([]time.Duration, max(attempts, 1)-1)
	for i := range out {
		out[i] = d
	}
	return out
}

// Reindent is body re-indented: what a receiver gets from a proxy that
// re-encodes JSON after the body was signed.
func Reindent(body []byte) ([]byte, error) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, body, "", "  "); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
