package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main carries the process's streams and environment so that every
// subcommand can be run from tests exactly as from a shell.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// command is one subcommand. run returns nil for success, an *exitError to
// choose the exit status, or any other error, which is reported and exits 1.
type command struct {
	summary string
	run     func(ctx context.Context, m *Main, args []string) error
}

func (m *Main) commands() map[string]command {
	return map[string]command{
		"validate": {"validate Flow JSON files", runValidate},
		"schema":   {"print the JSON Schema of a Flow JSON version", runSchema},
		"keys":     {"generate the flows key pair, or print a private key's public half", runKeys},
		"token":    {"issue or verify a signed flow token", runToken},
		"endpoint": {"serve one flow's data endpoint with its handler script", runEndpoint},
		"simulate": {"walk a flow against its handler script, no server needed", runSimulate},
		"test":     {"play a scenario on a flow and check its expectations", runTest},
		"preview":  {"walk a flow in the browser, reloading when its files change", runPreview},
		"serve":    {"run the server: management API, data endpoints and webhooks", runServe},
	}
}

// Exit statuses shared by every subcommand.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// exitError ends a subcommand with a chosen status. A nil Err means the
// subcommand already printed what the user needs to know.
type exitError struct {
	Code int
	Err  error
}

func (e *exitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *exitError) Unwrap() error { return e.Err }

// usageErrorf reports a mistake in how a command was called (exit status 2).
func usageErrorf(format string, args ...any) error {
	return &exitError{Code: exitUsage, Err: fmt.Errorf(format, args...)}
}

// Run executes the subcommand named by args[0] and returns the exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	cmds := m.commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		m.usage(cmds)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "waflow: unknown command %q\n\n", args[0])
		m.usage(cmds)
		return exitUsage
	}
	err := cmd.run(ctx, m, args[1:])
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintf(m.Stderr, "waflow %s: %v\n", args[0], ee.Err)
		}
		return ee.Code
	}
	fmt.Fprintf(m.Stderr, "waflow %s: %v\n", args[0], err)
	return exitFailure
}

func (m *Main) usage(cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for name := range cmds {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Fprintln(m.Stderr, "usage: waflow <command> [flags] [arguments]")
	fmt.Fprintln(m.Stderr, "\ncommands:")
	for _, name := range names {
		fmt.Fprintf(m.Stderr, "  %-10s %s\n", name, cmds[name].summary)
	}
	fmt.Fprintln(m.Stderr, "\nRun 'waflow <command> -h' for the flags of one command.")
}
