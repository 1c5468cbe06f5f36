package flowjson

import (
	"encoding/json"
	"iter"
	"maps"
	"reflect"
	"slices"
)

// Component is one entry of a component list: a layout's children, a Form's
// children, an If branch or a Switch case. The interface is sealed; its
// implementations are the pointer types of this package, one per component
// type of the reference, and *UnknownComponent for any other type, so a type
// switch over them is exhaustive.
//
// Every component struct encodes "type" first, then its properties in the
// order of its fields, then its Extra; absent properties (nil, "") are left
// out unless the decoded source spelled them out.
type Component interface {
	// ComponentType returns the "type" of the component, such as "TextInput".
	ComponentType() string
	isComponent()
}

// UnknownComponent is a component object whose "type" is missing or not a
// type this package knows (for example a misspelt one). It is kept whole so
// that encoding gives it back unchanged, and a validator can report it.
type UnknownComponent struct {
	// Type is the "type" member when it is a string, else "".
	Type string
	// Raw is the whole object, as compact JSON.
	Raw json.RawMessage
}

// ComponentType returns the component's own "type".
func (c *UnknownComponent) ComponentType() string { return c.Type }

func (*UnknownComponent) isComponent() {}

// MarshalJSON returns Raw, or {"type": Type} when Raw is empty.
func (c UnknownComponent) MarshalJSON() ([]byte, error) {
	if len(c.Raw) == 0 {
		return encodeObject(explicitKeys{}, c.Type)
	}
	return c.Raw, nil
}

// newComponent returns an empty component of the given type, or nil.
func newComponent(typ string) Component {
	switch typ {
	case "TextHeading":
		return &TextHeading{}
	case "TextSubheading":
		return &TextSubheading{}
	case "TextBody":
		return &TextBody{}
	case "TextCaption":
		return &TextCaption{}
	case "RichText":
		return &RichText{}
	case "TextInput":
		return &TextInput{}
	case "TextArea":
		return &TextArea{}
	case "CheckboxGroup":
		return &CheckboxGroup{}
	case "RadioButtonsGroup":
		return &RadioButtonsGroup{}
	case "Dropdown":
		return &Dropdown{}
	case "ChipsSelector":
		return &ChipsSelector{}
	case "DatePicker":
		return &DatePicker{}
	case "CalendarPicker":
		return &CalendarPicker{}
	case "OptIn":
		return &OptIn{}
	case "EmbeddedLink":
		return &EmbeddedLink{}
	case "Footer":
		return &Footer{}
	case "Image":
		return &Image{}
	case "ImageCarousel":
		return &ImageCarousel{}
	case "PhotoPicker":
		return &PhotoPicker{}
	case "DocumentPicker":
		return &DocumentPicker{}
	case "NavigationList":
		return &NavigationList{}
	case "If":
		return &If{}
	case "Switch":
		return &Switch{}
	case "Form":
		return &Form{}
	}
	return nil
}

// decodeComponentInto is the UnmarshalJSON of the component types: the
// source must be an object whose "type" names c's type.
func decodeComponentInto(src []byte, c Component) error {
	if isJSONNull(src) {
		return nil
	}
	var got Component
	if err := decodeInto(src, &got); err != nil {
		return err
	}
	if reflect.TypeOf(got) != reflect.TypeOf(c) {
		return &DecodeError{
			Code: CodeInvalidPropertyValue, Pointer: "/type", Line: 1, Column: 1,
			Message: "expected a " + c.ComponentType() + " component, found type " + quoteType(got.ComponentType()),
		}
	}
	reflect.ValueOf(c).Elem().Set(reflect.ValueOf(got).Elem())
	return nil
}

func quoteType(t string) string {
	if t == "" {
		return "(none)"
	}
	return `"` + t + `"`
}

// Nested returns the component lists directly inside c: a Form's children,
// an If's then and else, a Switch's cases in key order. Other components
// have none.
func Nested(c Component) [][]Component {
	switch c := c.(type) {
	case *Form:
		return [][]Component{c.Children}
	case *If:
		return [][]Component{c.Then, c.Else}
	case *Switch:
		lists := make([][]Component, 0, len(c.Cases))
		for _, k := range slices.Sorted(maps.Keys(c.Cases)) {
			lists = append(lists, c.Cases[k])
		}
		return lists
	}
	return nil
}

// AllComponents yields every component of list and of the lists nested in it, depth
// first, a container before its contents. Nil entries are skipped.
func AllComponents(list []Component) iter.Seq[Component] {
	return func(yield func(Component) bool) {
		walkComponents(list, yield)
	}
}

func walkComponents(list []Component, yield func(Component) bool) bool {
	for _, c := range list {
		if c == nil {
			continue
		}
		if !yield(c) {
			return false
		}
		for _, nested := range Nested(c) {
			if !walkComponents(nested, yield) {
				return false
			}
		}
	}
	return true
}
