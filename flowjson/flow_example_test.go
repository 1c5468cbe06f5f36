package flowjson_test

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/waflow/waflow/flowjson"
)

// A two-screen flow built in Go: the first screen collects a name and
// navigates to the second, which declares the data it receives and completes
// the flow.
func Example_builder() {
	flow := flowjson.Flow{
		Version: flowjson.Version{Major: 7, Minor: 3},
		Screens: []flowjson.Screen{
			{
				ID:    "SIGN_UP",
				Title: "Sign up",
				Layout: flowjson.SingleColumn(
					&flowjson.TextHeading{Text: "Join the club"},
					&flowjson.TextInput{Name: "name", Label: "Name", Required: flowjson.Bool(true)},
					&flowjson.OptIn{Name: "news", Label: "Send me news"},
					&flowjson.Footer{
						Label:         "Continue",
						OnClickAction: flowjson.Navigate("CONFIRM", map[string]any{"name": "${form.name}", "news": "${form.news}"}),
					},
				),
			},
			{
				ID:       "CONFIRM",
				Title:    "Confirm",
				Terminal: true,
				Data: flowjson.DataModel{
					"name": {Type: flowjson.DataString, Example: "Ada"},
					"news": {Type: flowjson.DataBoolean, Example: true},
				},
				Layout: flowjson.SingleColumn(
					&flowjson.TextBody{Text: flowjson.String("${data.name}")},
					&flowjson.Footer{
						Label:         "Done",
						OnClickAction: flowjson.Complete(map[string]any{"name": "${data.name}", "news": "${data.news}"}),
					},
				),
			},
		},
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(flow); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "version": "7.3",
	//   "screens": [
	//     {
	//       "id": "SIGN_UP",
	//       "title": "Sign up",
	//       "layout": {
	//         "type": "SingleColumnLayout",
	//         "children": [
	//           {
	//             "type": "TextHeading",
	//             "text": "Join the club"
	//           },
	//           {
	//             "type": "TextInput",
	//             "name": "name",
	//             "label": "Name",
	//             "required": true
	//           },
	//           {
	//             "type": "OptIn",
	//             "name": "news",
	//             "label": "Send me news"
	//           },
	//           {
	//             "type": "Footer",
	//             "label": "Continue",
	//             "on-click-action": {
	//               "name": "navigate",
	//               "next": {
	//                 "type": "screen",
	//                 "name": "CONFIRM"
	//               },
	//               "payload": {
	//                 "name": "${form.name}",
	//                 "news": "${form.news}"
	//               }
	//             }
	//           }
	//         ]
	//       }
	//     },
	//     {
	//       "id": "CONFIRM",
	//       "title": "Confirm",
	//       "terminal": true,
	//       "data": {
	//         "name": {
	//           "type": "string",
	//           "__example__": "Ada"
	//         },
	//         "news": {
	//           "type": "boolean",
	//           "__example__": true
	//         }
	//       },
	//       "layout": {
	//         "type": "SingleColumnLayout",
	//         "children": [
	//           {
	//             "type": "TextBody",
	//             "text": "${data.name}"
	//           },
	//           {
	//             "type": "Footer",
	//             "label": "Done",
	//             "on-click-action": {
	//               "name": "complete",
	//               "payload": {
	//                 "name": "${data.name}",
	//                 "news": "${data.news}"
	//               }
	//             }
	//           }
	//         ]
	//       }
	//     }
	//   ]
	// }
}

// Decode keeps and reports keys that Flow JSON does not define.
func ExampleDecode() {
	src := []byte(`{
  "version": "7.2",
  "screens": [{
    "id": "LOGIN", "terminal": true,
    "layout": {"type": "SingleColumnLayout", "children": [
      {"type": "TextInput", "name": "pin", "label": "PIN", "placeholder": "••••"},
      {"type": "Footer", "label": "Login", "on-click-action": {"name": "complete", "payload": {"pin": "${form.pin}"}}}
    ]}
  }]
}`)
	flow, unknown, err := flowjson.Decode(src)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, k := range unknown {
		fmt.Printf("%d:%d: unknown key %q at %s\n", k.Line, k.Column, k.Key, k.Pointer)
	}
	input := flow.Screens[0].Layout.Children[0].(*flowjson.TextInput)
	fmt.Println(input.Name, string(input.Extra["placeholder"]))
	// Output:
	// 6:60: unknown key "placeholder" at /screens/0/layout/children/0/placeholder
	// pin "••••"
}

// Check compares an endpoint's answer with the data model of its screen.
func ExampleDataModel_Check() {
	model := flowjson.DataModel{
		"slots": {Type: flowjson.DataArray, Items: &flowjson.DataField{Type: flowjson.DataString}},
		"count": {Type: flowjson.DataInteger},
	}
	answer := map[string]any{"slots": []any{"09:00", 10}, "cuont": 2}
	for _, e := range model.Check(answer) {
		fmt.Println(e)
	}
	// Output:
	// /count: missing; the data model declares it as integer
	// /slots/1: expected string, found number
	// /cuont: not declared in the data model
}
