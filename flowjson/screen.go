package flowjson

import "iter"

// LayoutSingleColumn is the only layout type of Flow JSON.
const LayoutSingleColumn = "SingleColumnLayout"

// Screen is one screen of a flow.
type Screen struct {
	// ID is unique in the flow: letters and underscores, never SUCCESS.
	ID    string `json:"id"`
	Title string `json:"title"`
	// Terminal marks a screen the flow may end on; it needs a Footer.
	Terminal bool `json:"terminal"`
	// Success (3.1+, terminal screens only) defaults to true, hence a pointer.
	Success *bool `json:"success"`
	// RefreshOnBack asks the endpoint for fresh data of the previous screen
	// when the user goes back from this one; endpoint flows only.
	RefreshOnBack bool `json:"refresh_on_back"`
	// Sensitive (5.1+) names inputs whose values the summary masks.
	Sensitive []string  `json:"sensitive"`
	Data      DataModel `json:"data"`
	Layout    Layout    `json:"layout"`
	Extra     Extra     `json:"-"`
	explicitKeys
}

// Layout is a screen's layout: its type and its components.
type Layout struct {
	Type     string      `json:"type"`
	Children []Component `json:"children"`
	Extra    Extra       `json:"-"`
	explicitKeys
}

// SingleColumn builds the layout of a screen from its components.
func SingleColumn(children ...Component) Layout {
	if children == nil {
		children = []Component{}
	}
	return Layout{Type: LayoutSingleColumn, Children: children}
}

// Components yields every component of the screen, nested ones included,
// depth first.
func (s *Screen) Components() iter.Seq[Component] {
	return AllComponents(s.Layout.Children)
}

// MarshalJSON encodes the screen with id first and layout last.
func (s Screen) MarshalJSON() ([]byte, error) { return encodeObject(s, "") }

// UnmarshalJSON decodes a screen, keeping unknown keys in Extra.
func (s *Screen) UnmarshalJSON(b []byte) error { return decodeInto(b, s) }

// MarshalJSON encodes the layout with type first.
func (l Layout) MarshalJSON() ([]byte, error) { return encodeObject(l, "") }

// UnmarshalJSON decodes a layout, keeping unknown keys in Extra.
func (l *Layout) UnmarshalJSON(b []byte) error { return decodeInto(b, l) }
