package flowrun

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Scenario is a scripted walk through a flow with expectations along the
// way; see "Scenarios" in the package documentation for the file format.
type Scenario struct {
	Name      string         `json:"name"`
	FlowToken string         `json:"flow_token"`
	Initial   *Initial       `json:"initial"`
	Steps     []ScenarioStep `json:"steps"`
}

// Initial is the screen and data a scenario's flow opens with, as a
// message's flow_action_payload gives them.
type Initial struct {
	Screen string         `json:"screen"`
	Data   map[string]any `json:"data"`
}

// DefaultScenarioFlowToken is the flow_token of a scenario that names none.
const DefaultScenarioFlowToken = "waflow-test"

// Options are the walker options the scenario asks for.
func (s *Scenario) Options() Options {
	o := Options{FlowToken: s.FlowToken}
	if o.FlowToken == "" {
		o.FlowToken = DefaultScenarioFlowToken
	}
	if s.Initial != nil {
		o.InitialScreen, o.InitialData = s.Initial.Screen, s.Initial.Data
	}
	return o
}

// StepKind names what a scenario step does: the key of its object.
type StepKind string

// The kinds of steps.
const (
	StepExpectScreen   StepKind = "expect_screen"
	StepFill           StepKind = "fill"
	StepSelect         StepKind = "select"
	StepPress          StepKind = "press"
	StepBack           StepKind = "back"
	StepExpectValue    StepKind = "expect_value"
	StepExpectText     StepKind = "expect_text"
	StepExpectError    StepKind = "expect_error"
	StepExpectComplete StepKind = "expect_complete"
)

// ScenarioStep is one step: an object with exactly one key, its Kind.
// Only the fields of that kind are set.
type ScenarioStep struct {
	Kind StepKind

	Screen   string         // expect_screen
	Fields   []Field        // fill and select, in file order
	Target   Target         // press
	Path     string         // expect_value
	Equals   any            // expect_value
	Text     string         // expect_text; expect_error's substring
	Field    string         // expect_error's input name
	Complete map[string]any // expect_complete: a subset of the completion payload
}

// Field is one input name and the value a step enters.
type Field struct {
	Name  string
	Value any
}

// ParseScenario decodes a scenario file, refusing unknown keys and steps
// that are not one object with one known key.
func ParseScenario(src []byte) (*Scenario, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	var s Scenario
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	if len(s.Steps) == 0 {
		return nil, fmt.Errorf("scenario: no steps")
	}
	return &s, nil
}

func (st *ScenarioStep) UnmarshalJSON(b []byte) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil || len(obj) != 1 {
		return fmt.Errorf("a step is an object with one key (expect_screen, fill, select, press, back, expect_value, expect_text, expect_error, expect_complete), not %s", b)
	}
	for k, raw := range obj {
		st.Kind = StepKind(k)
		if err := st.decode(raw); err != nil {
			return fmt.Errorf("step %s: %w", k, err)
		}
	}
	return nil
}

func (st *ScenarioStep) decode(raw json.RawMessage) error {
	switch st.Kind {
	case StepExpectScreen:
		return json.Unmarshal(raw, &st.Screen)
	case StepFill, StepSelect:
		fields, err := orderedFields(raw)
		st.Fields = fields
		return err
	case StepPress:
		return json.Unmarshal(raw, &st.Target)
	case StepBack:
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil || !b {
			return fmt.Errorf("want true")
		}
		return nil
	case StepExpectValue:
		var v struct {
			Path   *string `json:"path"`
			Equals any     `json:"equals"`
		}
		if err := strictUnmarshal(raw, &v); err != nil || v.Path == nil {
			return fmt.Errorf(`want {"path": "data.x", "equals": value}`)
		}
		st.Path, st.Equals = *v.Path, v.Equals
		return nil
	case StepExpectText:
		return json.Unmarshal(raw, &st.Text)
	case StepExpectError:
		if json.Unmarshal(raw, &st.Text) == nil {
			return nil
		}
		var v struct {
			Field   string `json:"field"`
			Message string `json:"message"`
		}
		if err := strictUnmarshal(raw, &v); err != nil || v.Field == "" {
			return fmt.Errorf(`want "substring" or {"field": "name", "message"?: "substring"}`)
		}
		st.Field, st.Text = v.Field, v.Message
		return nil
	case StepExpectComplete:
		if err := json.Unmarshal(raw, &st.Complete); err != nil || st.Complete == nil {
			return fmt.Errorf("want an object, a subset of the completion payload")
		}
		return nil
	}
	return fmt.Errorf("unknown step")
}

func strictUnmarshal(raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// orderedFields decodes an object keeping its keys in file order: entering
// one value may fire an action that the next one depends on.
func orderedFields(raw json.RawMessage) ([]Field, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf(`want {"name": value, ...}`)
	}
	var out []Field
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, Field{Name: tok.(string), Value: v})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no fields")
	}
	return out, nil
}

// String is the step as a report line shows it.
func (st ScenarioStep) String() string {
	switch st.Kind {
	case StepExpectScreen:
		return "expect_screen " + st.Screen
	case StepFill, StepSelect:
		names := make([]string, len(st.Fields))
		for i, f := range st.Fields {
			names[i] = f.Name
		}
		return string(st.Kind) + " " + strings.Join(names, ", ")
	case StepPress:
		return "press " + st.Target.String()
	case StepBack:
		return "back"
	case StepExpectValue:
		return "expect_value " + st.Path + " = " + compactJSON(st.Equals)
	case StepExpectText:
		return "expect_text " + compactJSON(st.Text)
	case StepExpectError:
		if st.Field != "" {
			return "expect_error on " + st.Field
		}
		return "expect_error " + compactJSON(st.Text)
	case StepExpectComplete:
		keys := make([]string, 0, len(st.Complete))
		for k := range st.Complete {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return "expect_complete " + strings.Join(keys, ", ")
	}
	return string(st.Kind)
}

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
