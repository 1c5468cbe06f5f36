package flowrun_test

import (
	"context"
	"fmt"

	"github.com/waflow/waflow/flowrun"
)

// A flow without an endpoint needs no Exchanger.
func ExampleWalker() {
	flow := []byte(`{
	  "version": "7.3",
	  "screens": [{
	    "id": "HELLO", "title": "Hello", "terminal": true,
	    "layout": {"type": "SingleColumnLayout", "children": [
	      {"type": "TextInput", "name": "name", "label": "Your name", "required": true},
	      {"type": "TextBody", "text": "` + "`'Hello, ' ${form.name}`" + `"},
	      {"type": "Footer", "label": "Send", "on-click-action": {"name": "complete", "payload": {"name": "${form.name}"}}}
	    ]}
	  }]
	}`)
	ctx := context.Background()
	w, err := flowrun.NewWalker(flow, nil, flowrun.Options{FlowToken: "tok"})
	if err != nil {
		panic(err)
	}
	step, _ := w.Start(ctx)
	fmt.Println(step.Outcome)
	step, _ = w.Press(ctx, flowrun.Footer())
	fmt.Println(step.Outcome, step.Outcome.Errors["name"])
	_, _ = w.SetValue(ctx, "name", "Ada")
	v, _ := w.View()
	fmt.Println(v.Tree[1].Props["text"])
	step, _ = w.Press(ctx, flowrun.Footer())
	fmt.Println(step.Outcome.Payload)
	// Output:
	// HELLO
	// invalid input: name This field is required
	// Hello, Ada
	// map[flow_token:tok name:Ada]
}
