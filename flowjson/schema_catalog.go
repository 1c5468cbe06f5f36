package flowjson

// The schema catalogue describes every object of Flow JSON once, for all
// versions: its properties, what each one takes and the feature of the
// version matrix that gates it. The generator (schema_gen.go) filters it for
// one version; the error mapper (schema_diag.go) reads it to say which
// version introduces or removed a property.

// schemaValue is the JSON value a property takes.
type schemaValue struct {
	// what names the accepted value for messages ("a boolean or a dynamic
	// reference").
	what  string
	build func(b *schemaBuilder) schemaObject
	// enum lists the literal values of an enumerated property, for messages.
	enum []string
	// slot lists the actions an action property accepts.
	slot []schemaActionGate
	// ref names the struct spec of an object value and items that of the
	// objects in an array value; holds marks the values that hold
	// components. checkSchema follows them to the components and actions
	// it selects a definition for (see schemaBuilder.dispatchInGo).
	ref, items string
	holds      schemaHolds
}

// schemaHolds says how a value holds components.
type schemaHolds uint8

const (
	holdsNone       schemaHolds = iota
	holdsComponents             // an array of components
	holdsCases                  // an object whose values are arrays of components
)

// schemaProp is one property of an object.
type schemaProp struct {
	name  string
	desc  string
	value schemaValue
	// feature gates the property; "" means every version.
	feature Feature
	// required makes the property mandatory, except at versions supporting
	// optionalWith (when set).
	required     bool
	optionalWith Feature
}

// schemaSpec is one kind of object: a component (name is its type), or a
// structural object such as a screen or a list item.
type schemaSpec struct {
	name    string
	desc    string
	feature Feature
	props   []schemaProp
}

// schemaActionGate is one action name accepted by an action property, from
// the version that supports feature ("" = every version).
type schemaActionGate struct {
	name    string
	feature Feature
}

// Names of the structural specs; components use their type name.
const (
	specTop            = "flow"
	specScreen         = "screen"
	specLayout         = "layout"
	specListItem       = "list item"
	specChipsItem      = "chips option"
	specNavItem        = "navigation item"
	specNavMainContent = "main-content"
	specNavStart       = "start"
	specNavEnd         = "end"
	specCarouselImage  = "carousel image"
	specNavigateNext   = "next"
	specDateRange      = "date range"
)

func prop(name, desc string, value schemaValue) schemaProp {
	return schemaProp{name: name, desc: desc, value: value}
}

func (p schemaProp) since(f Feature) schemaProp { p.feature = f; return p }

func (p schemaProp) req() schemaProp { p.required = true; return p }

func (p schemaProp) optionalFrom(f Feature) schemaProp {
	p.required, p.optionalWith = true, f
	return p
}

// Properties shared by many components.
func visibleProp() schemaProp {
	return prop("visible", "Whether the component is shown (default true).", valBoolDyn())
}

func enabledProp() schemaProp {
	return prop("enabled", "Whether the user can interact with the component (default true).", valBoolDyn())
}

func requiredProp() schemaProp {
	return prop("required", "Whether the user must fill the input before continuing.", valBoolDyn())
}

func nameProp() schemaProp {
	return prop("name", "Name of the input; its value is ${form.<name>}. Never dynamic.", valName()).req()
}

func labelProp() schemaProp {
	return prop("label", "Label shown with the input.", valString()).req()
}

func helperTextProp() schemaProp {
	return prop("helper-text", "Hint shown under the input.", valString())
}

func descriptionProp() schemaProp {
	return prop("description", "Longer text shown with the component.", valString())
}

func errorMessageProp() schemaProp {
	return prop("error-message", "Error shown on the input; only outside a Form.", valString()).since(FeatureOptionalForm)
}

func onSelectProp(gates ...schemaActionGate) schemaProp {
	return prop("on-select-action", "Action run when the user selects a value.", valAction(gates...))
}

func onUnselectProp(f Feature) schemaProp {
	return prop("on-unselect-action", "Action run when the user clears a selection.",
		valAction(schemaActionGate{"update_data", ""})).since(f)
}

func gate(name string, f Feature) schemaActionGate { return schemaActionGate{name, f} }

