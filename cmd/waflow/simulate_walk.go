package main

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/flowjson"
)

// maxSimulationSteps stops a walk whose handler keeps answering the same
// screens, which with fixed answers would otherwise never end.
const maxSimulationSteps = 50

// simulation is one walk through a flow: the simulated user's position, what
// each visited screen showed and received, and the endpoint it talks to.
type simulation struct {
	out         io.Writer
	flow        *flowjson.Flow
	answers     map[string]map[string]any
	handler     *endpoint.Handler // nil for a flow without an endpoint
	pub         *rsa.PublicKey
	token       string
	allowErrors bool

	step    int
	screen  string
	data    map[string]any
	visited map[string]screenValues
}

// errFlowEnded tells run that the walk reached its end.
var errFlowEnded = errors.New("flow ended")

// run opens the flow as WhatsApp would and follows each screen's Footer until
// the flow completes or something goes wrong.
func (s *simulation) run(ctx context.Context) error {
	err := s.open(ctx)
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

// open starts the walk: an INIT for an endpoint flow, else the first screen
// with the example values of its data model standing in for the
// flow_action_payload of the message that would open it.
func (s *simulation) open(ctx context.Context) error {
	if s.handler != nil {
		return s.exchange(ctx, endpoint.ActionInit, "", map[string]any{})
	}
	first := s.flow.Screens[0]
	s.beginStep("open %s", first.ID)
	return s.enter(first.ID, exampleData(first.Data))
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

// exampleData collects the __example__ values of a data model.
func exampleData(model flowjson.DataModel) map[string]any {
	data := make(map[string]any, len(model))
	for name, field := range model {
		if field.Example != nil {
			data[name] = field.Example
		}
	}
	return data
}

// enter shows a screen: it becomes the current one with its data.
func (s *simulation) enter(id string, data map[string]any) error {
	screen, ok := s.flow.Screen(id)
	if !ok {
		return fmt.Errorf("the flow has no screen %q", id)
	}
	if data == nil {
		data = map[string]any{}
	}
	s.screen, s.data = id, data
	s.visited[id] = screenValues{Form: s.answers[id], Data: data}
	title := screen.Title
	if resolved, ok, err := s.scope().resolveString(title, "/title"); err == nil && ok {
		title = fmt.Sprint(resolved)
	}
	fmt.Fprintf(s.out, "screen %s %q\n", id, title)
	printJSON(s.out, "data", data)
	if form := s.answers[id]; len(form) > 0 {
		printJSON(s.out, "form", form)
	}
	return nil
}

func (s *simulation) scope() refScope {
	return refScope{Screen: s.screen, Form: s.answers[s.screen], Data: s.data, Visited: s.visited}
}

// submit presses the current screen's Footer.
func (s *simulation) submit(ctx context.Context) error {
	screen, _ := s.flow.Screen(s.screen)
	footer := findFooter(screen)
	if footer == nil || footer.OnClickAction == nil {
		return fmt.Errorf("screen %s has no Footer action to press; the walk cannot go on", s.screen)
	}
	action := footer.OnClickAction
	payload, err := s.scope().resolvePayload(action.Payload)
	if err != nil {
		return fmt.Errorf("screen %s, Footer %q: %w", s.screen, footer.Label, err)
	}
	fmt.Fprintf(s.out, "  footer %q: %s\n", footer.Label, action.Name)
	switch action.Name {
	case "data_exchange":
		if s.handler == nil {
			return fmt.Errorf("screen %s: data_exchange in a flow without data_api_version", s.screen)
		}
		return s.exchange(ctx, endpoint.ActionDataExchange, s.screen, payload)
	case "navigate":
		if action.Next == nil || action.Next.Name == "" {
			return fmt.Errorf("screen %s: navigate names no next screen", s.screen)
		}
		s.beginStep("navigate %s -> %s", s.screen, action.Next.Name)
		return s.enter(action.Next.Name, payload)
	case "complete":
		s.beginStep("complete from %s", s.screen)
		printJSON(s.out, "payload", payload)
		return errFlowEnded
	default:
		return fmt.Errorf("screen %s: the simulator cannot press a Footer whose action is %q", s.screen, action.Name)
	}
}

// exchange sends one request through the real envelope, as the WhatsApp
// client does, and acts on the answer.
func (s *simulation) exchange(ctx context.Context, action, screen string, data map[string]any) error {
	if screen == "" {
		s.beginStep("%s", action)
	} else {
		s.beginStep("%s from %s", action, screen)
		printJSON(s.out, "payload", data)
	}
	plain, err := json.Marshal(map[string]any{
		"version":    s.flow.DataAPIVersion,
		"action":     action,
		"screen":     screen,
		"data":       data,
		"flow_token": s.token,
	})
	if err != nil {
		return fmt.Errorf("encode request: %w", err)
	}
	body, session, err := crypto.SealRequest(s.pub, plain, nil)
	if err != nil {
		return err
	}
	resp := s.handler.Handle(ctx, endpoint.Request{Body: body, Header: http.Header{"Content-Type": {"application/json"}}})
	if resp.Status != http.StatusOK {
		if resp.Err != nil {
			return fmt.Errorf("%s: endpoint answered HTTP %d: %v", action, resp.Status, resp.Err.Err)
		}
		return fmt.Errorf("%s: endpoint answered HTTP %d", action, resp.Status)
	}
	answer, err := session.OpenResponse(resp.Body)
	if err != nil {
		return fmt.Errorf("%s: the answer does not decrypt: %w", action, err)
	}
	var a struct {
		Screen string         `json:"screen"`
		Data   map[string]any `json:"data"`
	}
	if err := json.Unmarshal(answer, &a); err != nil {
		return fmt.Errorf("%s: the answer is not a JSON object: %w", action, err)
	}
	if a.Screen == endpoint.SuccessScreen {
		fmt.Fprintf(s.out, "SUCCESS\n")
		params := map[string]any{}
		if ext, ok := a.Data["extension_message_response"].(map[string]any); ok {
			params, _ = ext["params"].(map[string]any)
		}
		printJSON(s.out, "params", params)
		return errFlowEnded
	}
	if msg, ok := a.Data["error_message"]; ok {
		fmt.Fprintf(s.out, "error_message on %s: %v\n", a.Screen, msg)
		if !s.allowErrors {
			return fmt.Errorf("%s: the handler answered with error_message %q (pass --allow-errors to carry on)", action, msg)
		}
	}
	return s.enter(a.Screen, a.Data)
}

// findFooter returns the screen's Footer wherever it sits: at the top, in a
// Form, or in a branch of If or Switch. Meta requires a Footer in every
// branch once one has it, so the first found, depth first, stands for the
// others; the simulator does not evaluate conditions.
func findFooter(screen *flowjson.Screen) *flowjson.Footer {
	for c := range screen.Components() {
		if f, ok := c.(*flowjson.Footer); ok {
			return f
		}
	}
	return nil
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
