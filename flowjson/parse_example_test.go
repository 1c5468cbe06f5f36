package flowjson_test

import (
	"fmt"

	"github.com/waflow/waflow/flowjson"
)

// Parse keeps every value's place in the source, so a pointer leads to a
// line and column; a repeated key is reported and the first one is kept.
func ExampleParse() {
	src := []byte(`{
  "version": "7.3",
  "screens": [{"id": "WELCOME", "id": "HELLO"}]
}`)
	doc, diags := flowjson.Parse(src)
	for _, d := range diags {
		fmt.Println(d.Line, d.Column, d.Code, d.Pointer)
	}
	n := doc.Lookup("/screens/0/id")
	line, col := doc.Position(n.Offset)
	fmt.Printf("%s = %q at %d:%d\n", n.Pointer(), n.String, line, col)

	_, diags = flowjson.Parse([]byte(`{"version": "7.3",}`))
	fmt.Println(diags[0].Line, diags[0].Column, diags[0].Code)
	// Output:
	// 3 33 DUPLICATE_KEY /screens/0/id
	// /screens/0/id = "WELCOME" at 3:22
	// 1 19 INVALID_FLOW_JSON
}
