package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const examplesDir = "../../examples"

// scenarioRun is one "waflow test" call for an example scenario.
type scenarioRun struct {
	name string
	args []string
}

// exampleScenarioRuns pairs every examples/scenarios/FLOW.CASE.json with
// examples/flows/FLOW.json and, for an endpoint flow, with every handler
// of scripts/BASE.{plain,kapso}.js and scripts/BASE.env, where BASE is
// FLOW without its "-<version>" and "-endpoint" suffixes (the naming of
// the examples loaded by "waflow serve").
func exampleScenarioRuns(t *testing.T) []scenarioRun {
	t.Helper()
	scenarios, err := filepath.Glob(filepath.Join(examplesDir, "scenarios", "*.json"))
	require.NoError(t, err)
	flows, err := filepath.Glob(filepath.Join(examplesDir, "flows", "*.json"))
	require.NoError(t, err)
	var runs []scenarioRun
	covered := map[string]bool{}
	for _, sc := range scenarios {
		var flow string
		for _, f := range flows {
			if strings.HasPrefix(filepath.Base(sc), strings.TrimSuffix(filepath.Base(f), ".json")+".") {
				flow = f
			}
		}
		require.NotEmpty(t, flow, "%s names no flow of examples/flows (want FLOW.CASE.json)", sc)
		covered[flow] = true
		name := strings.TrimSuffix(filepath.Base(flow), ".json")
		base := name[:strings.LastIndex(name, "-")]
		base = strings.TrimSuffix(base, "-endpoint")
		args := []string{"test", flow, "--scenario", sc}
		if env := filepath.Join(examplesDir, "scripts", base+".env"); fileExists(env) {
			args = append(args, "--env-file", env)
		}
		handlers := 0
		for _, form := range []string{"plain", "kapso"} {
			if s := filepath.Join(examplesDir, "scripts", base+"."+form+".js"); fileExists(s) {
				runs = append(runs, scenarioRun{name: filepath.Base(sc) + "/" + form, args: append(append([]string{}, args...), "--script", s)})
				handlers++
			}
		}
		if handlers == 0 {
			runs = append(runs, scenarioRun{name: filepath.Base(sc), args: args})
		}
	}
	for _, f := range flows {
		require.True(t, covered[f], "%s has no scenario in examples/scenarios", f)
	}
	return runs
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestExampleScenarios runs every example scenario through "waflow test".
func TestExampleScenarios(t *testing.T) {
	for _, run := range exampleScenarioRuns(t) {
		t.Run(run.name, func(t *testing.T) {
			r := runCLI(t, nil, run.args...)
			require.Equal(t, exitOK, r.Code, "stdout:\n%s\nstderr:\n%s", r.Stdout, r.Stderr)
			require.Contains(t, r.Stdout, "\nok: ")
		})
	}
}
