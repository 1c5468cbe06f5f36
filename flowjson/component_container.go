package flowjson

// If (4.0+) shows Then when Condition holds and Else otherwise. Condition
// uses the expression language without backticks.
type If struct {
	Condition string      `json:"condition"`
	Then      []Component `json:"then"`
	Else      []Component `json:"else"`
	Extra     Extra       `json:"-"`
	explicitKeys
}

// Switch (4.0+) shows the case named by the value of Value, a dynamic
// reference such as "${form.animal}".
type Switch struct {
	Value string                 `json:"value"`
	Cases map[string][]Component `json:"cases"`
	Extra Extra                  `json:"-"`
	explicitKeys
}

// Form groups inputs. Optional from 4.0; InitValues and ErrorMessages map an
// input's name to its value or message, or bind the whole map to data.
type Form struct {
	Name          string       `json:"name"`
	InitValues    ObjectOrExpr `json:"init-values"`
	ErrorMessages ObjectOrExpr `json:"error-messages"`
	Children      []Component  `json:"children"`
	Extra         Extra        `json:"-"`
	explicitKeys
}

// ComponentType returns "If".
func (*If) ComponentType() string { return "If" }

func (*If) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (i If) MarshalJSON() ([]byte, error) { return encodeObject(i, "If") }

// UnmarshalJSON decodes a If object, keeping unknown keys in Extra.
func (i *If) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, i) }

// ComponentType returns "Switch".
func (*Switch) ComponentType() string { return "Switch" }

func (*Switch) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (s Switch) MarshalJSON() ([]byte, error) { return encodeObject(s, "Switch") }

// UnmarshalJSON decodes a Switch object, keeping unknown keys in Extra.
func (s *Switch) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, s) }

// ComponentType returns "Form".
func (*Form) ComponentType() string { return "Form" }

func (*Form) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (f Form) MarshalJSON() ([]byte, error) { return encodeObject(f, "Form") }

// UnmarshalJSON decodes a Form object, keeping unknown keys in Extra.
func (f *Form) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, f) }
