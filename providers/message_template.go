package providers

// TemplateMessage sends an approved template with its parameters.
// Components carry the values of the template's variables, in Meta's
// structure: one header and one body component at most, and one
// component per button that takes a value.
type TemplateMessage struct {
	Name       string                     `json:"name"`
	Language   string                     `json:"language"`
	Components []TemplateMessageComponent `json:"components,omitempty"`
}

// TemplateComponentRole is what part of a template a message component
// fills in.
type TemplateComponentRole string

// Roles of template message components.
const (
	RoleHeader TemplateComponentRole = "header"
	RoleBody   TemplateComponentRole = "body"
	RoleButton TemplateComponentRole = "button"
)

// ButtonSubType is the kind of template button a button component fills.
type ButtonSubType string

// Button sub-types of template message components.
const (
	SubTypeQuickReply ButtonSubType = "quick_reply"
	SubTypeURL        ButtonSubType = "url"
	SubTypeFlow       ButtonSubType = "flow"
	SubTypeCopyCode   ButtonSubType = "copy_code"
)

// TemplateMessageComponent holds the values for one part of the
// template. Index and SubType apply to buttons only: Index is the
// button's position among the template's buttons, from 0.
type TemplateMessageComponent struct {
	Type       TemplateComponentRole `json:"type"`
	SubType    ButtonSubType         `json:"sub_type,omitempty"`
	Index      int                   `json:"index,omitempty"`
	Parameters []TemplateParameter   `json:"parameters,omitempty"`
}

// ParameterType is the kind of value a template parameter carries.
type ParameterType string

// Parameter types.
const (
	ParamText       ParameterType = "text"
	ParamImage      ParameterType = "image"
	ParamVideo      ParameterType = "video"
	ParamDocument   ParameterType = "document"
	ParamLocation   ParameterType = "location"
	ParamPayload    ParameterType = "payload"
	ParamAction     ParameterType = "action"
	ParamCouponCode ParameterType = "coupon_code"
)

// TemplateParameter is one value. Which field is set follows Type: Text
// for text (also a URL button's variable suffix), Media for image, video
// and document headers, Location for a location header, Payload for a
// quick-reply button, Action for a FLOW button, CouponCode for a copy-code
// button. Name is the placeholder's name in a template whose parameter
// format is NAMED, empty for POSITIONAL ones, where order counts.
type TemplateParameter struct {
	Type       ParameterType     `json:"type"`
	Name       string            `json:"name,omitempty"`
	Text       string            `json:"text,omitempty"`
	Media      *MediaRef         `json:"media,omitempty"`
	Location   *Location         `json:"location,omitempty"`
	Payload    string            `json:"payload,omitempty"`
	Action     *FlowButtonAction `json:"action,omitempty"`
	CouponCode string            `json:"coupon_code,omitempty"`
}

// Location is a place shown in a location header.
type Location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
}

// FlowButtonAction is the value of a template's FLOW button: the flow
// token for this send (empty lets the BSP use "unused") and the data of
// the flow's first screen.
type FlowButtonAction struct {
	FlowToken      string         `json:"flow_token,omitempty"`
	FlowActionData map[string]any `json:"flow_action_data,omitempty"`
}
