// Package fielderr is the field-validation machinery shared by packages
// apps, lifecycle and messaging: a broken rule named by the field as the
// API spells it, a list that collects them in the order they are found,
// the text their ValidationError types print, and the rules those packages
// apply alike.
//
// Each of those packages keeps its own ValidationError type, which callers
// match with [errors.As], and its own ErrInvalid sentinel, which callers
// match with [errors.Is]; only [FieldError] is one type, which each package
// names as its own FieldError with an alias:
//
//	type FieldError = fielderr.FieldError
//
//	func (e *ValidationError) Error() string {
//		return fielderr.Text("apps: invalid app: ", e.Fields)
//	}
//
//	func Validate(a App) error {
//		var errs fielderr.List
//		errs.Name("name", a.Name, MaxNameLength)
//		if a.BSP == "" {
//			errs.Addf("bsp", "required")
//		}
//		if len(errs) > 0 {
//			return &ValidationError{Fields: errs}
//		}
//		return nil
//	}
//
// # Rules and text
//
// A [List] gathers [FieldError] values in the order the checks find them,
// with [List.Addf] for a rule of the package's own and [List.Name] for the
// display-name rule the packages share (required, no white space at either
// end, at most max characters, no control characters). [Text] joins them
// as "field: message" pairs after a prefix, separated by "; ":
//
//	apps: invalid app: name: required; bsp: required
//
// The fields keep their order, so the same input always gives the same
// text, and the same JSON: a FieldError encodes as
// {"field":"name","message":"required"}.
package fielderr
