package infobip_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/infobip"
	"github.com/waflow/waflow/providers/infobip/infobiptest"
)

var t0 = context.Background()

func textMessage() providers.OutboundMessage {
	return providers.OutboundMessage{To: "+15550001234", Type: providers.MessageText, Text: &providers.Text{Body: "Hello"}}
}

// TestFaults injects each of the fake's faults and checks how the
// provider classifies, retries and reports them.
func TestFaults(t *testing.T) {
	cases := []struct {
		name     string
		method   string
		route    string
		faults   []infobiptest.Fault
		call     func(f fixture) error
		kind     providers.ErrorKind // "" means success
		code     string
		attempts int
		waits    []time.Duration
	}{
		{name: "401 classic envelope", method: "POST", route: infobiptest.RouteSendText, faults: []infobiptest.Fault{infobiptest.Unauthorized()},
			call: sendText, kind: providers.ErrorAuth, code: "UNAUTHORIZED", attempts: 1},
		{name: "400 serviceException", method: "POST", route: infobiptest.RouteSendText,
			faults: []infobiptest.Fault{infobiptest.ClassicBadRequest("BAD_REQUEST", "Invalid destination address")},
			call:   sendText, kind: providers.ErrorInvalid, code: "BAD_REQUEST", attempts: 1},
		{name: "429 with Retry-After, retried", method: "POST", route: infobiptest.RouteSendText,
			faults: []infobiptest.Fault{infobiptest.TooManyRequests("2")}, call: sendText, attempts: 2, waits: []time.Duration{2 * time.Second}},
		{name: "429 beyond MaxDelay reported", method: "POST", route: infobiptest.RouteSendText,
			faults: []infobiptest.Fault{infobiptest.TooManyRequests("3600")}, call: sendText, kind: providers.ErrorThrottled, code: "E429", attempts: 1},
		{name: "500 on a send not retried", method: "POST", route: infobiptest.RouteSendText,
			faults: []infobiptest.Fault{infobiptest.InternalError()}, call: sendText, kind: providers.ErrorUnavailable, code: "E500", attempts: 1},
		{name: "500 on publish retried", method: "POST", route: infobiptest.RoutePublish,
			faults: []infobiptest.Fault{infobiptest.InternalError(), infobiptest.InternalError()}, call: publishFresh, attempts: 3,
			waits: []time.Duration{time.Millisecond, 2 * time.Millisecond}},
		{name: "HTML 502 without envelope", method: "GET", route: infobiptest.RouteTemplates,
			faults: []infobiptest.Fault{infobiptest.BadGatewayHTML(), infobiptest.BadGatewayHTML(), infobiptest.BadGatewayHTML()},
			call:   listTemplates, kind: providers.ErrorUnavailable, attempts: 3, waits: []time.Duration{time.Millisecond, 2 * time.Millisecond}},
		{name: "timeout on a read retried", method: "GET", route: infobiptest.RouteTemplates,
			faults: []infobiptest.Fault{infobiptest.Slow(time.Second)}, call: listTemplates, attempts: 2, waits: []time.Duration{time.Millisecond}},
		{name: "timeout on a send reported", method: "POST", route: infobiptest.RouteSendText,
			faults: []infobiptest.Fault{infobiptest.Slow(time.Second)}, call: sendText, kind: providers.ErrorUnavailable, attempts: 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, infobiptest.Options{}, infobip.Options{Timeout: 200 * time.Millisecond,
				Retry: infobip.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Second}})
			f.srv.Inject(c.method, c.route, c.faults...)
			before := countRoute(f.srv, c.method, c.route)
			err := c.call(f)
			if c.kind == "" {
				require.NoError(t, err)
			} else {
				var pe *providers.Error
				require.True(t, errors.As(err, &pe), "want *providers.Error, got %v", err)
				require.Equal(t, c.kind, pe.Kind)
				require.Equal(t, providers.BSPInfobip, pe.BSP)
				require.Equal(t, c.code, pe.Code)
				if c.code != "" {
					var ae *infobip.APIError
					require.True(t, errors.As(err, &ae), "the Infobip error is kept")
					require.Equal(t, strings.HasPrefix(c.code, "E"), !ae.Classic)
				}
			}
			require.Equal(t, c.attempts, countRoute(f.srv, c.method, c.route)-before, "attempts")
			require.Equal(t, c.waits, f.sleep.waits, "waits between attempts")
		})
	}
}

func countRoute(srv *infobiptest.Server, method, route string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, "/"+strings.TrimPrefix(route, "flow/")) {
			n++
		}
	}
	return n
}

