package meta_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/meta"
	"github.com/waflow/waflow/providers/meta/metatest"
)

var textMessage = providers.OutboundMessage{To: "+15550001234", Type: providers.MessageText, Text: &providers.Text{Body: "hi"}}

// requireKind checks a *providers.Error of kind from op.
func requireKind(t *testing.T, err error, op providers.Operation, kind providers.ErrorKind) *providers.Error {
	t.Helper()
	var pe *providers.Error
	require.ErrorAs(t, err, &pe)
	require.Equal(t, kind, pe.Kind, "kind of %v", err)
	require.Equal(t, op, pe.Operation)
	require.Equal(t, providers.BSPMeta, pe.BSP)
	return pe
}

// draftFlow creates a flow with a valid document.
func draftFlow(t *testing.T, f *fixture) string {
	t.Helper()
	created, err := f.p.CreateFlow(t.Context(), f.app, providers.CreateFlowRequest{Name: "faults", Categories: []string{"OTHER"}})
	require.NoError(t, err)
	verrs, err := f.p.UpdateFlowJSON(t.Context(), f.app, created.ID, []byte(`{"version": "7.3", "screens": [{"id": "A"}]}`))
	require.NoError(t, err)
	require.Empty(t, verrs)
	return created.ID
}

func TestRetriedFaults(t *testing.T) {
	cases := []struct {
		name      string
		method    string
		edge      string
		faults    []metatest.Fault
		call      func(t *testing.T, f *fixture, flowID string) error
		wantWaits []time.Duration
	}{
		{name: "429 honours Retry-After", method: "GET", edge: "",
			faults: []metatest.Fault{metatest.TooManyRequests("7")},
			call: func(t *testing.T, f *fixture, id string) error {
				_, err := f.p.GetFlow(t.Context(), f.app, id)
				return err
			},
			wantWaits: []time.Duration{7 * time.Second}},
		{name: "throughput 130429 as HTTP 400", method: "POST", edge: "messages",
			faults:    []metatest.Fault{metatest.Throttled(130429)},
			call:      sendText,
			wantWaits: []time.Duration{10 * time.Millisecond}},
		{name: "app limit 4, WABA limit 80007, pair limit 131056", method: "POST", edge: "messages",
			faults:    []metatest.Fault{metatest.Throttled(4), metatest.Throttled(80007), metatest.Throttled(131056)},
			call:      sendText,
			wantWaits: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond}},
		{name: "spam 131048 and registration 133016", method: "POST", edge: "messages",
			faults:    []metatest.Fault{metatest.Throttled(131048), metatest.Throttled(133016)},
			call:      sendText,
			wantWaits: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond}},
		{name: "is_transient on a send", method: "POST", edge: "messages",
			faults:    []metatest.Fault{{Status: 500, Code: 131000, Message: "Something went wrong", Transient: true}},
			call:      sendText,
			wantWaits: []time.Duration{10 * time.Millisecond}},
		{name: "5xx on publish", method: "POST", edge: "publish",
			faults:    []metatest.Fault{metatest.InternalError(), metatest.InternalError()},
			call:      func(t *testing.T, f *fixture, id string) error { return f.p.PublishFlow(t.Context(), f.app, id) },
			wantWaits: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond}},
		{name: "HTML 502 on get", method: "GET", edge: "",
			faults: []metatest.Fault{metatest.BadGatewayHTML()},
			call: func(t *testing.T, f *fixture, id string) error {
				_, err := f.p.GetFlow(t.Context(), f.app, id)
				return err
			},
			wantWaits: []time.Duration{10 * time.Millisecond}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, metatest.Options{NoServiceWindow: true}, meta.Options{Retry: meta.RetryPolicy{BaseDelay: 10 * time.Millisecond}})
			id := draftFlow(t, f)
			before := f.requests(tc.method, target(tc.edge, id))
			f.srv.Inject(tc.method, tc.edge, tc.faults...)
			require.NoError(t, tc.call(t, f, id), "the call succeeds once the faults are spent")
			require.Equal(t, tc.wantWaits, f.sleeps.Waits(), "waits between attempts")
			require.Equal(t, len(tc.faults)+1, f.requests(tc.method, target(tc.edge, id))-before, "attempts")
		})
	}
}

