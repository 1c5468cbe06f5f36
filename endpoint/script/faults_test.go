package script

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestFaults runs each script of testdata/faults and checks the fault, where
// it is placed, and that the same host answers a normal call afterwards.
func TestFaults(t *testing.T) {
	const budget = 200 * time.Millisecond
	h := newTestHost(t, Options{Timeout: budget, PoolSize: 2, MaxAnswerBytes: 64 << 10})
	for _, tc := range []struct {
		file       string
		fault      Fault
		line, col  int // 0: not checked
		msgContain string
	}{
		{"endless-loop.js", FaultTimeout, 4, 0, "200ms budget"},
		{"deep-recursion.js", FaultStackOverflow, 2, 0, "deeper than 1024"},
		{"throw.js", FaultException, 3, 11, "Error: x"},
		{"async-throw.js", FaultException, 4, 13, "TypeError: no such screen: DETAILS"},
		{"huge-answer.js", FaultAnswerTooLarge, 0, 0, "limit is 65536"},
		{"non-object.js", FaultBadAnswer, 0, 0, "must be a JSON object; it is a string"},
		{"missing-screen.js", FaultBadAnswer, 0, 0, "no screen"},
		{"data-not-object.js", FaultBadAnswer, 0, 0, "data must be an object; it is an array"},
		{"never-settles.js", FaultUnsettled, 0, 0, "still pending"},
		{"kapso-plain-object.js", FaultBadAnswer, 0, 0, "must return a Response"},
		{"kapso-status-500.js", FaultBadAnswer, 0, 0, "status 500: database unavailable"},
		{"implicit-global.js", FaultException, 2, 0, "ReferenceError"},
		{"cyclic-answer.js", FaultBadAnswer, 0, 0, "cannot be encoded as JSON"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			p := compileFile(t, filepath.Join("testdata/faults", tc.file))
			start := time.Now()
			_, err := h.Run(context.Background(), p, testRequest("tok"))
			elapsed := time.Since(start)

			var se *ScriptError
			require.ErrorAs(t, err, &se, "got %v", err)
			require.Equal(t, tc.fault, se.Fault, se.Error())
			require.Equal(t, tc.file, se.Program)
			require.Contains(t, se.Message, tc.msgContain)
			if tc.line > 0 {
				require.Equal(t, tc.line, se.Line, se.Stack)
				require.Contains(t, se.Stack, tc.file)
			}
			if tc.col > 0 {
				require.Equal(t, tc.col, se.Column, se.Stack)
			}
			if tc.fault == FaultTimeout {
				require.ErrorIs(t, err, context.DeadlineExceeded)
				require.Less(t, elapsed, budget+500*time.Millisecond, "interrupted within the budget and a margin")
			}
			requireHealthy(t, h)
		})
	}
}

func TestStackOverflowStackIsBounded(t *testing.T) {
	h := newTestHost(t, Options{})
	_, err := h.Run(context.Background(), compileFile(t, "testdata/faults/deep-recursion.js"), testRequest("tok"))
	var se *ScriptError
	require.ErrorAs(t, err, &se)
	require.Contains(t, se.Stack, "more frames")
	require.Less(t, len(se.Stack), 2000)
}

func TestAllocationBombIsStopped(t *testing.T) {
	h := newTestHost(t, Options{MaxHeapBytes: 64 << 20, Timeout: 5 * time.Second})
	p := compileFile(t, "testdata/faults/allocation-bomb.js")
	_, err := h.Run(context.Background(), p, testRequest("tok"))
	var se *ScriptError
	require.ErrorAs(t, err, &se)
	require.Contains(t, []Fault{FaultMemory, FaultTimeout}, se.Fault, se.Error())
	t.Logf("allocation bomb stopped by %s", se.Fault)
	requireHealthy(t, h)
}

func TestCallerDeadlineIsATimeout(t *testing.T) {
	h := newTestHost(t, Options{Timeout: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := h.Run(ctx, compileFile(t, "testdata/faults/endless-loop.js"), testRequest("tok"))
	var se *ScriptError
	require.ErrorAs(t, err, &se)
	require.Equal(t, FaultTimeout, se.Fault)
	require.Contains(t, se.Message, "caller's deadline")
	require.Less(t, time.Since(start), time.Second)
	requireHealthy(t, h)
}

func TestCallerCancelIsNotAFault(t *testing.T) {
	h := newTestHost(t, Options{Timeout: 5 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := h.Run(ctx, compileFile(t, "testdata/faults/endless-loop.js"), testRequest("tok"))
	require.ErrorIs(t, err, context.Canceled)
	var se *ScriptError
	require.False(t, errors.As(err, &se), "a cancelled call is not the script's fault")

	_, err = h.Run(ctx, compileString(t, "ok.js", healthy), testRequest("tok"))
	require.ErrorIs(t, err, context.Canceled, "an already cancelled context does not start a call")
	requireHealthy(t, h)
}

func TestErrorMessageNeedsAScreen(t *testing.T) {
	h := newTestHost(t, Options{})
	p := compileFile(t, "testdata/answers/plain-error-message.js")
	req := testRequest("tok")
	req.Body["action"], req.Body["screen"] = "INIT", ""
	_, err := h.Run(context.Background(), p, req)
	var se *ScriptError
	require.ErrorAs(t, err, &se)
	require.Equal(t, FaultBadAnswer, se.Fault)
	require.Contains(t, se.Message, "needs a screen")
}

func TestTimeoutIsClamped(t *testing.T) {
	for _, tc := range []struct{ in, want time.Duration }{
		{0, DefaultTimeout},
		{-time.Second, DefaultTimeout},
		{time.Second, time.Second},
		{30 * time.Second, MaxTimeout},
	} {
		require.Equal(t, tc.want, Options{Timeout: tc.in}.withDefaults().Timeout)
	}
}
