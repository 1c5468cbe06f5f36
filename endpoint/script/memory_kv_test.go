package script_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/endpoint/script/kvtest"
)

func TestMemoryKVConformance(t *testing.T) {
	kvtest.Test(t, script.NewMemoryKV)
}

func TestMemoryKVLimits(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	kv := script.NewMemoryKVLimit(clock, 2)

	for _, tc := range []struct {
		name       string
		key, value string
	}{
		{"key-too-long", strings.Repeat("k", script.MaxKVKeyBytes+1), "v"},
		{"value-too-large", "k", strings.Repeat("v", script.MaxKVValueBytes+1)},
	} {
		require.ErrorIs(t, kv.Set(ctx, "tok", tc.key, tc.value, 0), script.ErrKVLimit, tc.name)
	}

	require.NoError(t, kv.Set(ctx, "a", "k", "1", time.Minute))
	require.NoError(t, kv.Set(ctx, "b", "k", "2", time.Hour))
	require.ErrorIs(t, kv.Set(ctx, "c", "k", "3", time.Hour), script.ErrKVLimit, "full")
	require.NoError(t, kv.Set(ctx, "a", "k", "1b", time.Minute), "replacing needs no room")

	now = now.Add(2 * time.Minute)
	require.NoError(t, kv.Set(ctx, "c", "k", "3", time.Hour), "an expired entry made room")
	_, ok, err := kv.Get(ctx, "a", "k")
	require.NoError(t, err)
	require.False(t, ok)
}
