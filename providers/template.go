package providers

import "context"

// TemplateCategory is Meta's template category.
type TemplateCategory string

// Template categories.
const (
	CategoryAuthentication TemplateCategory = "AUTHENTICATION"
	CategoryMarketing      TemplateCategory = "MARKETING"
	CategoryUtility        TemplateCategory = "UTILITY"
)

// TemplateCategories lists every category.
func TemplateCategories() []TemplateCategory {
	return []TemplateCategory{CategoryAuthentication, CategoryMarketing, CategoryUtility}
}

// ParameterFormat says how a template's variables are written: {{1}},
// {{2}}, … (POSITIONAL, the default) or {{first_name}} (NAMED).
type ParameterFormat string

// Parameter formats.
const (
	FormatPositional ParameterFormat = "POSITIONAL"
	FormatNamed      ParameterFormat = "NAMED"
)

// ComponentType is the part of a template definition.
type ComponentType string

// Template component types.
const (
	ComponentHeader   ComponentType = "HEADER"
	ComponentBody     ComponentType = "BODY"
	ComponentFooter   ComponentType = "FOOTER"
	ComponentButtons  ComponentType = "BUTTONS"
	ComponentCarousel ComponentType = "CAROUSEL"
)

// HeaderFormat is what a HEADER component shows.
type HeaderFormat string

// Header formats.
const (
	HeaderText     HeaderFormat = "TEXT"
	HeaderImage    HeaderFormat = "IMAGE"
	HeaderVideo    HeaderFormat = "VIDEO"
	HeaderDocument HeaderFormat = "DOCUMENT"
	HeaderLocation HeaderFormat = "LOCATION"
)

// ButtonType is the kind of a template button.
type ButtonType string

// Template button types.
const (
	ButtonQuickReply  ButtonType = "QUICK_REPLY"
	ButtonURL         ButtonType = "URL"
	ButtonPhoneNumber ButtonType = "PHONE_NUMBER"
	ButtonCopyCode    ButtonType = "COPY_CODE"
	ButtonOTP         ButtonType = "OTP"
	ButtonFlow        ButtonType = "FLOW"
	ButtonCatalog     ButtonType = "CATALOG"
	ButtonMPM         ButtonType = "MPM"
)

// Template is a message template definition as it is submitted for
// approval, in Meta's structure.
type Template struct {
	Name            string              `json:"name"`
	Language        string              `json:"language"`
	Category        TemplateCategory    `json:"category"`
	ParameterFormat ParameterFormat     `json:"parameter_format,omitempty"`
	Components      []TemplateComponent `json:"components"`
}

// TemplateComponent is one part of a template. Format applies to HEADER;
// Text to HEADER (TEXT), BODY and FOOTER; Buttons to BUTTONS; Cards to
// CAROUSEL. Example holds sample values for the variables, which Meta
// requires wherever there are variables.
type TemplateComponent struct {
	Type    ComponentType    `json:"type"`
	Format  HeaderFormat     `json:"format,omitempty"`
	Text    string           `json:"text,omitempty"`
	Example *TemplateExample `json:"example,omitempty"`
	Buttons []TemplateButton `json:"buttons,omitempty"`
	Cards   []TemplateCard   `json:"cards,omitempty"`
}

// TemplateCard is one card of a CAROUSEL component: its own header,
// body and buttons.
type TemplateCard struct {
	Components []TemplateComponent `json:"components"`
}

// TemplateExample holds sample values. HeaderText and BodyText serve
// POSITIONAL templates (BodyText has one row of values, in order);
// HeaderTextNamed and BodyTextNamed NAMED ones; HeaderHandle a media
// header's sample, an upload handle or a public URL.
type TemplateExample struct {
	HeaderText      []string       `json:"header_text,omitempty"`
	HeaderTextNamed []NamedExample `json:"header_text_named_params,omitempty"`
	BodyText        [][]string     `json:"body_text,omitempty"`
	BodyTextNamed   []NamedExample `json:"body_text_named_params,omitempty"`
	HeaderHandle    []string       `json:"header_handle,omitempty"`
}

// NamedExample is a sample value of a named variable.
type NamedExample struct {
	ParamName string `json:"param_name"`
	Example   string `json:"example"`
}

// TemplateButton is one button of a BUTTONS component. URL may end with
// one variable ({{1}}), whose sample is Example[0]. A FLOW button names
// its flow by exactly one of FlowID (the BSP's id), FlowName and FlowJSON.
type TemplateButton struct {
	Type           ButtonType     `json:"type"`
	Text           string         `json:"text,omitempty"`
	URL            string         `json:"url,omitempty"`
	PhoneNumber    string         `json:"phone_number,omitempty"`
	FlowID         string         `json:"flow_id,omitempty"`
	FlowName       string         `json:"flow_name,omitempty"`
	FlowJSON       string         `json:"flow_json,omitempty"`
	FlowAction     FlowActionType `json:"flow_action,omitempty"`
	NavigateScreen string         `json:"navigate_screen,omitempty"`
	Example        []string       `json:"example,omitempty"`
}

// RemoteTemplate is a template as the BSP holds it.
type RemoteTemplate struct {
	// ID is the BSP's template id.
	ID string
	// Template is the definition the BSP returned; BSPs that answer a
	// creation with the id and status only leave it as submitted.
	Template Template
	Status   TemplateStatus
	// RawStatus is the BSP's own word, kept whatever Status it maps to.
	RawStatus string
	// Reason explains a rejection, a pause or a failure when the BSP says.
	Reason string
}

// TemplateManager manages an app's message templates at its BSP.
//
// Every method is safe for concurrent use. CreateTemplate submits the
// template for approval and is not idempotent: a repeated call is refused
// as a duplicate (ErrorConflict) or makes a second template. A missing
// remote template is an *[Error] with Kind ErrorNotFound; an edit or a
// deletion the template's status forbids is ErrorConflict. DeleteTemplate
// is given both the id and the name because BSPs delete by either.
type TemplateManager interface {
	CreateTemplate(ctx context.Context, app App, t Template) (RemoteTemplate, error)
	GetTemplate(ctx context.Context, app App, remoteID string) (RemoteTemplate, error)
	ListTemplates(ctx context.Context, app App) ([]RemoteTemplate, error)
	UpdateTemplate(ctx context.Context, app App, remoteID string, t Template) (RemoteTemplate, error)
	DeleteTemplate(ctx context.Context, app App, remoteID, name string) error
}
