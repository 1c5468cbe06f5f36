package flowrun

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseScenario(t *testing.T) {
	sc, err := ParseScenario([]byte(`{"name": "n", "initial": {"screen": "B", "data": {"from_a": "x"}}, "steps": [
	  {"expect_screen": "B"}, {"fill": {"z": 1, "a": 2}}, {"select": {"s": ["id"]}}, {"press": {"item": "i"}}, {"back": true},
	  {"expect_value": {"path": "data.x", "equals": null}}, {"expect_text": "t"}, {"expect_error": "e"},
	  {"expect_error": {"field": "f", "message": "m"}}, {"expect_complete": {}}]}`))
	require.NoError(t, err)
	require.Equal(t, Options{FlowToken: DefaultScenarioFlowToken, InitialScreen: "B", InitialData: map[string]any{"from_a": "x"}}, sc.Options())
	var lines []string
	for _, st := range sc.Steps {
		lines = append(lines, st.String())
	}
	require.Equal(t, []string{
		"expect_screen B", "fill z, a", "select s", `press item "i"`, "back",
		"expect_value data.x = null", `expect_text "t"`, `expect_error "e"`, "expect_error on f", "expect_complete ",
	}, lines, "fill keeps the file's order")

	for _, tc := range []struct{ src, want string }{
		{`{"steps": [{"back": false}]}`, "step back: want true"},
		{`{"steps": [{"fill": {}}]}`, "step fill: no fields"},
		{`{"steps": [{"expect_value": {"equals": 1}}]}`, `want {"path"`},
		{`{"steps": [{"expect_error": {"message": "m"}}]}`, `want "substring" or {"field"`},
		{`{"steps": [{"expect_complete": null}]}`, "want an object"},
		{`{"steps": [{"press": {"link": "a", "item": "b"}}]}`, "target"},
		{`{"steps": [[]]}`, "a step is an object with one key"},
	} {
		_, err := ParseScenario([]byte(tc.src))
		require.ErrorContains(t, err, tc.want, tc.src)
	}
}

func TestScenarioRunReportsEachStep(t *testing.T) {
	sc, err := ParseScenario([]byte(`{"flow_token": "f", "steps": [
	  {"fill": {"a": "1"}}, {"press": "footer"}, {"expect_screen": "B"}, {"expect_value": {"path": "data.from_a", "equals": "1"}},
	  {"press": {"link": "Skip"}}, {"expect_text": "Done"}, {"press": "footer"}, {"expect_complete": {"a": "1"}}, {"expect_screen": "C"}]}`))
	require.NoError(t, err)
	w, err := NewWalker([]byte(chainFlow), nil, sc.Options())
	require.NoError(t, err)
	var reports []StepReport
	err = sc.Run(context.Background(), w, func(r StepReport) { reports = append(reports, r) })
	var se *StepError
	require.ErrorAs(t, err, &se)
	require.Equal(t, 9, se.Index)
	require.EqualError(t, err, "step 9 (expect_screen C): expected screen C, but the walk is complete")
	results := make([]string, len(reports))
	for i, r := range reports {
		results[i] = r.Result
	}
	require.Equal(t, []string{"A", "", "B", "", "", "C", "", "complete", "", ""}, results)
}
