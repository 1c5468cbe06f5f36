package flowjson

import (
	"fmt"
	"strings"
)

// refSite says where a dynamic value is used; Meta reports the same
// problem under a different code in a component property and in an action
// payload.
type refSite uint8

const (
	siteProperty   refSite = iota // component property, screen title, If condition, Switch value
	sitePayload                   // action payload value
	siteActionExpr                // variable of a nested expression inside an action (7.2+)
)

// refFault classifies why a reference does not resolve.
type refFault uint8

const (
	faultMissingData refFault = iota + 1
	faultArrayItem
	faultMissingForm
	faultFormBinding
	faultGlobal
	faultSyntax
)

// code maps a fault at a site to Meta's error code (§8.2): payloads report
// INVALID_ON_CLICK_ACTION_PAYLOAD, expression variables inside actions
// INVALID_ACTION_PAYLOAD_PROPERTY, global references INVALID_SCREEN_DATA,
// data-model misses elsewhere INVALID_SCREEN_DYNAMIC_DATA.
func (f refFault) code(site refSite) string {
	switch {
	case f == faultGlobal:
		return CodeInvalidScreenData
	case site == sitePayload:
		return CodeInvalidOnClickActionPayload
	case site == siteActionExpr:
		return CodeInvalidActionPayloadProperty
	case f == faultMissingData || f == faultArrayItem:
		return CodeInvalidScreenDynamicData
	}
	return CodeInvalidPropertyValue
}

// refInfo is what a resolved reference yields: its value type and, for a
// picker's value, the picker (pickers have rules of their own in payloads).
type refInfo struct {
	typ    exprType
	picker *semComp
}

// refProblem is a reference that does not resolve.
type refProblem struct {
	fault refFault
	msg   string
}

// wholeReference returns the path of a string that is exactly one ${…}
// reference.
func wholeReference(s string) (string, bool) {
	if len(s) < 3 || !strings.HasPrefix(s, "${") || s[len(s)-1] != '}' {
		return "", false
	}
	inner := s[2 : len(s)-1]
	if strings.ContainsAny(inner, "{}") {
		return "", false
	}
	return inner, true
}

// isBacktickExpression reports whether s is a nested expression (§6.3).
func isBacktickExpression(s string) bool {
	return len(s) >= 2 && s[0] == '`' && s[len(s)-1] == '`'
}

// isReference reports whether n is a dynamic value rather than a literal.
func isReference(n *Node) bool {
	str, ok := n.Str()
	if !ok {
		return false
	}
	_, whole := wholeReference(str)
	return whole || isBacktickExpression(str)
}

// resolveRef resolves a reference path (the text between "${" and "}") as
// seen from screen sc (§6.1).
func (s *semantics) resolveRef(sc *semScreen, path string) (refInfo, *refProblem) {
	root, rest, _ := strings.Cut(path, ".")
	switch root {
	case "data":
		return resolveData(sc, rest, faultMissingData, path)
	case "form":
		return resolveForm(sc, rest, faultMissingForm, path)
	case "screen":
		return s.resolveGlobal(sc, rest, path)
	}
	return refInfo{}, &refProblem{faultSyntax, fmt.Sprintf(
		"${%s} is not a valid reference: use ${data.<field>}, ${form.<name>} or ${screen.<ID>.data|form.<name>}", path)}
}

// resolveData follows a data path through the screen's data model. Object
// properties may be followed; array item schemas may not (§6.1).
func resolveData(sc *semScreen, rest string, missing refFault, path string) (refInfo, *refProblem) {
	field, sub, _ := strings.Cut(rest, ".")
	schema := sc.data.Get(field)
	if field == "" || schema == nil {
		return refInfo{}, &refProblem{missing, fmt.Sprintf(
			"missing dynamic data ${%s}: %q is not declared in the data model of screen %q", path, field, sc.id)}
	}
	for sub != "" {
		var seg string
		seg, sub, _ = strings.Cut(sub, ".")
		switch schemaType(schema) {
		case exprArray:
			return refInfo{}, &refProblem{faultArrayItem, fmt.Sprintf(
				"${%s} steps into the items of an array; only object properties can be referenced", path)}
		case exprObject:
			props := schema.Get("properties")
			if props == nil {
				return refInfo{typ: exprAny}, nil
			}
			if schema = props.Get(seg); schema == nil {
				return refInfo{}, &refProblem{missing, fmt.Sprintf(
					"missing dynamic data ${%s}: %q is not a declared property in the data model of screen %q", path, seg, sc.id)}
			}
		default:
			return refInfo{typ: exprAny}, nil
		}
	}
	return refInfo{typ: schemaType(schema)}, nil
}

