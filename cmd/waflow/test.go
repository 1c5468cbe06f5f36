package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowrun"
)

// testConfig is the typed form of "waflow test"'s flags and argument.
type testConfig struct {
	Flow     string
	Scenario string
	Script   string
	EnvFile  string
	Timeout  time.Duration
}

func (c testConfig) validate() error {
	if c.Flow == "" {
		return usageErrorf("no flow given (waflow test FLOW --scenario FILE)")
	}
	if c.Scenario == "" {
		return requireFlag("scenario")
	}
	return checkScriptTimeout(c.Timeout)
}

// runTest plays a scenario on the flow runtime, headless: exit 0 when every
// expectation holds, 1 at the first that does not (or when the walk cannot
// go on), 2 on a usage or I/O error. An endpoint flow's requests go through
// the real envelope to its handler script, under a throwaway key.
func runTest(ctx context.Context, m *Main, args []string) error {
	var c testConfig
	flags := m.newCommandFlags("test", "FLOW --scenario FILE [--script FILE] [--env-file FILE]")
	flags.StringVar(&c.Scenario, "scenario", "", "scenario JSON file (format: go doc github.com/waflow/waflow/flowrun)")
	flags.StringVar(&c.Script, "script", "", "JavaScript handler; required when the flow has a data_api_version")
	flags.StringVar(&c.EnvFile, "env-file", "", "file of KEY=VALUE lines passed to the script as its env")
	flags.DurationVar(&c.Timeout, "timeout", script.DefaultTimeout, "wall-clock budget of one script call")
	if err := parseCommandFlags(flags, args); err != nil {
		return err
	}
	// FLOW may come before the flags, as in the usage line.
	if flags.NArg() > 0 {
		c.Flow = flags.Arg(0)
		if err := parseCommandFlags(flags, flags.Args()[1:]); err != nil {
			return err
		}
		if err := noArgs(flags); err != nil {
			return err
		}
	}
	if err := c.validate(); err != nil {
		return err
	}

	flow, err := m.loadFlowFile(c.Flow)
	if err != nil {
		return err
	}
	src, err := readFlagFile("flow", c.Flow)
	if err != nil {
		return err
	}
	scSrc, err := readFlagFile("scenario", c.Scenario)
	if err != nil {
		return err
	}
	sc, err := flowrun.ParseScenario(scSrc)
	if err != nil {
		return usageErrorf("--scenario: %s: %v", c.Scenario, err)
	}
	var ex flowrun.Exchanger
	if flow.HasEndpoint() {
		if c.Script == "" {
			return usageErrorf("--script is required: %s has a data_api_version, so its screens come from the endpoint", c.Flow)
		}
		key, err := crypto.GenerateKey(nil, crypto.MinKeyBits)
		if err != nil {
			return err
		}
		var closeHost func() error
		ex, closeHost, err = m.walkExchanger(flow, walkEndpoint{FlowPath: c.Flow, Script: c.Script, EnvFile: c.EnvFile, Timeout: c.Timeout, Key: key})
		if err != nil {
			return err
		}
		defer closeHost()
	}
	walker, err := flowrun.NewWalker(src, ex, sc.Options())
	if err != nil {
		return err
	}

	name := sc.Name
	if name == "" {
		name = c.Scenario
	}
	fmt.Fprintf(m.Stdout, "scenario %s\n", name)
	err = sc.Run(ctx, walker, func(r flowrun.StepReport) { printStepReport(m, r) })
	var se *flowrun.StepError
	if errors.As(err, &se) {
		return &exitError{Code: exitFailure}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "ok: %d steps\n", len(sc.Steps))
	return nil
}

// printStepReport prints "✓ step 3: press footer → DETAILS", or a cross and
// what was expected and what was there.
func printStepReport(m *Main, r flowrun.StepReport) {
	mark := "✓"
	if r.Err != nil {
		mark = "✗"
	}
	line := "start"
	if r.Index > 0 {
		line = fmt.Sprintf("step %d: %s", r.Index, r.Step)
	}
	switch {
	case r.Index == 0 && r.Result != "":
		line += ": " + r.Result
	case r.Result != "":
		line += " → " + r.Result
	}
	fmt.Fprintf(m.Stdout, "%s %s\n", mark, line)
	if r.Err != nil {
		fmt.Fprintf(m.Stdout, "    %v\n", r.Err)
	}
}
