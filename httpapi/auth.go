package httpapi

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/apikeys"
)

// ErrUnauthorized is what an [Authenticator] returns (wrapped) for a token
// it does not accept. Errors of apikeys.ErrUnauthorized are taken the same
// way.
var ErrUnauthorized = errors.New("httpapi: unauthorized")

// Principal is who a request acts for: the API key that authenticated it.
type Principal struct {
	KeyID string
	Name  string
	Admin bool
}

// Authenticator checks the bearer token of a management API request.
//
// Authenticate must be safe for concurrent use and must not reveal through
// its timing how close a token came to a valid one (compare hashes in
// constant time). A refused token yields an error wrapping
// [ErrUnauthorized] (or apikeys.ErrUnauthorized); any other error means the
// check itself failed (the store is down) and is answered with a 500.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (Principal, error)
}

// KeyAuthenticator is the part of the apikeys service the server needs.
type KeyAuthenticator interface {
	Authenticate(ctx context.Context, token string) (apikeys.Key, error)
}

// APIKeys adapts the API key service to an [Authenticator].
func APIKeys(keys KeyAuthenticator) Authenticator { return apiKeyAuth{keys} }

type apiKeyAuth struct{ keys KeyAuthenticator }

func (a apiKeyAuth) Authenticate(ctx context.Context, token string) (Principal, error) {
	k, err := a.keys.Authenticate(ctx, token)
	if err != nil {
		return Principal{}, err
	}
	return Principal{KeyID: k.ID, Name: k.Name, Admin: k.Admin()}, nil
}

// APIPrefix is where the management API lives; everything under it needs
// an API key unless [BSPCalled] says otherwise.
const APIPrefix = "/wa/v2/"

// BSPCalled reports whether method and path are a route that WhatsApp or
// a BSP calls: the webhooks and the flows data endpoint. Those carry no API
// key (they are authenticated by signature and envelope encryption in their
// handlers), so the bearer check skips them. Every other path under
// [APIPrefix], routed or not, needs a key.
func BSPCalled(method, path string) bool {
	rest, ok := strings.CutPrefix(path, APIPrefix)
	if !ok {
		return false
	}
	segs := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	switch {
	case segs[0] == "webhooks":
		return true
	case method == fiber.MethodPost && len(segs) == 3 && segs[0] == "flows" && segs[1] != "" && segs[2] == "endpoint":
		return true
	}
	return false
}

// needsKey reports whether a request must carry an API key.
func needsKey(method, path string) bool {
	return (path+"/" == APIPrefix || strings.HasPrefix(path, APIPrefix)) && !BSPCalled(method, path)
}

const principalKey = "httpapi.principal"

// PrincipalOf returns who the request acts for; false on routes without
// an API key.
func PrincipalOf(c *fiber.Ctx) (Principal, bool) {
	p, ok := c.Locals(principalKey).(Principal)
	return p, ok
}

// authenticate is the bearer check. It runs before routing, so a request
// without a key learns nothing about which routes exist.
func (s *Server) authenticate(c *fiber.Ctx) error {
	if !needsKey(c.Method(), c.Path()) {
		return c.Next()
	}
	token, ok := bearer(c.Get(fiber.HeaderAuthorization))
	if !ok || s.auth == nil {
		return errUnauthorized()
	}
	p, err := s.auth.Authenticate(c.UserContext(), token)
	switch {
	case errors.Is(err, ErrUnauthorized), errors.Is(err, apikeys.ErrUnauthorized):
		return errUnauthorized()
	case err != nil:
		return fmt.Errorf("httpapi: authenticate: %w", err)
	}
	c.Locals(principalKey, p)
	return c.Next()
}

// bearer extracts the token of "Authorization: Bearer <token>"; the scheme
// is case-insensitive (RFC 9110).
func bearer(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
