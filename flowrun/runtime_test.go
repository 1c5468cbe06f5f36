package flowrun

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// bindingsFlow has a screen whose components use every kind of binding,
// reached from a first screen whose input it reads globally.
const bindingsFlow = `{
  "version": "7.3",
  "screens": [
    {
      "id": "ASK", "title": "Ask",
      "data": {"greeting": {"type": "string", "__example__": "hi"}},
      "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "TextInput", "name": "city", "label": "City"},
        {"type": "TextInput", "name": "people", "label": "People", "input-type": "number"},
        {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "SHOW"},
          "payload": {"total": 120, "address": {"city": "${form.city}"}, "people": "${form.people}", "missing": "${form.nothing}"}}}
      ]}
    },
    {
      "id": "SHOW", "title": "${data.address.city}", "terminal": true,
      "data": {
        "total": {"type": "number", "__example__": 1},
        "people": {"type": "number", "__example__": 1},
        "address": {"type": "object", "properties": {"city": {"type": "string"}}, "__example__": {"city": "x"}}
      },
      "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "TextHeading", "text": "${screen.ASK.form.city}"},
        {"type": "TextBody", "text": "` + "`'Each pays ' ${data.total} / ${data.people}`" + `"},
        {"type": "TextCaption", "text": "${screen.ASK.data.greeting}"},
        {"type": "TextBody", "text": "${screen.LATER.form.x}", "visible": false},
        {"type": "Footer", "label": "Done", "left-caption": "` + "`${data.people} ' people'`" + `", "right-caption": "x",
          "on-click-action": {"name": "complete", "payload": {"city": "${data.address.city}", "each": "` + "`${data.total} / ${data.people}`" + `"}}}
      ]}
    }
  ]
}`

func TestBindingsAndNestedExpressions(t *testing.T) {
	ctx := context.Background()
	w := staticWalker(t, bindingsFlow, Options{FlowToken: "ft", InitialData: map[string]any{"greeting": "hello"}})
	_, err := w.SetValue(ctx, "city", "Accra")
	require.NoError(t, err)
	_, err = w.SetValue(ctx, "people", "4")
	require.NoError(t, err)
	people, err := w.Value("form.people")
	require.NoError(t, err)
	require.Equal(t, 4.0, people, "a numeric TextInput produces a number")

	step, err := w.Press(ctx, Footer())
	require.NoError(t, err)
	require.Equal(t, Outcome{Type: OutcomeScreen, Screen: "SHOW"}, step.Outcome)
	st, err := w.State()
	require.NoError(t, err)
	require.Equal(t, map[string]any{"total": 120.0, "address": map[string]any{"city": "Accra"}, "people": 4.0}, st.Data,
		"the payload becomes the data, a missing value drops its key")

	v, err := w.View()
	require.NoError(t, err)
	require.Equal(t, "Accra", v.Title)
	require.Equal(t, []Node{
		{Type: "TextHeading", Props: map[string]any{"text": "Accra"}},
		{Type: "TextBody", Props: map[string]any{"text": "Each pays 30"}},
		{Type: "TextCaption", Props: map[string]any{"text": "hello"}},
		{Type: "Footer", Props: map[string]any{"label": "Done", "left-caption": "4 people", "right-caption": "x",
			"on-click-action": map[string]any{"name": "complete"}}},
	}, v.Tree)

	step, err = w.Press(ctx, Footer())
	require.NoError(t, err)
	require.Equal(t, map[string]any{"city": "Accra", "each": 30.0, "flow_token": "ft"}, step.Outcome.Payload)
}

