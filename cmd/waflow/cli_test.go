package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
)

// cliResult is what one run of the command printed and returned.
type cliResult struct {
	Code   int
	Stdout string
	Stderr string
}

// runCLI runs waflow with args and an environment of exactly env, the way a
// shell would, and returns what it printed.
func runCLI(t *testing.T, env map[string]string, args ...string) cliResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{
		Stdin:  strings.NewReader(""),
		Stdout: &stdout,
		Stderr: &stderr,
		Getenv: func(k string) string { return env[k] },
	}
	code := m.Run(context.Background(), args)
	return cliResult{Code: code, Stdout: stdout.String(), Stderr: stderr.String()}
}

// lockedBuffer is a bytes.Buffer safe to read while a running command
// writes to it from another goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
