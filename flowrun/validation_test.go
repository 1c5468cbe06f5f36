package flowrun

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// oneInputFlow is a terminal screen with one input and a Footer; inForm
// puts the input in a Form with error-messages.
func oneInputFlow(t *testing.T, input map[string]any, inForm bool) string {
	t.Helper()
	footer := map[string]any{"type": "Footer", "label": "Send", "on-click-action": map[string]any{"name": "complete", "payload": map[string]any{}}}
	children := []any{input, footer}
	if inForm {
		children = []any{map[string]any{"type": "Form", "name": "f", "error-messages": map[string]any{"x": "Form says no"}, "children": children}}
	}
	b, err := json.Marshal(map[string]any{"version": "7.3", "screens": []any{map[string]any{
		"id": "S", "terminal": true, "layout": map[string]any{"type": "SingleColumnLayout", "children": children},
	}}})
	require.NoError(t, err)
	return string(b)
}

func TestValidationMessages(t *testing.T) {
	options := []any{map[string]any{"id": "a", "title": "A"}, map[string]any{"id": "b", "title": "B"}, map[string]any{"id": "c", "title": "C"}}
	text := func(extra map[string]any) map[string]any {
		c := map[string]any{"type": "TextInput", "name": "x", "label": "X"}
		for k, v := range extra {
			c[k] = v
		}
		return c
	}
	for _, tc := range []struct {
		name   string
		input  map[string]any
		inForm bool
		value  any // nil: left empty
		want   string
	}{
		{"required and empty", text(map[string]any{"required": true}), false, nil, "This field is required"},
		{"required with its own message", text(map[string]any{"required": true, "error-message": "Name, please"}), false, nil, "Name, please"},
		{"required in a form with error-messages", text(map[string]any{"required": true}), true, nil, "Form says no"},
		{"optional and empty", text(nil), false, nil, ""},
		{"email", text(map[string]any{"input-type": "email"}), false, "ada@", "Enter a valid email address"},
		{"email ok", text(map[string]any{"input-type": "email"}), false, "ada@example.com", ""},
		{"phone", text(map[string]any{"input-type": "phone"}), false, "call me", "Enter a valid phone number"},
		{"phone ok", text(map[string]any{"input-type": "phone"}), false, "+44 (20) 7946-0018", ""},
		{"number", text(map[string]any{"input-type": "number"}), false, "ten", "Enter a number"},
		{"number ok", text(map[string]any{"input-type": "number"}), false, "10.5", ""},
		{"passcode", text(map[string]any{"input-type": "passcode"}), false, "12a4", "Enter digits only"},
		{"min chars", text(map[string]any{"min-chars": 3}), false, "ab", "Enter at least 3 characters"},
		{"max chars", text(map[string]any{"max-chars": 1}), false, "ab", "Enter at most 1 character"},
		{"default max chars", text(nil), false, string(make([]byte, 81)), "Enter at most 80 characters"},
		{"pattern shows the helper text", text(map[string]any{"pattern": "[A-Z]{2}[0-9]+", "helper-text": "Like AB123"}), false, "AB12x", "Like AB123"},
		{"pattern matches the whole value", text(map[string]any{"pattern": "[0-9]{3}", "helper-text": "Three digits"}), false, "1234", "Three digits"},
		{"pattern ok", text(map[string]any{"pattern": "[A-Z]{2}[0-9]+", "helper-text": "Like AB123"}), false, "AB123", ""},
		{"text area", map[string]any{"type": "TextArea", "name": "x", "label": "X", "max-length": 5}, false, "123456", "Enter at most 5 characters"},
		{"too few options", map[string]any{"type": "CheckboxGroup", "name": "x", "label": "X", "data-source": options, "min-selected-items": 2}, false, []any{"a"}, "Select at least 2 options"},
		{"too many options", map[string]any{"type": "ChipsSelector", "name": "x", "label": "X", "data-source": options, "max-selected-items": 1}, false, []any{"a", "b"}, "Select at most 1 option"},
		{"required checkbox group", map[string]any{"type": "CheckboxGroup", "name": "x", "label": "X", "data-source": options, "required": true}, false, []any{}, "This field is required"},
		{"required opt-in unticked", map[string]any{"type": "OptIn", "name": "x", "label": "X", "required": true}, false, false, "This field is required"},
		{"required opt-in ticked", map[string]any{"type": "OptIn", "name": "x", "label": "X", "required": true}, false, true, ""},
		{"date before the range", map[string]any{"type": "DatePicker", "name": "x", "label": "X", "min-date": "2026-01-01", "max-date": "2026-01-31"}, false, "2025-12-31", "Choose a date between 2026-01-01 and 2026-01-31"},
		{"date after the minimum", map[string]any{"type": "DatePicker", "name": "x", "label": "X", "min-date": "2026-01-01"}, false, "2025-06-01", "Choose a date on or after 2026-01-01"},
		{"unavailable date", map[string]any{"type": "DatePicker", "name": "x", "label": "X", "unavailable-dates": []any{"2026-01-05"}}, false, "2026-01-05", "This date is not available"},
		{"millisecond dates before 5.0", map[string]any{"type": "DatePicker", "name": "x", "label": "X", "min-date": "1767225600000"}, false, "1767139200000", "Choose a date on or after 1767225600000"},
		{"excluded weekday", map[string]any{"type": "CalendarPicker", "name": "x", "label": "X", "include-days": []any{"Mon", "Tue"}}, false, "2026-01-07", "This day is not available"},
		{"range too short", map[string]any{"type": "CalendarPicker", "name": "x", "label": map[string]any{"start-date": "From", "end-date": "To"}, "mode": "range", "min-days": 3},
			false, map[string]any{"start-date": "2026-01-05", "end-date": "2026-01-06"}, "Choose at least 3 days"},
		{"range ok", map[string]any{"type": "CalendarPicker", "name": "x", "label": map[string]any{"start-date": "From", "end-date": "To"}, "mode": "range", "max-days": 3},
			false, map[string]any{"start-date": "2026-01-05", "end-date": "2026-01-07"}, ""},
		{"photos required by their minimum", map[string]any{"type": "PhotoPicker", "name": "x", "label": "X", "min-uploaded-photos": 1}, false, nil, "This field is required"},
		{"disabled input is not checked", text(map[string]any{"required": true, "enabled": false}), false, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			w := staticWalker(t, oneInputFlow(t, tc.input, tc.inForm), Options{})
			if tc.value != nil {
				_, err := w.SetValue(ctx, "x", tc.value)
				require.NoError(t, err)
			}
			step, err := w.Press(ctx, Footer())
			require.NoError(t, err)
			if tc.want == "" {
				require.Equal(t, OutcomeComplete, step.Outcome.Type, "%v", step.Outcome.Errors)
				return
			}
			require.Equal(t, Outcome{Type: OutcomeInvalid, Errors: map[string]string{"x": tc.want}}, step.Outcome)
			v, err := w.View()
			require.NoError(t, err)
			require.Equal(t, tc.want, v.Errors["x"])
			input := v.Tree[0]
			if input.Type == "Form" {
				input = input.Children[0]
			}
			require.Equal(t, tc.want, input.Error, "the rendered input carries its message")
		})
	}
}

