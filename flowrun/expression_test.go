package flowrun

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/flowjson"
)

// exprCase is one row of testdata/expressions.json, the table both
// expression implementations answer: flowjson's parser (through the
// validator) and the runtime's (through goja).
type exprCase struct {
	Name   string         `json:"name"`
	Mode   string         `json:"mode"` // "nested" or "condition"
	Src    string         `json:"src"`
	Error  string         `json:"error"`  // the syntax error, or "" when src parses
	Values map[string]any `json:"values"` // {data, form, screens}
	Want   any            `json:"want"`   // the value, when src parses
}

func exprCases(t *testing.T) []exprCase {
	t.Helper()
	var cases []exprCase
	require.NoError(t, json.Unmarshal(readFile(t, "testdata/expressions.json"), &cases))
	deep := strings.Repeat("(", 100) + "${data.n}" + strings.Repeat(")", 100)
	return append(cases, exprCase{Name: "nested too deeply", Mode: "nested", Src: deep, Error: "expression nested too deeply at character 65"})
}

// jsExpressions loads the runtime into a fresh goja runtime and returns
// its checkExpression and evaluateExpression.
func jsExpressions(t *testing.T) (check, eval func(args ...any) (goja.Value, error)) {
	t.Helper()
	vm := goja.New()
	_, err := vm.RunString(Script())
	require.NoError(t, err)
	api := vm.Get("WaflowRuntime").ToObject(vm)
	bind := func(name string) func(args ...any) (goja.Value, error) {
		fn, ok := goja.AssertFunction(api.Get(name))
		require.True(t, ok, name)
		return func(args ...any) (goja.Value, error) {
			vals := make([]goja.Value, len(args))
			for i, a := range args {
				vals[i] = vm.ToValue(a)
			}
			return fn(api, vals...)
		}
	}
	return bind("checkExpression"), bind("evaluateExpression")
}

// probeFlow is a valid 7.3 flow with src as a TextBody's nested
// expression or as an If condition, over data and inputs of every type
// the table uses.
func probeFlow(t *testing.T, c exprCase) []byte {
	t.Helper()
	probe := map[string]any{"type": "TextBody", "text": "`" + c.Src + "`"}
	if c.Mode == "condition" {
		probe = map[string]any{"type": "If", "condition": c.Src, "then": []any{map[string]any{"type": "TextBody", "text": "yes"}}}
	}
	field := func(typ string, example any) map[string]any {
		return map[string]any{"type": typ, "__example__": example}
	}
	flow := map[string]any{
		"version": "7.3",
		"screens": []any{
			map[string]any{
				"id": "FIRST", "title": "First",
				"layout": map[string]any{"type": "SingleColumnLayout", "children": []any{
					map[string]any{"type": "TextInput", "name": "city", "label": "City"},
					map[string]any{"type": "Footer", "label": "Next", "on-click-action": map[string]any{
						"name": "navigate", "next": map[string]any{"type": "screen", "name": "PROBE"}, "payload": map[string]any{}}},
				}},
			},
			map[string]any{
				"id": "PROBE", "title": "Probe", "terminal": true,
				"data": map[string]any{"n": field("number", 1), "m": field("number", 2), "s": field("string", "x"), "b": field("boolean", true)},
				"layout": map[string]any{"type": "SingleColumnLayout", "children": []any{
					map[string]any{"type": "TextInput", "name": "first_name", "label": "First name"},
					map[string]any{"type": "TextInput", "name": "age", "label": "Age", "input-type": "number"},
					map[string]any{"type": "TextInput", "name": "my name", "label": "My name"},
					map[string]any{"type": "OptIn", "name": "accept", "label": "I accept"},
					probe,
					map[string]any{"type": "Footer", "label": "Done", "on-click-action": map[string]any{"name": "complete", "payload": map[string]any{}}},
				}},
			},
			map[string]any{
				"id": "LATER", "title": "Later", "terminal": true,
				"layout": map[string]any{"type": "SingleColumnLayout", "children": []any{
					map[string]any{"type": "TextInput", "name": "city", "label": "City"},
					map[string]any{"type": "Footer", "label": "Done", "on-click-action": map[string]any{"name": "complete", "payload": map[string]any{}}},
				}},
			},
		},
	}
	b, err := json.Marshal(flow)
	require.NoError(t, err)
	return b
}

// validatorMessages returns the validator's expression diagnostics for src.
func validatorMessages(t *testing.T, c exprCase) []string {
	t.Helper()
	prefix := "invalid nested expression: "
	if c.Mode == "condition" {
		prefix = "invalid If condition: "
	}
	var out []string
	for _, d := range flowjson.Validate(probeFlow(t, c), flowjson.Options{}).Diagnostics {
		if msg, ok := strings.CutPrefix(d.Message, prefix); ok {
			out = append(out, msg)
		}
	}
	return out
}

// TestExpressionsAgreeWithTheValidator runs one table through flowjson's
// parser and the runtime's: the same syntax errors, word for word, and a
// value for everything that parses.
func TestExpressionsAgreeWithTheValidator(t *testing.T) {
	check, eval := jsExpressions(t)
	for _, c := range exprCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			got := validatorMessages(t, c)
			jsErr, err := check(c.Src, c.Mode)
			require.NoError(t, err)
			if c.Error != "" {
				require.Equal(t, []string{c.Error}, got, "flowjson")
				require.Equal(t, c.Error, jsErr.String(), "flowrun.js")
				return
			}
			require.Empty(t, got, "flowjson")
			require.True(t, goja.IsNull(jsErr), "flowrun.js: %s", jsErr)
			v, err := eval(c.Src, c.Mode, c.Values)
			require.NoError(t, err)
			want, err := json.Marshal(c.Want)
			require.NoError(t, err)
			gotJSON, err := json.Marshal(v.Export())
			require.NoError(t, err)
			require.JSONEq(t, string(want), string(gotJSON))
		})
	}
}
