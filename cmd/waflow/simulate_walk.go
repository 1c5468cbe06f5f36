package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/flowrun"
)

// maxSimulationSteps stops a walk whose handler keeps answering the same
// screens, which with fixed answers would otherwise never end.
const maxSimulationSteps = 50

// simulation prints a walk of the flow runtime driven by an answers file:
// on every screen it enters that screen's answers and presses the Footer.
type simulation struct {
	out         io.Writer
	walker      *flowrun.Walker
	answers     map[string]map[string]any
	allowErrors bool
	step        int
}

// errFlowEnded tells run that the walk reached its end.
var errFlowEnded = errors.New("flow ended")

// run opens the flow as WhatsApp would and follows each screen's Footer until
// the flow completes or something goes wrong.
func (s *simulation) run(ctx context.Context) error {
	step, err := s.walker.Start(ctx)
	if err == nil && len(step.Exchanges) == 0 {
		s.beginStep("open %s", step.Outcome.Screen)
	}
	err = s.show("", step, err)
	for err == nil {
		if s.step >= maxSimulationSteps {
			return fmt.Errorf("stopped after %d steps without completing; does the handler keep answering the same screens?", maxSimulationSteps)
		}
		err = s.submit(ctx)
	}
	if errors.Is(err, errFlowEnded) {
		fmt.Fprintf(s.out, "\nflow completed in %d steps\n", s.step)
		return nil
	}
	return err
}

// beginStep counts a step and prints its heading, a blank line apart from
// the step before.
func (s *simulation) beginStep(format string, args ...any) {
	s.step++
	if s.step > 1 {
		fmt.Fprintln(s.out)
	}
	fmt.Fprintf(s.out, "[%d] %s\n", s.step, fmt.Sprintf(format, args...))
}

// submit enters the current screen's answers and presses its Footer.
func (s *simulation) submit(ctx context.Context) error {
	v, err := s.walker.View()
	if err != nil {
		return err
	}
	from := v.Screen
	answers := s.answers[from]
	names := make([]string, 0, len(answers))
	for name := range answers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		step, err := s.walker.SetValue(ctx, name, answers[name])
		if err := s.show(from, step, err); err != nil {
			return err
		}
	}
	footer, ok := v.Find("Footer")
	action, _ := footer.Props["on-click-action"].(map[string]any)
	if !ok || action == nil {
		return fmt.Errorf("screen %s has no Footer action to press; the walk cannot go on", from)
	}
	fmt.Fprintf(s.out, "  footer %q: %s\n", footer.Props["label"], action["name"])
	step, err := s.walker.Press(ctx, flowrun.Footer())
	return s.show(from, step, err)
}

// show prints what one action did: its requests, then where it led.
func (s *simulation) show(from string, step flowrun.Step, err error) error {
	for _, x := range step.Exchanges {
		action, _ := x.Request["action"].(string)
		if screen, _ := x.Request["screen"].(string); screen != "" {
			s.beginStep("%s from %s", action, screen)
			printJSON(s.out, "payload", x.Request["data"])
		} else {
			s.beginStep("%s", action)
		}
	}
	if err != nil {
		return err
	}
	o := step.Outcome
	switch o.Type {
	case flowrun.OutcomeScreen:
		if len(step.Exchanges) == 0 && from != "" {
			s.beginStep("navigate %s -> %s", from, o.Screen)
		}
		if o.Message != "" {
			fmt.Fprintf(s.out, "error_message on %s: %s\n", o.Screen, o.Message)
			if !s.allowErrors {
				action, _ := step.Exchanges[0].Request["action"].(string)
				return fmt.Errorf("%s: the handler answered with error_message %q (pass --allow-errors to carry on)", action, o.Message)
			}
		}
		return s.enter()
	case flowrun.OutcomeComplete:
		if len(step.Exchanges) > 0 {
			fmt.Fprintf(s.out, "SUCCESS\n")
			printJSON(s.out, "params", o.Payload)
		} else {
			s.beginStep("complete from %s", from)
			printJSON(s.out, "payload", o.Payload)
		}
		return errFlowEnded
	case flowrun.OutcomeNone, flowrun.OutcomeUpdate:
		return nil
	}
	return fmt.Errorf("screen %s: the walk cannot go on after %s", from, o)
}

// enter prints the screen the walk is on: its title, data and answers.
func (s *simulation) enter() error {
	v, err := s.walker.View()
	if err != nil {
		return err
	}
	st, err := s.walker.State()
	if err != nil {
		return err
	}
	fmt.Fprintf(s.out, "screen %s %q\n", v.Screen, v.Title)
	printJSON(s.out, "data", st.Data)
	if form := s.answers[v.Screen]; len(form) > 0 {
		printJSON(s.out, "form", form)
	}
	return nil
}

// exampleData collects the __example__ values of a data model: they stand
// in for the flow_action_payload of the message that would open the flow.
func exampleData(model flowjson.DataModel) map[string]any {
	data := make(map[string]any, len(model))
	for name, field := range model {
		if field.Example != nil {
			data[name] = field.Example
		}
	}
	return data
}

// printJSON writes v as indented JSON under a label.
func printJSON(w io.Writer, label string, v any) {
	b, err := json.MarshalIndent(v, "  ", "  ")
	if err != nil {
		fmt.Fprintf(w, "  %s: %v\n", label, v)
		return
	}
	fmt.Fprintf(w, "  %s: %s\n", label, strings.TrimSpace(string(b)))
}

// walkEndpoint is the flow's data endpoint, in process, that a walk
// (simulate, test) talks to through the real envelope.
type walkEndpoint struct {
	FlowPath, Script, EnvFile string
	Timeout                   time.Duration
	Key                       *crypto.PrivateKey
}

// walkExchanger compiles the handler script and builds the endpoint;
// closeHost stops its script host. console.log of the script goes to
// stderr.
func (m *Main) walkExchanger(flow *flowjson.Flow, c walkEndpoint) (ex flowrun.Exchanger, closeHost func() error, err error) {
	env, err := readEnvFile(c.EnvFile)
	if err != nil {
		return nil, nil, err
	}
	prog, err := compileScriptFile(c.Script)
	if err != nil {
		return nil, nil, err
	}
	host := script.NewHost(script.Options{Timeout: c.Timeout, Logger: slog.New(slog.NewTextHandler(m.Stderr, nil))})
	handler, err := endpoint.New(endpoint.Config{
		FlowID:  flowIDOrDefault("", c.FlowPath),
		Flow:    flow,
		Keys:    crypto.KeySet{c.Key},
		Program: prog,
		Host:    host,
		Env:     env,
	})
	if err != nil {
		return nil, nil, errors.Join(err, host.Close())
	}
	return flowrun.EnvelopeExchanger{Transport: handler, Public: &c.Key.PublicKey}, host.Close, nil
}
