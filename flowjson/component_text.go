package flowjson

// Text components. Their text may be a ${...} binding (a string) and, from
// 6.0, a backtick expression.

// TextHeading is a top-level heading (≤ 80 characters).
type TextHeading struct {
	Text    string     `json:"text"`
	Visible BoolOrExpr `json:"visible"`
	Extra   Extra      `json:"-"`
	explicitKeys
}

// TextSubheading is a second-level heading (≤ 80 characters).
type TextSubheading struct {
	Text    string     `json:"text"`
	Visible BoolOrExpr `json:"visible"`
	Extra   Extra      `json:"-"`
	explicitKeys
}

// TextBody is body text. With Markdown on (5.1+) Text may be Strings, one
// entry per line.
type TextBody struct {
	Text Text `json:"text"`
	// FontWeight is bold, italic, bold_italic or normal.
	FontWeight    string     `json:"font-weight"`
	Strikethrough BoolOrExpr `json:"strikethrough"`
	Markdown      BoolOrExpr `json:"markdown"`
	Visible       BoolOrExpr `json:"visible"`
	Extra         Extra      `json:"-"`
	explicitKeys
}

// TextCaption is small print; it has the properties of TextBody.
type TextCaption struct {
	Text          Text       `json:"text"`
	FontWeight    string     `json:"font-weight"`
	Strikethrough BoolOrExpr `json:"strikethrough"`
	Markdown      BoolOrExpr `json:"markdown"`
	Visible       BoolOrExpr `json:"visible"`
	Extra         Extra      `json:"-"`
	explicitKeys
}

// RichText (5.1+) renders a markdown document with headings, lists, links,
// tables and inline base64 images; Text is one string or one per line.
type RichText struct {
	Text    Text       `json:"text"`
	Visible BoolOrExpr `json:"visible"`
	Extra   Extra      `json:"-"`
	explicitKeys
}

// EmbeddedLink is a link that runs an action: navigate, data_exchange or
// (6.0+) open_url.
type EmbeddedLink struct {
	Text          string     `json:"text"`
	OnClickAction *Action    `json:"on-click-action"`
	Visible       BoolOrExpr `json:"visible"`
	Extra         Extra      `json:"-"`
	explicitKeys
}

// Footer is the button at the bottom of a screen; terminal screens need one.
// LeftCaption and RightCaption come as a pair; CenterCaption goes alone.
type Footer struct {
	Label         string     `json:"label"`
	LeftCaption   string     `json:"left-caption"`
	CenterCaption string     `json:"center-caption"`
	RightCaption  string     `json:"right-caption"`
	Enabled       BoolOrExpr `json:"enabled"`
	OnClickAction *Action    `json:"on-click-action"`
	Extra         Extra      `json:"-"`
	explicitKeys
}

// ComponentType returns "TextHeading".
func (*TextHeading) ComponentType() string { return "TextHeading" }

func (*TextHeading) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (t TextHeading) MarshalJSON() ([]byte, error) { return encodeObject(t, "TextHeading") }

// UnmarshalJSON decodes a TextHeading object, keeping unknown keys in Extra.
func (t *TextHeading) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, t) }

// ComponentType returns "TextSubheading".
func (*TextSubheading) ComponentType() string { return "TextSubheading" }

func (*TextSubheading) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (t TextSubheading) MarshalJSON() ([]byte, error) { return encodeObject(t, "TextSubheading") }

// UnmarshalJSON decodes a TextSubheading object, keeping unknown keys in Extra.
func (t *TextSubheading) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, t) }

// ComponentType returns "TextBody".
func (*TextBody) ComponentType() string { return "TextBody" }

func (*TextBody) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (t TextBody) MarshalJSON() ([]byte, error) { return encodeObject(t, "TextBody") }

// UnmarshalJSON decodes a TextBody object, keeping unknown keys in Extra.
func (t *TextBody) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, t) }

// ComponentType returns "TextCaption".
func (*TextCaption) ComponentType() string { return "TextCaption" }

func (*TextCaption) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (t TextCaption) MarshalJSON() ([]byte, error) { return encodeObject(t, "TextCaption") }

// UnmarshalJSON decodes a TextCaption object, keeping unknown keys in Extra.
func (t *TextCaption) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, t) }

// ComponentType returns "RichText".
func (*RichText) ComponentType() string { return "RichText" }

func (*RichText) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (r RichText) MarshalJSON() ([]byte, error) { return encodeObject(r, "RichText") }

// UnmarshalJSON decodes a RichText object, keeping unknown keys in Extra.
func (r *RichText) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, r) }

// ComponentType returns "EmbeddedLink".
func (*EmbeddedLink) ComponentType() string { return "EmbeddedLink" }

func (*EmbeddedLink) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (e EmbeddedLink) MarshalJSON() ([]byte, error) { return encodeObject(e, "EmbeddedLink") }

// UnmarshalJSON decodes a EmbeddedLink object, keeping unknown keys in Extra.
func (e *EmbeddedLink) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, e) }

// ComponentType returns "Footer".
func (*Footer) ComponentType() string { return "Footer" }

func (*Footer) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (f Footer) MarshalJSON() ([]byte, error) { return encodeObject(f, "Footer") }

// UnmarshalJSON decodes a Footer object, keeping unknown keys in Extra.
func (f *Footer) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, f) }