// branchesFlow renders different components for different answers.
const branchesFlow = `{
  "version": "7.3",
  "screens": [{
    "id": "PICK", "terminal": true,
    "data": {"vip": {"type": "boolean", "__example__": false}},
    "layout": {"type": "SingleColumnLayout", "children": [
      {"type": "RadioButtonsGroup", "name": "animal", "label": "Animal",
        "data-source": [{"id": "cat", "title": "Cat"}, {"id": "dog", "title": "Dog"}, {"id": "fish", "title": "Fish"}]},
      {"type": "TextInput", "name": "age", "label": "Age", "input-type": "number"},
      {"type": "Switch", "value": "${form.animal}", "cases": {
        "cat": [{"type": "TextBody", "text": "Meow"}],
        "dog": [{"type": "TextBody", "text": "Woof"}, {"type": "If", "condition": "${form.age} >= 10", "then": [{"type": "TextCaption", "text": "Senior dog"}]}]
      }},
      {"type": "If", "condition": "${data.vip} || (${form.age} > 99)", "then": [
        {"type": "Footer", "label": "VIP", "on-click-action": {"name": "complete", "payload": {"vip": true}}}
      ], "else": [
        {"type": "Footer", "label": "Send", "on-click-action": {"name": "complete", "payload": {}}}
      ]}
    ]}
  }]
}`

func TestIfAndSwitchRendering(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		vip   bool
		form  map[string]any
		types []string
		texts []string
	}{
		{"nothing chosen", false, nil, []string{"RadioButtonsGroup", "TextInput", "Footer"}, []string{"Send"}},
		{"cat", false, map[string]any{"animal": "cat"}, []string{"RadioButtonsGroup", "TextInput", "TextBody", "Footer"}, []string{"Meow", "Send"}},
		{"young dog", false, map[string]any{"animal": "dog", "age": "3"}, []string{"RadioButtonsGroup", "TextInput", "TextBody", "Footer"}, []string{"Woof"}},
		{"old dog", false, map[string]any{"animal": "dog", "age": "12"}, []string{"RadioButtonsGroup", "TextInput", "TextBody", "TextCaption", "Footer"}, []string{"Senior dog"}},
		{"fish has no case", false, map[string]any{"animal": "fish"}, []string{"RadioButtonsGroup", "TextInput", "Footer"}, nil},
		{"vip from data", true, nil, []string{"RadioButtonsGroup", "TextInput", "Footer"}, []string{"VIP"}},
		{"vip by age", false, map[string]any{"age": "100"}, []string{"RadioButtonsGroup", "TextInput", "Footer"}, []string{"VIP"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := staticWalker(t, branchesFlow, Options{InitialData: map[string]any{"vip": tc.vip}})
			for name, value := range tc.form {
				_, err := w.SetValue(ctx, name, value)
				require.NoError(t, err)
			}
			v, err := w.View()
			require.NoError(t, err)
			var types []string
			for _, n := range v.Tree {
				types = append(types, n.Type)
			}
			require.Equal(t, tc.types, types)
			for _, text := range tc.texts {
				require.Contains(t, v.Text(), text)
			}
		})
	}
}

// chainFlow is A → B → C by Footers, each screen with an input.
const chainFlow = `{
  "version": "7.3",
  "screens": [
    {"id": "A", "title": "A", "layout": {"type": "SingleColumnLayout", "children": [
      {"type": "TextInput", "name": "a", "label": "A"},
      {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "B"}, "payload": {"from_a": "${form.a}"}}}
    ]}},
    {"id": "B", "title": "B", "data": {"from_a": {"type": "string", "__example__": "x"}}, "layout": {"type": "SingleColumnLayout", "children": [
      {"type": "TextInput", "name": "b", "label": "B"},
      {"type": "EmbeddedLink", "text": "Skip", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "C"}, "payload": {}}},
      {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "C"}, "payload": {}}}
    ]}},
    {"id": "C", "title": "C", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
      {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {"a": "${screen.A.form.a}", "b": "${screen.B.form.b}"}}}
    ]}}
  ]
}`

