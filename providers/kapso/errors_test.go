package kapso_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/kapso"
	"github.com/waflow/waflow/providers/kapso/kapsotest"
	"github.com/waflow/waflow/providers/meta"
	"github.com/waflow/waflow/providers/meta/metatest"
)

// TestFaults injects each of the fake's faults and checks how the
// provider classifies, keeps and retries them.
func TestFaults(t *testing.T) {
	text := providers.OutboundMessage{To: "15550001234", Type: providers.MessageText, Text: &providers.Text{Body: "hi"}}
	send := func(f *fixture, _ string) error {
		_, err := f.p.SendMessage(context.Background(), f.app, text)
		return err
	}
	get := func(f *fixture, id string) error { _, err := f.p.GetFlow(context.Background(), f.app, id); return err }
	create := func(f *fixture, _ string) error {
		_, err := f.p.CreateFlow(context.Background(), f.app, providers.CreateFlowRequest{Name: "faulty"})
		return err
	}
	publish := func(f *fixture, id string) error { return f.p.PublishFlow(context.Background(), f.app, id) }
	for _, c := range []struct {
		name          string
		inject        func(f *fixture)
		call          func(f *fixture, flowID string) error
		method, route string
		kind          providers.ErrorKind // "" means the call succeeds
		status        int
		code, message string
		attempts      int
		waits         []time.Duration
		timeout       time.Duration
	}{
		{name: "401-bad-key", route: "platform.flow", method: "GET", call: get,
			inject: func(f *fixture) { f.srv.Inject("GET", "platform.flow", kapsotest.Unauthorized()) },
			kind:   providers.ErrorAuth, status: 401, message: "Invalid API key", attempts: 1},
		{name: "400-plain-envelope", route: "platform.flows", method: "POST", call: create,
			inject: func(f *fixture) { f.srv.Inject("POST", "platform.flows", kapsotest.Refused(400, "name is too long")) },
			kind:   providers.ErrorInvalid, status: 400, message: "name is too long", attempts: 1},
		{name: "422-nested-envelope", route: "platform.flows", method: "POST", call: create,
			inject: func(f *fixture) {
				f.srv.Inject("POST", "platform.flows", kapsotest.RefusedNested(422, "meta_rejected", "Meta refused the flow"))
			},
			kind: providers.ErrorInvalid, status: 422, code: "meta_rejected", message: "Meta refused the flow", attempts: 1},
		{name: "422-integrity", route: "platform.publish", method: "POST", call: publish,
			inject: func(f *fixture) { f.srv.Inject("POST", "platform.publish", kapsotest.IntegrityBlocked()) },
			kind:   providers.ErrorInvalid, status: 422, message: "Integrity requirements not met", attempts: 1},
		{name: "429-retry-after-honoured", route: "platform.flows", method: "POST", call: create,
			inject:   func(f *fixture) { f.srv.Inject("POST", "platform.flows", kapsotest.TooManyRequests("2")) },
			attempts: 2, waits: []time.Duration{2 * time.Second}},
		{name: "429-retry-after-too-long", route: "proxy.messages", method: "POST", call: send,
			inject: func(f *fixture) { f.srv.Inject("POST", "proxy.messages", kapsotest.TooManyRequests("120")) },
			kind:   providers.ErrorThrottled, status: 429, message: "Rate limit exceeded", attempts: 1},
		{name: "500-idempotent-retried", route: "platform.flow", method: "GET", call: get,
			inject:   func(f *fixture) { f.srv.Inject("GET", "platform.flow", kapsotest.ServerError()) },
			attempts: 2, waits: []time.Duration{250 * time.Millisecond}},
		{name: "500-create-not-retried", route: "platform.flows", method: "POST", call: create,
			inject: func(f *fixture) { f.srv.Inject("POST", "platform.flows", kapsotest.ServerError()) },
			kind:   providers.ErrorUnavailable, status: 500, message: "Internal server error", attempts: 1},
		{name: "502-html", route: "platform.flow", method: "GET", call: get,
			inject: func(f *fixture) {
				f.srv.Inject("GET", "platform.flow", kapsotest.BadGatewayHTML(), kapsotest.BadGatewayHTML(),
					kapsotest.BadGatewayHTML(), kapsotest.BadGatewayHTML())
			},
			kind: providers.ErrorUnavailable, status: 502, message: "HTTP 502 without an error body Kapso or Meta would send", attempts: 4,
			waits: []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second}},
		{name: "timeout-read-retried", route: "platform.flow", method: "GET", call: get, timeout: 50 * time.Millisecond,
			inject:   func(f *fixture) { f.srv.Inject("GET", "platform.flow", kapsotest.Slow(2*time.Second)) },
			attempts: 2, waits: []time.Duration{250 * time.Millisecond}},
		{name: "timeout-create-not-retried", route: "platform.flows", method: "POST", call: create, timeout: 50 * time.Millisecond,
			inject: func(f *fixture) { f.srv.Inject("POST", "platform.flows", kapsotest.Slow(2*time.Second)) },
			kind:   providers.ErrorUnavailable, message: "timed out after 1 attempt(s)", attempts: 1},
		{name: "409-in-flight-retried", route: "proxy.messages", method: "POST", call: send,
			inject:   func(f *fixture) { f.srv.Inject("POST", "proxy.messages", kapsotest.InFlight()) },
			attempts: 2, waits: []time.Duration{250 * time.Millisecond}},
		{name: "409-in-flight-throttled", route: "proxy.messages", method: "POST", call: send,
			inject: func(f *fixture) {
				f.srv.Inject("POST", "proxy.messages", kapsotest.InFlight(), kapsotest.InFlight(), kapsotest.InFlight(), kapsotest.InFlight())
			},
			kind: providers.ErrorThrottled, status: 409, message: "Another message is in-flight for this conversation, retry shortly", attempts: 4,
			waits: []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second}},
		{name: "graph-throttling-passed-through", route: "proxy.messages", method: "POST", call: send,
			inject:   func(f *fixture) { f.srv.Meta.Inject("POST", "messages", metatest.Throttled(130429)) },
			attempts: 2, waits: []time.Duration{250 * time.Millisecond}},
		{name: "graph-error-kept", route: "proxy.messages", method: "POST", call: send,
			inject: func(f *fixture) {
				f.srv.Meta.Inject("POST", "messages", metatest.Fault{Status: 400, Code: 131047, Message: "Re-engagement message"})
			},
			kind: providers.ErrorInvalid, status: 400, code: "131047", message: "Re-engagement message", attempts: 1},
		{name: "graph-permission-classified-as-meta-does", route: "proxy.messages", method: "POST", call: send,
			inject: func(f *fixture) {
				f.srv.Meta.Inject("POST", "messages", metatest.Fault{Status: 400, Code: 200, Message: "Permissions error"})
			},
			kind: providers.ErrorAuth, status: 400, code: "200", message: "Permissions error", attempts: 1},
		{name: "403-phone-outside-project", route: "proxy.deprecate", method: "POST", inject: func(*fixture) {},
			call: func(f *fixture, id string) error {
				f.app.PhoneNumberID = "999"
				return f.p.DeprecateFlow(context.Background(), f.app, id)
			},
			kind: providers.ErrorAuth, status: 403, message: "The phone number does not belong to this project", attempts: 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, kapsotest.Options{Meta: metatest.Options{NoServiceWindow: true}}, kapso.Options{Timeout: c.timeout})
			created, err := f.p.CreateFlow(t.Context(), f.app, providers.CreateFlowRequest{Name: "target"})
			require.NoError(t, err)
			before := len(f.requests(c.method, c.route))
			c.inject(f)
			err = c.call(f, created.ID)
			require.Equal(t, c.attempts, len(f.requests(c.method, c.route))-before, "attempts")
			require.Equal(t, c.waits, f.sleeps.Waits(), "waits between attempts")
			if c.kind == "" {
				require.NoError(t, err)
				return
			}
			var pe *providers.Error
			require.ErrorAs(t, err, &pe)
			require.Equal(t, providers.BSPKapso, pe.BSP)
			require.Equal(t, c.kind, pe.Kind, "%v", err)
			require.Equal(t, c.status, pe.HTTPStatus)
			require.Equal(t, c.code, pe.Code)
			require.Equal(t, c.message, pe.Message)
			require.Equal(t, c.kind == providers.ErrorThrottled || c.kind == providers.ErrorUnavailable, providers.Retryable(err))
			if c.code == "131047" {
				var g *meta.GraphError
				require.True(t, errors.As(err, &g), "the Graph error is kept whole")
				require.NotEmpty(t, g.FBTraceID)
			}
		})
	}
}