// componentSpecs lists every component type, oldest first.
func componentSpecs() []schemaSpec {
	textHeading := func(name, desc string) schemaSpec {
		return schemaSpec{name: name, desc: desc, props: []schemaProp{
			prop("text", "The text; never empty.", valText()).req(),
			visibleProp(),
		}}
	}
	textBody := func(name, desc string) schemaSpec {
		return schemaSpec{name: name, desc: desc, props: []schemaProp{
			prop("text", "The text; never empty. An array of lines when markdown is on (5.1+).", valMarkdownText()).req(),
			prop("font-weight", "Weight of the text.", valEnumDyn("bold", "italic", "bold_italic", "normal")),
			prop("strikethrough", "Draw a line through the text.", valBoolDyn()),
			prop("markdown", "Interpret the text as markdown (bold, italic, lists, links).", valBool()).since(FeatureMarkdownText),
			visibleProp(),
		}}
	}
	listGroup := func(name, desc string, checkbox bool) schemaSpec {
		props := []schemaProp{
			nameProp(),
			prop("data-source", "The options (1 to 20), or a dynamic reference to them.", valDataSource(specListItem, 1, 20)).req(),
			prop("label", "Label of the group; required from 4.0.", valString()).optionalFrom(FeatureOptionalGroupLabel),
			descriptionProp().since(FeatureGroupDescription),
			requiredProp(), enabledProp(), visibleProp(),
			errorMessageProp(),
			prop("media-size", "Size of the option images.", valEnumDyn("regular", "large")).since(FeatureListItemMedia),
			onSelectProp(gate("data_exchange", ""), gate("update_data", FeatureSelectUpdateData)),
			onUnselectProp(FeatureOnUnselectAction),
		}
		if checkbox {
			props = append(props,
				prop("min-selected-items", "Fewest options the user must pick.", valIntDyn(0, -1)),
				prop("max-selected-items", "Most options the user may pick.", valIntDyn(1, -1)),
				prop("init-value", "Ids of the options selected at first; only outside a Form.", valStringsDyn()).since(FeatureOptionalForm),
			)
		} else {
			props = append(props, prop("init-value", "Id of the option selected at first; only outside a Form.", valString()).since(FeatureOptionalForm))
		}
		return schemaSpec{name: name, desc: desc, props: props}
	}
	picker := func(name, desc, unit string, extra ...schemaProp) schemaSpec {
		props := []schemaProp{
			nameProp(), labelProp(), descriptionProp(),
			prop("max-file-size-kb", "Largest accepted file, in KB (1 to 25600).", valIntDyn(1, 25600)),
			prop("min-uploaded-"+unit, "Fewest files the user must upload (0 to 30); above 0 makes the picker mandatory.", valIntDyn(0, 30)),
			prop("max-uploaded-"+unit, "Most files the user may upload (1 to 30).", valIntDyn(1, 30)),
			enabledProp(), visibleProp(),
			prop("error-message", "Error shown on the picker: a string, or an object from media id to message.", valStringOrObject()),
		}
		return schemaSpec{name: name, desc: desc, feature: featureOfComponent(name), props: append(props, extra...)}
	}
	return []schemaSpec{
		textHeading("TextHeading", "A top-level heading."),
		textHeading("TextSubheading", "A subheading."),
		textBody("TextBody", "A paragraph of body text."),
		textBody("TextCaption", "A line of small text."),
		{name: "TextInput", desc: "A one-line text field.", props: []schemaProp{
			nameProp(), labelProp(),
			prop("label-variant", "Label style.", valEnum("large")).since(FeatureLabelVariant),
			prop("input-type", "Keyboard and check of the field.", valEnumDyn("text", "number", "email", "password", "passcode", "phone")),
			prop("pattern", "Regular expression the value must match (needs helper-text).", valString()).since(FeatureTextInputPattern),
			requiredProp(),
			prop("min-chars", "Fewest characters.", valIntDyn(0, -1)),
			prop("max-chars", "Most characters (default 80).", valIntDyn(0, -1)),
			helperTextProp(), enabledProp(), visibleProp(),
			prop("init-value", "Value at first; only outside a Form.", valStringOrNumber()).since(FeatureOptionalForm),
			errorMessageProp(),
		}},
		{name: "TextArea", desc: "A multi-line text field.", props: []schemaProp{
			nameProp(), labelProp(),
			prop("label-variant", "Label style.", valEnum("large")).since(FeatureLabelVariant),
			requiredProp(), enabledProp(), visibleProp(),
			prop("max-length", "Most characters (default 600).", valIntDyn(0, -1)),
			helperTextProp(),
			prop("init-value", "Value at first; only outside a Form.", valString()).since(FeatureOptionalForm),
			errorMessageProp(),
		}},
		listGroup("CheckboxGroup", "Options of which the user picks several.", true),
		listGroup("RadioButtonsGroup", "Options of which the user picks one.", false),
		{name: "Dropdown", desc: "A drop-down list of options.", props: []schemaProp{
			nameProp(), labelProp(),
			prop("data-source", "The options (1 to 200), or a dynamic reference to them.", valDataSource(specListItem, 1, 200)).req(),
			requiredProp(), enabledProp(), visibleProp(),
			prop("init-value", "Id of the option selected at first; only outside a Form.", valString()).since(FeatureOptionalForm),
			errorMessageProp(),
			onSelectProp(gate("data_exchange", ""), gate("update_data", FeatureSelectUpdateData)),
			onUnselectProp(FeatureOnUnselectAction),
		}},
		{name: "DatePicker", desc: "A date field.", props: []schemaProp{
			nameProp(), labelProp(),
			prop("min-date", "Earliest selectable date.", valDate()),
			prop("max-date", "Latest selectable date.", valDate()),
			prop("unavailable-dates", "Dates that cannot be selected.", valDates()),
			helperTextProp(), requiredProp(), enabledProp(), visibleProp(),
			prop("init-value", "Date selected at first; only outside a Form.", valDate()).since(FeatureOptionalForm),
			errorMessageProp(),
			onSelectProp(gate("data_exchange", "")),
		}},
		{name: "OptIn", desc: "A checkbox to accept terms, with an optional \"Read more\" link.", props: []schemaProp{
			nameProp(),
			prop("label", "Text of the checkbox.", valString()).req(),
			requiredProp(), visibleProp(),
			prop("init-value", "Whether it is checked at first; only outside a Form.", valBoolDyn()).since(FeatureOptionalForm),
			prop("on-click-action", "Action of the \"Read more\" link.",
				valAction(gate("navigate", ""), gate("data_exchange", ""), gate("open_url", FeatureOpenURL))),
			prop("on-select-action", "Action run when the box is checked.", valAction(gate("update_data", ""))).since(FeatureSelectUpdateData),
			onUnselectProp(FeatureOnUnselectAction),
		}},
		{name: "EmbeddedLink", desc: "A link inside the screen.", props: []schemaProp{
			prop("text", "Text of the link; never empty.", valText()).req(),
			prop("on-click-action", "Action of the link.",
				valAction(gate("navigate", ""), gate("data_exchange", ""), gate("open_url", FeatureOpenURL))).req(),
			visibleProp(),
		}},
		{name: "Footer", desc: "The button at the bottom of the screen.", props: []schemaProp{
			prop("label", "Text of the button.", valString()).req(),
			prop("on-click-action", "Action of the button.",
				valAction(gate("navigate", ""), gate("complete", ""), gate("data_exchange", ""))).req(),
			prop("left-caption", "Caption left of the button; comes with right-caption.", valString()),
			prop("right-caption", "Caption right of the button; comes with left-caption.", valString()),
			prop("center-caption", "Caption centred above the button; not with left/right-caption.", valString()),
			enabledProp(),
		}},
		{name: "Image", desc: "An image (base64 JPEG or PNG).", props: []schemaProp{
			prop("src", "Base64 image data.", valString()).req(),
			prop("width", "Width in pixels.", valIntDyn(0, -1)),
			prop("height", "Height in pixels.", valIntDyn(0, -1)),
			prop("scale-type", "How the image fills its box.", valEnumDyn("cover", "contain")),
			prop("aspect-ratio", "Width divided by height (default 1).", valNumberDyn()),
			prop("alt-text", "Text read out instead of the image.", valString()),
			visibleProp(),
		}},
		picker("PhotoPicker", "Lets the user take or pick photos.", "photos",
			prop("photo-source", "Where photos come from.", valEnumDyn("camera_gallery", "camera", "gallery"))),
		picker("DocumentPicker", "Lets the user pick documents.", "documents",
			prop("allowed-mime-types", "MIME types the user may upload.", valEnumArray(documentMIMETypes()...))),
		{name: "If", feature: FeatureIf, desc: "Shows then or else by a condition.", props: []schemaProp{
			prop("condition", "Boolean expression over dynamic values (no backticks).", valString()).req(),
			prop("then", "Components shown when the condition holds.", valComponents(1)).req(),
			prop("else", "Components shown otherwise.", valComponents(0)),
		}},
		{name: "Switch", feature: FeatureSwitch, desc: "Shows the components of the case matching a value.", props: []schemaProp{
			prop("value", "Dynamic reference whose value selects the case.", valString()).req(),
			prop("cases", "Case value to components; at least one case.", valCases()).req(),
		}},
		{name: "RichText", feature: FeatureRichText, desc: "Markdown text with headings, lists, tables and images.", props: []schemaProp{
			prop("text", "Markdown, as a string or an array of lines.", valTextOrLines()).req(),
			visibleProp(),
		}},
		{name: "CalendarPicker", feature: FeatureCalendarPicker, desc: "A calendar for one date or a range.", props: []schemaProp{
			nameProp(),
			prop("label", "Label; in range mode an object with start-date and end-date.", valOrRange(valString())).req(),
			prop("title", "Title of the calendar (range mode).", valString()),
			descriptionProp(),
			prop("mode", "single (default) or range.", valEnumDyn("single", "range")),
			prop("min-date", "Earliest selectable date (YYYY-MM-DD).", valISODate()),
			prop("max-date", "Latest selectable date (YYYY-MM-DD).", valISODate()),
			prop("unavailable-dates", "Dates that cannot be selected (YYYY-MM-DD).", valISODates()),
			prop("include-days", "Weekdays that can be selected.", valWeekdays()),
			prop("min-days", "Shortest range in days.", valIntDyn(0, -1)),
			prop("max-days", "Longest range in days.", valIntDyn(0, -1)),
			prop("helper-text", "Hint; in range mode an object with start-date and end-date.", valOrRange(valString())),
			prop("required", "Whether a date is mandatory; in range mode per end.", valOrRange(valBoolDyn())),
			enabledProp(), visibleProp(),
			prop("init-value", "Date(s) selected at first; only outside a Form.", valOrRange(valString())),
			prop("error-message", "Error shown; only outside a Form.", valOrRange(valString())),
			onSelectProp(gate("data_exchange", "")),
		}},
		{name: "NavigationList", feature: FeatureNavigationList, desc: "A list of items that each lead somewhere.", props: []schemaProp{
			nameProp(),
			prop("list-items", "The items (1 to 20), or a dynamic reference to them.", valDataSource(specNavItem, 1, 20)).req(),
			prop("label", "Heading of the list.", valString()),
			descriptionProp(),
			prop("media-size", "Size of the item images.", valEnumDyn("regular", "large")),
			prop("on-click-action", "Action of every item (or set one per item).", valAction(gate("navigate", ""), gate("data_exchange", ""))),
		}},
		{name: "ChipsSelector", feature: FeatureChipsSelector, desc: "Options shown as chips; the user picks several.", props: []schemaProp{
			nameProp(), labelProp(),
			prop("data-source", "The options (2 to 20), or a dynamic reference to them.", valDataSource(specChipsItem, 2, 20)).req(),
			descriptionProp(),
			prop("min-selected-items", "Fewest options the user must pick.", valIntDyn(0, -1)),
			prop("max-selected-items", "Most options the user may pick.", valIntDyn(1, -1)),
			requiredProp(), enabledProp(), visibleProp(),
			prop("init-value", "Ids of the options selected at first; only outside a Form.", valStringsDyn()),
			errorMessageProp(),
			onSelectProp(gate("data_exchange", ""), gate("update_data", FeatureChipsInConditionals)),
			onUnselectProp(FeatureChipsInConditionals),
		}},
		{name: "ImageCarousel", feature: FeatureImageCarousel, desc: "Up to three images the user swipes through.", props: []schemaProp{
			prop("images", "The images (1 to 3), or a dynamic reference to them.", valDataSource(specCarouselImage, 1, 3)).req(),
			prop("aspect-ratio", "Shape of the carousel.", valEnum("4:3", "16:9")),
			prop("scale-type", "How images fill their box.", valEnum("contain", "cover")),
			visibleProp(),
		}},
		{name: "Form", desc: "Groups inputs; optional from 4.0.", props: []schemaProp{
			prop("name", "Name of the form.", valName()).req(),
			prop("children", "Components of the form.", valComponents(1)).req(),
			prop("init-values", "Input name to initial value, or a dynamic reference.", valObjectDyn()),
			prop("error-messages", "Input name to error message, or a dynamic reference.", valObjectDyn()),
		}},
	}
}

