package appstest

import (
	"context"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/internal/conformance"
	"github.com/waflow/waflow/providers"
)

// RepositoryConformance checks that the repositories newRepo makes satisfy
// the [apps.Repository] contract. Each case runs in its own subtest with a
// fresh, empty repository from newRepo, and reports every violation it
// finds rather than stopping at the first.
func RepositoryConformance(t *testing.T, newRepo func(t *testing.T) apps.Repository) {
	t.Helper()
	conformance.Run(t, newRepo, []conformance.Case[apps.Repository]{
		{Name: "CreateGet", Run: testCreateGet},
		{Name: "GetMissing", Run: testGetMissing},
		{Name: "CreateConflicts", Run: testCreateConflicts},
		{Name: "ConcurrentCreates", Run: testConcurrentCreates},
		{Name: "ListPagination", Run: testListPagination},
		{Name: "Update", Run: testUpdate},
		{Name: "Delete", Run: testDelete},
		{Name: "KeyRotation", Run: testKeyRotation},
		{Name: "ConcurrentAddKey", Run: testConcurrentAddKey},
		{Name: "MarkKeyPushed", Run: testMarkKeyPushed},
	})
}

// base is a time with microseconds, the precision repositories must keep.
var base = time.Date(2026, 3, 4, 5, 6, 7, 123456000, time.UTC)

// record makes a valid record; n keeps ids, names and phone ids apart.
func record(t *testing.T, n int) apps.Record {
	t.Helper()
	return apps.Record{
		ID:                fmt.Sprintf("app_%04d", n),
		Name:              fmt.Sprintf("app %d", n),
		BSP:               providers.BSPMeta,
		PhoneNumber:       "+15550001234",
		PhoneNumberID:     fmt.Sprintf("10%04d", n),
		WABAID:            "200001",
		Settings:          map[string]string{"graph_api_version": "v23.0", "empty": ""},
		SealedCredentials: randomBytes(t, 61),
		Version:           1,
		CreatedAt:         base.Add(time.Duration(n) * time.Second),
		UpdatedAt:         base.Add(time.Duration(n) * time.Second),
	}
}

// randomBytes include zeros and high bytes with high probability, which
// catches blobs stored as text.
func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	_, err := rand.Read(b)
	require.NoError(t, err)
	b[0], b[1] = 0, 0xff
	return b
}

func keyRecord(t *testing.T, appID string, at time.Time) apps.KeyRecord {
	t.Helper()
	fp := fmt.Sprintf("%x", randomBytes(t, 32))
	return apps.KeyRecord{
		KeyPair: apps.KeyPair{
			AppID:       appID,
			PublicPEM:   "-----BEGIN PUBLIC KEY-----\n" + fp + "\n-----END PUBLIC KEY-----\n",
			Fingerprint: fp,
			Status:      apps.KeyActive,
			CreatedAt:   at,
		},
		SealedPrivate: randomBytes(t, 1700),
	}
}

func ctx(t *testing.T) context.Context { return t.Context() }

func testCreateGet(t *testing.T, repo apps.Repository) {
	want := record(t, 1)
	require.NoError(t, repo.Create(ctx(t), want))
	got, err := repo.Get(ctx(t), want.ID)
	require.NoError(t, err)
	assert.Equal(t, want.SealedCredentials, got.SealedCredentials, "sealed credentials must round-trip byte-exact")
	assert.True(t, want.CreatedAt.Equal(got.CreatedAt), "CreatedAt: want %v, got %v", want.CreatedAt, got.CreatedAt)
	assert.True(t, want.UpdatedAt.Equal(got.UpdatedAt), "UpdatedAt: want %v, got %v", want.UpdatedAt, got.UpdatedAt)
	assert.Equal(t, time.UTC, got.CreatedAt.Location(), "times come back in UTC")
	got.CreatedAt, got.UpdatedAt = want.CreatedAt, want.UpdatedAt
	assert.Equal(t, want, got)

	bare := record(t, 2)
	bare.SealedCredentials, bare.Settings, bare.PhoneNumber = nil, nil, ""
	require.NoError(t, repo.Create(ctx(t), bare))
	got, err = repo.Get(ctx(t), bare.ID)
	require.NoError(t, err)
	assert.Empty(t, got.SealedCredentials, "no credentials stay none")
	assert.Empty(t, got.Settings, "no settings stay none")
	assert.Empty(t, got.PhoneNumber)
}

