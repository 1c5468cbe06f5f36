package flowjson

import (
	"strconv"
	"strings"
)

// checkForms enforces the Form and input rules of reference §4.1, §4.2 and
// the Form table of §4.3.
func (s *semantics) checkForms() {
	for _, sc := range s.screens {
		s.checkInputPlacement(sc)
		s.checkInputNames(sc)
		forms := 0
		for _, c := range sc.comps {
			if c.typ == "Form" {
				forms++
				if forms == 2 {
					// §9 #22: no source says whether a screen may hold two
					// Forms, so this is a warning.
					s.warnf(c.node, CodeMaxComponentsPerScreen,
						"screen %q has more than one Form; WhatsApp documents one Form per screen", sc.id)
				}
				s.checkFormInitValues(sc, c)
				s.checkFormErrorMessages(sc, c)
			}
			if isInputType(c.typ) {
				s.checkInputOwnInit(c)
			}
		}
	}
}

// checkInputPlacement: before 4.0 every input sits inside a Form
// (KEYWORD_ONE_OF); from 4.0 the Form is optional, but once a screen has
// one, every input of the screen must be inside it (COMPONENTS_OUTSIDE_FORM).
func (s *semantics) checkInputPlacement(sc *semScreen) {
	hasForm := len(sc.forms) > 0
	for _, c := range sc.comps {
		if !isInputType(c.typ) || c.form != nil {
			continue
		}
		switch {
		case s.has.inputsRequireForm:
			s.errorf(c.node, CodeKeywordOneOf,
				"%s must be defined inside parent property 'Form' before version 4.0", c.typ)
		case hasForm:
			s.errorf(c.node, CodeComponentsOutsideForm,
				"%s is outside the Form of screen %q: when a screen has a Form, every input must be inside it", c.typ, sc.id)
		}
	}
}

// checkInputNames: input names are unique per screen, across every If and
// Switch branch too (DUPLICATE_FORM_COMPONENT_NAMES), and from 4.0 may not
// be empty or blank.
func (s *semantics) checkInputNames(sc *semScreen) {
	for _, c := range sc.comps {
		if !isInputType(c.typ) {
			continue
		}
		nameNode := c.node.Get("name")
		name, ok := nameNode.Str()
		if !ok {
			continue
		}
		if first := sc.inputs[name]; first != c {
			s.errorf(nameNode, CodeDuplicateFormComponentNames,
				"input name %q is already used on screen %q; names must be unique on a screen, across If and Switch branches too", name, sc.id)
		}
		if s.has.nonBlankNames && strings.TrimSpace(name) == "" {
			s.errorf(nameNode, CodePatternMismatch, "property 'name' should not be blank or empty string")
		}
	}
}

// checkFormInitValues: init-values keys are inputs of this Form, never
// pickers (NATIVE_COMPONENT_IN_FORM_INIT_VALUES); from 7.0 each value has
// the type its component takes. Dynamic values are the reference rules'.
func (s *semantics) checkFormInitValues(sc *semScreen, form *semComp) {
	iv := form.node.Get("init-values")
	if iv == nil || iv.Kind != KindObject {
		return
	}
	for _, m := range iv.Members {
		in := formInput(sc, form, m.Key)
		switch {
		case in == nil:
			s.errorf(m.Value, CodeInvalidPropertyValue,
				"init-values key %q is not the name of an input inside Form %q", m.Key, formNameOf(form))
		case isPickerType(in.typ):
			s.errorf(m.Value, CodeNativeComponentInInitValues,
				"%s %q cannot be given an initial value in Form init-values", in.typ, m.Key)
		case s.has.typedFormInit && !isReference(m.Value):
			if want, ok := initValueFits(in, m.Value); !ok {
				s.errorf(m.Value, CodeInvalidPropertyType,
					"init value of %s %q should be of type %s, but found %s", in.typ, m.Key, want, m.Value.Kind)
			}
		}
	}
}

// checkFormErrorMessages: error-messages keys are inputs of this Form and,
// from 7.0, their values are strings.
func (s *semantics) checkFormErrorMessages(sc *semScreen, form *semComp) {
	em := form.node.Get("error-messages")
	if em == nil || em.Kind != KindObject {
		return
	}
	for _, m := range em.Members {
		if formInput(sc, form, m.Key) == nil {
			s.errorf(m.Value, CodeInvalidPropertyValue,
				"error-messages key %q is not the name of an input inside Form %q", m.Key, formNameOf(form))
			continue
		}
		if s.has.typedFormInit && m.Value.Kind != KindString {
			s.errorf(m.Value, CodeInvalidPropertyType,
				"error message for %q should be of type string, but found %s", m.Key, m.Value.Kind)
		}
	}
}

// checkInputOwnInit: component-level init-value and error-message exist
// only for inputs outside a Form (§4.3, 4.0+); from 7.0 a numeric TextInput
// takes only a numeric init value.
func (s *semantics) checkInputOwnInit(c *semComp) {
	for _, key := range [...]string{"init-value", "error-message"} {
		if n := c.node.Get(key); n != nil && c.form != nil {
			s.errorf(n, CodeInvalidPropertyKey,
				"property %q cannot be specified on %s inside a Form; use the Form's %ss instead", key, c.typ, key)
		}
	}
	iv := c.node.Get("init-value")
	if c.typ == "TextInput" && s.has.typedFormInit && iv != nil && !isReference(iv) {
		if want, ok := initValueFits(c, iv); !ok {
			s.errorf(iv, CodeInvalidPropertyType, "init-value should be of type %s, but found %s", want, iv.Kind)
		}
	}
}

// formInput returns the input named name inside form, or nil.
func formInput(sc *semScreen, form *semComp, name string) *semComp {
	for _, c := range sc.comps {
		if c.form != form || !isInputType(c.typ) {
			continue
		}
		if n, _ := c.node.Get("name").Str(); n == name {
			return c
		}
	}
	return nil
}

func formNameOf(form *semComp) string {
	name, _ := form.node.Get("name").Str()
	return name
}

// initValueFits checks a static initial value against the value type of
// its input (§4.3 Form table; §9 #16: RadioButtonsGroup takes a string).
func initValueFits(in *semComp, v *Node) (string, bool) {
	switch in.typ {
	case "CheckboxGroup", "ChipsSelector":
		if v.Kind != KindArray {
			return "array of strings", false
		}
		for _, it := range v.Items {
			if it.Kind != KindString {
				return "array of strings", false
			}
		}
		return "", true
	case "OptIn":
		return "boolean", v.Kind == KindBool
	case "CalendarPicker":
		return "string or object", v.Kind == KindString || v.Kind == KindObject
	case "TextInput":
		if t, _ := in.node.Get("input-type").Str(); t == "number" {
			if v.Kind == KindString {
				_, err := strconv.ParseFloat(strings.TrimSpace(v.String), 64)
				return "number", err == nil
			}
			return "number", v.Kind == KindNumber
		}
	}
	return "string", v.Kind == KindString
}