func sendText(t *testing.T, f *fixture, _ string) error {
	_, err := f.p.SendMessage(t.Context(), f.app, textMessage)
	return err
}

// target is the end of the request path: the flow itself or an edge.
func target(edge, flowID string) string {
	if edge == "" {
		return flowID
	}
	return "/" + edge
}

func TestRefusedFaults(t *testing.T) {
	cases := []struct {
		name     string
		method   string
		edge     string
		faults   []metatest.Fault
		op       providers.Operation
		call     func(t *testing.T, f *fixture, flowID string) error
		kind     providers.ErrorKind
		code     string
		attempts int
	}{
		{name: "401 is auth and not retried", method: "GET", edge: "", faults: []metatest.Fault{metatest.Unauthorized()},
			op: providers.OpGetFlow, call: getFlow, kind: providers.ErrorAuth, code: "190", attempts: 1},
		{name: "5xx on a send is ambiguous and not retried", method: "POST", edge: "messages", faults: []metatest.Fault{metatest.InternalError()},
			op: providers.OpSendText, call: sendText, kind: providers.ErrorUnavailable, code: "1", attempts: 1},
		{name: "HTML 502 on a send", method: "POST", edge: "messages", faults: []metatest.Fault{metatest.BadGatewayHTML()},
			op: providers.OpSendText, call: sendText, kind: providers.ErrorUnavailable, attempts: 1},
		{name: "throttling outlasting the attempts", method: "POST", edge: "messages",
			faults: []metatest.Fault{metatest.Throttled(130429), metatest.Throttled(130429), metatest.Throttled(130429)},
			op:     providers.OpSendText, call: sendText, kind: providers.ErrorThrottled, code: "130429", attempts: 3},
		{name: "Retry-After beyond MaxDelay is reported, not waited", method: "GET", edge: "",
			faults: []metatest.Fault{metatest.TooManyRequests("3600")},
			op:     providers.OpGetFlow, call: getFlow, kind: providers.ErrorThrottled, code: "4", attempts: 1},
		{name: "outside the 24-hour window", method: "POST", edge: "messages",
			faults: []metatest.Fault{{Code: 131047, Message: "Re-engagement message"}},
			op:     providers.OpSendText, call: sendText, kind: providers.ErrorInvalid, code: "131047", attempts: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, metatest.Options{NoServiceWindow: true}, meta.Options{Retry: meta.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}})
			id := draftFlow(t, f)
			before := f.requests(tc.method, target(tc.edge, id))
			f.srv.Inject(tc.method, tc.edge, tc.faults...)
			pe := requireKind(t, tc.call(t, f, id), tc.op, tc.kind)
			require.Equal(t, tc.code, pe.Code)
			require.Equal(t, tc.attempts, f.requests(tc.method, target(tc.edge, id))-before, "attempts")
			require.Equal(t, pe.Kind == providers.ErrorThrottled || pe.Kind == providers.ErrorUnavailable, providers.Retryable(pe))
		})
	}
}

func getFlow(t *testing.T, f *fixture, id string) error {
	_, err := f.p.GetFlow(t.Context(), f.app, id)
	return err
}

func TestRetryAfterReported(t *testing.T) {
	f := newFixture(t, metatest.Options{}, meta.Options{})
	id := draftFlow(t, f)
	f.srv.Inject("GET", "", metatest.TooManyRequests("3600"))
	_, err := f.p.GetFlow(t.Context(), f.app, id)
	pe := requireKind(t, err, providers.OpGetFlow, providers.ErrorThrottled)
	require.Equal(t, time.Hour, pe.RetryAfter)
	require.Empty(t, f.sleeps.Waits())
}

func TestTimeoutIsUnavailable(t *testing.T) {
	f := newFixture(t, metatest.Options{}, meta.Options{Timeout: 20 * time.Millisecond, Retry: meta.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}})
	id := draftFlow(t, f)
	f.srv.Inject("GET", "", metatest.Slow(2*time.Second), metatest.Slow(2*time.Second))
	start := time.Now()
	_, err := f.p.GetFlow(t.Context(), f.app, id)
	pe := requireKind(t, err, providers.OpGetFlow, providers.ErrorUnavailable)
	require.Contains(t, pe.Message, "timed out after 2 attempt(s)")
	require.True(t, providers.Retryable(err))
	require.Less(t, time.Since(start), time.Second, "each attempt is cut at the timeout")
}