func testGetMissing(t *testing.T, repo apps.Repository) {
	_, err := repo.Get(ctx(t), "app_missing")
	assert.ErrorIs(t, err, apps.ErrNotFound)
}

func testCreateConflicts(t *testing.T, repo apps.Repository) {
	first := record(t, 1)
	require.NoError(t, repo.Create(ctx(t), first))

	sameID := record(t, 2)
	sameID.ID = first.ID
	sameName := record(t, 3)
	sameName.Name = first.Name
	samePhoneID := record(t, 4)
	samePhoneID.PhoneNumberID = first.PhoneNumberID
	for name, r := range map[string]apps.Record{"same id": sameID, "same name": sameName, "same bsp and phone_number_id": samePhoneID} {
		assert.ErrorIs(t, repo.Create(ctx(t), r), apps.ErrConflict, name)
	}

	otherBSP := record(t, 5)
	otherBSP.BSP, otherBSP.PhoneNumberID = providers.BSPKapso, first.PhoneNumberID
	assert.NoError(t, repo.Create(ctx(t), otherBSP), "the same phone_number_id on another BSP is another sender")
	for i := 6; i <= 7; i++ {
		r := record(t, i)
		r.PhoneNumberID = ""
		assert.NoError(t, repo.Create(ctx(t), r), "an empty phone_number_id never conflicts")
	}
}

func testConcurrentCreates(t *testing.T, repo apps.Repository) {
	const n = 8
	distinct, same := make([]apps.Record, n), make([]apps.Record, n)
	for i := range n {
		distinct[i] = record(t, i)
		same[i] = record(t, 100+i)
		same[i].Name = "contested"
	}
	for i, err := range conformance.Concurrently(n, func(i int) error { return repo.Create(ctx(t), distinct[i]) }) {
		assert.NoError(t, err, "create %d", i)
	}
	all, err := repo.List(ctx(t), "", 100)
	require.NoError(t, err)
	assert.Len(t, all, n)

	conformance.OneWins(t, n, apps.ErrConflict, func(i int) error { return repo.Create(ctx(t), same[i]) },
		"exactly one of several creates with the same name succeeds")
}

func testListPagination(t *testing.T, repo apps.Repository) {
	// Created out of ID order: the list order must not be insertion order.
	order := []int{5, 2, 7, 1, 4, 6, 3}
	for _, n := range order {
		require.NoError(t, repo.Create(ctx(t), record(t, n)))
	}
	var seen []string
	after := ""
	for range len(order) {
		page, err := repo.List(ctx(t), after, 3)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(page), 3, "a page holds at most limit records")
		if len(page) == 0 {
			break
		}
		for _, r := range page {
			seen = append(seen, r.ID)
		}
		after = page[len(page)-1].ID
	}
	want := []string{"app_0001", "app_0002", "app_0003", "app_0004", "app_0005", "app_0006", "app_0007"}
	assert.Equal(t, want, seen, "pages list every record once, in ascending ID order")

	page, err := repo.List(ctx(t), "app_0007", 3)
	require.NoError(t, err)
	assert.Empty(t, page, "nothing after the last ID")
	page, err = repo.List(ctx(t), "app_0002x", 2)
	require.NoError(t, err)
	if assert.Len(t, page, 2) {
		assert.Equal(t, "app_0003", page[0].ID, "the cursor need not be an existing ID")
	}
	full, err := repo.List(ctx(t), "", 100)
	require.NoError(t, err)
	if assert.Len(t, full, 7) {
		assert.Equal(t, want[0], full[0].ID)
	}
}

