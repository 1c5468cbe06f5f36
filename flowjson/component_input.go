package flowjson

// Input components: each has a Name, and its value is ${form.<name>}.
// InitValue and ErrorMessage (4.0+) are for inputs outside a Form; inside one
// the Form's init-values and error-messages hold them.

// TextInput is a one-line text field.
type TextInput struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	// LabelVariant (7.0+) is "large" or absent.
	LabelVariant string `json:"label-variant"`
	// InputType is text (default), number, email, password, passcode or phone.
	InputType string `json:"input-type"`
	// Pattern (6.2+) is a regular expression without slashes; it needs HelperText.
	Pattern      string         `json:"pattern"`
	Required     BoolOrExpr     `json:"required"`
	MinChars     IntOrExpr      `json:"min-chars"`
	MaxChars     IntOrExpr      `json:"max-chars"`
	HelperText   string         `json:"helper-text"`
	Enabled      BoolOrExpr     `json:"enabled"`
	Visible      BoolOrExpr     `json:"visible"`
	InitValue    StringOrNumber `json:"init-value"`
	ErrorMessage string         `json:"error-message"`
	Extra        Extra          `json:"-"`
	explicitKeys
}

// TextArea is a multi-line text field.
type TextArea struct {
	Name         string     `json:"name"`
	Label        string     `json:"label"`
	LabelVariant string     `json:"label-variant"`
	Required     BoolOrExpr `json:"required"`
	MaxLength    IntOrExpr  `json:"max-length"`
	HelperText   string     `json:"helper-text"`
	Enabled      BoolOrExpr `json:"enabled"`
	Visible      BoolOrExpr `json:"visible"`
	InitValue    string     `json:"init-value"`
	ErrorMessage string     `json:"error-message"`
	Extra        Extra      `json:"-"`
	explicitKeys
}

// DatePicker picks one date. Before 5.0 dates are millisecond timestamps
// written as strings; from 5.0 they are "YYYY-MM-DD".
type DatePicker struct {
	Name             string        `json:"name"`
	Label            string        `json:"label"`
	MinDate          string        `json:"min-date"`
	MaxDate          string        `json:"max-date"`
	UnavailableDates StringsOrExpr `json:"unavailable-dates"`
	HelperText       string        `json:"helper-text"`
	Required         BoolOrExpr    `json:"required"`
	Enabled          BoolOrExpr    `json:"enabled"`
	Visible          BoolOrExpr    `json:"visible"`
	InitValue        string        `json:"init-value"`
	ErrorMessage     string        `json:"error-message"`
	OnSelectAction   *Action       `json:"on-select-action"`
	Extra            Extra         `json:"-"`
	explicitKeys
}