func TestTimeoutOnSendIsNotRetried(t *testing.T) {
	f := newFixture(t, metatest.Options{NoServiceWindow: true}, meta.Options{Timeout: 20 * time.Millisecond, Retry: meta.RetryPolicy{BaseDelay: time.Millisecond}})
	f.srv.Inject("POST", "messages", metatest.Slow(2*time.Second))
	_, err := f.p.SendMessage(t.Context(), f.app, textMessage)
	requireKind(t, err, providers.OpSendText, providers.ErrorUnavailable)
	require.Equal(t, 1, f.requests("POST", "/messages"), "a send that may have reached Meta is not sent twice")
}

func TestGraphErrorKept(t *testing.T) {
	f := newFixture(t, metatest.Options{}, meta.Options{})
	f.srv.Inject("POST", "flows", metatest.Fault{Status: 400, Code: 100, Subcode: 2494010, Message: "Invalid parameter"})
	_, err := f.p.CreateFlow(t.Context(), f.app, providers.CreateFlowRequest{Name: "x", Categories: []string{"OTHER"}})
	pe := requireKind(t, err, providers.OpCreateFlow, providers.ErrorInvalid)
	require.Equal(t, "100", pe.Code)
	require.Equal(t, "Invalid parameter", pe.Message)
	var g *meta.GraphError
	require.True(t, errors.As(err, &g))
	require.Equal(t, 2494010, g.Subcode)
	require.True(t, strings.HasPrefix(g.FBTraceID, "Afake"))
}

func TestExpiredToken(t *testing.T) {
	f := newFixture(t, metatest.Options{ExpiredToken: "EAAold"}, meta.Options{})
	f.app.Credentials[meta.CredentialAccessToken] = "EAAold"
	_, err := f.p.GetFlow(t.Context(), f.app, "1")
	pe := requireKind(t, err, providers.OpGetFlow, providers.ErrorAuth)
	var g *meta.GraphError
	require.ErrorAs(t, err, &g)
	require.Equal(t, 463, g.Subcode)
	require.Equal(t, 401, pe.HTTPStatus)
}

func TestMissingToken(t *testing.T) {
	f := newFixture(t, metatest.Options{}, meta.Options{})
	app := f.app
	app.Credentials = map[string]string{}
	_, err := f.p.GetFlow(t.Context(), app, "1")
	requireKind(t, err, providers.OpGetFlow, providers.ErrorAuth)
	require.Empty(t, f.srv.Requests(), "nothing is sent without a token")
}

// TestCredentialsNeverLogged runs calls that succeed, retry and fail with
// every line logged, and looks for the token and app secret in the logs
// and the errors.
func TestCredentialsNeverLogged(t *testing.T) {
	f := newFixture(t, metatest.Options{NoServiceWindow: true}, meta.Options{Timeout: 50 * time.Millisecond, Retry: meta.RetryPolicy{BaseDelay: time.Millisecond}})
	id := draftFlow(t, f)
	f.srv.Inject("POST", "messages", metatest.Throttled(130429))
	_, err := f.p.SendMessage(t.Context(), f.app, textMessage)
	require.NoError(t, err)
	f.srv.Inject("GET", "", metatest.Unauthorized(), metatest.Slow(time.Second))
	var errs []error
	_, err = f.p.GetFlow(t.Context(), f.app, id)
	errs = append(errs, err)
	_, err = f.p.GetFlow(t.Context(), f.app, id)
	require.NoError(t, err, "a slow answer is retried")
	echo := f.app
	echo.Settings = map[string]string{meta.SettingBaseURL: f.srv.URL + "/?access_token=" + f.srv.Token()}
	_, err = f.p.GetFlow(t.Context(), echo, id)
	errs = append(errs, err)

	logs := f.logs.String()
	require.Contains(t, logs, `"Authorization":"[REDACTED]"`)
	require.Contains(t, logs, "retrying")
	for _, secret := range []string{f.srv.Token(), f.srv.AppSecret()} {
		require.NotContains(t, logs, secret)
		for _, e := range errs {
			require.NotContains(t, e.Error(), secret)
		}
	}
}
