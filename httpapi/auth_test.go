package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/stretchr/testify/require"
)

// registerBSPRoutes mounts stand-ins for the webhook routes, which other
// packages provide, so the auth walk covers them too.
func registerBSPRoutes(s *Server) {
	ok := func(c *fiber.Ctx) error { return c.SendString("bsp") }
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/webhooks/:bsp/", Summary: "webhook handshake"}, ok)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/webhooks/:bsp/", Summary: "webhook events"}, ok)
}

// everyRoute mounts every route of the package: the webhook stand-ins,
// the flows routes and the data endpoint.
func everyRoute(c *harnessConfig) {
	c.register = registerBSPRoutes
	c.mount = mountFlows(&flowsEnv{})
}

func TestEveryRouteNeedsAKeyExceptBSPCalled(t *testing.T) {
	h := newHarness(t, everyRoute)
	checked := 0
	for _, r := range h.srv.Routes() {
		path := examplePath(r.Path)
		for _, key := range []string{"", "wf_0123456789abcdef_" + strings.Repeat("a", 52), "not-a-key"} {
			resp := h.doKey(key, r.Method, path, nil)
			switch {
			case !strings.HasPrefix(r.Path, APIPrefix):
				require.NotEqual(t, http.StatusUnauthorized, resp.Status, "%s %s is operational", r.Method, r.Path)
			case BSPCalled(r.Method, path):
				require.True(t, r.Public, "%s %s", r.Method, r.Path)
				require.NotEqual(t, http.StatusUnauthorized, resp.Status, "%s %s is called by BSPs", r.Method, r.Path)
				require.Empty(t, resp.Header.Get("WWW-Authenticate"), "%s %s", r.Method, r.Path)
			default:
				require.False(t, r.Public, "%s %s", r.Method, r.Path)
				requireError(t, resp, http.StatusUnauthorized, CodeUnauthorized)
				require.Equal(t, `Bearer realm="waflow"`, resp.Header.Get("WWW-Authenticate"))
				checked++
			}
		}
	}
	require.GreaterOrEqual(t, checked, 3*26, "every keyed route was walked")

	// Unrouted paths under the prefix give nothing away without a key.
	requireError(t, h.doKey("", http.MethodGet, "/wa/v2/secret-admin-thing", nil), http.StatusUnauthorized, CodeUnauthorized)
	requireError(t, h.doKey("", http.MethodGet, "/wa/v2", nil), http.StatusUnauthorized, CodeUnauthorized)
	// The router is case-sensitive, so a case variant of a public path
	// reaches no keyed handler.
	requireError(t, h.doKey("", http.MethodGet, "/WA/V2/apps/", nil), http.StatusNotFound, CodeNotFound)
	require.Equal(t, http.StatusOK, h.do(http.MethodGet, "/wa/v2/apps/", nil).Status)
}

func TestBearerParsing(t *testing.T) {
	tests := []struct {
		header string
		token  string
		ok     bool
	}{
		{"Bearer abc", "abc", true},
		{"bearer abc", "abc", true},
		{"  Bearer   abc  ", "abc", true},
		{"Basic abc", "", false},
		{"Bearer", "", false},
		{"Bearer ", "", false},
		{"", "", false},
		{"abc", "", false},
	}
	for _, tt := range tests {
		token, ok := bearer(tt.header)
		require.Equal(t, tt.ok, ok, "%q", tt.header)
		require.Equal(t, tt.token, token, "%q", tt.header)
	}
}

func TestBSPCalled(t *testing.T) {
	tests := []struct {
		method, path string
		want         bool
	}{
		{"POST", "/wa/v2/flows/f1/endpoint", true},
		{"POST", "/wa/v2/flows/f1/endpoint/", true},
		{"GET", "/wa/v2/flows/f1/endpoint", false},
		{"POST", "/wa/v2/flows//endpoint", false},
		{"POST", "/wa/v2/flows/f1/endpoint/x", false},
		{"POST", "/wa/v2/flows/endpoint", false},
		{"GET", "/wa/v2/webhooks/meta/", true},
		{"POST", "/wa/v2/webhooks/gupshup", true},
		{"GET", "/wa/v2/webhooksx", false},
		{"GET", "/wa/v2/apps/", false},
		{"GET", "/healthz", false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, BSPCalled(tt.method, tt.path), "%s %s", tt.method, tt.path)
	}
}

type failingAuth struct{ err error }

func (f failingAuth) Authenticate(context.Context, string) (Principal, error) {
	return Principal{}, f.err
}

func TestAuthenticatorFailures(t *testing.T) {
	tests := []struct {
		name   string
		auth   Authenticator
		status int
		code   string
	}{
		{"no authenticator", nil, http.StatusUnauthorized, CodeUnauthorized},
		{"refused", failingAuth{ErrUnauthorized}, http.StatusUnauthorized, CodeUnauthorized},
		{"store down", failingAuth{errors.New("database is locked at /srv/waflow.db")}, http.StatusInternalServerError, CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &lockedBuffer{}
			s := New(Options{Auth: tt.auth, Logger: slog.New(slog.NewTextHandler(logs, nil))})
			req, err := http.NewRequest(http.MethodGet, "/wa/v2/apps/", nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer something")
			resp, err := s.App().Test(req, -1)
			require.NoError(t, err)
			r := readResponse(t, resp)
			requireError(t, r, tt.status, tt.code)
			require.NotContains(t, string(r.Raw), "/srv/waflow.db")
			if tt.status == http.StatusInternalServerError {
				require.Contains(t, logs.String(), "/srv/waflow.db")
			}
		})
	}
}

func TestPrincipalReachesHandlers(t *testing.T) {
	h := newHarness(t, func(c *harnessConfig) {
		c.register = func(s *Server) {
			s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/whoami", Summary: "test"}, func(c *fiber.Ctx) error {
				p, ok := PrincipalOf(c)
				require.True(t, ok)
				return c.SendString(p.Name)
			})
		}
	})
	r := h.do(http.MethodGet, "/wa/v2/whoami", nil)
	require.Equal(t, "test", string(r.Raw))
}
