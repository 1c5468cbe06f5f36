package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/store"
)

// BenchmarkSQLiteConcurrentWrites measures eight goroutines using the store
// at once, three operations in four being an app update (a write
// transaction), the rest a read. The baseline funnels everything through a
// single connection; "waflow" is the configuration Open uses (a small pool,
// IMMEDIATE transactions, busy timeout).
func BenchmarkSQLiteConcurrentWrites(b *testing.B) { benchmarkSQLite(b, 4, 3) }

// BenchmarkSQLiteConcurrentReads is the same with one write in sixteen
// operations, the mix of a server mostly answering GETs.
func BenchmarkSQLiteConcurrentReads(b *testing.B) { benchmarkSQLite(b, 16, 1) }

// benchmarkSQLite runs writesPerCycle updates in every cycle operations.
func benchmarkSQLite(b *testing.B, cycle, writesPerCycle int64) {
	for _, c := range []struct {
		name  string
		conns int
	}{{"baseline", 1}, {"waflow", 0}} {
		b.Run(c.name, func(b *testing.B) {
			db, err := store.Open(context.Background(), store.Config{
				URL: filepath.Join(b.TempDir(), "bench.db"), MaxOpenConns: c.conns})
			require.NoError(b, err)
			b.Cleanup(func() { _ = db.Close() })
			repo := db.Apps()
			const rows = 64
			now := time.Now().UTC()
			for i := range rows {
				require.NoError(b, repo.Create(context.Background(), apps.Record{
					ID: fmt.Sprintf("app_%04d", i), Name: fmt.Sprintf("app %d", i), BSP: providers.BSPSandbox,
					Version: 1, CreatedAt: now, UpdatedAt: now}))
			}
			var next atomic.Int64
			b.SetParallelism(4)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				ctx := context.Background()
				for pb.Next() {
					n := next.Add(1)
					id := fmt.Sprintf("app_%04d", n%rows)
					rec, err := repo.Get(ctx, id)
					if err != nil {
						b.Error(err)
						return
					}
					if n%cycle >= writesPerCycle {
						continue
					}
					rec.UpdatedAt = time.Now()
					// Another goroutine may have updated the row since the read.
					if err := repo.Update(ctx, rec); err != nil && !errors.Is(err, apps.ErrConflict) {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
