package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

const feedbackFlow = examplesDir + "/flows/feedback-7.3.json"

func TestTestReportsTheFirstFailedExpectation(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, scenario, line, detail string
	}{
		{"wrong screen", `{"steps": [{"select": {"recommend": "no"}}, {"expect_screen": "THANKS"}, {"back": true}]}`,
			"✗ step 2: expect_screen THANKS", "expected screen THANKS, but the walk is on screen FEEDBACK"},
		{"text not shown", `{"steps": [{"select": {"recommend": "yes"}}, {"expect_text": "What went wrong?"}]}`,
			`✗ step 2: expect_text "What went wrong?"`, "Would you recommend us?"},
		{"completion differs", `{"flow_token": "ft", "steps": [{"select": {"recommend": "yes"}}, {"press": "footer"}, {"expect_complete": {"recommend": "no"}}]}`,
			"✗ step 3: expect_complete recommend", `payload.recommend differs; the payload is {"flow_token":"ft","follow_up":false,"recommend":"yes"}`},
		{"not complete", `{"steps": [{"press": "footer"}, {"expect_complete": {}}]}`,
			"✗ step 2: expect_complete", "expected the flow to be complete, but the walk is on screen FEEDBACK"},
		{"no error", `{"steps": [{"expect_error": {"field": "recommend"}}]}`,
			"✗ step 1: expect_error on recommend", "expected an error on recommend, but on screen FEEDBACK shows no error"},
		{"unknown option", `{"steps": [{"select": {"recommend": "perhaps"}}]}`,
			"✗ step 1: select recommend", `"perhaps" is not an option of recommend (options: yes, maybe, no)`},
		{"unknown link", `{"steps": [{"press": {"link": "Terms"}}]}`,
			`✗ step 1: press link "Terms"`, `there is no link "Terms" on screen FEEDBACK`},
		{"value differs", `{"steps": [{"select": {"recommend": "maybe"}}, {"expect_value": {"path": "form.recommend", "equals": "yes"}}]}`,
			`✗ step 2: expect_value form.recommend = "yes"`, `expected form.recommend = "yes", but it is "maybe"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := writeFile(t, dir, "scenario.json", tc.scenario)
			r := runCLI(t, nil, "test", feedbackFlow, "--scenario", sc)
			require.Equal(t, exitFailure, r.Code, "stdout:\n%s\nstderr:\n%s", r.Stdout, r.Stderr)
			require.Contains(t, r.Stdout, tc.line)
			require.Contains(t, r.Stdout, tc.detail)
			require.NotContains(t, r.Stdout, "ok:")
		})
	}
}

func TestTestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.json", `{"steps": [{"expect_screen": "FEEDBACK"}]}`)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no flow", []string{"--scenario", good}, "no flow given"},
		{"no scenario", []string{feedbackFlow}, "--scenario is required"},
		{"missing scenario file", []string{feedbackFlow, "--scenario", dir + "/none.json"}, "--scenario: open"},
		{"unknown step", []string{feedbackFlow, "--scenario", writeFile(t, dir, "a.json", `{"steps": [{"click": "footer"}]}`)}, "step click: unknown step"},
		{"two keys in a step", []string{feedbackFlow, "--scenario", writeFile(t, dir, "b.json", `{"steps": [{"back": true, "press": "footer"}]}`)}, "a step is an object with one key"},
		{"bad target", []string{feedbackFlow, "--scenario", writeFile(t, dir, "c.json", `{"steps": [{"press": "header"}]}`)}, `target "header"`},
		{"unknown key", []string{feedbackFlow, "--scenario", writeFile(t, dir, "d.json", `{"stepz": []}`)}, `unknown field "stepz"`},
		{"no steps", []string{feedbackFlow, "--scenario", writeFile(t, dir, "e.json", `{"name": "x"}`)}, "no steps"},
		{"endpoint flow without script", []string{pizzaFlow, "--scenario", good}, "--script is required"},
		{"extra argument", []string{feedbackFlow, "--scenario", good, "more"}, `unexpected argument "more"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, nil, append([]string{"test"}, tc.args...)...)
			require.Equal(t, exitUsage, r.Code, "stdout:\n%s\nstderr:\n%s", r.Stdout, r.Stderr)
			require.Contains(t, r.Stderr, tc.want)
		})
	}
}

func TestTestPassingScenarioWithFlagsFirst(t *testing.T) {
	sc := writeFile(t, t.TempDir(), "s.json", `{"name": "quick", "steps": [{"select": {"recommend": "yes"}}, {"press": "footer"}, {"expect_complete": {"recommend": "yes"}}]}`)
	r := runCLI(t, nil, "test", "--scenario", sc, feedbackFlow)
	require.Equal(t, exitOK, r.Code, r.Stderr)
	require.Equal(t, "scenario quick\n✓ start: FEEDBACK\n✓ step 1: select recommend\n✓ step 2: press footer → complete\n✓ step 3: expect_complete recommend\nok: 3 steps\n", r.Stdout)
}