func TestNavigationAndTheBackStack(t *testing.T) {
	ctx := context.Background()
	w := staticWalker(t, chainFlow, Options{})
	expect := func(screen string, stack []string, form map[string]any) {
		t.Helper()
		v, err := w.View()
		require.NoError(t, err)
		require.Equal(t, screen, v.Screen)
		require.Equal(t, stack, v.Stack)
		st, err := w.State()
		require.NoError(t, err)
		require.Equal(t, form, st.Form)
	}
	do := func(step Step, err error) Outcome {
		t.Helper()
		require.NoError(t, err)
		return step.Outcome
	}
	do(w.SetValue(ctx, "a", "1"))
	require.Equal(t, "B", do(w.Press(ctx, Footer())).Screen)
	do(w.SetValue(ctx, "b", "2"))
	require.Equal(t, "C", do(w.Press(ctx, Link("Skip"))).Screen)
	expect("C", []string{"A", "B"}, map[string]any{})

	require.Equal(t, Outcome{Type: OutcomeScreen, Screen: "B"}, do(w.Back(ctx)))
	expect("B", []string{"A"}, map[string]any{"b": "2"})
	fromA, err := w.Value("data.from_a")
	require.NoError(t, err)
	require.Equal(t, "1", fromA)

	do(w.SetValue(ctx, "b", "3"))
	do(w.Press(ctx, Footer()))
	o := do(w.Press(ctx, Footer()))
	require.Equal(t, map[string]any{"a": "1", "b": "3", "flow_token": ""}, o.Payload)

	w = staticWalker(t, chainFlow, Options{})
	require.Equal(t, OutcomeClosed, do(w.Back(ctx)).Type, "back on the first screen closes the flow")
	_, err = w.Press(ctx, Footer())
	requireRefused(t, err, "the flow was closed")
}

// refreshFlow is an endpoint flow whose second screen refreshes the first
// on back.
const refreshFlow = `{
  "version": "7.3", "data_api_version": "3.0",
  "routing_model": {"ONE": ["TWO"], "TWO": []},
  "screens": [
    {"id": "ONE", "title": "One", "data": {"n": {"type": "number", "__example__": 1}}, "layout": {"type": "SingleColumnLayout", "children": [
      {"type": "TextInput", "name": "q", "label": "Q"},
      {"type": "Dropdown", "name": "pick", "label": "Pick", "data-source": [{"id": "x", "title": "X"}, {"id": "y", "title": "Y"}],
        "on-select-action": {"name": "data_exchange", "payload": {"picked": "${form.pick}"}}},
      {"type": "Footer", "label": "Go", "on-click-action": {"name": "data_exchange", "payload": {"q": "${form.q}"}}}
    ]}},
    {"id": "TWO", "title": "Two", "terminal": true, "refresh_on_back": true, "layout": {"type": "SingleColumnLayout", "children": [
      {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}
    ]}}
  ]
}`

