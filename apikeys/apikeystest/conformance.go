package apikeystest

import (
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apikeys"
	"github.com/waflow/waflow/internal/conformance"
)

// RepositoryConformance checks that the repositories newRepo makes satisfy
// the [apikeys.Repository] contract. Each case runs in its own subtest with
// a fresh, empty repository and reports every violation it finds.
func RepositoryConformance(t *testing.T, newRepo func(t *testing.T) apikeys.Repository) {
	t.Helper()
	conformance.Run(t, newRepo, []conformance.Case[apikeys.Repository]{
		{Name: "CreateGet", Run: testCreateGet},
		{Name: "Conflicts", Run: testConflicts},
		{Name: "Put", Run: testPut},
		{Name: "Revoke", Run: testRevoke},
		{Name: "ListAndCount", Run: testListAndCount},
	})
}

var base = time.Date(2026, 3, 4, 5, 6, 7, 123456000, time.UTC)

func record(t *testing.T, n int) apikeys.Record {
	t.Helper()
	h := make([]byte, 32)
	_, err := rand.Read(h)
	require.NoError(t, err)
	h[0], h[1] = 0, 0xff
	return apikeys.Record{
		Key:  apikeys.Key{ID: fmt.Sprintf("key%04d", n), Name: fmt.Sprintf("key %d", n), CreatedAt: base.Add(time.Duration(n) * time.Second)},
		Hash: h,
	}
}

func testCreateGet(t *testing.T, repo apikeys.Repository) {
	want := record(t, 1)
	require.NoError(t, repo.Create(t.Context(), want))
	got, err := repo.Get(t.Context(), want.ID)
	require.NoError(t, err)
	assert.Equal(t, want.Hash, got.Hash, "hashes must round-trip byte-exact")
	assert.True(t, want.CreatedAt.Equal(got.CreatedAt), "CreatedAt: want %v, got %v", want.CreatedAt, got.CreatedAt)
	assert.Equal(t, time.UTC, got.CreatedAt.Location(), "times come back in UTC")
	assert.Equal(t, want.Name, got.Name)
	assert.Nil(t, got.RevokedAt)

	_, err = repo.Get(t.Context(), "missing")
	assert.ErrorIs(t, err, apikeys.ErrNotFound)
}

func testConflicts(t *testing.T, repo apikeys.Repository) {
	const n = 6
	records := make([]apikeys.Record, n)
	for i := range records {
		records[i] = record(t, i)
		records[i].ID = "same"
	}
	conformance.OneWins(t, n, apikeys.ErrConflict, func(i int) error { return repo.Create(t.Context(), records[i]) },
		"exactly one of several creates with the same id succeeds")
}

func testPut(t *testing.T, repo apikeys.Repository) {
	first := record(t, 1)
	require.NoError(t, repo.Put(t.Context(), first), "Put creates")
	require.NoError(t, repo.Put(t.Context(), first), "Put again changes nothing")
	count, err := repo.CountActive(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, count)

	require.NoError(t, repo.Revoke(t.Context(), first.ID, base.Add(time.Hour)))
	replaced := record(t, 2)
	replaced.ID = first.ID
	require.NoError(t, repo.Put(t.Context(), replaced))
	got, err := repo.Get(t.Context(), first.ID)
	require.NoError(t, err)
	assert.Equal(t, replaced.Hash, got.Hash, "Put replaces the hash")
	assert.Equal(t, replaced.Name, got.Name, "Put replaces the name")
	assert.Nil(t, got.RevokedAt, "Put clears the revocation")
	assert.True(t, got.CreatedAt.Equal(first.CreatedAt), "Put keeps CreatedAt")
}

func testRevoke(t *testing.T, repo apikeys.Repository) {
	r := record(t, 1)
	require.NoError(t, repo.Create(t.Context(), r))
	at := base.Add(time.Hour)
	require.NoError(t, repo.Revoke(t.Context(), r.ID, at))
	require.NoError(t, repo.Revoke(t.Context(), r.ID, at.Add(time.Hour)), "revoking twice is fine")
	got, err := repo.Get(t.Context(), r.ID)
	require.NoError(t, err)
	if assert.NotNil(t, got.RevokedAt) {
		assert.True(t, got.RevokedAt.Equal(at), "the first revocation time stays: want %v, got %v", at, *got.RevokedAt)
	}
	assert.ErrorIs(t, repo.Revoke(t.Context(), "missing", at), apikeys.ErrNotFound)
}

func testListAndCount(t *testing.T, repo apikeys.Repository) {
	keys, err := repo.List(t.Context())
	require.NoError(t, err)
	assert.Empty(t, keys)
	for _, n := range []int{3, 1, 2} {
		require.NoError(t, repo.Create(t.Context(), record(t, n)))
	}
	tie := record(t, 0)
	tie.CreatedAt = base.Add(time.Second)
	require.NoError(t, repo.Create(t.Context(), tie))
	require.NoError(t, repo.Revoke(t.Context(), "key0002", base.Add(time.Hour)))

	keys, err = repo.List(t.Context())
	require.NoError(t, err)
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	assert.Equal(t, []string{"key0000", "key0001", "key0002", "key0003"}, ids, "oldest first, ties by id, revoked included")
	count, err := repo.CountActive(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 3, count, "revoked keys are not counted")
}
