package gupshup_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/gupshup"
	"github.com/waflow/waflow/providers/gupshup/gupshuptest"
)

var textMessage = providers.OutboundMessage{To: "15550001234", Type: providers.MessageText, Text: &providers.Text{Body: "hi"}}

// TestFaults injects each of the fake's faults and checks the error kind,
// Gupshup's message, and how often the provider tried.
func TestFaults(t *testing.T) {
	cases := []struct {
		name     string
		route    gupshuptest.Route
		faults   []gupshuptest.Fault
		call     func(t *testing.T, f *fixture) error
		kind     providers.ErrorKind // "" means the call succeeds
		message  string
		attempts int
		waits    []time.Duration
	}{
		{name: "401 app token revoked", route: gupshuptest.RoutePublish, faults: []gupshuptest.Fault{gupshuptest.Unauthorized()},
			call: publishNew, kind: providers.ErrorAuth, message: "Authentication Failed", attempts: 1},
		{name: "400 with the envelope", route: gupshuptest.RoutePublish, faults: []gupshuptest.Fault{gupshuptest.Invalid("Blocked by Integrity")},
			call: publishNew, kind: providers.ErrorInvalid, message: "Blocked by Integrity", attempts: 1},
		{name: "429 then success", route: gupshuptest.RoutePublish, faults: []gupshuptest.Fault{gupshuptest.TooManyRequests(2 * time.Second)},
			call: publishNew, attempts: 2, waits: []time.Duration{2 * time.Second}},
		{name: "429 beyond the longest wait", route: gupshuptest.RoutePublish, faults: []gupshuptest.Fault{gupshuptest.TooManyRequests(time.Hour)},
			call: publishNew, kind: providers.ErrorThrottled, message: "Too Many Requests", attempts: 1},
		{name: "429 on a send is retried", route: gupshuptest.RouteV3Message, faults: []gupshuptest.Fault{gupshuptest.TooManyRequests(time.Second)},
			call: sendReaction, attempts: 2, waits: []time.Duration{time.Second}},
		{name: "500 retried for an idempotent call", route: gupshuptest.RoutePublish,
			faults: []gupshuptest.Fault{gupshuptest.InternalError(), gupshuptest.InternalError()},
			call:   publishNew, attempts: 3, waits: []time.Duration{time.Millisecond, 2 * time.Millisecond}},
		{name: "500 never retried for a send", route: gupshuptest.RouteV1Message, faults: []gupshuptest.Fault{gupshuptest.InternalError()},
			call: func(t *testing.T, f *fixture) error {
				_, err := f.p.SendMessage(t.Context(), f.app, textMessage)
				return err
			},
			kind: providers.ErrorUnavailable, message: "Internal server error. Please try again later.", attempts: 1},
		{name: "HTML 502 to the end", route: gupshuptest.RoutePublish,
			faults: []gupshuptest.Fault{gupshuptest.BadGatewayHTML(), gupshuptest.BadGatewayHTML(), gupshuptest.BadGatewayHTML(), gupshuptest.BadGatewayHTML()},
			call:   publishNew, kind: providers.ErrorUnavailable, message: "HTTP 502 without Gupshup's error envelope", attempts: 4,
			waits: []time.Duration{time.Millisecond, 2 * time.Millisecond, 4 * time.Millisecond}},
		{name: "timeout on a send", route: gupshuptest.RouteV3Message, faults: []gupshuptest.Fault{gupshuptest.Slow(time.Second)},
			call: sendReaction, kind: providers.ErrorUnavailable, message: "timed out after 1 attempt(s)", attempts: 1},
		{name: "timeout then success on a read", route: gupshuptest.RouteFlows, faults: []gupshuptest.Fault{gupshuptest.Slow(time.Second)},
			call: func(t *testing.T, f *fixture) error { _, err := f.p.GetFlow(t.Context(), f.app, f.flow(t)); return err }, attempts: 2,
			waits: []time.Duration{time.Millisecond}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, gupshuptest.Options{}, gupshup.Options{Timeout: 100 * time.Millisecond,
				Retry: gupshup.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Second}})
			f.flow(t)
			before := len(f.srv.Requests())
			f.srv.Inject(c.route, c.faults...)
			err := c.call(t, f)
			if c.kind == "" {
				require.NoError(t, err)
			} else {
				var pe *providers.Error
				require.True(t, errors.As(err, &pe), "%v is a *providers.Error", err)
				require.Equal(t, c.kind, pe.Kind, "%v", err)
				require.Equal(t, c.message, pe.Message)
				require.Equal(t, providers.BSPGupshup, pe.BSP)
			}
			require.Equal(t, c.attempts, countRoute(f, before, c.route), "attempts")
			require.Equal(t, c.waits, f.sleeps.Waits())
		})
	}
}

// flow is the fixture's DRAFT flow with a valid document, made once.
func (f *fixture) flow(t *testing.T) string {
	t.Helper()
	if f.flowID != "" {
		return f.flowID
	}
	created, err := f.p.CreateFlow(t.Context(), f.app, providers.CreateFlowRequest{Name: "faults", Categories: []string{"OTHER"}})
	require.NoError(t, err)
	_, err = f.p.UpdateFlowJSON(t.Context(), f.app, created.ID, []byte(`{"version":"7.3","screens":[{"id":"A","layout":{"children":[]}}]}`))
	require.NoError(t, err)
	f.flowID = created.ID
	return created.ID
}

