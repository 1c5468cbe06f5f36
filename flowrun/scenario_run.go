package flowrun

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// StepReport is one scenario step as it ran. Index is 1-based; 0 is the
// start of the flow. Result is a short account of what the step led to
// (the screen shown, "complete", ...).
type StepReport struct {
	Index  int
	Step   ScenarioStep // zero for the start
	Result string
	Err    error
}

// ExpectationError is an expectation the walk did not meet.
type ExpectationError struct {
	Want string
	Got  string
}

func (e *ExpectationError) Error() string { return "expected " + e.Want + ", but " + e.Got }

// StepError is a scenario step that failed: an [*ExpectationError], or
// the walk's own error (a refused step, an endpoint failure).
type StepError struct {
	Index int
	Step  ScenarioStep
	Err   error
}

func (e *StepError) Error() string {
	if e.Index == 0 {
		return "start: " + e.Err.Error()
	}
	return fmt.Sprintf("step %d (%s): %v", e.Index, e.Step, e.Err)
}

func (e *StepError) Unwrap() error { return e.Err }

// Run starts w and plays the scenario's steps on it, calling report after
// each (when not nil). It stops at the first failure and returns it as a
// [*StepError]. w must be new, made with s.Options().
func (s *Scenario) Run(ctx context.Context, w *Walker, report func(StepReport)) error {
	if report == nil {
		report = func(StepReport) {}
	}
	step, err := w.Start(ctx)
	if err != nil {
		report(StepReport{Err: err})
		return &StepError{Err: err}
	}
	report(StepReport{Result: describeStep(step)})
	for i, st := range s.Steps {
		result, err := runStep(ctx, w, st)
		report(StepReport{Index: i + 1, Step: st, Result: result, Err: err})
		if err != nil {
			return &StepError{Index: i + 1, Step: st, Err: err}
		}
	}
	return nil
}

// describeStep tells what an action led to, with the request it sent.
func describeStep(step Step) string {
	if len(step.Exchanges) > 0 {
		action, _ := step.Exchanges[0].Request["action"].(string)
		return action + " → " + step.Outcome.String()
	}
	return step.Outcome.String()
}

func runStep(ctx context.Context, w *Walker, st ScenarioStep) (string, error) {
	switch st.Kind {
	case StepFill, StepSelect:
		var results []string
		for _, f := range st.Fields {
			step, err := w.SetValue(ctx, f.Name, f.Value)
			if err != nil {
				return "", err
			}
			if step.Outcome.Type != OutcomeNone {
				results = append(results, describeStep(step))
			}
		}
		return strings.Join(results, ", "), nil
	case StepPress:
		step, err := w.Press(ctx, st.Target)
		return describeStep(step), err
	case StepBack:
		step, err := w.Back(ctx)
		return describeStep(step), err
	case StepExpectValue:
		got, err := w.Value(st.Path)
		if err != nil {
			return "", err
		}
		if !reflect.DeepEqual(got, st.Equals) {
			return "", &ExpectationError{Want: st.Path + " = " + compactJSON(st.Equals), Got: "it is " + compactJSON(got)}
		}
		return "", nil
	}
	v, err := w.View()
	if err != nil {
		return "", err
	}
	return "", expectView(v, st)
}

// expectView checks the expectations read off the rendered screen.
func expectView(v View, st ScenarioStep) error {
	switch st.Kind {
	case StepExpectScreen:
		if v.Status == StatusCompleted || v.Status == StatusClosed || v.Screen != st.Screen {
			return &ExpectationError{Want: "screen " + st.Screen, Got: "the walk is " + where(v)}
		}
	case StepExpectText:
		if !strings.Contains(v.Text(), st.Text) {
			return &ExpectationError{Want: "text " + compactJSON(st.Text), Got: where(v) + " shows:\n" + indent(v.Text())}
		}
	case StepExpectError:
		return expectError(v, st)
	case StepExpectComplete:
		if v.Status != StatusCompleted {
			return &ExpectationError{Want: "the flow to be complete", Got: "the walk is " + where(v)}
		}
		if path, ok := subset(st.Complete, v.Completion, "payload"); !ok {
			return &ExpectationError{Want: compactJSON(st.Complete) + " in the completion payload", Got: path + " differs; the payload is " + compactJSON(v.Completion)}
		}
	}
	return nil
}

func expectError(v View, st ScenarioStep) error {
	messages := make([]string, 0, len(v.Errors)+1)
	for name, msg := range v.Errors {
		messages = append(messages, name+": "+msg)
	}
	sort.Strings(messages)
	if v.Message != "" {
		messages = append(messages, "error_message: "+v.Message)
	}
	got := where(v) + " shows no error"
	if len(messages) > 0 {
		got = where(v) + " shows " + strings.Join(messages, "; ")
	}
	if st.Field != "" {
		msg, ok := v.Errors[st.Field]
		if !ok || !strings.Contains(msg, st.Text) {
			want := "an error on " + st.Field
			if st.Text != "" {
				want += " containing " + compactJSON(st.Text)
			}
			return &ExpectationError{Want: want, Got: got}
		}
		return nil
	}
	for _, m := range messages {
		if strings.Contains(m, st.Text) {
			return nil
		}
	}
	return &ExpectationError{Want: "an error containing " + compactJSON(st.Text), Got: got}
}

// where tells where the walk stands, for messages.
func where(v View) string {
	switch v.Status {
	case StatusCompleted:
		return "complete"
	case StatusClosed:
		return "closed"
	case StatusWaiting:
		return "waiting for an answer"
	}
	return "on screen " + v.Screen
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

// subset reports whether every key of want is in got with an equal value,
// objects compared recursively and everything else exactly; path names
// the first difference.
func subset(want, got map[string]any, path string) (string, bool) {
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		g, ok := got[k]
		if !ok {
			return path + "." + k, false
		}
		wm, wIsMap := want[k].(map[string]any)
		gm, gIsMap := g.(map[string]any)
		if wIsMap && gIsMap {
			if p, ok := subset(wm, gm, path+"."+k); !ok {
				return p, false
			}
			continue
		}
		if !reflect.DeepEqual(want[k], g) {
			return path + "." + k, false
		}
	}
	return "", true
}