// CalendarPicker (6.1+) picks a date, or a range of dates when Mode is
// "range"; in range mode Label, HelperText, Required, InitValue and
// ErrorMessage may be given per end of the range.
type CalendarPicker struct {
	Name        string      `json:"name"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Label       TextOrRange `json:"label"`
	// Mode is single (default) or range.
	Mode             string        `json:"mode"`
	MinDate          string        `json:"min-date"`
	MaxDate          string        `json:"max-date"`
	UnavailableDates StringsOrExpr `json:"unavailable-dates"`
	// IncludeDays lists the selectable weekdays: Mon, Tue, ... Sun.
	IncludeDays    StringsOrExpr `json:"include-days"`
	MinDays        IntOrExpr     `json:"min-days"`
	MaxDays        IntOrExpr     `json:"max-days"`
	HelperText     TextOrRange   `json:"helper-text"`
	Required       BoolOrRange   `json:"required"`
	Enabled        BoolOrExpr    `json:"enabled"`
	Visible        BoolOrExpr    `json:"visible"`
	InitValue      TextOrRange   `json:"init-value"`
	ErrorMessage   TextOrRange   `json:"error-message"`
	OnSelectAction *Action       `json:"on-select-action"`
	Extra          Extra         `json:"-"`
	explicitKeys
}

// OptIn is a checkbox with a label and an optional "Read more" action.
type OptIn struct {
	Name      string     `json:"name"`
	Label     string     `json:"label"`
	Required  BoolOrExpr `json:"required"`
	Visible   BoolOrExpr `json:"visible"`
	InitValue BoolOrExpr `json:"init-value"`
	// OnClickAction is the "Read more" link: navigate, data_exchange or
	// (6.0+) open_url.
	OnClickAction    *Action `json:"on-click-action"`
	OnSelectAction   *Action `json:"on-select-action"`
	OnUnselectAction *Action `json:"on-unselect-action"`
	Extra            Extra   `json:"-"`
	explicitKeys
}

// PhotoPicker (4.0+) lets the user take or choose photos. It has no
// required: a MinUploadedPhotos above 0 makes it mandatory.
type PhotoPicker struct {
	Name        string `json:"name"`
	Label       string `json:"label"`
	Description string `json:"description"`
	// PhotoSource is camera_gallery (default), camera or gallery.
	PhotoSource       string     `json:"photo-source"`
	MaxFileSizeKB     IntOrExpr  `json:"max-file-size-kb"`
	MinUploadedPhotos IntOrExpr  `json:"min-uploaded-photos"`
	MaxUploadedPhotos IntOrExpr  `json:"max-uploaded-photos"`
	Enabled           BoolOrExpr `json:"enabled"`
	Visible           BoolOrExpr `json:"visible"`
	ErrorMessage      string     `json:"error-message"`
	Extra             Extra      `json:"-"`
	explicitKeys
}

// DocumentPicker (4.0+) lets the user upload documents of the allowed MIME
// types.
type DocumentPicker struct {
	Name                 string        `json:"name"`
	Label                string        `json:"label"`
	Description          string        `json:"description"`
	MaxFileSizeKB        IntOrExpr     `json:"max-file-size-kb"`
	MinUploadedDocuments IntOrExpr     `json:"min-uploaded-documents"`
	MaxUploadedDocuments IntOrExpr     `json:"max-uploaded-documents"`
	AllowedMimeTypes     StringsOrExpr `json:"allowed-mime-types"`
	Enabled              BoolOrExpr    `json:"enabled"`
	Visible              BoolOrExpr    `json:"visible"`
	ErrorMessage         string        `json:"error-message"`
	Extra                Extra         `json:"-"`
	explicitKeys
}

// ComponentType returns "TextInput".
func (*TextInput) ComponentType() string { return "TextInput" }

func (*TextInput) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (t TextInput) MarshalJSON() ([]byte, error) { return encodeObject(t, "TextInput") }

// UnmarshalJSON decodes a TextInput object, keeping unknown keys in Extra.
func (t *TextInput) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, t) }

// ComponentType returns "TextArea".
func (*TextArea) ComponentType() string { return "TextArea" }

func (*TextArea) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (t TextArea) MarshalJSON() ([]byte, error) { return encodeObject(t, "TextArea") }

// UnmarshalJSON decodes a TextArea object, keeping unknown keys in Extra.
func (t *TextArea) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, t) }

// ComponentType returns "DatePicker".
func (*DatePicker) ComponentType() string { return "DatePicker" }

func (*DatePicker) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (d DatePicker) MarshalJSON() ([]byte, error) { return encodeObject(d, "DatePicker") }

// UnmarshalJSON decodes a DatePicker object, keeping unknown keys in Extra.
func (d *DatePicker) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, d) }

// ComponentType returns "CalendarPicker".
func (*CalendarPicker) ComponentType() string { return "CalendarPicker" }

func (*CalendarPicker) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (c CalendarPicker) MarshalJSON() ([]byte, error) { return encodeObject(c, "CalendarPicker") }

// UnmarshalJSON decodes a CalendarPicker object, keeping unknown keys in Extra.
func (c *CalendarPicker) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, c) }

// ComponentType returns "OptIn".
func (*OptIn) ComponentType() string { return "OptIn" }

func (*OptIn) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (o OptIn) MarshalJSON() ([]byte, error) { return encodeObject(o, "OptIn") }

// UnmarshalJSON decodes a OptIn object, keeping unknown keys in Extra.
func (o *OptIn) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, o) }

// ComponentType returns "PhotoPicker".
func (*PhotoPicker) ComponentType() string { return "PhotoPicker" }

func (*PhotoPicker) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (p PhotoPicker) MarshalJSON() ([]byte, error) { return encodeObject(p, "PhotoPicker") }

// UnmarshalJSON decodes a PhotoPicker object, keeping unknown keys in Extra.
func (p *PhotoPicker) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, p) }

// ComponentType returns "DocumentPicker".
func (*DocumentPicker) ComponentType() string { return "DocumentPicker" }

func (*DocumentPicker) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (d DocumentPicker) MarshalJSON() ([]byte, error) { return encodeObject(d, "DocumentPicker") }

// UnmarshalJSON decodes a DocumentPicker object, keeping unknown keys in Extra.
func (d *DocumentPicker) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, d) }