func TestInitValues(t *testing.T) {
	flow := `{"version": "7.3", "screens": [{"id": "S", "terminal": true,
	  "data": {"who": {"type": "string", "__example__": "x"}},
	  "layout": {"type": "SingleColumnLayout", "children": [
	    {"type": "TextInput", "name": "alone", "label": "A", "init-value": "${data.who}"},
	    {"type": "Form", "name": "f", "init-values": {"inside": "set", "many": ["a"]}, "children": [
	      {"type": "TextInput", "name": "inside", "label": "B"},
	      {"type": "CheckboxGroup", "name": "many", "label": "C", "data-source": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]},
	      {"type": "OptIn", "name": "agree", "label": "D"},
	      {"type": "Footer", "label": "Send", "on-click-action": {"name": "complete", "payload": {"alone": "${form.alone}", "inside": "${form.inside}", "many": "${form.many}", "agree": "${form.agree}"}}}
	    ]}
	  ]}}]}`
	w := staticWalker(t, flow, Options{InitialData: map[string]any{"who": "Ada"}})
	step, err := w.Press(context.Background(), Footer())
	require.NoError(t, err)
	require.Equal(t, map[string]any{"alone": "Ada", "inside": "set", "many": []any{"a"}, "agree": false, "flow_token": ""}, step.Outcome.Payload)
}
