package flowjson

import (
	"encoding/json"
	"reflect"
)

// Flow JSON lets almost every property be a literal or a dynamic value: a
// "${data.x}" or "${form.x}" reference, a global reference or, from 6.0, a
// backtick expression. For string properties both forms are strings, so those
// fields are plain Go strings. Properties of any other type get a small sealed
// interface below (BoolOrExpr, IntOrExpr, ...), implemented by one literal type
// per accepted JSON shape and, where a binding is allowed, by Expr. A nil
// interface means the property is absent, so an explicit false or 0 survives a
// round trip; a type switch tells the forms apart.

// Expr is a string standing where a literal of another JSON type is expected:
// normally a ${...} reference or a `...` expression. Decode keeps any string
// here without checking its syntax, so that a validator can report it and
// encoding gives it back unchanged.
type Expr string

// Bool is a literal boolean.
type Bool bool

// Int is a literal integer.
type Int int

// Number is a literal JSON number that may have a fraction.
type Number float64

// String is a literal string where the property also accepts another shape
// (an array of lines, a start/end object, a number).
type String string

// Strings is a literal array of strings.
type Strings []string

// Items is a literal list of options (data-source).
type Items []DataSourceItem

// NavigationItems is a literal list of NavigationList items.
type NavigationItems []NavigationItem

// CarouselImages is a literal list of ImageCarousel images.
type CarouselImages []CarouselImage

// Object is a literal JSON object whose members are free-form, such as the
// init-values of a Form. Numbers decode as json.Number so they keep their
// exact text.
type Object map[string]any

// BoolOrExpr is a boolean property: Bool or Expr.
type BoolOrExpr interface{ isBoolOrExpr() }

// IntOrExpr is an integer property: Int or Expr.
type IntOrExpr interface{ isIntOrExpr() }

// NumberOrExpr is a numeric property: Number or Expr.
type NumberOrExpr interface{ isNumberOrExpr() }

// StringsOrExpr is an array-of-strings property: Strings or Expr.
type StringsOrExpr interface{ isStringsOrExpr() }

// ItemsOrExpr is a data-source: Items or Expr.
type ItemsOrExpr interface{ isItemsOrExpr() }

// NavigationItemsOrExpr is NavigationList's list-items: NavigationItems or Expr.
type NavigationItemsOrExpr interface{ isNavigationItemsOrExpr() }

// CarouselImagesOrExpr is ImageCarousel's images: CarouselImages or Expr.
type CarouselImagesOrExpr interface{ isCarouselImagesOrExpr() }

// ObjectOrExpr is a Form's init-values or error-messages: Object or Expr.
type ObjectOrExpr interface{ isObjectOrExpr() }

// Text is the text of TextBody, TextCaption and RichText: a String, or
// Strings (one entry per line) when markdown is on. A binding is a String.
type Text interface{ isText() }

// StringOrNumber is TextInput's init-value: a String, or a Number for a
// numeric input (type-checked from 7.0).
type StringOrNumber interface{ isStringOrNumber() }

// TextOrRange is a CalendarPicker text that range mode splits per end:
// a String, or a RangeText.
type TextOrRange interface{ isTextOrRange() }

// BoolOrRange is CalendarPicker's required: Bool, Expr, or a RangeBool in
// range mode.
type BoolOrRange interface{ isBoolOrRange() }

func (Bool) isBoolOrExpr()                       {}
func (Bool) isBoolOrRange()                      {}
func (Int) isIntOrExpr()                         {}
func (Number) isNumberOrExpr()                   {}
func (Number) isStringOrNumber()                 {}
func (String) isText()                           {}
func (String) isStringOrNumber()                 {}
func (String) isTextOrRange()                    {}
func (Strings) isStringsOrExpr()                 {}
func (Strings) isText()                          {}
func (Items) isItemsOrExpr()                     {}
func (NavigationItems) isNavigationItemsOrExpr() {}
func (CarouselImages) isCarouselImagesOrExpr()   {}
func (Object) isObjectOrExpr()                   {}
func (RangeText) isTextOrRange()                 {}
func (RangeBool) isBoolOrRange()                 {}