func publishNew(t *testing.T, f *fixture) error {
	return f.p.PublishFlow(t.Context(), f.app, f.flow(t))
}

// sendReaction sends a reaction, which only the v3 passthrough carries.
func sendReaction(t *testing.T, f *fixture) error {
	_, err := f.p.SendMessage(t.Context(), f.app, providers.OutboundMessage{To: "15550001234", Type: providers.MessageReaction,
		Reaction: &providers.Reaction{MessageID: "wamid.x", Emoji: "\U0001F44D"}})
	return err
}

// countRoute counts requests to route after the first skip requests.
func countRoute(f *fixture, skip int, route gupshuptest.Route) int {
	suffix := map[gupshuptest.Route]string{gupshuptest.RoutePublish: "/publish", gupshuptest.RouteV3Message: "/v3/message",
		gupshuptest.RouteV1Message: "/wa/api/v1/msg", gupshuptest.RouteFlows: "/flows"}[route]
	n := 0
	for _, r := range f.srv.Requests()[skip:] {
		if strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// TestErrorEnvelopes covers refusals the fake gives by itself: the nested
// 401 of v1, unknown app, Bearer-prefixed token, callback billing, a
// duplicate flow name, an unknown flow (400, not 404).
func TestErrorEnvelopes(t *testing.T) {
	f := newFixture(t, gupshuptest.Options{NoCallbackBilling: true}, gupshup.Options{})
	ctx := t.Context()
	expect := func(err error, kind providers.ErrorKind, status int, message string) {
		t.Helper()
		var pe *providers.Error
		require.True(t, errors.As(err, &pe), "%v", err)
		require.Equal(t, kind, pe.Kind)
		require.Equal(t, status, pe.HTTPStatus)
		require.Equal(t, message, pe.Message)
		var ae *gupshup.APIError
		require.True(t, errors.As(err, &ae))
		require.Equal(t, "error", ae.Status)
	}

	badKey := f.app
	badKey.Credentials = map[string]string{gupshup.CredentialAppToken: f.srv.AppToken(), gupshup.CredentialAPIKey: "wrong"}
	_, err := f.p.SendMessage(ctx, badKey, textMessage)
	expect(err, providers.ErrorAuth, http.StatusUnauthorized, "Authentication Failed")

	bearer := f.app
	bearer.Credentials = map[string]string{gupshup.CredentialAppToken: "Bearer " + f.srv.AppToken()}
	_, err = f.p.ListTemplates(ctx, bearer)
	expect(err, providers.ErrorAuth, http.StatusUnauthorized, "Authentication Failed")

	_, err = f.p.ListTemplates(ctx, f.withSetting(gupshup.SettingAppID, "00000000-0000-0000-0000-000000000000"))
	expect(err, providers.ErrorAuth, http.StatusBadRequest, "Invalid App Details")

	_, err = f.p.SendMessage(ctx, f.app, providers.OutboundMessage{To: "15550001234", Type: providers.MessageReaction,
		Reaction: &providers.Reaction{MessageID: "wamid.x", Emoji: "x"}})
	expect(err, providers.ErrorInvalid, http.StatusBadRequest, "Callback Billing must be enabled for this API")

	req := providers.CreateFlowRequest{Name: "twice", Categories: []string{"OTHER"}}
	_, err = f.p.CreateFlow(ctx, f.app, req)
	require.NoError(t, err)
	_, err = f.p.CreateFlow(ctx, f.app, req)
	expect(err, providers.ErrorConflict, http.StatusBadRequest,
		"Flow name should be unique within one WhatsApp Business Account. Please select another name for your Flow.")

	_, err = f.p.GetFlow(ctx, f.app, "1999999999999999")
	expect(err, providers.ErrorNotFound, http.StatusBadRequest,
		"Unsupported get request. Object with ID '1999999999999999' does not exist, cannot be loaded due to missing permissions, or does not support this operation")

	noToken := f.app
	noToken.Credentials = nil
	_, err = f.p.GetFlow(ctx, noToken, "1")
	var pe *providers.Error
	require.True(t, errors.As(err, &pe))
	require.Equal(t, providers.ErrorAuth, pe.Kind)
	require.Zero(t, pe.HTTPStatus, "refused before sending")
}

// TestLogsRedacted checks that no credential reaches a log line, whatever
// the surface.
func TestLogsRedacted(t *testing.T) {
	f := newFixture(t, gupshuptest.Options{}, gupshup.Options{})
	f.srv.Inject(gupshuptest.RouteV1Message, gupshuptest.Unauthorized())
	_, _ = f.p.SendMessage(t.Context(), f.app, textMessage)
	_, err := f.p.SendMessage(t.Context(), f.app, textMessage)
	require.NoError(t, err)
	require.NoError(t, f.p.SetPublicKey(t.Context(), f.app, []byte(testPublicKey)))
	_, err = f.p.ListTemplates(t.Context(), f.app)
	require.NoError(t, err)
	logs := f.logs.String()
	require.Contains(t, logs, "/wa/api/v1/msg")
	require.Contains(t, logs, "/templates")
	for _, secret := range []string{f.srv.AppToken(), f.srv.APIKey(), webhookSecret} {
		require.NotContains(t, logs, secret)
	}
	require.Contains(t, f.app.String(), "REDACTED")
}
