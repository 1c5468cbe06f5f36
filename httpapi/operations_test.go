package httpapi

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHealthAndReadiness(t *testing.T) {
	h := newHarness(t)

	r := h.doKey("", http.MethodGet, "/healthz", nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, "ok", r.JSON["status"])

	r = h.doKey("", http.MethodGet, "/readyz", nil)
	require.Equal(t, http.StatusOK, r.Status)

	require.NoError(t, h.db.Close())
	r = h.doKey("", http.MethodGet, "/readyz", nil)
	requireError(t, r, http.StatusServiceUnavailable, CodeNotReady)
	require.NotContains(t, string(r.Raw), "sql")
	require.Contains(t, h.logs.String(), `"code":"NOT_READY"`)
	require.Contains(t, h.logs.String(), "closed", "the cause is logged")

	// Liveness does not depend on the store.
	require.Equal(t, http.StatusOK, h.doKey("", http.MethodGet, "/healthz", nil).Status)
}

func TestMetricsCountRequests(t *testing.T) {
	h := newHarness(t)
	id := h.createApp("Metered")
	h.do(http.MethodGet, "/wa/v2/apps/"+id, nil)
	h.do(http.MethodGet, "/wa/v2/apps/app_missing", nil)
	h.doKey("", http.MethodGet, "/wa/v2/apps/", nil)
	h.srv.Metrics().EndpointRequest("flow_1", http.StatusOK)
	h.srv.Metrics().ReconcilerStep("publish", "done")

	r := h.doKey("", http.MethodGet, "/metrics", nil)
	require.Equal(t, http.StatusOK, r.Status)
	body := string(r.Raw)
	for _, want := range []string{
		`waflow_http_requests_total{method="POST",route="/wa/v2/apps/",status="201"} 1`,
		`waflow_http_requests_total{method="GET",route="/wa/v2/apps/:id",status="200"} 1`,
		`waflow_http_requests_total{method="GET",route="/wa/v2/apps/:id",status="404"} 1`,
		`waflow_http_requests_total{method="GET",route="unmatched",status="401"} 1`,
		`waflow_http_request_duration_seconds_count{route="/wa/v2/apps/:id"} 2`,
		`waflow_endpoint_requests_total{flow="flow_1",status="200"} 1`,
		`waflow_reconciler_steps_total{outcome="done",step="publish"} 1`,
		`go_goroutines`,
	} {
		require.Contains(t, body, want)
	}
	require.NotContains(t, body, "app_missing", "raw paths never become labels")
}

func TestAccessLogHasRequestIDAndNoQuery(t *testing.T) {
	h := newHarness(t)
	req, err := http.NewRequest(http.MethodGet, h.base+"/wa/v2/apps/?after=secret-cursor", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+h.key)
	req.Header.Set(HeaderRequestID, "trace-123")
	resp, err := h.client.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, "trace-123", resp.Header.Get(HeaderRequestID))

	logs := h.logs.String()
	require.Contains(t, logs, `"request_id":"trace-123"`)
	require.Contains(t, logs, `"route":"/wa/v2/apps/"`)
	require.NotContains(t, logs, "secret-cursor")
	require.NotContains(t, logs, h.key)

	// A request id that could forge log lines is replaced.
	req.Header.Set(HeaderRequestID, "bad id;level=ERROR")
	resp, err = h.client.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	got := resp.Header.Get(HeaderRequestID)
	require.NotEmpty(t, got)
	require.False(t, strings.ContainsAny(got, " ;="))
}

func TestHeadFollowsGet(t *testing.T) {
	h := newHarness(t)
	r := h.doKey("", http.MethodHead, "/healthz", nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Empty(t, r.Raw)
	require.Equal(t, http.StatusOK, h.do(http.MethodHead, "/wa/v2/apps/", nil).Status)
}
