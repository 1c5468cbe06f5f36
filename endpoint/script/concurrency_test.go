package script

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConcurrentRuns calls Run from many goroutines at once on two
// programs, with fewer pooled runtimes than goroutines, and checks that each
// answer carries its own request's token and kv state.
func TestConcurrentRuns(t *testing.T) {
	h := newTestHost(t, Options{PoolSize: 2})
	plain := compileFile(t, "testdata/answers/plain-env-kv.js")
	kapso := compileString(t, "echo.js", `async function handler(request, env) {
  const {data_exchange: ex} = await request.json();
  return Response.json({screen: "ECHO", data: {token: ex.flow_token}});
}`)
	const goroutines, calls = 16, 40
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() { // assert, not require: FailNow must stay on the test goroutine
			token := fmt.Sprintf("tok-%d", g)
			for i := range calls {
				ans, err := h.Run(context.Background(), plain, testRequest(token))
				if !assert.NoError(t, err) {
					return
				}
				assert.Equal(t, float64(i+1), ans.Body["data"].(map[string]any)["visits"])

				ans, err = h.Run(context.Background(), kapso, testRequest(token))
				if !assert.NoError(t, err) {
					return
				}
				assert.Equal(t, token, ans.Body["data"].(map[string]any)["token"])
			}
		})
	}
	wg.Wait()
	require.LessOrEqual(t, h.pool.size(), 2)
}
