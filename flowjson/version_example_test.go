package flowjson_test

import (
	"errors"
	"fmt"

	"github.com/waflow/waflow/flowjson"
)

// ParseVersion accepts the versions of the table only; the table says what
// each one is, and the feature matrix what it accepts.
func ExampleParseVersion() {
	v, err := flowjson.ParseVersion("5.0")
	if err != nil {
		fmt.Println(err)
		return
	}
	info, _ := flowjson.LookupVersion(v)
	fmt.Println(v, info.Released, info.State, "publishable:", info.Publishable())
	fmt.Println("ISO dates:", v.Supports(flowjson.FeatureDateISO), "RichText:", v.Supports(flowjson.FeatureRichText))

	_, err = flowjson.ParseVersion("4.1") // well formed, never released
	var unknown *flowjson.UnknownVersionError
	fmt.Println(errors.As(err, &unknown), unknown.Value)
	// Output:
	// 5.0 2024-08-13 frozen publishable: false
	// ISO dates: true RichText: false
	// true 4.1
}

// A row of the feature matrix: the first version that accepts a feature
// and, for a feature that was removed, the last.
func ExampleLookupFeature() {
	fi, ok := flowjson.LookupFeature(flowjson.FeatureRichTextAlone)
	fmt.Println(ok, fi.First, fi.Last, fi.Open())
	fmt.Println(fi.In(flowjson.Version{Major: 6, Minor: 2}), fi.In(flowjson.Version{Major: 6, Minor: 3}))
	fmt.Println(fi.Description)
	// Output:
	// true 5.1 6.2 false
	// true false
	// RichText must be alone on its screen (a Footer may join it from 6.3)
}
