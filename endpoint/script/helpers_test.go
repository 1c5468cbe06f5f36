package script

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fixedNow is the clock of every test host, so golden answers are stable.
func fixedNow() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) }

func testRequest(token string) Request {
	return Request{
		FlowID: "1234567890",
		Body: map[string]any{
			"version":    "3.0",
			"action":     "data_exchange",
			"screen":     "DETAILS",
			"data":       map[string]any{"name": "Ana"},
			"flow_token": token,
		},
		Env: map[string]string{"GREETING": "Hola", "PLAN": "gold", "API_KEY": "sk-123456"},
	}
}

func compileFile(t testing.TB, path string) *Program {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	p, err := Compile(filepath.Base(path), string(src))
	require.NoError(t, err)
	return p
}

func compileString(t testing.TB, name, src string) *Program {
	t.Helper()
	p, err := Compile(name, src)
	require.NoError(t, err)
	return p
}

func newTestHost(t testing.TB, opts Options) *Host {
	t.Helper()
	if opts.Now == nil {
		opts.Now = fixedNow
	}
	h := NewHost(opts)
	t.Cleanup(func() { require.NoError(t, h.Close()) })
	return h
}

// healthy is a normal call that every test makes after a fault, to show the
// host keeps serving.
const healthy = `function handle(req, ctx) { return {screen: "OK", data: {token: ctx.flow_token}} }`

func requireHealthy(t *testing.T, h *Host) {
	t.Helper()
	p := compileString(t, "healthy.js", healthy)
	ans, err := h.Run(context.Background(), p, testRequest("after-fault"))
	require.NoError(t, err)
	require.JSONEq(t, `{"screen":"OK","data":{"token":"after-fault"}}`, string(ans.Raw))
}
