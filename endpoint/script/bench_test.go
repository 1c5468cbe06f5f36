package script

import (
	"context"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

const benchScript = `function handle(req, ctx) {
  return {screen: "CONFIRM", data: {name: req.data.name, token: ctx.flow_token}};
}`

// BenchmarkRun compares a Host.Run of a small plain script (waflow) with
// calling an equivalent function directly on a warm goja runtime (baseline):
// the difference is the host's cost per call (request and answer encoding,
// fresh scope, pool, watchers, answer checks).
func BenchmarkRun(b *testing.B) {
	b.Run("baseline", func(b *testing.B) {
		vm := goja.New()
		_, err := vm.RunString(benchScript)
		require.NoError(b, err)
		fn, ok := goja.AssertFunction(vm.Get("handle"))
		require.True(b, ok)
		req := vm.ToValue(map[string]any{"data": map[string]any{"name": "Ana"}})
		ctx := vm.ToValue(map[string]any{"flow_token": "tok"})
		b.ReportAllocs()
		for b.Loop() {
			if _, err := fn(goja.Undefined(), req, ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("waflow", func(b *testing.B) {
		h := NewHost(Options{})
		defer h.Close()
		p := compileString(b, "bench.js", benchScript)
		req := testRequest("tok")
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := h.Run(ctx, p, req); err != nil {
				b.Fatal(err)
			}
		}
	})
}
