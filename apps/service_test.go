package apps_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/store"
	"github.com/waflow/waflow/store/storetest"
)

const secretValue = "EAAG-very-secret-token"

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newClock() *clock { return &clock{now: time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)} }

func newSealer(t *testing.T) *crypto.Sealer {
	t.Helper()
	mk, err := crypto.NewMasterKey(nil)
	require.NoError(t, err)
	s, err := crypto.NewSealer(mk)
	require.NoError(t, err)
	return s
}

func metaApp(name, phoneID string) apps.App {
	return apps.App{Name: name, BSP: providers.BSPMeta, PhoneNumber: "+15550001234",
		PhoneNumberID: phoneID, WABAID: "102290129340398",
		Credentials: map[string]crypto.Secret{"access_token": secretValue},
		Settings:    map[string]string{"graph_api_version": "v23.0"}}
}

func TestAppNeverShowsCredentials(t *testing.T) {
	a := metaApp("shop", "1065")
	a.ID = "app_x"

	var out bytes.Buffer
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		fmt.Fprintf(&out, verb+"\n", a)
	}
	b, err := json.Marshal(a)
	require.NoError(t, err)
	out.Write(b)
	slog.New(slog.NewTextHandler(&out, nil)).Info("app", "app", a)
	slog.New(slog.NewJSONHandler(&out, nil)).Info("app", "app", a, "ptr", &a)

	require.NotContains(t, out.String(), secretValue)
	require.Contains(t, out.String(), "[REDACTED]")
	require.Contains(t, out.String(), "access_token", "credential names may show")
	require.Equal(t, []string{"access_token"}, a.CredentialNames())
}

func TestServiceCRUD(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clk := newClock()
		svc := apps.NewService(db.Apps(), newSealer(t), apps.Options{Now: clk.Now})

		created, err := svc.Create(ctx, metaApp("shop", "1065"))
		require.NoError(t, err)
		require.Regexp(t, `^app_[0-9a-hjkmnp-tv-z]{26}$`, created.ID)
		require.Equal(t, 1, created.Version)
		require.Equal(t, clk.Now(), created.CreatedAt)

		got, err := svc.Get(ctx, created.ID)
		require.NoError(t, err)
		require.Equal(t, created, got, "credentials come back unsealed")
		require.Equal(t, secretValue, got.Provider().Credentials["access_token"])

		rec, err := db.Apps().Get(ctx, created.ID)
		require.NoError(t, err)
		require.NotContains(t, string(rec.SealedCredentials), secretValue, "credentials are sealed at rest")

		_, err = svc.Create(ctx, metaApp("shop", "2000"))
		require.ErrorIs(t, err, apps.ErrConflict, "names are unique")
		_, err = svc.Create(ctx, apps.App{Name: "bad", BSP: providers.BSPMeta})
		require.ErrorIs(t, err, apps.ErrInvalid)

		clk.Advance(time.Minute)
		newName, token := "shop 2", crypto.Secret("rotated")
		updated, err := svc.Update(ctx, created.ID, apps.Change{
			Name:        &newName,
			Credentials: map[string]crypto.Secret{"access_token": token, "app_secret": "as"},
			Settings:    map[string]string{"graph_api_version": ""},
		})
		require.NoError(t, err)
		require.Equal(t, 2, updated.Version)
		require.Equal(t, clk.Now(), updated.UpdatedAt)
		got, err = svc.Get(ctx, created.ID)
		require.NoError(t, err)
		require.Equal(t, updated, got)
		require.Equal(t, map[string]crypto.Secret{"access_token": token, "app_secret": "as"}, got.Credentials)
		require.Empty(t, got.Settings, "an empty value removes a setting")

		_, err = svc.Update(ctx, created.ID, apps.Change{Credentials: map[string]crypto.Secret{"access_token": ""}})
		require.ErrorIs(t, err, apps.ErrInvalid, "the required token cannot be removed")
		_, err = svc.Update(ctx, "app_missing", apps.Change{Name: &newName})
		require.ErrorIs(t, err, apps.ErrNotFound)

		require.NoError(t, svc.Delete(ctx, created.ID))
		_, err = svc.Get(ctx, created.ID)
		require.ErrorIs(t, err, apps.ErrNotFound)
	})
}

func TestServiceConcurrentUpdatesAllLand(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		svc := apps.NewService(db.Apps(), newSealer(t), apps.Options{})
		a, err := svc.Create(ctx, metaApp("shop", "1065"))
		require.NoError(t, err)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, key := range []string{"a", "b"} {
			wg.Go(func() {
				_, errs[i] = svc.Update(ctx, a.ID, apps.Change{Settings: map[string]string{key: "set"}})
			})
		}
		wg.Wait()
		for _, err := range errs {
			// Two writers on one row: a loser retries against the winner's state.
			require.NoError(t, err)
		}
		got, err := svc.Get(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, "set", got.Settings["a"])
		require.Equal(t, "set", got.Settings["b"])
		require.Equal(t, 3, got.Version)
	})
}

func TestServiceListPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clk := newClock()
		svc := apps.NewService(db.Apps(), newSealer(t), apps.Options{Now: clk.Now})
		var want []string
		for i := range 5 {
			a, err := svc.Create(ctx, metaApp(fmt.Sprintf("app %d", i), fmt.Sprint(1000+i)))
			require.NoError(t, err)
			want = append(want, a.ID)
			clk.Advance(time.Millisecond)
		}
		var got []string
		after := ""
		for pages := 0; ; pages++ {
			require.Less(t, pages, 5)
			p, err := svc.List(ctx, after, 2)
			require.NoError(t, err)
			for _, a := range p.Apps {
				got = append(got, a.ID)
				require.Equal(t, crypto.Secret(secretValue), a.Credentials["access_token"])
			}
			if p.Next == "" {
				break
			}
			after = p.Next
		}
		require.Equal(t, want, got, "creation order, every app once")

		_, err := svc.List(ctx, "", -1)
		require.ErrorIs(t, err, apps.ErrInvalid)
	})
}

// TestSealedCredentialsStayWithTheirApp moves one app's sealed credentials
// into another app's row behind the service's back: they must not open.
func TestSealedCredentialsStayWithTheirApp(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		repo := db.Apps()
		svc := apps.NewService(repo, newSealer(t), apps.Options{})
		a, err := svc.Create(ctx, metaApp("a", "1"))
		require.NoError(t, err)
		b, err := svc.Create(ctx, metaApp("b", "2"))
		require.NoError(t, err)

		recA, err := repo.Get(ctx, a.ID)
		require.NoError(t, err)
		recB, err := repo.Get(ctx, b.ID)
		require.NoError(t, err)
		recB.SealedCredentials = recA.SealedCredentials
		require.NoError(t, repo.Update(ctx, recB))

		_, err = svc.Get(ctx, b.ID)
		require.ErrorIs(t, err, crypto.ErrSealedCorrupt)
		_, err = svc.Get(ctx, a.ID)
		require.NoError(t, err, "the original still opens")
	})
}
