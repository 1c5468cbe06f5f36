package kvtest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/waflow/waflow/endpoint/script"
)

// clock is a manual clock for the implementation under test.
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

// Test runs the conformance suite against stores made by newKV, a fresh one
// per subtest, each reading time only from the clock it is given.
func Test(t *testing.T, newKV func(now func() time.Time) script.KV) {
	ctx := context.Background()
	setup := func(t *testing.T) (script.KV, *clock) {
		c := &clock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
		kv := newKV(c.Now)
		require.NotNil(t, kv)
		return kv, c
	}

	t.Run("set-then-get", func(t *testing.T) {
		kv, _ := setup(t)
		require.NoError(t, kv.Set(ctx, "tok", "k", "v", time.Hour))
		got, ok, err := kv.Get(ctx, "tok", "k")
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, "v", got)
	})
	t.Run("missing-key", func(t *testing.T) {
		kv, _ := setup(t)
		got, ok, err := kv.Get(ctx, "tok", "nope")
		require.NoError(t, err)
		require.False(t, ok)
		require.Empty(t, got)
	})
	t.Run("empty-value-is-present", func(t *testing.T) {
		kv, _ := setup(t)
		require.NoError(t, kv.Set(ctx, "tok", "k", "", time.Hour))
		_, ok, err := kv.Get(ctx, "tok", "k")
		require.NoError(t, err)
		require.True(t, ok)
	})
	t.Run("tokens-are-separate", func(t *testing.T) {
		kv, _ := setup(t)
		require.NoError(t, kv.Set(ctx, "alice", "k", "a", time.Hour))
		require.NoError(t, kv.Set(ctx, "bob", "k", "b", time.Hour))
		got, _, err := kv.Get(ctx, "alice", "k")
		require.NoError(t, err)
		require.Equal(t, "a", got)
		require.NoError(t, kv.Delete(ctx, "bob", "k"))
		got, ok, err := kv.Get(ctx, "alice", "k")
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, "a", got)
	})
	t.Run("set-replaces", func(t *testing.T) {
		kv, _ := setup(t)
		require.NoError(t, kv.Set(ctx, "tok", "k", "one", time.Hour))
		require.NoError(t, kv.Set(ctx, "tok", "k", "two", time.Hour))
		got, _, err := kv.Get(ctx, "tok", "k")
		require.NoError(t, err)
		require.Equal(t, "two", got)
	})
	t.Run("delete", func(t *testing.T) {
		kv, _ := setup(t)
		require.NoError(t, kv.Set(ctx, "tok", "k", "v", time.Hour))
		require.NoError(t, kv.Delete(ctx, "tok", "k"))
		_, ok, err := kv.Get(ctx, "tok", "k")
		require.NoError(t, err)
		require.False(t, ok)
		require.NoError(t, kv.Delete(ctx, "tok", "k"), "deleting a missing key")
	})
	t.Run("ttl-expires", func(t *testing.T) {
		kv, c := setup(t)
		require.NoError(t, kv.Set(ctx, "tok", "k", "v", time.Minute))
		c.Advance(59 * time.Second)
		_, ok, err := kv.Get(ctx, "tok", "k")
		require.NoError(t, err)
		require.True(t, ok, "before its ttl")
		c.Advance(2 * time.Second)
		_, ok, err = kv.Get(ctx, "tok", "k")
		require.NoError(t, err)
		require.False(t, ok, "after its ttl")
	})
	t.Run("set-renews-ttl", func(t *testing.T) {
		kv, c := setup(t)
		require.NoError(t, kv.Set(ctx, "tok", "k", "v", time.Minute))
		c.Advance(50 * time.Second)
		require.NoError(t, kv.Set(ctx, "tok", "k", "v2", time.Minute))
		c.Advance(50 * time.Second)
		got, ok, err := kv.Get(ctx, "tok", "k")
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, "v2", got)
	})
	t.Run("default-ttl-is-finite", func(t *testing.T) {
		kv, c := setup(t)
		require.NoError(t, kv.Set(ctx, "tok", "k", "v", 0))
		c.Advance(time.Hour)
		_, ok, err := kv.Get(ctx, "tok", "k")
		require.NoError(t, err)
		require.True(t, ok, "an hour into the default lifetime")
		c.Advance(365 * 24 * time.Hour)
		_, ok, err = kv.Get(ctx, "tok", "k")
		require.NoError(t, err)
		require.False(t, ok, "a year later")
	})
	t.Run("cancelled-context", func(t *testing.T) {
		kv, _ := setup(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		require.Error(t, kv.Set(cctx, "tok", "k", "v", time.Hour))
	})
	t.Run("concurrent", func(t *testing.T) {
		kv, _ := setup(t)
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() { // assert, not require: FailNow must not run off the test goroutine
				tok := fmt.Sprintf("tok-%d", g)
				for i := range 50 {
					key := fmt.Sprintf("k%d", i%5)
					assert.NoError(t, kv.Set(ctx, tok, key, tok, time.Hour))
					got, ok, err := kv.Get(ctx, tok, key)
					assert.NoError(t, err)
					assert.True(t, ok)
					assert.Equal(t, tok, got)
					assert.NoError(t, kv.Delete(ctx, tok, key))
				}
			})
		}
		wg.Wait()
	})
}