// resolveForm finds the input a ${form.name} reference names.
func resolveForm(sc *semScreen, name string, missing refFault, path string) (refInfo, *refProblem) {
	if in := sc.inputs[name]; in != nil {
		info := refInfo{typ: inputValueType(in)}
		if isPickerType(in.typ) {
			info.picker = in
		}
		return info, nil
	}
	if _, isForm := sc.forms[name]; isForm && missing == faultMissingForm {
		return refInfo{}, &refProblem{faultFormBinding, fmt.Sprintf(
			"${%s}: value of 'Form' component cannot be used in form binding; reference one of its inputs", path)}
	}
	return refInfo{}, &refProblem{missing, fmt.Sprintf(
		"missing Form component ${%s}: screen %q has no input named %q", path, sc.id, name)}
}

// resolveGlobal resolves ${screen.<ID>.form|data.<name>} (4.0+): the
// screen exists and is not the current one, and the field exists there.
func (s *semantics) resolveGlobal(sc *semScreen, rest, path string) (refInfo, *refProblem) {
	if !s.has.globalRefs {
		return refInfo{}, &refProblem{faultGlobal, fmt.Sprintf(
			"${%s}: global references need Flow JSON 4.0 or newer", path)}
	}
	id, rest, _ := strings.Cut(rest, ".")
	kind, field, _ := strings.Cut(rest, ".")
	if id == "" || field == "" || (kind != "form" && kind != "data") {
		return refInfo{}, &refProblem{faultGlobal, fmt.Sprintf(
			"${%s} is malformed: a global reference is ${screen.<SCREEN_ID>.form.<name>} or ${screen.<SCREEN_ID>.data.<field>}", path)}
	}
	target := s.byID[id]
	switch {
	case target == nil:
		return refInfo{}, &refProblem{faultGlobal, fmt.Sprintf("${%s} refers to screen %q, which does not exist", path, id)}
	case target == sc:
		return refInfo{}, &refProblem{faultGlobal, fmt.Sprintf(
			"${%s} refers to the current screen; use ${%s.%s} instead", path, kind, field)}
	case kind == "form":
		return resolveForm(target, field, faultGlobal, path)
	}
	return resolveData(target, field, faultGlobal, path)
}

// schemaType is the type a data-model schema declares.
func schemaType(schema *Node) exprType {
	t, _ := schema.Get("type").Str()
	switch t {
	case "string":
		return exprString
	case "number", "integer":
		return exprNumber
	case "boolean":
		return exprBool
	case "array":
		return exprArray
	case "object":
		return exprObject
	}
	return exprAny
}

// inputValueType is the type of ${form.name} for an input (§6.1).
func inputValueType(c *semComp) exprType {
	switch c.typ {
	case "TextInput":
		switch t, ok := c.node.Get("input-type").Str(); {
		case t == "number":
			return exprNumber
		case ok && isReference(c.node.Get("input-type")):
			return exprString | exprNumber
		}
	case "CheckboxGroup", "ChipsSelector", "PhotoPicker", "DocumentPicker":
		return exprArray
	case "OptIn":
		return exprBool
	case "CalendarPicker":
		switch mode, ok := c.node.Get("mode").Str(); {
		case !ok || mode == "single":
			return exprString
		case mode == "range":
			return exprObject
		}
		return exprString | exprObject
	}
	return exprString
}

