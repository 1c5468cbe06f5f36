package flowjson_test

import (
	"fmt"

	"github.com/waflow/waflow/flowjson"
)

func ExampleValidate() {
	src := []byte(`{
  "version": "7.3",
  "screens": [{
    "id": "WELCOME",
    "title": "Welcome",
    "terminal": true,
    "layout": {"type": "SingleColumnLayout", "children": [
      {"type": "TextBody", "text": "Hello", "colour": "red"},
      {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}
    ]}
  }]
}`)
	r := flowjson.Validate(src, flowjson.Options{})
	fmt.Println("valid:", r.Valid(), "version:", r.Version)
	for _, d := range r.Diagnostics {
		fmt.Printf("%d:%d %s %s\n", d.Line, d.Column, d.Code, d.Pointer)
	}
	// Output:
	// valid: false version: 7.3
	// 8:45 INVALID_PROPERTY_KEY /screens/0/layout/children/0/colour
}

func ExampleSchema() {
	schema, err := flowjson.Schema(flowjson.LatestVersion())
	if err != nil {
		panic(err)
	}
	fmt.Println(len(schema) > 0)
	// Output: true
}