// featureOfComponent returns the feature gating a component type introduced
// after 2.1; "" for the launch components.
func featureOfComponent(name string) Feature {
	f := Feature("component." + name)
	if _, ok := LookupFeature(f); ok {
		return f
	}
	return ""
}

// structSpecs lists the objects that are not components.
func structSpecs() []schemaSpec {
	return []schemaSpec{
		{name: specTop, desc: "A WhatsApp Flow.", props: []schemaProp{
			prop("version", "Flow JSON version, such as \"7.3\".", valVersion()).req(),
			prop("screens", "The screens of the flow (at least one).", valScreens()).req(),
			prop("routing_model", "Screen id to the screen ids it may lead to; required with data_api_version.", valRoutingModel()),
			prop("data_api_version", "Version of the data endpoint protocol; makes the flow endpoint powered.", valEnum(DataAPIVersions()...)),
			prop("data_channel_uri", "URL of the data endpoint (2.1 only; later set through the API).", valURI()).since(FeatureDataChannelURI),
		}},
		{name: specScreen, desc: "One screen of the flow.", props: []schemaProp{
			prop("id", "Unique id: letters and underscores only, not SUCCESS.", valScreenID()).req(),
			prop("layout", "What the screen shows.", valRef(specLayout)).req(),
			prop("title", "Title in the top bar.", valString()),
			prop("terminal", "Whether the flow may end on this screen.", valBool()),
			prop("success", "Whether ending here counts as success (terminal screens only).", valBool()).since(FeatureScreenSuccess),
			prop("data", "Data model: the dynamic values the screen receives.", valDataModel()),
			prop("refresh_on_back", "Ask the endpoint for fresh data when the user comes back to this screen.", valBool()),
			prop("sensitive", "Names of inputs whose values are masked in the summary.", valStrings()).since(FeatureScreenSensitive),
		}},
		{name: specLayout, desc: "The layout of a screen.", props: []schemaProp{
			prop("type", "The only layout, SingleColumnLayout.", valNames("SingleColumnLayout")).req(),
			prop("children", "Components of the screen.", valComponents(0)).req(),
		}},
		{name: specListItem, desc: "One option of a CheckboxGroup, RadioButtonsGroup or Dropdown.", props: []schemaProp{
			prop("id", "Value the option produces.", valString()).req(),
			prop("title", "Text of the option.", valString()).req(),
			prop("description", "Second line of the option.", valString()),
			prop("metadata", "Extra text of the option.", valString()),
			prop("enabled", "Whether the option can be picked.", valBoolDyn()),
			prop("image", "Base64 image of the option.", valListImage()).since(FeatureListItemMedia),
			prop("alt-text", "Text read out instead of the image.", valString()).since(FeatureListItemMedia),
			prop("color", "Colour as six hex digits.", valColor()).since(FeatureListItemMedia),
			prop("on-select-action", "Action run when the option is picked.", valAction(gate("update_data", ""))).since(FeatureSelectUpdateData),
			onUnselectProp(FeatureOnUnselectAction),
		}},
		{name: specChipsItem, desc: "One option of a ChipsSelector.", props: []schemaProp{
			prop("id", "Value the option produces.", valString()).req(),
			prop("title", "Text of the chip.", valString()).req(),
			prop("enabled", "Whether the chip can be picked.", valBoolDyn()),
			prop("on-select-action", "Action run when the chip is picked.", valAction(gate("update_data", ""))).since(FeatureChipsInConditionals),
			onUnselectProp(FeatureChipsInConditionals),
		}},
		{name: specNavItem, desc: "One item of a NavigationList.", props: []schemaProp{
			prop("id", "Id of the item.", valString()).req(),
			prop("main-content", "Title, description and metadata of the item.", valRef(specNavMainContent)).req(),
			prop("start", "Image at the start of the item.", valRef(specNavStart)),
			prop("end", "Texts at the end of the item (not with media-size large).", valRef(specNavEnd)),
			prop("badge", "Badge text (one item per list at most).", valString()),
			prop("tags", "Up to three tags.", valTags()),
			prop("on-click-action", "Action of this item.", valAction(gate("navigate", ""), gate("data_exchange", ""))),
		}},
		{name: specNavMainContent, desc: "Main texts of a navigation item.", props: []schemaProp{
			prop("title", "Title of the item.", valString()).req(),
			prop("description", "Description of the item.", valString()),
			prop("metadata", "Metadata of the item.", valString()),
		}},
		{name: specNavStart, desc: "Image at the start of a navigation item.", props: []schemaProp{
			prop("image", "Base64 image.", valString()).req(),
			prop("alt-text", "Text read out instead of the image.", valString()),
		}},
		{name: specNavEnd, desc: "Texts at the end of a navigation item.", props: []schemaProp{
			prop("title", "Title.", valString()),
			prop("description", "Description.", valString()),
			prop("metadata", "Metadata.", valString()),
		}},
		{name: specCarouselImage, desc: "One image of an ImageCarousel.", props: []schemaProp{
			prop("src", "Base64 image data.", valString()).req(),
			prop("alt-text", "Text read out instead of the image.", valString()).req(),
		}},
		{name: specNavigateNext, desc: "Where navigate goes.", props: []schemaProp{
			prop("type", "Always screen.", valEnum("screen")),
			prop("name", "Id of the next screen.", valString()).req(),
		}},
		{name: specDateRange, desc: "Values for the start and the end of a range.", props: []schemaProp{
			prop("start-date", "Value for the start date.", schemaValue{what: "a value"}),
			prop("end-date", "Value for the end date.", schemaValue{what: "a value"}),
		}},
	}
}

