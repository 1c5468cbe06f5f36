package flowjson

import (
	"slices"
	"strings"
)

// Options tunes Validate. The zero value validates a file at its own
// version and lets warnings through.
type Options struct {
	// FlowVersion, when set, replaces the version the file declares, for
	// example to check whether a flow survives an upgrade to "7.3".
	FlowVersion string
	// Strict turns every warning into an error.
	Strict bool
}

// Result is the outcome of validating one document.
type Result struct {
	// Version is the version the document was checked against; the zero
	// Version when none could be determined.
	Version     Version
	Diagnostics Diagnostics
}

// Valid reports whether the document has no errors. Warnings do not count
// (unless Options.Strict made them errors).
func (r Result) Valid() bool { return !r.Diagnostics.HasErrors() }

// Validate checks a Flow JSON document in the order of the reference
// checklist: syntax, version, JSON Schema of that version, then the
// semantic rules. A syntax error or an unusable version stops the checks
// that depend on it. Validate is deterministic and safe for concurrent use.
func Validate(src []byte, opts Options) Result {
	doc, diags := Parse(src)
	if doc.Root == nil {
		return finish(Result{Diagnostics: diags}, opts)
	}
	v, vdiags, ok := resolveVersion(doc, opts.FlowVersion)
	diags = append(diags, vdiags...)
	if !ok {
		return finish(Result{Diagnostics: diags}, opts)
	}
	if doc.Root.Kind != KindObject {
		diags = append(diags, doc.At(nil, SeverityError, CodeInvalidPropertyType,
			"a Flow JSON document must be an object, found %s", doc.Root.Kind))
		return finish(Result{Version: v, Diagnostics: diags}, opts)
	}
	schemaDiags := checkSchema(doc, v)
	diags = append(diags, schemaDiags...)
	diags = append(diags, withoutRepeats(checkSemantics(doc, v), schemaDiags)...)
	return finish(Result{Version: v, Diagnostics: diags}, opts)
}

// withoutRepeats drops the semantic findings the schema already reported
// (same code at the same pointer), so that a range or a required property
// checked by both yields one diagnostic.
func withoutRepeats(semantic, schema Diagnostics) Diagnostics {
	if len(schema) == 0 {
		return semantic
	}
	seen := make(map[[2]string]bool, len(schema))
	for _, d := range schema {
		seen[[2]string{d.Code, d.Pointer}] = true
	}
	return slices.DeleteFunc(semantic, func(d Diagnostic) bool { return seen[[2]string{d.Code, d.Pointer}] })
}

func finish(r Result, opts Options) Result {
	if opts.Strict {
		for i := range r.Diagnostics {
			r.Diagnostics[i].Severity = SeverityError
		}
	}
	r.Diagnostics = r.Diagnostics.Normalize()
	return r
}

// versionShape reports whether s has the syntax of a version: digits, a
// dot, digits.
func versionShape(s string) bool {
	major, minor, ok := strings.Cut(s, ".")
	return ok && allDigits(major) && allDigits(minor)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// resolveVersion determines the version to validate against: the override
// when given, else the document's "version". ok is false when no usable
// version exists; the diagnostics say why.
func resolveVersion(doc *Document, override string) (Version, Diagnostics, bool) {
	var diags Diagnostics
	if override != "" {
		v, err := ParseVersion(override)
		if err != nil {
			return Version{}, Diagnostics{doc.At(nil, SeverityError, CodeUnsupportedFlowJSONVersion,
				"the requested Flow JSON version %q is not supported; known versions: %s", override, knownVersionList())}, false
		}
		return v, frozenWarning(doc, doc.Root.Get("version"), v), true
	}
	vn := doc.Root.Get("version")
	switch {
	case doc.Root.Kind != KindObject:
		return Version{}, Diagnostics{doc.At(nil, SeverityError, CodeInvalidPropertyType,
			"a Flow JSON document must be an object, found %s", doc.Root.Kind)}, false
	case vn == nil:
		return Version{}, Diagnostics{doc.At(nil, SeverityError, CodeMissingFlowJSONVersion,
			"the flow has no \"version\"; add one such as \"version\": %q", LatestVersion().String())}, false
	case vn.Kind != KindString:
		return Version{}, Diagnostics{doc.At(vn, SeverityError, CodeInvalidFlowJSONVersion,
			"\"version\" must be a string such as %q, found %s", LatestVersion().String(), vn.Kind)}, false
	case !versionShape(vn.String):
		return Version{}, Diagnostics{doc.At(vn, SeverityError, CodeInvalidFlowJSONVersion,
			"%q is not a Flow JSON version; use major.minor such as %q", vn.String, LatestVersion().String())}, false
	}
	v, err := ParseVersion(vn.String)
	if err != nil {
		return Version{}, Diagnostics{doc.At(vn, SeverityError, CodeUnsupportedFlowJSONVersion,
			"Flow JSON version %q is not supported; known versions: %s", vn.String, knownVersionList())}, false
	}
	diags = append(diags, frozenWarning(doc, vn, v)...)
	return v, diags, true
}

// frozenWarning notes that a frozen version still sends but cannot be published.
func frozenWarning(doc *Document, at *Node, v Version) Diagnostics {
	vi, _ := LookupVersion(v)
	if vi.Publishable() {
		return nil
	}
	return Diagnostics{doc.At(at, SeverityWarning, CodeFrozenVersion,
		"Flow JSON %s is frozen: flows already published still send, but it cannot be published anymore; use %s or later",
		v, firstPublishable())}
}

func firstPublishable() Version {
	for _, vi := range knownVersions() {
		if vi.Publishable() {
			return vi.Version
		}
	}
	return LatestVersion()
}

func knownVersionList() string {
	names := make([]string, 0, len(knownVersions()))
	for _, vi := range knownVersions() {
		names = append(names, vi.Version.String())
	}
	return strings.Join(names, ", ")
}
