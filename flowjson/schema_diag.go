package flowjson

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/xeipuuv/gojsonschema"
)

// schemaMapper turns gojsonschema errors of one document into diagnostics.
type schemaMapper struct {
	doc *Document
	v   Version
}

// contextPointer converts gojsonschema's context ("(root).screens.0") to an
// RFC 6901 pointer. A NUL separator keeps keys containing dots intact.
func contextPointer(c *gojsonschema.JsonContext) string {
	if c == nil {
		return ""
	}
	parts := strings.Split(c.String("\x00"), "\x00")
	var b strings.Builder
	for _, p := range parts[1:] {
		b.WriteByte('/')
		b.WriteString(escapePointer(p))
	}
	return b.String()
}

func splitPointer(p string) (parent, key string) {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return "", ""
	}
	key = strings.ReplaceAll(strings.ReplaceAll(p[i+1:], "~1", "/"), "~0", "~")
	return p[:i], key
}

// diagnostic maps an error of a value validated on its own at pointer base.
func (m schemaMapper) diagnostic(e gojsonschema.ResultError, base string) (Diagnostic, bool) {
	ptr := base + contextPointer(e.Context())
	details := e.Details()
	switch e.Type() {
	case "condition_then", "condition_else", "number_any_of", "number_all_of", "number_one_of":
		// Summaries of nested errors, which are reported themselves.
		return Diagnostic{}, false
	case "additional_property_not_allowed":
		key := fmt.Sprint(details["property"])
		return m.unknownProperty(ptr, key), true
	case "required":
		return m.missing(ptr, fmt.Sprint(details["property"])), true
	case "invalid_type":
		return m.at(ptr, CodeInvalidPropertyType, "%s must be %s, found %s",
			m.subject(ptr), m.expected(ptr, details["expected"]), details["given"]), true
	case "enum", "const":
		return m.badEnum(ptr, e.Value()), true
	case "pattern":
		return m.patternMismatch(ptr, fmt.Sprint(details["pattern"]), e.Value()), true
	case "string_gte":
		return m.at(ptr, CodeMinCharsRequired, "%s should have at least %v characters", m.subject(ptr), details["min"]), true
	case "string_lte":
		return m.tooLong(ptr, details["max"]), true
	case "array_min_items":
		return m.at(ptr, CodeMinItemsRequired, "%s should have at least %v items", m.subject(ptr), details["min"]), true
	case "array_max_items":
		return m.at(ptr, CodeInvalidPropertyValue, "%s should have at most %v items", m.subject(ptr), details["max"]), true
	case "array_min_properties":
		return m.at(ptr, CodeInvalidPropertyValue, "invalid empty property found: %s needs at least %v entries", m.subject(ptr), details["min"]), true
	case "number_gte", "number_gt":
		return m.at(ptr, CodeMinimumValueRequired, "%s must be at least %v", m.subject(ptr), details["min"]), true
	case "number_lte", "number_lt":
		return m.at(ptr, CodeMaximumValueRequired, "%s must be at most %v", m.subject(ptr), details["max"]), true
	case "format":
		return m.at(ptr, CodeInvalidPropertyValueFormat, "%s should be in %q format, such as https://example.com/flow", m.subject(ptr), details["format"]), true
	}
	return m.at(ptr, CodeInvalidPropertyValue, "%s: %s", m.subject(ptr), e.Description()), true
}

// at builds an error located at the value of ptr.
func (m schemaMapper) at(ptr, code, format string, args ...any) Diagnostic {
	d := Diagnostic{Code: code, Severity: SeverityError, Pointer: ptr, Message: fmt.Sprintf(format, args...)}
	if n := m.doc.Lookup(ptr); n != nil {
		d.Line, d.Column = m.doc.Position(n.Offset)
	}
	return d
}

// subject names the value at ptr for a message: "property \"label\" of TextInput".
func (m schemaMapper) subject(ptr string) string {
	if ptr == "" {
		return "the document"
	}
	parent, key := splitPointer(ptr)
	pl := locateObject(m.doc, parent)
	if !pl.found {
		return fmt.Sprintf("property %q", key)
	}
	return fmt.Sprintf("property %q of %s", key, pl.describe())
}

// describe names the object of a place for messages.
func (pl schemaPlace) describe() string {
	switch {
	case pl.isAction:
		return "action " + pl.spec.name
	case pl.component:
		return pl.spec.name
	case pl.spec.name == specTop:
		return "the flow"
	}
	return "the " + pl.spec.name
}

