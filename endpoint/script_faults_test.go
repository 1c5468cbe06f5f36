package endpoint_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
)

// TestScriptFaults: a misbehaving handler script is stopped within its
// budget, answered 500 with nothing of its text, logged with the fault's
// kind and position, and the endpoint keeps serving.
func TestScriptFaults(t *testing.T) {
	const budget = 300 * time.Millisecond
	f := newFixture(t, fixtureOptions{host: &script.Options{Timeout: budget, MaxHeapBytes: 64 << 20}})
	tok := f.token(t)
	for _, tc := range []struct {
		mode   string
		code   endpoint.Code
		logged []string
	}{
		{mode: "loop", code: endpoint.CodeScriptFault, logged: []string{"fault=timeout", "line="}},
		{mode: "alloc", code: endpoint.CodeScriptFault, logged: []string{`fault="memory limit"`}},
		{mode: "recurse", code: endpoint.CodeScriptFault, logged: []string{`fault="stack overflow"`, "line=13"}},
		{mode: "throw", code: endpoint.CodeScriptFault, logged: []string{"fault=exception", "line=17", "column=13"}},
		{mode: "huge", code: endpoint.CodeScriptFault, logged: []string{`fault="answer too large"`}},
		{mode: "unknown_screen", code: endpoint.CodeInvalidAnswer, logged: []string{"the flow has no such screen"}},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			start := time.Now()
			r := f.client.send(t, map[string]any{"version": "3.0", "action": "data_exchange", "screen": "WELCOME",
				"data": map[string]any{"mode": tc.mode}, "flow_token": tok})
			// The budget plus room for a loaded machine under -race.
			within(t, budget+2*time.Second, start)
			require.Equal(t, http.StatusInternalServerError, r.status)
			require.Equal(t, tc.code, f.obs.last().Code)
			requireNoLeak(t, r)
			require.NotContains(t, r.answer["error_msg"], "hunter2")
			logs := f.logs.String()
			for _, want := range tc.logged {
				require.Contains(t, logs, want)
			}

			ping := f.client.send(t, map[string]any{"version": "3.0", "action": "ping"})
			require.Equal(t, http.StatusOK, ping.status)
			init := f.client.send(t, map[string]any{"version": "3.0", "action": "INIT", "flow_token": tok})
			require.Equal(t, http.StatusOK, init.status, "the host still runs scripts after a %s", tc.mode)
		})
	}
}
