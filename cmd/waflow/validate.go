package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/flowjson/report"
)

// validateConfig is the typed form of "validate"'s flags and arguments.
type validateConfig struct {
	FlowVersion string
	Format      string
	Strict      bool
	Paths       []string
}

func (c validateConfig) validate() error {
	switch c.Format {
	case "text", "json", "sarif":
	default:
		return usageErrorf("--format: %q is not one of text, json, sarif", c.Format)
	}
	if c.FlowVersion != "" {
		if _, err := flowjson.ParseVersion(c.FlowVersion); err != nil {
			return usageErrorf("--flow-version: %v", err)
		}
	}
	if len(c.Paths) == 0 {
		return usageErrorf("no files to validate (give FILE… or - for standard input)")
	}
	stdin := 0
	for _, p := range c.Paths {
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return usageErrorf("standard input (-) can be named only once")
	}
	return nil
}

// runValidate checks Flow JSON files: exit 0 when every file is valid
// (warnings allowed), 1 when one is invalid, 2 on a usage or I/O error.
func runValidate(ctx context.Context, m *Main, args []string) error {
	fs := m.newCommandFlags("validate", "[--flow-version X] [--format text|json|sarif] [--strict] FILE… | -")
	var c validateConfig
	fs.StringVar(&c.FlowVersion, "flow-version", "", "validate against this Flow JSON version instead of the file's own (e.g. 7.3)")
	fs.StringVar(&c.Format, "format", "text", "output format: text, json or sarif")
	fs.BoolVar(&c.Strict, "strict", false, "treat warnings as errors")
	if err := parseCommandFlags(fs, args); err != nil {
		return err
	}
	c.Paths = fs.Args()
	if err := c.validate(); err != nil {
		return err
	}
	sources, err := m.readSources(c.Paths)
	if err != nil {
		return &exitError{Code: exitUsage, Err: err}
	}
	files := validateAll(ctx, sources, flowjson.Options{FlowVersion: c.FlowVersion, Strict: c.Strict})
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	if err := printReport(m.Stdout, c.Format, files); err != nil {
		return &exitError{Code: exitUsage, Err: err}
	}
	for _, f := range files {
		if !f.Result.Valid() {
			return &exitError{Code: exitFailure}
		}
	}
	return nil
}

type source struct {
	path string
	data []byte
}

// readSources reads every input before validation starts, so that an
// unreadable file fails the run (exit 2) before any report is printed.
func (m *Main) readSources(paths []string) ([]source, error) {
	out := make([]source, len(paths))
	for i, p := range paths {
		var data []byte
		var err error
		if p == "-" {
			data, err = io.ReadAll(m.Stdin)
		} else {
			data, err = os.ReadFile(p)
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		out[i] = source{path: p, data: data}
	}
	return out, nil
}

// validateAll validates sources concurrently, at most GOMAXPROCS at a
// time, and returns the results in input order.
func validateAll(ctx context.Context, sources []source, opts flowjson.Options) []report.File {
	files := make([]report.File, len(sources))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, s := range sources {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			files[i] = report.File{Path: s.path, Result: flowjson.Validate(s.data, opts)}
		}()
	}
	wg.Wait()
	return files
}

func printReport(w io.Writer, format string, files []report.File) error {
	switch format {
	case "json":
		return report.JSON(w, files)
	case "sarif":
		return report.SARIF(w, files)
	}
	return report.Text(w, files)
}
