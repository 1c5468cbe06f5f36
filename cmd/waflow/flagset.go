package main

import (
	"errors"
	"flag"
	"fmt"
)

// newCommandFlags returns a FlagSet that reports its own errors and help to
// m.Stderr instead of exiting, so a test sees exactly what a shell user sees.
// synopsis is the argument part of the usage line, after "waflow name".
func (m *Main) newCommandFlags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("waflow "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "usage: waflow %s %s\n\nflags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseCommandFlags parses args and maps the outcome to exit statuses: -h is
// success, any other parse error is a usage error. The flag package has
// already printed the message and the usage, hence the nil Err.
func parseCommandFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		return &exitError{Code: exitOK}
	default:
		return &exitError{Code: exitUsage}
	}
}

// noArgs rejects positional arguments for commands that take only flags, so a
// mistyped flag (say "-- out DIR") is not silently ignored.
func noArgs(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return usageErrorf("unexpected argument %q (this command takes flags only)", fs.Arg(0))
	}
	return nil
}

// commandConfig is a command's typed configuration; validate names the bad flag.
type commandConfig interface{ validate() error }

// parseFlagsOnly parses args for a command that takes flags only and then
// validates c, the typed configuration the flags were bound to. Pass c as a
// pointer, so that validate sees the parsed values.
func parseFlagsOnly(fs *flag.FlagSet, args []string, c commandConfig) error {
	if err := parseCommandFlags(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	return c.validate()
}

// runSubcommand runs the subcommand of subs that args[0] names with the
// rest of args. -h, --help and help print synopsis, the usage of every
// subcommand; a missing or unknown subcommand is a usage error that
// repeats it.
func (m *Main) runSubcommand(args []string, synopsis string, subs map[string]func(args []string) error) error {
	if len(args) == 0 {
		return usageErrorf("missing subcommand\n%s", synopsis)
	}
	if run, ok := subs[args[0]]; ok {
		return run(args[1:])
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprintln(m.Stderr, synopsis)
		return nil
	default:
		return usageErrorf("unknown subcommand %q\n%s", args[0], synopsis)
	}
}