func sendText(f fixture) error {
	_, err := f.p.SendMessage(t0, f.app, textMessage())
	return err
}

func listTemplates(f fixture) error {
	_, err := f.p.ListTemplates(t0, f.app)
	return err
}

func publishFresh(f fixture) error {
	created, err := f.p.CreateFlow(t0, f.app, providers.CreateFlowRequest{Name: "faults", Categories: []string{"OTHER"}})
	if err != nil {
		return err
	}
	if _, err := f.p.UpdateFlowJSON(t0, f.app, created.ID, []byte(`{"version":"7.3","screens":[{"id":"A"}]}`)); err != nil {
		return err
	}
	return f.p.PublishFlow(t0, f.app, created.ID)
}

func TestFlowRateLimit(t *testing.T) {
	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	f := newFixture(t, infobiptest.Options{FlowRequestsPerHour: 2, Now: func() time.Time { return now }},
		infobip.Options{Retry: infobip.RetryPolicy{MaxAttempts: 1}})
	for i := range 2 {
		_, err := f.p.CreateFlow(t0, f.app, providers.CreateFlowRequest{Name: "limit-" + string(rune('a'+i)), Categories: []string{"OTHER"}})
		require.NoError(t, err)
	}
	_, err := f.p.CreateFlow(t0, f.app, providers.CreateFlowRequest{Name: "limit-c", Categories: []string{"OTHER"}})
	var pe *providers.Error
	require.True(t, errors.As(err, &pe))
	require.Equal(t, providers.ErrorThrottled, pe.Kind)
	require.True(t, providers.Retryable(err))
}

func TestRefusedBeforeSending(t *testing.T) {
	f := newFixture(t, infobiptest.Options{}, infobip.Options{})
	noKey := f.app
	noKey.Credentials = map[string]string{}
	_, err := f.p.SendMessage(t0, noKey, textMessage())
	requireKind(t, err, providers.ErrorAuth)

	noHost := f.app
	noHost.Settings = nil
	_, err = f.p.ListTemplates(t0, noHost)
	requireKind(t, err, providers.ErrorInvalid)

	_, err = f.p.CreateFlow(t0, f.app, providers.CreateFlowRequest{Name: "x", Categories: []string{"OTHER"}, EndpointURI: "https://example.com/e"})
	requireKind(t, err, providers.ErrorInvalid)

	byName := providers.OutboundMessage{To: "15550001234", Type: providers.MessageInteractive, Interactive: &providers.Interactive{
		Type: providers.InteractiveFlow, Body: "Open", Flow: &providers.FlowAction{FlowName: "booking", CTA: "Open"}}}
	_, err = f.p.SendMessage(t0, f.app, byName)
	requireKind(t, err, providers.ErrorInvalid)
	var inv *providers.InvalidMessageError
	require.True(t, errors.As(err, &inv))
	require.Equal(t, "interactive.flow.flow_name", inv.Fields[0].Field)

	_, err = f.p.SendMessage(t0, f.app, providers.OutboundMessage{To: "15550001234", Type: providers.MessageReaction,
		Reaction: &providers.Reaction{MessageID: "m", Emoji: "👍"}})
	require.ErrorIs(t, err, providers.ErrUnsupported)
	require.Empty(t, f.srv.Requests(), "nothing reached Infobip")
}

func requireKind(t *testing.T, err error, kind providers.ErrorKind) {
	t.Helper()
	var pe *providers.Error
	require.True(t, errors.As(err, &pe), "want *providers.Error, got %v", err)
	require.Equal(t, kind, pe.Kind, "%v", err)
}

// TestLogsRedactCredentials sends with a debug logger and a retried
// failure and looks for the API key and webhook secret in every line.
func TestLogsRedactCredentials(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f := newFixture(t, infobiptest.Options{}, infobip.Options{Logger: log, Retry: infobip.RetryPolicy{BaseDelay: time.Millisecond}})
	f.srv.Inject(http.MethodPost, infobiptest.RouteSendText, infobiptest.TooManyRequests("0"))
	msg := textMessage()
	msg.Text.Body = "the key is " + f.srv.APIKey()
	_, err := f.p.SendMessage(t0, f.app, msg)
	require.NoError(t, err)
	require.NotEmpty(t, buf.String())
	require.NotContains(t, buf.String(), f.srv.APIKey())
	require.NotContains(t, buf.String(), "hook-password")
	require.Contains(t, buf.String(), `"bsp":"INFOBIP"`)
}