// propertyType is the type a component property accepts (§4.3), used to
// check the declared type of a reference bound to it. Properties not
// listed accept anything.
func propertyType(typ, key string) exprType {
	switch key {
	case "visible", "enabled", "strikethrough", "markdown":
		return exprBool
	case "required":
		if typ == "CalendarPicker" {
			return exprBool | exprObject
		}
		return exprBool
	case "min-chars", "max-chars", "max-length", "min-selected-items", "max-selected-items", "width", "height",
		"min-days", "max-days", "max-file-size-kb", "min-uploaded-photos", "max-uploaded-photos",
		"min-uploaded-documents", "max-uploaded-documents":
		return exprNumber
	case "aspect-ratio":
		if typ == "ImageCarousel" {
			return exprString
		}
		return exprNumber
	case "data-source", "list-items", "images", "unavailable-dates", "include-days", "allowed-mime-types":
		return exprArray
	case "error-message", "label", "helper-text":
		if key == "error-message" || typ == "CalendarPicker" {
			return exprString | exprObject
		}
		return exprString
	case "text":
		if typ == "TextBody" || typ == "TextCaption" || typ == "RichText" {
			return exprString | exprArray
		}
		return exprString
	case "init-values", "error-messages":
		return exprObject
	case "init-value":
		switch typ {
		case "CheckboxGroup", "ChipsSelector":
			return exprArray
		case "OptIn":
			return exprBool
		case "CalendarPicker":
			return exprString | exprObject
		case "TextInput":
			return exprString | exprNumber
		}
		return exprString
	case "title", "description", "src", "alt-text", "left-caption", "right-caption", "center-caption",
		"min-date", "max-date", "font-weight", "input-type", "media-size", "scale-type", "photo-source",
		"mode", "pattern", "label-variant":
		return exprString
	}
	return exprAny
}

// structuralKeys are the component keys that hold children or that other
// rules own; the reference walk skips them.
func structuralKey(typ, key string) bool {
	switch key {
	case "type", "name":
		return true
	case "children":
		return typ == "Form"
	case "then", "else", "condition":
		return typ == "If"
	case "cases", "value":
		return typ == "Switch"
	}
	return isActionKey(key)
}

// checkReferences enforces §6 for component properties, screen titles, If
// conditions and Switch values (§10 step 8). Action payloads are checked
// with the actions.
func (s *semantics) checkReferences() {
	for _, sc := range s.screens {
		if title := sc.node.Get("title"); title != nil && title.Kind == KindString {
			s.checkString(sc, title, exprString, siteProperty)
		}
		for _, c := range sc.comps {
			for _, m := range c.node.Members {
				if !structuralKey(c.typ, m.Key) {
					s.checkValue(sc, m.Value, propertyType(c.typ, m.Key), siteProperty)
				}
			}
			switch c.typ {
			case "If":
				s.checkCondition(sc, c.node.Get("condition"))
			case "Switch":
				s.checkSwitchValue(sc, c.node.Get("value"))
			}
		}
	}
}

// checkValue checks every string inside n; want applies to n itself.
// Actions nested in list items are skipped: the action rules own them.
func (s *semantics) checkValue(sc *semScreen, n *Node, want exprType, site refSite) {
	switch n.Kind {
	case KindString:
		s.checkString(sc, n, want, site)
	case KindArray:
		for _, it := range n.Items {
			s.checkValue(sc, it, exprAny, site)
		}
	case KindObject:
		for _, m := range n.Members {
			if !isActionKey(m.Key) {
				s.checkValue(sc, m.Value, exprAny, site)
			}
		}
	}
}

// checkString checks one string value: a whole reference must resolve and
// fit want; a backtick expression needs 6.0, valid syntax and resolvable
// variables; literal text may not embed ${…} (§6.2). It returns what the
// value yields, for the payload rules.
func (s *semantics) checkString(sc *semScreen, n *Node, want exprType, site refSite) refInfo {
	str := n.String
	if isBacktickExpression(str) {
		return refInfo{typ: s.checkNested(sc, n, want, site)}
	}
	if path, ok := wholeReference(str); ok {
		info, prob := s.resolveRef(sc, path)
		if prob != nil {
			s.errorf(n, prob.fault.code(site), "%s", prob.msg)
			return refInfo{typ: exprAny}
		}
		if info.typ&want == 0 {
			s.errorf(n, CodeInvalidScreenDynamicData,
				"${%s} is of type %s, but this property expects %s", path, info.typ, want)
		}
		return info
	}
	if strings.Contains(str, "${") {
		s.errorf(n, CodeInvalidPropertyValue, "%s", mixedReferenceMessage(s.has.nested))
	}
	return refInfo{typ: exprString}
}