func TestEndpointRequestsAndAnswers(t *testing.T) {
	rt, err := New([]byte(refreshFlow), Options{FlowToken: "tok"})
	require.NoError(t, err)
	o, err := rt.Start()
	require.NoError(t, err)
	require.Equal(t, Outcome{Type: OutcomeRequest, Request: map[string]any{"action": "INIT", "screen": "", "data": map[string]any{}, "flow_token": "tok", "version": "3.0"}}, o)
	_, err = rt.SetValue("q", "x")
	requireRefused(t, err, "waiting for the answer to INIT")

	o, err = rt.Receive(map[string]any{"screen": "ONE", "data": map[string]any{"n": 1}})
	require.NoError(t, err)
	require.Equal(t, Outcome{Type: OutcomeScreen, Screen: "ONE"}, o)

	_, err = rt.SetValue("q", "hello")
	require.NoError(t, err)
	o, err = rt.SetValue("pick", "y")
	require.NoError(t, err)
	require.Equal(t, map[string]any{"action": "data_exchange", "screen": "ONE", "data": map[string]any{"picked": "y"}, "flow_token": "tok", "version": "3.0"}, o.Request,
		"selecting fires on-select-action")
	o, err = rt.Receive(map[string]any{"screen": "ONE", "data": map[string]any{"n": 2, "error_message": "Not y"}})
	require.NoError(t, err)
	require.Equal(t, Outcome{Type: OutcomeScreen, Screen: "ONE", Message: "Not y"}, o)
	v, err := rt.View()
	require.NoError(t, err)
	require.Equal(t, "Not y", v.Message)
	q, err := rt.Value("form.q")
	require.NoError(t, err)
	require.Equal(t, "hello", q, "a refresh of the same screen keeps its inputs")

	_, err = rt.Press(Footer())
	require.NoError(t, err)
	_, err = rt.Receive(map[string]any{"screen": "TWO", "data": map[string]any{}})
	require.NoError(t, err)

	o, err = rt.Back()
	require.NoError(t, err)
	require.Equal(t, "BACK", o.Request["action"])
	require.Equal(t, "TWO", o.Request["screen"])
	o, err = rt.Receive(map[string]any{"screen": "ONE", "data": map[string]any{"n": 3}})
	require.NoError(t, err)
	require.Equal(t, "ONE", o.Screen)
	st, err := rt.State()
	require.NoError(t, err)
	require.Equal(t, map[string]any{"n": 3.0}, st.Data, "BACK's answer refreshes the previous screen")
	require.Equal(t, map[string]any{"q": "hello", "pick": "y"}, st.Form, "and keeps what the user entered")
	require.Empty(t, st.Stack)

	_, err = rt.Press(Footer())
	require.NoError(t, err)
	_, err = rt.Receive(map[string]any{"screen": "NOWHERE"})
	requireRefused(t, err, `the answer names no screen of the flow: "NOWHERE"`)
	o, err = rt.Receive(map[string]any{"screen": "SUCCESS", "data": map[string]any{"extension_message_response": map[string]any{"params": map[string]any{"flow_token": "tok", "ok": true}}}})
	require.NoError(t, err)
	require.Equal(t, Outcome{Type: OutcomeComplete, Payload: map[string]any{"flow_token": "tok", "ok": true}}, o)
	_, err = rt.Back()
	requireRefused(t, err, "the flow has completed")
}

// updateFlow is Meta's update_data pattern: a choice shows and fills
// other components through the screen's data.
const updateFlow = `{
  "version": "7.3",
  "screens": [{
    "id": "ADDRESS", "terminal": true,
    "data": {
      "show_city": {"type": "boolean", "__example__": false},
      "city_label": {"type": "string", "__example__": "City"},
      "countries": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"}}},
        "__example__": [
          {"id": "gh", "title": "Ghana", "on-select-action": {"name": "update_data", "payload": {"show_city": true, "city_label": "` + "`'City in ' ${form.country}`" + `"}},
            "on-unselect-action": {"name": "update_data", "payload": {"show_city": false}}},
          {"id": "ke", "title": "Kenya"}
        ]}
    },
    "layout": {"type": "SingleColumnLayout", "children": [
      {"type": "RadioButtonsGroup", "name": "country", "label": "Country", "data-source": "${data.countries}"},
      {"type": "TextInput", "name": "city", "label": "${data.city_label}", "visible": "${data.show_city}", "required": true},
      {"type": "OptIn", "name": "news", "label": "News", "on-click-action": {"name": "open_url", "url": "https://example.com/news"}},
      {"type": "Footer", "label": "Save", "on-click-action": {"name": "complete", "payload": {"country": "${form.country}", "city": "${form.city}"}}}
    ]}
  }]
}`