func testUpdate(t *testing.T, repo apps.Repository) {
	r := record(t, 1)
	require.NoError(t, repo.Create(ctx(t), r))

	changed := r
	changed.Name = "renamed"
	changed.Settings = map[string]string{"base_url": "http://127.0.0.1:9"}
	changed.SealedCredentials = randomBytes(t, 40)
	changed.UpdatedAt = r.UpdatedAt.Add(time.Hour)
	require.NoError(t, repo.Update(ctx(t), changed))
	got, err := repo.Get(ctx(t), r.ID)
	require.NoError(t, err)
	assert.Equal(t, "renamed", got.Name)
	assert.Equal(t, changed.Settings, got.Settings)
	assert.Equal(t, changed.SealedCredentials, got.SealedCredentials, "sealed credentials must round-trip byte-exact")
	assert.Equal(t, 2, got.Version, "Update stores Version+1")
	assert.True(t, got.UpdatedAt.Equal(changed.UpdatedAt), "UpdatedAt is the record's")
	assert.True(t, got.CreatedAt.Equal(r.CreatedAt), "CreatedAt never changes")

	stale := changed
	stale.Name = "lost update"
	assert.ErrorIs(t, repo.Update(ctx(t), stale), apps.ErrConflict, "a stale version conflicts")
	got, err = repo.Get(ctx(t), r.ID)
	require.NoError(t, err)
	assert.Equal(t, "renamed", got.Name, "a conflicting update changes nothing")

	cleared := got
	cleared.SealedCredentials = nil
	require.NoError(t, repo.Update(ctx(t), cleared))
	got, err = repo.Get(ctx(t), r.ID)
	require.NoError(t, err)
	assert.Empty(t, got.SealedCredentials, "credentials can be removed")

	other := record(t, 2)
	require.NoError(t, repo.Create(ctx(t), other))
	taken := other
	taken.Name = "renamed"
	assert.ErrorIs(t, repo.Update(ctx(t), taken), apps.ErrConflict, "renaming onto a taken name conflicts")

	missing := record(t, 3)
	assert.ErrorIs(t, repo.Update(ctx(t), missing), apps.ErrNotFound)
}

func testDelete(t *testing.T, repo apps.Repository) {
	r := record(t, 1)
	require.NoError(t, repo.Create(ctx(t), r))
	_, err := repo.AddKey(ctx(t), keyRecord(t, r.ID, base), base)
	require.NoError(t, err)

	require.NoError(t, repo.Delete(ctx(t), r.ID))
	_, err = repo.Get(ctx(t), r.ID)
	assert.ErrorIs(t, err, apps.ErrNotFound, "a deleted app is gone")
	keys, err := repo.Keys(ctx(t), r.ID)
	require.NoError(t, err)
	assert.Empty(t, keys, "its keys went with it")
	assert.ErrorIs(t, repo.Delete(ctx(t), r.ID), apps.ErrNotFound, "deleting twice")

	require.NoError(t, repo.Create(ctx(t), r), "the id and name are free again")
}

