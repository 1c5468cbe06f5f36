package metatest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers/meta/metatest"
)

var epoch = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// graph calls the fake with the accepted token.
func graph(t *testing.T, s *metatest.Server, method, path, contentType, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL+"/v23.0/"+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.Token())
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

func code(out map[string]any) float64 {
	e, _ := out["error"].(map[string]any)
	c, _ := e["code"].(float64)
	return c
}

func TestStrictness(t *testing.T) {
	s := metatest.New(t, metatest.Options{Now: func() time.Time { return epoch }})
	cases := []struct {
		name, method, path, ct, body string
		status                       int
		code                         float64
	}{
		{"flow_json must be a string", "POST", "1/flows", "application/json", `{"name":"a","categories":["OTHER"],"flow_json":{"version":"7.3"}}`, 400, 100},
		{"categories from Meta's list", "POST", "1/flows", "application/json", `{"name":"a","categories":["GAMES"]}`, 400, 100},
		{"form categories as a JSON string", "POST", "1/flows", "application/x-www-form-urlencoded", `name=b&categories=%5B%22OTHER%22%5D`, 200, 0},
		{"unknown id", "GET", "999", "", "", 400, 100},
		{"assets are multipart only", "POST", "1/assets", "application/json", `{}`, 400, 100},
		{"messages need messaging_product", "POST", "2/messages", "application/json", `{"to":"15550001234","type":"text","text":{"body":"x"}}`, 400, 100},
		{"outside the service window", "POST", "2/messages", "application/json", `{"messaging_product":"whatsapp","to":"15550001234","type":"text","text":{"body":"x"}}`, 400, 131047},
		{"missing template is a 404", "POST", "2/messages", "application/json", `{"messaging_product":"whatsapp","to":"15550001234","type":"template","template":{"name":"nope","language":{"code":"en_US"}}}`, 404, 132001},
		{"a short key is refused", "POST", "2/whatsapp_business_encryption", "application/x-www-form-urlencoded", "business_public_key=abc", 400, 100},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, out := graph(t, s, c.method, c.path, c.ct, c.body)
			require.Equal(t, c.status, status, "%v", out)
			require.Equal(t, c.code, code(out))
		})
	}
}

func TestAuth(t *testing.T) {
	s := metatest.New(t, metatest.Options{})
	for _, header := range []string{"", "Bearer wrong", s.Token()} {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+"/v23.0/1/flows", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", header)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "Authorization %q", header)
	}
}

func TestPaging(t *testing.T) {
	s := metatest.New(t, metatest.Options{})
	for _, name := range []string{"a", "b", "c"} {
		status, _ := graph(t, s, "POST", "7/flows", "application/json", `{"name":"`+name+`","categories":["OTHER"]}`)
		require.Equal(t, 200, status)
	}
	_, first := graph(t, s, "GET", "7/flows?limit=2", "", "")
	require.Len(t, first["data"], 2)
	paging := first["paging"].(map[string]any)
	require.NotEmpty(t, paging["next"])
	after := paging["cursors"].(map[string]any)["after"].(string)
	_, second := graph(t, s, "GET", "7/flows?limit=2&after="+after, "", "")
	require.Len(t, second["data"], 1)
	require.Nil(t, second["paging"].(map[string]any)["next"], "no next page after the last")
}

// TestDeliver checks the signature of each delivery the way a receiver
// must: over the raw bytes.
func TestDeliver(t *testing.T) {
	s := metatest.New(t, metatest.Options{Now: func() time.Time { return epoch }})
	var got []error
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		err := crypto.VerifyBodySignature([][]byte{[]byte(s.AppSecret())}, body, r.Header.Get(crypto.SignatureHeader))
		got = append(got, err)
		if err != nil {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	t.Cleanup(rcv.Close)
	_, body := s.TextWebhook("1", "2", "15550001234", "Ada", "hello")
	cases := []struct {
		tamper metatest.Tamper
		want   error
	}{
		{metatest.Untampered, nil},
		{metatest.WrongSecret, crypto.ErrSignatureMismatch},
		{metatest.Unsigned, crypto.ErrSignatureMissing},
		{metatest.AlteredBody, crypto.ErrSignatureMismatch},
		{metatest.Reserialized, crypto.ErrSignatureMismatch},
	}
	for _, c := range cases {
		_, err := s.Deliver(context.Background(), metatest.Delivery{URL: rcv.URL, Tamper: c.tamper}, body)
		require.NoError(t, err)
		if c.want == nil {
			require.NoError(t, got[len(got)-1])
		} else {
			require.ErrorIs(t, got[len(got)-1], c.want, "tamper %d", c.tamper)
		}
	}
	statuses, err := s.Deliver(context.Background(), metatest.Delivery{URL: rcv.URL, Tamper: metatest.WrongSecret, Attempts: 3}, body)
	require.NoError(t, err)
	require.Equal(t, []int{401, 401, 401}, statuses, "a refused delivery is retried as Meta does")

	batch, err := metatest.Batch(body, body)
	require.NoError(t, err)
	var env struct{ Entry []any }
	require.NoError(t, json.Unmarshal(batch, &env))
	require.Len(t, env.Entry, 2)
}

func TestSubscribe(t *testing.T) {
	s := metatest.New(t, metatest.Options{})
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("hub.mode") != "subscribe" || q.Get("hub.verify_token") != "vt" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		_, _ = io.WriteString(w, q.Get("hub.challenge"))
	}))
	t.Cleanup(rcv.Close)
	status, body, err := s.Subscribe(t.Context(), rcv.URL, "vt", "1158201444")
	require.NoError(t, err)
	require.Equal(t, 200, status)
	require.Equal(t, "1158201444", body)
	status, _, err = s.Subscribe(t.Context(), rcv.URL, "wrong", "1")
	require.NoError(t, err)
	require.Equal(t, 403, status)
}
