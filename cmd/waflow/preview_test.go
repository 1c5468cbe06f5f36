package main

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestPreviewServesAFlowOnDisk(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &lockedBuffer{}, &lockedBuffer{}
	m := &Main{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: stderr, Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- m.Run(ctx, []string{"preview", pizzaFlow, "--script", pizzaPlain,
			"--env-file", "../../examples/scripts/pizza-order.env", "--addr", "127.0.0.1:0"})
	}()
	defer func() {
		cancel()
		require.Equal(t, exitOK, <-done, "stderr: %s", stderr)
	}()

	urlPattern := regexp.MustCompile(`on (http://127\.0\.0\.1:\d+/)`)
	var base string
	require.Eventually(t, func() bool {
		match := urlPattern.FindStringSubmatch(stdout.String())
		if match != nil {
			base = match[1]
		}
		return base != ""
	}, 10*time.Second, 20*time.Millisecond, "stderr: %s", stderr)

	resp, err := http.Get(base + "version")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var v struct{ Name, Endpoint string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&v))
	require.Equal(t, "pizza-order-endpoint-7.3", v.Name)
	require.Contains(t, v.Endpoint, "throwaway key")

	page, err := http.Get(base)
	require.NoError(t, err)
	defer page.Body.Close()
	require.Equal(t, http.StatusOK, page.StatusCode)
}

func TestPreviewUsageErrors(t *testing.T) {
	r := runCLI(t, nil, "preview")
	require.Equal(t, exitUsage, r.Code)
	require.Contains(t, r.Stderr, "no flow given")

	r = runCLI(t, nil, "preview", "no-such-flow.json")
	require.Equal(t, exitUsage, r.Code)
	require.Contains(t, r.Stderr, "read the flow")

	r = runCLI(t, nil, "preview", pizzaFlow, "--addr", "8090")
	require.Equal(t, exitUsage, r.Code)
	require.Contains(t, r.Stderr, "--addr")
}
