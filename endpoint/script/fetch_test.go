package script

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

const fetchScript = `async function handler(request, env) {
  const {data_exchange: ex} = await request.json();
  try {
    const res = await fetch(env.URL + "/slots?day=" + ex.data.name, {
      method: "POST",
      headers: {"X-Token": env.API_KEY},
      body: JSON.stringify({who: ex.flow_token}),
    });
    const body = await res.json();
    return Response.json({screen: "SLOTS", data: {status: res.status, ok: res.ok, type: res.headers.get("Content-Type"), body}});
  } catch (e) {
    return Response.json({screen: "ERROR", data: {error: String(e)}});
  }
}`

func slotServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"method":%q,"day":%q,"token":%q}`, r.Method, r.URL.Query().Get("day"), r.Header.Get("X-Token"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetch(t *testing.T) {
	allowed, other := slotServer(t), slotServer(t)
	allowedURL, err := url.Parse(allowed.URL)
	require.NoError(t, err)
	redirect := httptest.NewServer(http.RedirectHandler(other.URL+"/slots", http.StatusFound))
	t.Cleanup(redirect.Close)
	redirectURL, err := url.Parse(redirect.URL)
	require.NoError(t, err)

	h := newTestHost(t, Options{AllowedHosts: []string{allowedURL.Host, redirectURL.Host}})
	p := compileString(t, "fetch.js", fetchScript)
	run := func(base string) map[string]any {
		req := testRequest("tok")
		req.Env["URL"] = base
		ans, err := h.Run(context.Background(), p, req)
		require.NoError(t, err)
		return ans.Body
	}

	t.Run("allowed-host", func(t *testing.T) {
		body := run(allowed.URL)
		require.Equal(t, "SLOTS", body["screen"], body)
		require.Equal(t, map[string]any{
			"status": 200.0, "ok": true, "type": "application/json",
			"body": map[string]any{"method": "POST", "day": "Ana", "token": "sk-123456"},
		}, body["data"])
	})
	t.Run("other-host-refused", func(t *testing.T) {
		body := run(other.URL)
		require.Equal(t, "ERROR", body["screen"])
		require.Contains(t, body["data"].(map[string]any)["error"], "is not among the hosts this flow may reach")
	})
	t.Run("redirect-to-other-host-refused", func(t *testing.T) {
		body := run(redirect.URL)
		require.Equal(t, "ERROR", body["screen"])
		require.Contains(t, body["data"].(map[string]any)["error"], "not allowed")
	})
	t.Run("not-http", func(t *testing.T) {
		body := run("file:///etc")
		require.Equal(t, "ERROR", body["screen"])
		require.Contains(t, body["data"].(map[string]any)["error"], "not an absolute http or https URL")
	})
	requireHealthy(t, h)
}

func TestNoFetchWithoutAllowedHosts(t *testing.T) {
	h := newTestHost(t, Options{})
	p := compileString(t, "nofetch.js", `function handle() { return {screen: "A", data: {fetch: typeof fetch}} }`)
	ans, err := h.Run(context.Background(), p, testRequest("tok"))
	require.NoError(t, err)
	require.JSONEq(t, `{"screen":"A","data":{"fetch":"undefined"}}`, string(ans.Raw))
}

func TestAllowList(t *testing.T) {
	l := newAllowList([]string{"API.example.com", "*.svc.example", "127.0.0.1:8080", "[::1]:9000", " "})
	for _, tc := range []struct {
		url  string
		want bool
	}{
		{"https://api.example.com/x", true},
		{"http://api.example.com:8443/x", true},
		{"https://evil.com/api.example.com", false},
		{"https://api.example.com.evil.com/", false},
		{"https://a.svc.example/", true},
		{"https://svc.example/", false},
		{"http://127.0.0.1:8080/", true},
		{"http://127.0.0.1:8081/", false},
		{"http://[::1]:9000/", true},
		{"http://[::1]:9001/", false},
	} {
		u, err := url.Parse(tc.url)
		require.NoError(t, err)
		require.Equal(t, tc.want, l.allows(u), tc.url)
	}
}
