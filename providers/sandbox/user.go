package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/flowrun"
	"github.com/waflow/waflow/providers"
)

// maxWalkSteps stops a walk that goes round in circles, such as an
// endpoint that keeps refusing the user's answers.
const maxWalkSteps = 40

// userConfig is how the simulated user answers flows.
type userConfig struct {
	answers  func(m SentMessage) map[string]map[string]any
	endpoint func(appID, flowID string) flowrun.Exchanger
}

// flowOpening is what a flow message opens, as the client reads it when
// the message arrives: the flow (by the sandbox's id or by name), the
// mode, the flow token and the first screen with its data.
type flowOpening struct {
	msg       SentMessage
	appSecret string // signs data endpoint requests, as Meta does with the app's secret
	flowID    string
	flowName  string
	draft     bool
	token     string
	action    providers.FlowActionType
	screen    string
	data      map[string]any
}

// flowOpeningLocked reads the flow an accepted message opens: an
// interactive flow message, or a template message for a template with a
// FLOW button; false for other messages. Callers hold mu.
func flowOpeningLocked(a *appState, app providers.App, sent SentMessage) (flowOpening, bool) {
	o := flowOpening{msg: sent, appSecret: app.Credentials["app_secret"]}
	msg := sent.Message
	switch {
	case msg.Interactive != nil && msg.Interactive.Flow != nil:
		fa := msg.Interactive.Flow
		o.flowID, o.flowName, o.draft = fa.FlowID, fa.FlowName, fa.Mode == providers.FlowModeDraft
		o.token, o.action, o.screen, o.data = fa.Token, fa.Action, fa.Screen, fa.Data
	case msg.Template != nil:
		btn, ok := templateFlowButton(a, msg.Template)
		if !ok {
			return o, false
		}
		o.flowID, o.flowName, o.action, o.screen = btn.FlowID, btn.FlowName, btn.FlowAction, btn.NavigateScreen
		for _, c := range msg.Template.Components {
			if c.Type != providers.RoleButton || c.SubType != providers.SubTypeFlow {
				continue
			}
			for _, p := range c.Parameters {
				if p.Action != nil {
					o.token, o.data = p.Action.FlowToken, p.Action.FlowActionData
				}
			}
		}
	default:
		return o, false
	}
	if o.token == "" {
		o.token = "unused" // what WhatsApp sends for a flow opened without one
	}
	return o, true
}

// templateFlowButton finds the FLOW button of the template a message
// sends. Callers hold mu.
func templateFlowButton(a *appState, tm *providers.TemplateMessage) (providers.TemplateButton, bool) {
	for _, t := range a.templates {
		if t.name != tm.Name || t.language != tm.Language {
			continue
		}
		var def providers.Template
		// The bytes were produced by json.Marshal of the same type.
		_ = json.Unmarshal(t.def, &def)
		for _, c := range def.Components {
			for _, b := range c.Buttons {
				if b.Type == providers.ButtonFlow {
					return b, true
				}
			}
		}
	}
	return providers.TemplateButton{}, false
}

// queueWalkLocked has the user open the flow once the message is read,
// walk it, and send the completion back as an nfm_reply webhook answering
// the flow message. A walk that fails, or a user who closes the flow,
// sends nothing; the failure is logged. Callers hold mu.
func (s *Sandbox) queueWalkLocked(o flowOpening) {
	if !s.hooks.enabled() {
		return
	}
	due := s.now().Add(s.hooks.deliveredAfter + s.hooks.readAfter)
	s.enqueueLocked(due, "flow reply to "+o.msg.WAMID, func(ctx context.Context, now time.Time) ([]providers.Event, error) {
		payload, err := s.walk(ctx, o)
		if err != nil || payload == nil {
			return nil, err
		}
		s.mu.Lock()
		s.msgCounter++
		replyID := fmt.Sprintf("wamid.SBX%08d", s.msgCounter)
		s.mu.Unlock()
		from := strings.TrimPrefix(o.msg.Message.To, "+")
		return []providers.Event{{Kind: providers.EventMessage, PhoneNumberID: o.msg.AppID, WABAID: o.msg.AppID, At: now,
			Message: &providers.InboundMessage{ID: replyID, From: from, ContactName: sandboxUserName, Type: "interactive",
				Context:   &providers.InboundContext{MessageID: o.msg.WAMID},
				FlowReply: &providers.FlowReply{ResponseJSON: payload, Body: "Sent"}}}}, nil
	})
}

// walk opens the flow as the client does and walks it to its end,
// returning the completion payload (flow_token included), or nil when
// the flow closed without one.
func (s *Sandbox) walk(ctx context.Context, o flowOpening) (map[string]any, error) {
	doc, ex, err := s.walkTarget(o)
	if err != nil {
		return nil, fmt.Errorf("sandbox user: %w", err)
	}
	opts := flowrun.Options{FlowToken: o.token}
	if o.action != providers.FlowDataExchange {
		opts.InitialScreen, opts.InitialData = o.screen, o.data
	}
	w, err := flowrun.NewWalker(doc, ex, opts)
	if err != nil {
		return nil, fmt.Errorf("sandbox user: %w", err)
	}
	var answers map[string]map[string]any
	if s.user.answers != nil {
		answers = s.user.answers(o.msg)
	}
	u := user{w: w, answers: answers, today: s.now()}
	payload, err := u.walk(ctx)
	if err != nil {
		return nil, fmt.Errorf("sandbox user: flow %s%s: %w", o.flowID, o.flowName, err)
	}
	return payload, nil
}