// actionSpecs lists the actions; the spec name is the action name.
func actionSpecs() []schemaSpec {
	payload := func(desc string) schemaProp { return prop("payload", desc, valObject()) }
	return []schemaSpec{
		{name: "navigate", desc: "Opens another screen.", props: []schemaProp{
			prop("next", "The screen to open.", valRef(specNavigateNext)).req(),
			payload("Data for the next screen; becomes its ${data.*}."),
		}},
		{name: "complete", desc: "Ends the flow and sends the payload to the business.", props: []schemaProp{
			payload("Data delivered in the completion message."),
		}},
		{name: "data_exchange", desc: "Sends the payload to the data endpoint.", props: []schemaProp{
			payload("Data sent to the endpoint."),
		}},
		{name: "update_data", feature: FeatureUpdateData, desc: "Changes the data of the current screen.", props: []schemaProp{
			payload("Data model keys to their new values.").req(),
		}},
		{name: "open_url", feature: FeatureOpenURL, desc: "Opens a URL in the browser.", props: []schemaProp{
			prop("url", "The URL to open.", valString()).req(),
		}},
	}
}

func documentMIMETypes() []string {
	return []string{
		"application/gzip", "application/msword", "application/pdf", "application/vnd.ms-excel",
		"application/vnd.ms-powerpoint", "application/vnd.oasis.opendocument.presentation",
		"application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.text",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/x-7z-compressed", "application/zip", "image/avif", "image/gif", "image/heic",
		"image/heif", "image/jpeg", "image/png", "image/tiff", "image/webp", "text/plain", "video/mp4",
		"video/mpeg",
	}
}
