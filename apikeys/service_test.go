package apikeys_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apikeys"
	"github.com/waflow/waflow/store"
	"github.com/waflow/waflow/store/storetest"
)

var epoch = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

func fixedNow() time.Time { return epoch }

func TestIssueAndAuthenticate(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		svc := apikeys.NewService(db.APIKeys(), apikeys.Options{Now: fixedNow})

		tok, key, err := svc.Issue(ctx, "ci deploy")
		require.NoError(t, err)
		require.Regexp(t, `^wf_[0-9a-hjkmnp-tv-z]{16}_[0-9a-hjkmnp-tv-z]{52}$`, string(tok))
		require.True(t, strings.HasPrefix(string(tok), apikeys.Prefix+key.ID+"_"), "the key id is in the plaintext")
		require.Equal(t, epoch, key.CreatedAt)

		got, err := svc.Authenticate(ctx, string(tok))
		require.NoError(t, err)
		require.Equal(t, key, got)
		require.False(t, got.Admin())

		s := string(tok)
		flipped := s[:len(s)-1] + map[bool]string{true: "1", false: "0"}[s[len(s)-1] == '0']
		for name, bad := range map[string]string{
			"empty":           "",
			"wrong secret":    flipped,
			"unknown id":      apikeys.Prefix + strings.Repeat("0", 16) + s[len(apikeys.Prefix)+16:],
			"not our format":  "Bearer " + s,
			"truncated":       s[:len(s)-1],
			"upper-cased":     strings.ToUpper(s),
			"admin-like junk": "admin",
		} {
			_, err := svc.Authenticate(ctx, bad)
			require.ErrorIs(t, err, apikeys.ErrUnauthorized, name)
		}

		require.NoError(t, svc.Revoke(ctx, key.ID))
		require.NoError(t, svc.Revoke(ctx, key.ID), "revoking twice is fine")
		_, err = svc.Authenticate(ctx, string(tok))
		require.ErrorIs(t, err, apikeys.ErrUnauthorized, "a revoked key")
		require.ErrorIs(t, svc.Revoke(ctx, "missing"), apikeys.ErrNotFound)

		_, _, err = svc.Issue(ctx, "  ")
		require.ErrorIs(t, err, apikeys.ErrInvalid)
	})
}

func TestIssueUsesInjectedRandomness(t *testing.T) {
	db := storetest.SQLite(t)
	svc := apikeys.NewService(db.APIKeys(), apikeys.Options{Random: bytes.NewReader(make([]byte, 42)), Now: fixedNow})
	tok, key, err := svc.Issue(t.Context(), "zero")
	require.NoError(t, err)
	require.Equal(t, strings.Repeat("0", 16), key.ID)
	require.Equal(t, "wf_"+strings.Repeat("0", 16)+"_"+strings.Repeat("0", 52), string(tok))
	_, _, err = svc.Issue(t.Context(), "exhausted")
	require.Error(t, err, "a failing random source fails the issue")
}

func TestTokenNeverPrintsItsSecret(t *testing.T) {
	db := storetest.SQLite(t)
	svc := apikeys.NewService(db.APIKeys(), apikeys.Options{})
	tok, key, err := svc.Issue(t.Context(), "logs")
	require.NoError(t, err)
	secret := string(tok)[len(apikeys.Prefix)+len(key.ID)+1:]

	var out bytes.Buffer
	for _, verb := range []string{"%v", "%s", "%q", "%#v", "%x"} {
		fmt.Fprintf(&out, verb+"\n", tok)
	}
	b, err := json.Marshal(map[string]any{"token": tok})
	require.NoError(t, err)
	out.Write(b)
	slog.New(slog.NewTextHandler(&out, nil)).Info("issued", "token", tok)
	slog.New(slog.NewJSONHandler(&out, nil)).Info("issued", "token", tok)

	require.NotContains(t, out.String(), secret)
	require.Contains(t, out.String(), "wf_"+key.ID+"_[REDACTED]", "the id stays visible to find the key")
	require.Equal(t, "[REDACTED]", apikeys.Token("not-a-key").String())
}

func TestEnsureAdmin(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		svc := apikeys.NewService(db.APIKeys(), apikeys.Options{Now: fixedNow})
		first := strings.Repeat("a", apikeys.MinAdminTokenLength)
		second := "wf_" + strings.Repeat("b", apikeys.MinAdminTokenLength)

		require.ErrorIs(t, svc.EnsureAdmin(ctx, "short"), apikeys.ErrInvalid)
		require.NoError(t, svc.EnsureAdmin(ctx, ""), "nothing to revoke yet")

		for range 3 {
			require.NoError(t, svc.EnsureAdmin(ctx, first), "idempotent")
		}
		n, err := svc.Count(ctx)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		key, err := svc.Authenticate(ctx, first)
		require.NoError(t, err)
		require.True(t, key.Admin())

		require.NoError(t, svc.EnsureAdmin(ctx, second), "a changed token replaces the old one")
		_, err = svc.Authenticate(ctx, first)
		require.ErrorIs(t, err, apikeys.ErrUnauthorized)
		_, err = svc.Authenticate(ctx, second)
		require.NoError(t, err, "an admin token may look like an issued key")

		_, _, err = svc.Issue(ctx, "ops")
		require.NoError(t, err)
		n, err = svc.Count(ctx)
		require.NoError(t, err)
		require.Equal(t, 2, n)

		require.NoError(t, svc.EnsureAdmin(ctx, ""), "unsetting the variable")
		_, err = svc.Authenticate(ctx, second)
		require.ErrorIs(t, err, apikeys.ErrUnauthorized, "disables the admin key")
		n, err = svc.Count(ctx)
		require.NoError(t, err)
		require.Equal(t, 1, n)

		keys, err := svc.List(ctx)
		require.NoError(t, err)
		require.Len(t, keys, 2)
		require.NoError(t, svc.EnsureAdmin(ctx, second), "setting it again re-enables it")
		_, err = svc.Authenticate(ctx, second)
		require.NoError(t, err)
	})
}
