// Package report prints the results of flowjson.Validate for people and
// tools: compiler-style text, JSON, and SARIF 2.1.0 for code-scanning
// services. The printers only format; the checks live in package flowjson.
//
// Each printer takes a list of [File] values, one per input: the path as
// the user gave it ("-" for standard input) and its [flowjson.Result].
// "waflow validate --format text|json|sarif" prints through them.
//
// # Stable output
//
// The printers add nothing that changes from run to run (no time, no
// absolute path, no map order): files come out in the order given, and
// each file's diagnostics in the order of its Result, which
// [flowjson.Validate] returns sorted by line, column, pointer, severity,
// code and message, without duplicates. The same inputs therefore print
// the same bytes, and a report can be kept as a golden file or compared
// between two runs with diff.
//
// # Text
//
// [Text] writes one line per diagnostic, as a compiler does, and a summary:
//
//	flow.json:12:5: error INVALID_ROUTING_MODEL /routing_model/A: ...
//	1 file checked: 1 invalid, 1 error, 0 warnings
//
// A diagnostic about the whole document (the empty pointer) shows the
// pointer as "(root)"; one without a known position shows 0:0.
//
// # JSON
//
// [JSON] writes an array with one object per file, indented by two spaces,
// without escaping <, > and &:
//
//	[
//	  {
//	    "path": "flow.json",
//	    "version": "7.3",
//	    "valid": false,
//	    "diagnostics": [
//	      {
//	        "code": "INVALID_ROUTING_MODEL",
//	        "severity": "error",
//	        "pointer": "/routing_model/A",
//	        "line": 12,
//	        "column": 5,
//	        "message": "..."
//	      }
//	    ]
//	  }
//	]
//
// version is empty when none could be determined, and diagnostics is []
// rather than null for a clean file. Each diagnostic is [flowjson.Diagnostic]
// as it encodes itself.
//
// # SARIF
//
// [SARIF] writes one SARIF 2.1.0 log with a single run of the tool
// "waflow". The run's rules are the diagnostic codes that occur, sorted,
// each described by the code itself; every diagnostic is a result with its
// ruleId and ruleIndex, level "error" or "warning", the message, and one
// location: the file as artifactLocation.uri, the line and column as
// region.startLine and region.startColumn (the region is left out when the
// line is unknown), and the JSON pointer ("(root)" for the whole document)
// as a logical location of kind "member".
//
// # Example
//
// Checking the files named on the command line and printing SARIF for a
// code-scanning upload:
//
//	var files []report.File
//	for _, path := range os.Args[1:] {
//		src, err := os.ReadFile(path)
//		if err != nil {
//			return err
//		}
//		files = append(files, report.File{Path: path, Result: flowjson.Validate(src, flowjson.Options{})})
//	}
//	if err := report.SARIF(os.Stdout, files); err != nil {
//		return err
//	}
package report
