package report_test

import (
	"os"

	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/flowjson/report"
)

// result is one file's findings, written by hand: the printers format what
// they are given and check nothing themselves.
func result() []report.File {
	return []report.File{{
		Path: "signup.json",
		Result: flowjson.Result{
			Version: flowjson.Version{Major: 7, Minor: 3},
			Diagnostics: flowjson.Diagnostics{{
				Code: flowjson.CodeInvalidRoutingModel, Severity: flowjson.SeverityError,
				Pointer: "/routing_model", Line: 4, Column: 20,
				Message: `screen "DONE" is missing in the routing model`,
			}},
		},
	}}
}

func ExampleText() {
	if err := report.Text(os.Stdout, result()); err != nil {
		panic(err)
	}
	// Output:
	// signup.json:4:20: error INVALID_ROUTING_MODEL /routing_model: screen "DONE" is missing in the routing model
	// 1 file checked: 1 invalid, 1 error, 0 warnings
}

func ExampleJSON() {
	if err := report.JSON(os.Stdout, result()); err != nil {
		panic(err)
	}
	// Output:
	// [
	//   {
	//     "path": "signup.json",
	//     "version": "7.3",
	//     "valid": false,
	//     "diagnostics": [
	//       {
	//         "code": "INVALID_ROUTING_MODEL",
	//         "severity": "error",
	//         "pointer": "/routing_model",
	//         "line": 4,
	//         "column": 20,
	//         "message": "screen \"DONE\" is missing in the routing model"
	//       }
	//     ]
	//   }
	// ]
}
