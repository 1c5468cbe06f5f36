// Package flowjson reads, checks and writes WhatsApp Flow JSON, every
// version from 2.1 to the newest 7.x: a validator whose findings are as
// precise as an editor's, the table of versions and of what each one
// accepts, one JSON Schema per version, and Go types that decode and encode
// a flow without losing anything.
//
// Nothing here reads files or touches the network, and [Validate],
// [Decode], [Parse] and [Schema] are safe for concurrent use.
//
// # Validating
//
// [Validate] checks one document and returns a [Result]: the [Version] it
// was checked against and the [Diagnostics] found. The checks run in the
// order of Meta's checklist; a syntax error or an unusable version stops
// the checks that depend on it:
//
//  1. syntax ([Parse]);
//  2. version: the document's "version", or [Options].FlowVersion when
//     set, must be a known version; a frozen version is a warning (it
//     still sends, but cannot be published);
//  3. the JSON Schema of that version: unknown keys, wrong types, missing
//     properties, enumerations, patterns, components and actions of a
//     version that does not have them;
//  4. the rules a schema cannot express: screens and terminal screens,
//     footers, forms, limits per screen, data models, ${...} references,
//     actions and their payloads, and the routing model. A finding the
//     schema already reported (same code at the same pointer) is not
//     repeated.
//
// The zero [Options] validates a file at its own version and lets warnings
// through. Options.FlowVersion checks a file against another version, for
// example whether it survives an upgrade to "7.3"; Options.Strict turns
// every warning into an error. [Result.Valid] reports whether no error was
// found. The same bytes always give the same Result.
//
// # Diagnostics
//
// A [Diagnostic] is data, not an error string: checks produce it, printers
// format it (package [github.com/waflow/waflow/flowjson/report] prints text,
// JSON and SARIF), and nobody needs to parse its message. Its fields are:
//
//   - Code, stable across releases: Meta's own code where Meta has one
//     (INVALID_ROUTING_MODEL, MISSING_REQUIRED_PROPERTY, ...), else
//     waflow's, such as DUPLICATE_KEY or FROZEN_FLOW_JSON_VERSION;
//   - Severity: [SeverityError] makes the flow invalid; [SeverityWarning]
//     marks something legal but likely wrong, or a rule whose outcome at
//     Meta is not certain;
//   - Pointer, the RFC 6901 JSON pointer of the value concerned ("" is the
//     whole document);
//   - Line and Column, 1-based, where that value starts in the source (the
//     key, when the key is the problem); Column counts bytes; 0 when
//     unknown;
//   - Message: what is wrong and what to change.
//
// The codes are the Code constants of this package ([CodeInvalidFlowJSON],
// [CodeInvalidRoutingModel], [CodeDuplicateKey], ...). [Diagnostic.String]
// prints "line:col: severity CODE pointer: message". A Diagnostic encodes
// as a JSON object with those six members, the severity as "error" or
// "warning", and a nil [Diagnostics] as [] rather than null.
//
// Validate returns its diagnostics normalised ([Diagnostics.Normalize]):
// sorted by line, column, pointer, severity, code and message, with exact
// duplicates dropped, so output can be compared byte for byte.
// [Diagnostics.HasErrors] is what [Result.Valid] asks.
//
// # Versions and features
//
// [Versions] is the table of known versions, oldest first, each a
// [VersionInfo] with its release date, its state at Meta ([VersionActive]
// or [VersionFrozen]; see [VersionInfo.Publishable]) and a headline of what
// it changed. [LatestVersion] is the newest. [ParseVersion] accepts only
// versions of the table: any other string, even a well-formed but
// unreleased "4.1", is an [*UnknownVersionError]. [LookupVersion] finds a
// version's row; [Version.Compare] and [Version.AtLeast] order versions.
//
// What a version accepts is one table, the feature matrix: each [Feature]
// (a component, a property, an action or a rule that exists only in a range
// of versions) has a [FeatureInfo] with the first version that accepts it
// and, for the few that were removed, the last. [Features] lists the
// matrix, [LookupFeature] finds a row and [Version.Supports] answers
// whether a version accepts a feature. The JSON Schemas and the semantic
// rules both read the matrix, so they never disagree about a version.
// [DataAPIVersions] lists the accepted values of data_api_version.
//
// # JSON Schemas
//
// [Schema] returns the JSON Schema (draft-07) of one version, for editors
// and other validators; "waflow schema --flow-version 7.3" prints the same
// bytes. The schemas are generated from one catalogue of every Flow JSON
// object, filtered through the feature matrix, and embedded in the package.
// They are also files of the repository, flowjson/schemas/flow-json-7.3.schema.json
// and so on, and each names its file's raw GitHub address as its $id.
// Validate applies the schema of the version it checks against, with
// errors mapped to Meta's codes and to messages that say which version
// introduces or removed a property.
//
// # Go types
//
// A [Flow] is a whole document: its [Screen] values, each with a [Layout]
// of [Component] values and a [DataModel]. Component is a sealed interface
// with one pointer type per component of the reference ([*TextInput],
// [*Footer], [*If], [*NavigationList], ...), and [*UnknownComponent] for any
// other type, so a type switch over it is exhaustive. Properties that take
// either a literal or a dynamic value are small sealed interfaces
// ([BoolOrExpr], [ItemsOrExpr], [StringsOrExpr], ...) whose members are a literal
// type such as [Bool] or [Items], or an [Expr] holding a ${...} reference or
// a nested expression. [Navigate], [DataExchange], [Complete], [UpdateData]
// and [OpenURL] build an [Action]; [SingleColumn] builds a layout.
// [AllComponents] and [Screen.Components] walk nested components (Form
// children, If branches, Switch cases) depth first.
//
// [Decode] reads a document into a Flow and loses nothing:
//
//   - a member that Flow JSON does not define at its place goes to the
//     [Extra] of the enclosing value, and is also returned as an
//     [UnknownKey] with its pointer, line and column, in document order;
//   - a component of an unknown or missing type is kept whole as an
//     UnknownComponent;
//   - a member given with a zero value (false, 0, "", null) is remembered,
//     so it is written back rather than dropped.
//
// Encoding the result with encoding/json gives the document back, compacted
// and with members in a fixed order ("type" first, then the properties in
// the order of the struct fields, then Extra by key). Decode checks only
// what the Go types need (well-formed JSON, no duplicate keys, the JSON
// type of each known member, a known version); its error is a
// [*DecodeError] with a code, pointer, line and column, which
// [DecodeError.Diagnostic] turns into a Diagnostic. Everything else that
// makes a flow invalid is Validate's to report.
//
// [DataModel.Check] compares the data an endpoint answers for a screen
// with that screen's data model, as WhatsApp does before showing it.
//
// # Parsing with positions
//
// [Parse] reads JSON into a [Document]: a tree of [Node] values that keep
// their byte offset, and objects that keep their members in source order
// and their duplicate keys (each reported as a [CodeDuplicateKey] error;
// [Node.Get] returns the first). A syntax error is one INVALID_FLOW_JSON
// diagnostic and leaves Document.Root nil. [Document.Lookup] finds the node
// at a JSON pointer, [Node.Pointer] gives a node's pointer,
// [Document.Position] turns an offset into line and column, and
// [Document.At] builds a Diagnostic located at a node, for checks of one's
// own. Nesting deeper than 256 levels is refused, so hostile input cannot
// exhaust the stack.
//
// # Example
//
// signup.json is an endpoint flow whose routing model forgets that START
// leads to DONE:
//
//	{
//	  "version": "7.3",
//	  "data_api_version": "3.0",
//	  "routing_model": {"START": []},
//	  "screens": [
//	    {
//	      "id": "START",
//	      "title": "Start",
//	      "layout": {"type": "SingleColumnLayout", "children": [
//	        {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email"},
//	        {"type": "Footer", "label": "Next", "on-click-action": {
//	          "name": "navigate", "next": {"type": "screen", "name": "DONE"}, "payload": {}}}
//	      ]}
//	    },
//	    {
//	      "id": "DONE",
//	      "title": "Done",
//	      "terminal": true,
//	      "layout": {"type": "SingleColumnLayout", "children": [
//	        {"type": "Footer", "label": "Finish", "on-click-action": {"name": "complete", "payload": {}}}
//	      ]}
//	    }
//	  ]
//	}
//
// Validating it,
//
//	src, err := os.ReadFile("signup.json")
//	if err != nil {
//		return err
//	}
//	r := flowjson.Validate(src, flowjson.Options{})
//	for _, d := range r.Diagnostics {
//		fmt.Printf("signup.json:%d:%d: %s %s %s: %s\n",
//			d.Line, d.Column, d.Severity, d.Code, d.Pointer, d.Message)
//	}
//	if !r.Valid() {
//		os.Exit(1)
//	}
//
// prints three findings, sorted by position, and exits 1:
//
//	signup.json:4:20: error INVALID_ROUTING_MODEL /routing_model: screen "DONE" is missing in the routing model; every screen must appear as a key or as a destination
//	signup.json:4:20: warning INVALID_ROUTING_MODEL /routing_model: route ends at screen "START", which is not terminal; routes should end at a terminal screen
//	signup.json:12:66: error INVALID_ROUTING_MODEL /screens/0/layout/children/1/on-click-action/next/name: missing direct route from screen "START" to "DONE" in the routing model while it exists in the navigate screen action
//
// With Options{Strict: true} the warning is an error too; with
// Options{FlowVersion: "5.0"} the same file is also told that 5.0 is
// frozen. "waflow validate" prints its findings in this form, through
// package report.
package flowjson
