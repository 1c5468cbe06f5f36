package providers

// InteractiveType says which kind of interactive message it is.
type InteractiveType string

// Interactive message kinds.
const (
	InteractiveButton          InteractiveType = "button"
	InteractiveList            InteractiveType = "list"
	InteractiveCTAURL          InteractiveType = "cta_url"
	InteractiveLocationRequest InteractiveType = "location_request"
	InteractiveFlow            InteractiveType = "flow"
)

// InteractiveTypes lists every interactive message kind.
func InteractiveTypes() []InteractiveType {
	return []InteractiveType{InteractiveButton, InteractiveList, InteractiveCTAURL, InteractiveLocationRequest, InteractiveFlow}
}

// Interactive is a message with reply buttons, a list, a URL button, a
// location request or a flow. Body is required; Header and Footer are
// optional. The fields used depend on Type:
//
//	button            Buttons (1 to 3 reply buttons)
//	list              ListButton (the label that opens the list) and Sections
//	cta_url           CTA
//	location_request  nothing more
//	flow              Flow
type Interactive struct {
	Type       InteractiveType    `json:"type"`
	Header     *InteractiveHeader `json:"header,omitempty"`
	Body       string             `json:"body"`
	Footer     string             `json:"footer,omitempty"`
	Buttons    []ReplyButton      `json:"buttons,omitempty"`
	ListButton string             `json:"list_button,omitempty"`
	Sections   []ListSection      `json:"sections,omitempty"`
	CTA        *CTAURL            `json:"cta,omitempty"`
	Flow       *FlowAction        `json:"flow,omitempty"`
}

// InteractiveHeader is a text header, or an image, video or document one.
type InteractiveHeader struct {
	// Type is "text" or a MediaKind among image, video and document.
	Type  string    `json:"type"`
	Text  string    `json:"text,omitempty"`
	Media *MediaRef `json:"media,omitempty"`
}

// MediaRef points at media by exactly one of Link and ID.
type MediaRef struct {
	Link     string `json:"link,omitempty"`
	ID       string `json:"id,omitempty"`
	Filename string `json:"filename,omitempty"`
}

// ReplyButton is one quick-reply button; ID comes back in the reply.
type ReplyButton struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// ListSection groups the rows of a list message.
type ListSection struct {
	Title string    `json:"title,omitempty"`
	Rows  []ListRow `json:"rows"`
}

// ListRow is one choice of a list message; ID comes back in the reply.
type ListRow struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// CTAURL is a button that opens URL.
type CTAURL struct {
	DisplayText string `json:"display_text"`
	URL         string `json:"url"`
}

// FlowMode chooses which version of a flow a message opens.
type FlowMode string

// Flow modes: published (the default) sends the last published version,
// draft sends the current draft for testing and works only while the flow
// is a DRAFT.
const (
	FlowModePublished FlowMode = "published"
	FlowModeDraft     FlowMode = "draft"
)

// FlowActionType says how a flow opens.
type FlowActionType string

// Flow actions: navigate (the default) opens Screen with Data;
// data_exchange asks the flow's data endpoint for the first screen.
const (
	FlowNavigate     FlowActionType = "navigate"
	FlowDataExchange FlowActionType = "data_exchange"
)

// FlowAction is the flow an interactive message opens, with the flow
// named by the BSP's id (FlowID) or, where the BSP allows it, its name
// (FlowName); exactly one is set.
type FlowAction struct {
	FlowID   string `json:"flow_id,omitempty"`
	FlowName string `json:"flow_name,omitempty"`
	// CTA is the button's label.
	CTA string `json:"cta"`
	// Token is the flow token echoed in every data-endpoint request and in
	// the completion message; empty lets the BSP use "unused".
	Token  string         `json:"token,omitempty"`
	Mode   FlowMode       `json:"mode,omitempty"`
	Action FlowActionType `json:"action,omitempty"`
	// Screen and Data apply to navigate only: the first screen (empty means
	// the flow's entry screen) and its non-empty initial data.
	Screen string         `json:"screen,omitempty"`
	Data   map[string]any `json:"data,omitempty"`
}