// lookupProp returns the catalogue entry of the property at ptr.
func (m schemaMapper) lookupProp(ptr string) (schemaProp, bool) {
	parent, key := splitPointer(ptr)
	pl := locateObject(m.doc, parent)
	if !pl.found {
		return schemaProp{}, false
	}
	return specProp(pl.spec, key)
}

func (m schemaMapper) expected(ptr string, fallback any) string {
	if p, ok := m.lookupProp(ptr); ok && p.value.what != "" {
		return p.value.what
	}
	if ptr == "" {
		return "an object"
	}
	return fmt.Sprintf("of type %v", fallback)
}

func (m schemaMapper) unknownProperty(parentPtr, key string) Diagnostic {
	ptr := parentPtr + "/" + escapePointer(key)
	d := Diagnostic{Code: CodeInvalidPropertyKey, Severity: SeverityError, Pointer: ptr}
	if parent := m.doc.Lookup(parentPtr); parent != nil {
		for _, mem := range parent.Members {
			if mem.Key == key {
				d.Line, d.Column = m.doc.Position(mem.KeyOffset)
				break
			}
		}
	}
	pl := locateObject(m.doc, parentPtr)
	if !pl.found {
		d.Message = fmt.Sprintf("property %q cannot be specified here", key)
		return d
	}
	d.Message = fmt.Sprintf("property %q cannot be specified on %s", key, pl.describe())
	if p, ok := specProp(pl.spec, key); ok && p.feature != "" {
		d.Message += "; " + m.gateHint(p.feature)
		return d
	}
	d.Message += "; allowed: " + quoteList(m.allowedProps(pl))
	return d
}

// gateHint explains why a feature is not available in this flow's version.
func (m schemaMapper) gateHint(f Feature) string {
	fi, ok := LookupFeature(f)
	if !ok {
		return "it is not available in Flow JSON " + m.v.String()
	}
	if !m.v.AtLeast(fi.First) {
		return fmt.Sprintf("it needs Flow JSON %s or later (this flow is %s)", fi.First, m.v)
	}
	if next, ok := versionAfter(fi.Last); ok {
		return fmt.Sprintf("it was removed in Flow JSON %s (this flow is %s)", next, m.v)
	}
	return "it is not available in Flow JSON " + m.v.String()
}

// versionAfter returns the known version following v.
func versionAfter(v Version) (Version, bool) {
	for _, vi := range knownVersions() {
		if vi.Version.Compare(v) > 0 {
			return vi.Version, true
		}
	}
	return Version{}, false
}

func (m schemaMapper) allowedProps(pl schemaPlace) []string {
	var names []string
	if pl.component {
		names = append(names, "type")
	}
	if pl.isAction {
		names = append(names, "name")
	}
	for _, p := range pl.spec.props {
		if p.feature == "" || m.v.Supports(p.feature) {
			names = append(names, p.name)
		}
	}
	slices.Sort(names)
	return names
}

func (m schemaMapper) missing(ptr, key string) Diagnostic {
	pl := locateObject(m.doc, ptr)
	where := "this object"
	if pl.found {
		where = pl.describe()
	}
	switch {
	case pl.component && key == "type":
		return m.at(ptr, CodeMissingRequiredTypeProperty, "required property \"type\" is missing: every component needs a type, such as %q", "TextBody")
	case pl.isAction && key == "name":
		return m.at(ptr, CodeMissingRequiredTypeProperty, "required property \"name\" is missing: an action needs one of %s", quoteList(m.slotNames(pl.slot)))
	}
	msg := fmt.Sprintf("required property %q is missing from %s", key, where)
	if p, ok := specProp(pl.spec, key); ok && p.optionalWith != "" {
		if fi, ok := LookupFeature(p.optionalWith); ok && !fi.Open() {
			if next, ok := versionAfter(fi.Last); ok {
				msg += fmt.Sprintf(" (it is required from Flow JSON %s; this flow is %s)", next, m.v)
			}
		}
	}
	return m.at(ptr, CodeMissingRequiredTypeProperty, "%s", msg)
}