func mixedReferenceMessage(nested bool) string {
	const msg = "a value is either literal text or exactly one ${…} reference; it cannot mix both"
	if nested {
		return msg + "; wrap it in backticks to build a nested expression, e.g. `'Hello ' ${data.name}`"
	}
	return msg
}

// checkNested checks a backtick expression (§6.3). In action payloads the
// expression is validated only from 7.2 (§2.2), where missing variables are
// INVALID_ACTION_PAYLOAD_PROPERTY.
func (s *semantics) checkNested(sc *semScreen, n *Node, want exprType, site refSite) exprType {
	if site == sitePayload {
		if !s.has.actionExprCheck {
			return exprAny
		}
		site = siteActionExpr
	}
	if !s.has.nested {
		s.errorf(n, CodeInvalidPropertyValue, "nested expressions in backticks need Flow JSON 6.0 or newer")
		return exprAny
	}
	str := n.String
	pe, err := parseExpr(str[1:len(str)-1], exprNested)
	if err != nil {
		s.errorf(n, CodeInvalidPropertyValue, "invalid nested expression: %s", err.Error())
		return exprAny
	}
	var problems []string
	t := pe.root.infer(s.exprResolver(sc, n, site), &problems)
	for _, p := range problems {
		s.errorf(n, CodeInvalidPropertyValue, "invalid nested expression: %s", p)
	}
	if t&want == 0 {
		s.errorf(n, CodeInvalidPropertyValue, "the expression yields %s, but this property expects %s", t, want)
	}
	return t
}

// exprResolver resolves expression variables as seen from sc, reporting
// those that do not resolve, and pickers, whose values cannot be computed
// with.
func (s *semantics) exprResolver(sc *semScreen, n *Node, site refSite) func(string) exprType {
	return func(path string) exprType {
		info, prob := s.resolveRef(sc, path)
		if prob != nil {
			s.errorf(n, prob.fault.code(site), "%s", prob.msg)
			return exprAny
		}
		if info.picker != nil {
			s.errorf(n, CodeInvalidPropertyValue, "the value of %s ${%s} cannot be used inside an expression", info.picker.typ, path)
			return exprAny
		}
		return info.typ
	}
}

// checkCondition enforces §6.4 on If.condition: not blank, no backticks,
// valid syntax, at least one dynamic operand, no operator between two
// literals, equality between equal types, a boolean result.
func (s *semantics) checkCondition(sc *semScreen, n *Node) {
	str, ok := n.Str()
	if !ok {
		return
	}
	if strings.TrimSpace(str) == "" {
		s.errorf(n, CodeInvalidPropertyValue, "the If condition should not be blank or empty")
		return
	}
	if strings.ContainsRune(str, '`') {
		s.errorf(n, CodeInvalidPropertyValue, "the If condition is an expression without backticks")
		return
	}
	pe, err := parseExpr(str, exprCondition)
	if err != nil {
		s.errorf(n, CodeInvalidPropertyValue, "invalid If condition: %s", err.Error())
		return
	}
	problems := pe.conditionProblems()
	t := pe.root.infer(s.exprResolver(sc, n, siteProperty), &problems)
	if t&exprBool == 0 {
		problems = append(problems, fmt.Sprintf("the condition must evaluate to a boolean, but it yields %s", t))
	}
	for _, p := range problems {
		s.errorf(n, CodeInvalidPropertyValue, "invalid If condition: %s", p)
	}
}

// checkSwitchValue: Switch.value is one dynamic reference (§6.4).
func (s *semantics) checkSwitchValue(sc *semScreen, n *Node) {
	str, ok := n.Str()
	if !ok {
		return
	}
	if _, whole := wholeReference(str); !whole {
		s.errorf(n, CodeInvalidPropertyValue, "the Switch value must be a single dynamic reference such as ${form.choice}")
		return
	}
	s.checkString(sc, n, exprScalars, siteProperty)
}
