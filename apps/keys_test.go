package apps_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/store"
	"github.com/waflow/waflow/store/storetest"
)

// fingerprints names the keys of a set by their public fingerprints.
func fingerprints(ks crypto.KeySet) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = crypto.Fingerprint(&k.PublicKey)
	}
	return out
}

func TestKeyRotation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clk := newClock()
		svc := apps.NewService(db.Apps(), newSealer(t), apps.Options{Now: clk.Now})
		a, err := svc.Create(ctx, metaApp("shop", "1065"))
		require.NoError(t, err)

		_, err = svc.KeySet(ctx, a.ID)
		require.ErrorIs(t, err, apps.ErrNoKey, "no key yet")
		_, err = svc.PublicKey(ctx, a.ID)
		require.ErrorIs(t, err, apps.ErrNoKey)

		old, err := svc.GenerateKey(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, 1, old.Version)
		require.Equal(t, apps.KeyActive, old.Status)
		pub, err := crypto.ParsePublicKeyPEM([]byte(old.PublicPEM))
		require.NoError(t, err)
		require.Equal(t, crypto.Fingerprint(pub), old.Fingerprint)

		clk.Advance(time.Minute)
		const window = time.Hour
		next, err := svc.RotateKey(ctx, a.ID, window)
		require.NoError(t, err)
		require.Equal(t, 2, next.Version)

		ks, err := svc.KeySet(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, []string{next.Fingerprint, old.Fingerprint}, fingerprints(ks), "inside the window: new, then old")
		active, err := svc.PublicKey(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, next.Fingerprint, active.Fingerprint)

		keys, err := svc.Keys(ctx, a.ID)
		require.NoError(t, err)
		require.Len(t, keys, 2)
		require.Equal(t, apps.KeyPrevious, keys[1].Status)
		require.Equal(t, clk.Now().Add(window), *keys[1].RetireAt)

		clk.Advance(window - time.Microsecond)
		ks, err = svc.KeySet(ctx, a.ID)
		require.NoError(t, err)
		require.Len(t, ks, 2, "still inside the window")

		clk.Advance(time.Microsecond)
		ks, err = svc.KeySet(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, []string{next.Fingerprint}, fingerprints(ks), "after the window: the new key only")
		keys, err = svc.Keys(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, apps.KeyRetired, keys[1].Status, "shown RETIRED once past RetireAt")

		// The next rotation retires the expired key in storage and drops its
		// private half; a zero window retires the replaced key at once.
		third, err := svc.RotateKey(ctx, a.ID, 0)
		require.NoError(t, err)
		ks, err = svc.KeySet(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, []string{third.Fingerprint}, fingerprints(ks))
		recs, err := db.Apps().Keys(ctx, a.ID)
		require.NoError(t, err)
		require.Len(t, recs, 3)
		for _, r := range recs[1:] {
			require.Equal(t, apps.KeyRetired, r.Status, "version %d", r.Version)
			require.Empty(t, r.SealedPrivate, "version %d keeps no private key", r.Version)
		}

		_, err = svc.RotateKey(ctx, a.ID, -time.Second)
		require.ErrorIs(t, err, apps.ErrInvalid)
		_, err = svc.GenerateKey(ctx, "app_missing")
		require.ErrorIs(t, err, apps.ErrNotFound)
	})
}

func TestUploadKey(t *testing.T) {
	key, err := crypto.GenerateKey(nil, 2048)
	require.NoError(t, err)
	encrypted, err := key.MarshalPEM([]byte("right horse"), nil)
	require.NoError(t, err)

	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		svc := apps.NewService(db.Apps(), newSealer(t), apps.Options{})
		a, err := svc.Create(ctx, metaApp("shop", "1065"))
		require.NoError(t, err)

		cases := []struct {
			name       string
			pem        []byte
			passphrase string
			want       error
		}{
			{"wrong passphrase", encrypted, "wrong horse", crypto.ErrWrongPassphrase},
			{"no passphrase", encrypted, "", crypto.ErrPassphraseRequired},
			{"not PEM", []byte("hello"), "", crypto.ErrNoPEM},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := svc.UploadKey(ctx, a.ID, c.pem, []byte(c.passphrase))
				require.ErrorIs(t, err, c.want)
				require.ErrorIs(t, err, apps.ErrInvalid)
			})
		}
		keys, err := svc.Keys(ctx, a.ID)
		require.NoError(t, err)
		require.Empty(t, keys, "a refused upload stores nothing")

		kp, err := svc.UploadKey(ctx, a.ID, encrypted, []byte("right horse"))
		require.NoError(t, err)
		require.Equal(t, crypto.Fingerprint(&key.PublicKey), kp.Fingerprint)
		ks, err := svc.KeySet(ctx, a.ID)
		require.NoError(t, err)
		require.Len(t, ks, 1)
		require.True(t, key.Equal(ks[0].PrivateKey), "the uploaded key decrypts")
	})
}

func TestMarkPushed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clk := newClock()
		svc := apps.NewService(db.Apps(), newSealer(t), apps.Options{Now: clk.Now})
		a, err := svc.Create(ctx, metaApp("shop", "1065"))
		require.NoError(t, err)
		kp, err := svc.GenerateKey(ctx, a.ID)
		require.NoError(t, err)
		require.Nil(t, kp.PushedAt)

		require.NoError(t, svc.MarkPushed(ctx, a.ID, kp.Version, nil))
		pushedAt := clk.Now()
		clk.Advance(time.Hour)
		require.NoError(t, svc.MarkPushed(ctx, a.ID, kp.Version, errors.New("BSP: 401 invalid token")))

		got, err := svc.PublicKey(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, pushedAt, *got.PushedAt, "a failure keeps the last success")
		require.Equal(t, "BSP: 401 invalid token", got.PushError)

		require.ErrorIs(t, svc.MarkPushed(ctx, a.ID, 99, nil), apps.ErrNotFound)
	})
}

// TestSealedKeyStaysWithItsApp copies a sealed private key to another app's
// key row behind the service's back: it must not open there.
func TestSealedKeyStaysWithItsApp(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		repo := db.Apps()
		svc := apps.NewService(repo, newSealer(t), apps.Options{})
		a, err := svc.Create(ctx, metaApp("a", "1"))
		require.NoError(t, err)
		b, err := svc.Create(ctx, metaApp("b", "2"))
		require.NoError(t, err)
		_, err = svc.GenerateKey(ctx, a.ID)
		require.NoError(t, err)
		recs, err := repo.Keys(ctx, a.ID)
		require.NoError(t, err)

		stolen := recs[0]
		stolen.AppID = b.ID
		_, err = repo.AddKey(ctx, stolen, time.Now())
		require.NoError(t, err)
		_, err = svc.KeySet(ctx, b.ID)
		require.ErrorIs(t, err, crypto.ErrSealedCorrupt)
	})
}
