package flowjson

// Selection components pick among options given inline (Items) or bound to
// the screen's data (an Expr such as "${data.options}").

// CheckboxGroup picks any number of options.
type CheckboxGroup struct {
	Name             string      `json:"name"`
	Label            string      `json:"label"`
	Description      string      `json:"description"`
	DataSource       ItemsOrExpr `json:"data-source"`
	MinSelectedItems IntOrExpr   `json:"min-selected-items"`
	MaxSelectedItems IntOrExpr   `json:"max-selected-items"`
	Required         BoolOrExpr  `json:"required"`
	Enabled          BoolOrExpr  `json:"enabled"`
	Visible          BoolOrExpr  `json:"visible"`
	// InitValue lists the ids selected at first.
	InitValue    StringsOrExpr `json:"init-value"`
	ErrorMessage string        `json:"error-message"`
	// MediaSize (5.0+) is regular or large.
	MediaSize        string  `json:"media-size"`
	OnSelectAction   *Action `json:"on-select-action"`
	OnUnselectAction *Action `json:"on-unselect-action"`
	Extra            Extra   `json:"-"`
	explicitKeys
}

// RadioButtonsGroup picks one option.
type RadioButtonsGroup struct {
	Name        string      `json:"name"`
	Label       string      `json:"label"`
	Description string      `json:"description"`
	DataSource  ItemsOrExpr `json:"data-source"`
	Required    BoolOrExpr  `json:"required"`
	Enabled     BoolOrExpr  `json:"enabled"`
	Visible     BoolOrExpr  `json:"visible"`
	// InitValue is the id selected at first.
	InitValue        string  `json:"init-value"`
	ErrorMessage     string  `json:"error-message"`
	MediaSize        string  `json:"media-size"`
	OnSelectAction   *Action `json:"on-select-action"`
	OnUnselectAction *Action `json:"on-unselect-action"`
	Extra            Extra   `json:"-"`
	explicitKeys
}

// Dropdown picks one option from a list of up to 200.
type Dropdown struct {
	Name             string      `json:"name"`
	Label            string      `json:"label"`
	DataSource       ItemsOrExpr `json:"data-source"`
	Required         BoolOrExpr  `json:"required"`
	Enabled          BoolOrExpr  `json:"enabled"`
	Visible          BoolOrExpr  `json:"visible"`
	InitValue        string      `json:"init-value"`
	ErrorMessage     string      `json:"error-message"`
	OnSelectAction   *Action     `json:"on-select-action"`
	OnUnselectAction *Action     `json:"on-unselect-action"`
	Extra            Extra       `json:"-"`
	explicitKeys
}

// ChipsSelector (6.3+) picks options shown as chips.
type ChipsSelector struct {
	Name             string        `json:"name"`
	Label            string        `json:"label"`
	Description      string        `json:"description"`
	DataSource       ItemsOrExpr   `json:"data-source"`
	MinSelectedItems IntOrExpr     `json:"min-selected-items"`
	MaxSelectedItems IntOrExpr     `json:"max-selected-items"`
	Required         BoolOrExpr    `json:"required"`
	Enabled          BoolOrExpr    `json:"enabled"`
	Visible          BoolOrExpr    `json:"visible"`
	InitValue        StringsOrExpr `json:"init-value"`
	ErrorMessage     string        `json:"error-message"`
	OnSelectAction   *Action       `json:"on-select-action"`
	OnUnselectAction *Action       `json:"on-unselect-action"`
	Extra            Extra         `json:"-"`
	explicitKeys
}

// DataSourceItem is one option of a CheckboxGroup, RadioButtonsGroup,
// Dropdown or ChipsSelector. Image, AltText and Color are 5.0+; the actions
// (update_data) 6.0+.
type DataSourceItem struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Metadata    string     `json:"metadata"`
	Enabled     BoolOrExpr `json:"enabled"`
	// Image is base64 image data.
	Image   string `json:"image"`
	AltText string `json:"alt-text"`
	// Color is six hex digits.
	Color            string  `json:"color"`
	OnSelectAction   *Action `json:"on-select-action"`
	OnUnselectAction *Action `json:"on-unselect-action"`
	Extra            Extra   `json:"-"`
	explicitKeys
}

// NavigationList (6.2+) is a list of items that each lead somewhere; the
// action is set once here or on every item.
type NavigationList struct {
	Name        string                `json:"name"`
	Label       string                `json:"label"`
	Description string                `json:"description"`
	ListItems   NavigationItemsOrExpr `json:"list-items"`
	// MediaSize is regular (default) or large.
	MediaSize     string  `json:"media-size"`
	OnClickAction *Action `json:"on-click-action"`
	Extra         Extra   `json:"-"`
	explicitKeys
}

