package script

import (
	"container/heap"
	"context"
	"fmt"
	"sync"
	"time"
)

// Limits of the in-memory KV.
const (
	DefaultMemoryKVEntries = 100_000
	DefaultKVTTL           = 72 * time.Hour // Meta advises flow tokens live 2-3 days
	MaxKVKeyBytes          = 512
	MaxKVValueBytes        = 64 << 10
)

// NewMemoryKV returns a [KV] held in process memory with at most
// DefaultMemoryKVEntries entries; now is its clock (nil means time.Now).
func NewMemoryKV(now func() time.Time) KV {
	return NewMemoryKVLimit(now, DefaultMemoryKVEntries)
}

// NewMemoryKVLimit is [NewMemoryKV] with room for maxEntries entries (at
// least one). Expired entries are dropped first; when the store is still
// full, Set of a new key fails with [ErrKVLimit] rather than silently losing
// another token's state.
func NewMemoryKVLimit(now func() time.Time, maxEntries int) KV {
	if now == nil {
		now = time.Now
	}
	return &memoryKV{now: now, max: max(maxEntries, 1), entries: map[memKey]*memEntry{}}
}

type memoryKV struct {
	now func() time.Time
	max int

	mu       sync.Mutex
	entries  map[memKey]*memEntry
	byExpiry expiryHeap
}

type memKey struct{ token, key string }

type memEntry struct {
	k       memKey
	value   string
	expires time.Time
	index   int
}

func (m *memoryKV) Get(ctx context.Context, flowToken, key string) (string, bool, error) {
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.expire()
	e, ok := m.entries[memKey{flowToken, key}]
	if !ok {
		return "", false, nil
	}
	return e.value, true, nil
}

func (m *memoryKV) Set(ctx context.Context, flowToken, key, value string, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(key) > MaxKVKeyBytes {
		return fmt.Errorf("kv set: key of %d bytes is longer than %d: %w", len(key), MaxKVKeyBytes, ErrKVLimit)
	}
	if len(value) > MaxKVValueBytes {
		return fmt.Errorf("kv set %q: value of %d bytes is larger than %d: %w", key, len(value), MaxKVValueBytes, ErrKVLimit)
	}
	if ttl <= 0 {
		ttl = DefaultKVTTL
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.expire()
	k := memKey{flowToken, key}
	expires := m.now().Add(ttl)
	if e, ok := m.entries[k]; ok {
		e.value, e.expires = value, expires
		heap.Fix(&m.byExpiry, e.index)
		return nil
	}
	if len(m.entries) >= m.max {
		return fmt.Errorf("kv set %q: store holds its maximum of %d entries: %w", key, m.max, ErrKVLimit)
	}
	e := &memEntry{k: k, value: value, expires: expires}
	m.entries[k] = e
	heap.Push(&m.byExpiry, e)
	return nil
}

func (m *memoryKV) Delete(ctx context.Context, flowToken, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.entries[memKey{flowToken, key}]; ok {
		heap.Remove(&m.byExpiry, e.index)
		delete(m.entries, e.k)
	}
	return nil
}

// expire drops every entry whose time has come; the caller holds mu.
func (m *memoryKV) expire() {
	now := m.now()
	for len(m.byExpiry) > 0 && !m.byExpiry[0].expires.After(now) {
		e := heap.Pop(&m.byExpiry).(*memEntry)
		delete(m.entries, e.k)
	}
}

type expiryHeap []*memEntry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *expiryHeap) Push(x any) {
	e := x.(*memEntry)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}