func TestUpdateDataAndVisibility(t *testing.T) {
	ctx := context.Background()
	w, err := NewWalker([]byte(updateFlow), nil, Options{InitialScreen: "ADDRESS", InitialData: exampleValues(t, []byte(updateFlow), "ADDRESS")})
	require.NoError(t, err)
	_, err = w.Start(ctx)
	require.NoError(t, err)
	visibleNames := func() []string {
		v, err := w.View()
		require.NoError(t, err)
		var names []string
		for _, n := range v.Tree {
			names = append(names, n.Name)
		}
		return names
	}
	require.Equal(t, []string{"country", "news", ""}, visibleNames())

	step, err := w.Press(ctx, Item("gh"))
	require.NoError(t, err)
	require.Equal(t, Outcome{Type: OutcomeUpdate, Data: map[string]any{"show_city": true, "city_label": "City in gh"}}, step.Outcome)
	require.Equal(t, []string{"country", "city", "news", ""}, visibleNames())
	v, err := w.View()
	require.NoError(t, err)
	require.Equal(t, "City in gh", v.Tree[1].Props["label"])

	step, err = w.Press(ctx, Footer())
	require.NoError(t, err)
	require.Equal(t, map[string]string{"city": "This field is required"}, step.Outcome.Errors, "a shown input is checked")

	_, err = w.SetValue(ctx, "country", "ke")
	require.NoError(t, err)
	require.Equal(t, []string{"country", "news", ""}, visibleNames(), "unselecting runs the item's on-unselect-action")
	step, err = w.Press(ctx, Link("News"))
	require.NoError(t, err)
	require.Equal(t, Outcome{Type: OutcomeOpenURL, URL: "https://example.com/news"}, step.Outcome)
	step, err = w.Press(ctx, Footer())
	require.NoError(t, err)
	require.Equal(t, map[string]any{"country": "ke", "flow_token": ""}, step.Outcome.Payload, "a hidden input is not checked")
}

func requireRefused(t *testing.T, err error, msg string) {
	t.Helper()
	var re *Error
	require.ErrorAs(t, err, &re)
	require.True(t, re.Refused(), "%v", err)
	require.Contains(t, re.Message, msg)
}

func TestRefusedSteps(t *testing.T) {
	for _, tc := range []struct {
		name string
		flow string
		do   func(w *Walker) error
		want string
	}{
		{"unknown input", chainFlow, func(w *Walker) error {
			_, err := w.SetValue(context.Background(), "nope", "x")
			return err
		}, `screen A has no input named "nope"`},
		{"unknown link", chainFlow, func(w *Walker) error {
			_, err := w.Press(context.Background(), Link("Skip"))
			return err
		}, `there is no link "Skip" on screen A`},
		{"unknown item", chainFlow, func(w *Walker) error {
			_, err := w.Press(context.Background(), Item("z"))
			return err
		}, `there is no item "z" on screen A`},
		{"two options for a radio group", branchesFlow, func(w *Walker) error {
			_, err := w.SetValue(context.Background(), "animal", []any{"cat", "dog"})
			return err
		}, "RadioButtonsGroup animal takes one option, not 2"},
		{"invalid reference", `{"version": "7.3", "screens": [{"id": "S", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
			{"type": "TextBody", "text": "${screen.S.x}"}]}}]}`, func(w *Walker) error {
			_, err := w.View()
			return err
		}, "${screen.S.x} is not screen.ID.form.NAME"},
		{"disabled footer", `{"version": "7.3", "screens": [{"id": "S", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
			{"type": "Footer", "label": "Go", "enabled": false, "on-click-action": {"name": "complete", "payload": {}}}]}}]}`, func(w *Walker) error {
			_, err := w.Press(context.Background(), Footer())
			return err
		}, "the Footer is disabled"},
		{"data_exchange without endpoint", `{"version": "7.3", "screens": [{"id": "S", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
			{"type": "Footer", "label": "Go", "on-click-action": {"name": "data_exchange", "payload": {}}}]}}]}`, func(w *Walker) error {
			_, err := w.Press(context.Background(), Footer())
			return err
		}, "the Footer sends data_exchange, but the flow has no data_api_version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requireRefused(t, tc.do(staticWalker(t, tc.flow, Options{})), tc.want)
		})
	}
}

func TestNewRefusesWhatIsNotAFlow(t *testing.T) {
	_, err := New([]byte(`{`), Options{})
	requireRefused(t, err, "not JSON")
	_, err = New([]byte(`{"version": "7.3", "screens": []}`), Options{})
	requireRefused(t, err, "the flow has no screens")
	rt, err := New([]byte(chainFlow), Options{InitialScreen: "Z"})
	require.NoError(t, err)
	_, err = rt.Start()
	requireRefused(t, err, `the flow has no screen "Z"`)
}