// NavigationItem is one entry of a NavigationList.
type NavigationItem struct {
	ID          string             `json:"id"`
	MainContent *NavigationContent `json:"main-content"`
	Start       *NavigationStart   `json:"start"`
	End         *NavigationContent `json:"end"`
	Badge       string             `json:"badge"`
	Tags        StringsOrExpr      `json:"tags"`
	// OnClickAction is navigate or data_exchange.
	OnClickAction *Action `json:"on-click-action"`
	Extra         Extra   `json:"-"`
	explicitKeys
}

// NavigationContent is the main-content or the end of a NavigationItem.
type NavigationContent struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Metadata    string `json:"metadata"`
	Extra       Extra  `json:"-"`
	explicitKeys
}

// NavigationStart is the image at the start of a NavigationItem.
type NavigationStart struct {
	// Image is base64 image data.
	Image   string `json:"image"`
	AltText string `json:"alt-text"`
	Extra   Extra  `json:"-"`
	explicitKeys
}

// ComponentType returns "CheckboxGroup".
func (*CheckboxGroup) ComponentType() string { return "CheckboxGroup" }

func (*CheckboxGroup) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (c CheckboxGroup) MarshalJSON() ([]byte, error) { return encodeObject(c, "CheckboxGroup") }

// UnmarshalJSON decodes a CheckboxGroup object, keeping unknown keys in Extra.
func (c *CheckboxGroup) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, c) }

// ComponentType returns "RadioButtonsGroup".
func (*RadioButtonsGroup) ComponentType() string { return "RadioButtonsGroup" }

func (*RadioButtonsGroup) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (r RadioButtonsGroup) MarshalJSON() ([]byte, error) { return encodeObject(r, "RadioButtonsGroup") }

// UnmarshalJSON decodes a RadioButtonsGroup object, keeping unknown keys in Extra.
func (r *RadioButtonsGroup) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, r) }

// ComponentType returns "Dropdown".
func (*Dropdown) ComponentType() string { return "Dropdown" }

func (*Dropdown) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (d Dropdown) MarshalJSON() ([]byte, error) { return encodeObject(d, "Dropdown") }

// UnmarshalJSON decodes a Dropdown object, keeping unknown keys in Extra.
func (d *Dropdown) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, d) }

// ComponentType returns "ChipsSelector".
func (*ChipsSelector) ComponentType() string { return "ChipsSelector" }

func (*ChipsSelector) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (c ChipsSelector) MarshalJSON() ([]byte, error) { return encodeObject(c, "ChipsSelector") }

// UnmarshalJSON decodes a ChipsSelector object, keeping unknown keys in Extra.
func (c *ChipsSelector) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, c) }

// MarshalJSON encodes the object with its members in a stable order.
func (d DataSourceItem) MarshalJSON() ([]byte, error) { return encodeObject(d, "") }

// UnmarshalJSON decodes the object, keeping unknown keys in Extra.
func (d *DataSourceItem) UnmarshalJSON(b []byte) error { return decodeInto(b, d) }

// ComponentType returns "NavigationList".
func (*NavigationList) ComponentType() string { return "NavigationList" }

func (*NavigationList) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (n NavigationList) MarshalJSON() ([]byte, error) { return encodeObject(n, "NavigationList") }

// UnmarshalJSON decodes a NavigationList object, keeping unknown keys in Extra.
func (n *NavigationList) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, n) }

// MarshalJSON encodes the object with its members in a stable order.
func (n NavigationItem) MarshalJSON() ([]byte, error) { return encodeObject(n, "") }

// UnmarshalJSON decodes the object, keeping unknown keys in Extra.
func (n *NavigationItem) UnmarshalJSON(b []byte) error { return decodeInto(b, n) }

// MarshalJSON encodes the object with its members in a stable order.
func (n NavigationContent) MarshalJSON() ([]byte, error) { return encodeObject(n, "") }

// UnmarshalJSON decodes the object, keeping unknown keys in Extra.
func (n *NavigationContent) UnmarshalJSON(b []byte) error { return decodeInto(b, n) }

// MarshalJSON encodes the object with its members in a stable order.
func (n NavigationStart) MarshalJSON() ([]byte, error) { return encodeObject(n, "") }

// UnmarshalJSON decodes the object, keeping unknown keys in Extra.
func (n *NavigationStart) UnmarshalJSON(b []byte) error { return decodeInto(b, n) }