func (m schemaMapper) badEnum(ptr string, value any) Diagnostic {
	parent, key := splitPointer(ptr)
	pl := locateObject(m.doc, parent)
	given := shortJSON(value)
	switch {
	case pl.component && key == "type":
		if name, ok := value.(string); ok {
			if spec, ok := schemaSpecIndex()["component "+name]; ok && spec.feature != "" {
				return m.at(ptr, CodeInvalidPropertyValue, "component %s is not available: %s", name, m.gateHint(spec.feature))
			}
		}
		return m.at(ptr, CodeInvalidPropertyValue, "invalid value found for property \"type\": %s is not a component; use one of %s",
			given, quoteList(m.componentNames()))
	case pl.isAction && key == "name":
		owner := m.owner(parent)
		if name, ok := value.(string); ok {
			for _, g := range pl.slot.value.slot {
				if g.name == name && g.feature != "" && !m.v.Supports(g.feature) {
					return m.at(ptr, CodeInvalidEnumValue, "action %s is not allowed in %s of %s: %s", name, pl.slot.name, owner, m.gateHint(g.feature))
				}
			}
		}
		return m.at(ptr, CodeInvalidEnumValue, "action %s is not allowed in %s of %s; value should be one of %s",
			given, pl.slot.name, owner, quoteList(m.slotNames(pl.slot)))
	}
	if pl.found {
		if p, ok := specProp(pl.spec, key); ok && len(p.value.enum) > 0 {
			return m.at(ptr, CodeInvalidEnumValue, "invalid value %s for %s; value should be one of %s", given, m.subject(ptr), quoteList(p.value.enum))
		}
	}
	return m.at(ptr, CodeInvalidEnumValue, "invalid value %s for %s", given, m.subject(ptr))
}

// owner names the object holding the action property at actionPtr.
func (m schemaMapper) owner(actionPtr string) string {
	parent, _ := splitPointer(actionPtr)
	pl := locateObject(m.doc, parent)
	if !pl.found {
		return "this object"
	}
	return pl.describe()
}

func (m schemaMapper) slotNames(slot schemaProp) []string { return gateNames(slot.value.slot, m.v) }

func (m schemaMapper) componentNames() []string {
	var names []string
	for _, c := range componentSpecs() {
		if c.feature == "" || m.v.Supports(c.feature) {
			names = append(names, c.name)
		}
	}
	return names
}

func (m schemaMapper) patternMismatch(ptr, pattern string, value any) Diagnostic {
	given := shortJSON(value)
	if m.isEnumerated(ptr) {
		return m.badEnum(ptr, value)
	}
	if pattern == patternNonBlank {
		msg := "%s should not be blank or empty string"
		if m.v.Supports(FeatureNonBlankStrings) {
			msg += " (Flow JSON 6.0 and later reject blank strings)"
		}
		return m.at(ptr, CodePatternMismatch, msg, m.subject(ptr))
	}
	if pattern == patternScreenID {
		return m.at(ptr, CodePatternMismatch, "screen id %s should only consist of alphabets and underscores", given)
	}
	return m.at(ptr, CodePatternMismatch, "%s should be %s, found %s", m.subject(ptr), m.expected(ptr, "a value matching "+pattern), given)
}

// isEnumerated reports whether the value at ptr is one of a fixed list
// (checked by a names pattern): a component type, an action name or an
// enumerated property.
func (m schemaMapper) isEnumerated(ptr string) bool {
	parent, key := splitPointer(ptr)
	pl := locateObject(m.doc, parent)
	if (pl.component && key == "type") || (pl.isAction && key == "name") {
		return true
	}
	p, ok := m.lookupProp(ptr)
	return ok && len(p.value.enum) > 0
}

func (m schemaMapper) tooLong(ptr string, limit any) Diagnostic {
	if _, key := splitPointer(ptr); key == "image" {
		if n, ok := limit.(int); ok {
			return m.at(ptr, CodeInvalidPropertyValue, "%s is larger than %d KB, the limit of Flow JSON %s; use a smaller image",
				m.subject(ptr), n*3/4/1024, m.v)
		}
	}
	return m.at(ptr, CodeInvalidPropertyValue, "%s should have at most %v characters", m.subject(ptr), limit)
}

// shortJSON renders a value for a message, cut to a readable length.
func shortJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	const max = 60
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// dropShadowedPatterns keeps one error for an empty string: "too short"
// says it all, the pattern failure on the same value is noise.
func dropShadowedPatterns(ds Diagnostics) Diagnostics {
	short := make(map[string]bool)
	for _, d := range ds {
		if d.Code == CodeMinCharsRequired {
			short[d.Pointer] = true
		}
	}
	if len(short) == 0 {
		return ds
	}
	return slices.DeleteFunc(ds, func(d Diagnostic) bool { return d.Code == CodePatternMismatch && short[d.Pointer] })
}