// walkTarget finds the document the message opens (the published one, or
// the draft in draft mode) and the exchanger of its data endpoint.
func (s *Sandbox) walkTarget(o flowOpening) ([]byte, flowrun.Exchanger, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.app(o.msg.AppID)
	var f *remoteFlow
	for _, candidate := range a.flows {
		if candidate.id == o.flowID || o.flowID == "" && candidate.name == o.flowName {
			f = candidate
		}
	}
	if f == nil {
		return nil, nil, fmt.Errorf("the app has no flow %s%s", o.flowID, o.flowName)
	}
	doc := f.published
	if o.draft {
		doc = f.draft
	}
	if doc == nil {
		return nil, nil, fmt.Errorf("flow %s has no document to open", f.id)
	}
	if s.user.endpoint != nil {
		if ex := s.user.endpoint(o.msg.AppID, f.id); ex != nil {
			return doc, ex, nil
		}
	}
	if f.endpointURI == "" || a.publicKey == nil {
		// A flow without an endpoint needs none; one that asks for it
		// fails its first request with a clear error.
		return doc, nil, nil
	}
	pub, err := crypto.ParsePublicKeyPEM(a.publicKey)
	if err != nil {
		return nil, nil, err
	}
	return doc, endpointClient{client: s.hooks.client, url: f.endpointURI, public: pub, appSecret: o.appSecret}, nil
}

// user is one walk of the simulated user.
type user struct {
	w       *flowrun.Walker
	answers map[string]map[string]any
	today   time.Time
}

// walk fills each screen and moves on, by its Footer or, on a screen
// without one, by the first item of its navigation list, until the flow
// completes or closes.
func (u user) walk(ctx context.Context) (map[string]any, error) {
	step, err := u.w.Start(ctx)
	for range maxWalkSteps {
		if err != nil {
			return nil, err
		}
		switch step.Outcome.Type {
		case flowrun.OutcomeComplete:
			return step.Outcome.Payload, nil
		case flowrun.OutcomeClosed:
			return nil, nil
		case flowrun.OutcomeInvalid:
			return nil, fmt.Errorf("screen %s refused the answers: %v", step.Outcome.Screen, step.Outcome.Errors)
		}
		var v flowrun.View
		if v, err = u.w.View(); err != nil {
			return nil, err
		}
		if v.Status == flowrun.StatusCompleted {
			return v.Completion, nil
		}
		if step, err = u.fill(ctx, v); err != nil || step.Outcome.Type == flowrun.OutcomeScreen || step.Outcome.Type == flowrun.OutcomeComplete {
			continue // an input's action moved the walk on
		}
		step, err = u.next(ctx, v)
	}
	if err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("no completion after %d steps", maxWalkSteps)
}

// fill enters a value into each input of the screen: the test's answer,
// else the value it shows already, else a plausible one (see plausible). It returns the
// step of the last input, whose action may have moved the walk on.
func (u user) fill(ctx context.Context, v flowrun.View) (flowrun.Step, error) {
	var last flowrun.Step
	for _, n := range inputs(v.Tree) {
		value, given := u.answers[v.Screen][n.Name]
		if !given {
			// An opt-in shows false until ticked; the user consents.
			if n.Value != nil && (n.Type != "OptIn" || n.Value == true) {
				continue
			}
			if value = plausible(n, u.today); value == nil {
				continue
			}
		}
		step, err := u.w.SetValue(ctx, n.Name, value)
		if err != nil {
			return step, err
		}
		last = step
		if t := step.Outcome.Type; t == flowrun.OutcomeScreen || t == flowrun.OutcomeComplete {
			return step, nil
		}
	}
	return last, nil
}

// next moves on from the screen as a user would: its Footer, or the first
// item of its navigation list.
func (u user) next(ctx context.Context, v flowrun.View) (flowrun.Step, error) {
	if _, ok := v.Find("Footer"); ok {
		return u.w.Press(ctx, flowrun.Footer())
	}
	if list, ok := v.Find("NavigationList"); ok {
		if items, _ := list.Props["list-items"].([]any); len(items) > 0 {
			if item, _ := items[0].(map[string]any); item != nil {
				if id, _ := item["id"].(string); id != "" {
					return u.w.Press(ctx, flowrun.Item(id))
				}
			}
		}
	}
	return flowrun.Step{}, fmt.Errorf("screen %s has no Footer and no navigation list to go on with", v.Screen)
}

// inputs lists the named input components of a rendered tree, in order.
func inputs(tree []flowrun.Node) []flowrun.Node {
	var out []flowrun.Node
	for _, n := range tree {
		if n.Name != "" && isInputType(n.Type) {
			out = append(out, n)
		}
		out = append(out, inputs(n.Children)...)
	}
	return out
}

func isInputType(t string) bool {
	switch t {
	case "TextInput", "TextArea", "CheckboxGroup", "RadioButtonsGroup", "Dropdown", "ChipsSelector",
		"OptIn", "DatePicker", "CalendarPicker":
		return true
	}
	return false
}