func (Expr) isBoolOrExpr()            {}
func (Expr) isBoolOrRange()           {}
func (Expr) isIntOrExpr()             {}
func (Expr) isNumberOrExpr()          {}
func (Expr) isStringsOrExpr()         {}
func (Expr) isItemsOrExpr()           {}
func (Expr) isNavigationItemsOrExpr() {}
func (Expr) isCarouselImagesOrExpr()  {}
func (Expr) isObjectOrExpr()          {}

// RangeText is a CalendarPicker text in range mode, one per end of the range.
type RangeText struct {
	Start string `json:"start-date"`
	End   string `json:"end-date"`
	Extra Extra  `json:"-"`
	explicitKeys
}

// RangeBool is CalendarPicker's required in range mode, one per end.
type RangeBool struct {
	Start BoolOrExpr `json:"start-date"`
	End   BoolOrExpr `json:"end-date"`
	Extra Extra      `json:"-"`
	explicitKeys
}

// MarshalJSON encodes the range with start-date first.
func (r RangeText) MarshalJSON() ([]byte, error) { return encodeObject(r, "") }

// UnmarshalJSON decodes a range, keeping unknown keys in Extra.
func (r *RangeText) UnmarshalJSON(b []byte) error { return decodeInto(b, r) }

// MarshalJSON encodes the range with start-date first.
func (r RangeBool) MarshalJSON() ([]byte, error) { return encodeObject(r, "") }

// UnmarshalJSON decodes a range, keeping unknown keys in Extra.
func (r *RangeBool) UnmarshalJSON(b []byte) error { return decodeInto(b, r) }

// unionMembers lists the concrete types of a sealed value interface. Decoding
// picks the member whose JSON shape matches the source value; the table is a
// function so that nothing can modify it.
func unionMembers(t reflect.Type) []reflect.Type {
	expr := reflect.TypeFor[Expr]()
	switch t {
	case reflect.TypeFor[BoolOrExpr]():
		return []reflect.Type{reflect.TypeFor[Bool](), expr}
	case reflect.TypeFor[IntOrExpr]():
		return []reflect.Type{reflect.TypeFor[Int](), expr}
	case reflect.TypeFor[NumberOrExpr]():
		return []reflect.Type{reflect.TypeFor[Number](), expr}
	case reflect.TypeFor[StringsOrExpr]():
		return []reflect.Type{reflect.TypeFor[Strings](), expr}
	case reflect.TypeFor[ItemsOrExpr]():
		return []reflect.Type{reflect.TypeFor[Items](), expr}
	case reflect.TypeFor[NavigationItemsOrExpr]():
		return []reflect.Type{reflect.TypeFor[NavigationItems](), expr}
	case reflect.TypeFor[CarouselImagesOrExpr]():
		return []reflect.Type{reflect.TypeFor[CarouselImages](), expr}
	case reflect.TypeFor[ObjectOrExpr]():
		return []reflect.Type{reflect.TypeFor[Object](), expr}
	case reflect.TypeFor[Text]():
		return []reflect.Type{reflect.TypeFor[String](), reflect.TypeFor[Strings]()}
	case reflect.TypeFor[StringOrNumber]():
		return []reflect.Type{reflect.TypeFor[String](), reflect.TypeFor[Number]()}
	case reflect.TypeFor[TextOrRange]():
		return []reflect.Type{reflect.TypeFor[String](), reflect.TypeFor[RangeText]()}
	case reflect.TypeFor[BoolOrRange]():
		return []reflect.Type{reflect.TypeFor[Bool](), expr, reflect.TypeFor[RangeBool]()}
	}
	return nil
}

// Extra holds the members of an object that its Go type has no field for,
// each as compact JSON. Decode fills it (and reports every key as an
// UnknownKey); encoding writes it back after the typed fields, in key order.
// A key that names a typed field is ignored when encoding, so Extra can never
// override a field.
type Extra map[string]json.RawMessage

// explicitKeys records the keys a decoded object spelled out with a zero Go value
// (false, 0, "", null, ...), so that encoding writes them back instead of
// treating them as absent. Building values in Go never needs it.
type explicitKeys struct{ keys []string }

func (g explicitKeys) givenKeys() []string { return g.keys }

func (g *explicitKeys) markGiven(key string) { g.keys = append(g.keys, key) }

// flowObject is implemented by every struct that maps a Flow JSON object.
type flowObject interface {
	givenKeys() []string
}

// flowObjectPtr is implemented by pointers to those structs.
type flowObjectPtr interface {
	markGiven(key string)
}