func testKeyRotation(t *testing.T, repo apps.Repository) {
	r := record(t, 1)
	require.NoError(t, repo.Create(ctx(t), r))
	_, err := repo.AddKey(ctx(t), keyRecord(t, "app_missing", base), base)
	assert.ErrorIs(t, err, apps.ErrNotFound, "a key for an unknown app")

	first := keyRecord(t, r.ID, base)
	v, err := repo.AddKey(ctx(t), first, base)
	require.NoError(t, err)
	assert.Equal(t, 1, v, "versions start at 1")

	second := keyRecord(t, r.ID, base.Add(time.Minute))
	retireAt := base.Add(time.Hour)
	v, err = repo.AddKey(ctx(t), second, retireAt)
	require.NoError(t, err)
	assert.Equal(t, 2, v)

	keys, err := repo.Keys(ctx(t), r.ID)
	require.NoError(t, err)
	require.Len(t, keys, 2)
	assert.Equal(t, 2, keys[0].Version, "highest version first")
	assert.Equal(t, apps.KeyActive, keys[0].Status)
	assert.Nil(t, keys[0].RetireAt)
	assert.Equal(t, second.SealedPrivate, keys[0].SealedPrivate, "sealed private keys must round-trip byte-exact")
	assert.Equal(t, second.PublicPEM, keys[0].PublicPEM)
	assert.Equal(t, second.Fingerprint, keys[0].Fingerprint)
	assert.True(t, keys[0].CreatedAt.Equal(second.CreatedAt))
	assert.Equal(t, apps.KeyPrevious, keys[1].Status, "the replaced key is PREVIOUS")
	if assert.NotNil(t, keys[1].RetireAt) {
		assert.True(t, keys[1].RetireAt.Equal(retireAt), "RetireAt: want %v, got %v", retireAt, *keys[1].RetireAt)
	}
	assert.Equal(t, first.SealedPrivate, keys[1].SealedPrivate)

	require.NoError(t, repo.RetireKeys(ctx(t), r.ID, retireAt.Add(-time.Microsecond)))
	keys, err = repo.Keys(ctx(t), r.ID)
	require.NoError(t, err)
	assert.Equal(t, apps.KeyPrevious, keys[1].Status, "not retired before RetireAt")

	for range 2 {
		require.NoError(t, repo.RetireKeys(ctx(t), r.ID, retireAt))
		keys, err = repo.Keys(ctx(t), r.ID)
		require.NoError(t, err)
		assert.Equal(t, apps.KeyActive, keys[0].Status, "the active key is never retired")
		assert.Equal(t, apps.KeyRetired, keys[1].Status, "retired at RetireAt")
		assert.Empty(t, keys[1].SealedPrivate, "a retired key's private half is dropped")
	}

	none, err := repo.Keys(ctx(t), "app_missing")
	require.NoError(t, err)
	assert.Empty(t, none)
}

func testConcurrentAddKey(t *testing.T, repo apps.Repository) {
	r := record(t, 1)
	require.NoError(t, repo.Create(ctx(t), r))
	const n = 6
	added := make([]apps.KeyRecord, n)
	for i := range added {
		added[i] = keyRecord(t, r.ID, base)
	}
	versions := make([]int, n)
	errs := conformance.Concurrently(n, func(i int) (err error) {
		versions[i], err = repo.AddKey(ctx(t), added[i], base.Add(time.Hour))
		return err
	})
	seen := map[int]bool{}
	for i := range n {
		if assert.NoError(t, errs[i], "concurrent AddKey %d", i) {
			assert.False(t, seen[versions[i]], "version %d handed out twice", versions[i])
			seen[versions[i]] = true
		}
	}
	keys, err := repo.Keys(ctx(t), r.ID)
	require.NoError(t, err)
	assert.Len(t, keys, n)
	active := 0
	for _, k := range keys {
		if k.Status == apps.KeyActive {
			active++
			assert.Equal(t, n, k.Version, "the last version is the active one")
		}
	}
	assert.Equal(t, 1, active, "exactly one ACTIVE key")
}

func testMarkKeyPushed(t *testing.T, repo apps.Repository) {
	r := record(t, 1)
	require.NoError(t, repo.Create(ctx(t), r))
	v, err := repo.AddKey(ctx(t), keyRecord(t, r.ID, base), base)
	require.NoError(t, err)

	at := base.Add(time.Second)
	require.NoError(t, repo.MarkKeyPushed(ctx(t), r.ID, v, &at, ""))
	require.NoError(t, repo.MarkKeyPushed(ctx(t), r.ID, v, nil, "BSP said no"))
	keys, err := repo.Keys(ctx(t), r.ID)
	require.NoError(t, err)
	require.Len(t, keys, 1)
	if assert.NotNil(t, keys[0].PushedAt, "a failed push keeps the last success") {
		assert.True(t, keys[0].PushedAt.Equal(at))
	}
	assert.Equal(t, "BSP said no", keys[0].PushError)

	assert.ErrorIs(t, repo.MarkKeyPushed(ctx(t), r.ID, v+1, &at, ""), apps.ErrNotFound)
}