func TestThrottledRetryAfterKept(t *testing.T) {
	f := newFixture(t, kapsotest.Options{}, kapso.Options{})
	f.srv.Inject("GET", "platform.flow", kapsotest.TooManyRequests("120"))
	_, err := f.p.GetFlow(t.Context(), f.app, "6b617073-0000-4000-8000-000000000001")
	var pe *providers.Error
	require.ErrorAs(t, err, &pe)
	require.Equal(t, 120*time.Second, pe.RetryAfter)
}

func TestMissingAPIKey(t *testing.T) {
	f := newFixture(t, kapsotest.Options{}, kapso.Options{})
	f.app.Credentials = map[string]string{}
	_, err := f.p.GetFlow(t.Context(), f.app, "6b617073-0000-4000-8000-000000000001")
	var pe *providers.Error
	require.ErrorAs(t, err, &pe)
	require.Equal(t, providers.ErrorAuth, pe.Kind)
	require.Empty(t, f.srv.Requests(), "nothing is sent without a key")
}

// TestLogsRedactCredentials: the API key and the webhook secret never
// reach a log line, whatever the call and however it fails.
func TestLogsRedactCredentials(t *testing.T) {
	f := newFixture(t, kapsotest.Options{EmptyDrafts: true}, kapso.Options{})
	f.srv.Inject("POST", "platform.versions", kapsotest.ServerError())
	ctx := t.Context()
	created, err := f.p.CreateFlow(ctx, f.app, providers.CreateFlowRequest{Name: "logged", Categories: []string{"OTHER"}})
	require.NoError(t, err)
	_, err = f.p.UpdateFlowJSON(ctx, f.app, created.ID, []byte(validFlow))
	require.NoError(t, err)
	_, err = f.p.SendMessage(ctx, f.app, providers.OutboundMessage{To: "1555", Type: providers.MessageText,
		Text: &providers.Text{Body: "the key is " + f.srv.APIKey()}})
	require.Error(t, err)
	logs := f.logs.String()
	require.Contains(t, logs, `"bsp":"KAPSO"`)
	require.Contains(t, logs, "[REDACTED]")
	for _, secret := range []string{f.srv.APIKey(), f.srv.WebhookSecret()} {
		require.False(t, strings.Contains(logs, secret), "a log line holds a credential")
	}
}
