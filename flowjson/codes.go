package flowjson

// Diagnostic codes. Where Meta reports the same problem, the code is Meta's
// (reference: Meta's Flow JSON error codes); codes Meta has no name for are
// waflow's own and say so in their comment.
const (
	// Parsing and versions.
	CodeInvalidFlowJSON            = "INVALID_FLOW_JSON"
	CodeInvalidFlowJSONVersion     = "INVALID_FLOW_JSON_VERSION"
	CodeMissingFlowJSONVersion     = "MISSING_FLOW_JSON_VERSION"
	CodeUnsupportedFlowJSONVersion = "UNSUPPORTED_FLOW_JSON_VERSION"
	CodeNoSupportedDataAPIVersion  = "NO_SUPPORTED_DATA_API_VERSION"
	// CodeFrozenVersion is waflow's: the version still sends but can no longer be published.
	CodeFrozenVersion = "FROZEN_FLOW_JSON_VERSION"

	// Schema.
	CodeInvalidPropertyKey           = "INVALID_PROPERTY_KEY"
	CodeInvalidPropertyValue         = "INVALID_PROPERTY_VALUE"
	CodeInvalidPropertyType          = "INVALID_PROPERTY_TYPE"
	CodeInvalidPropertyValueFormat   = "INVALID_PROPERTY_VALUE_FORMAT"
	CodeMinItemsRequired             = "MIN_ITEMS_REQUIRED"
	CodeMinCharsRequired             = "MIN_CHARS_REQUIRED"
	CodeMissingRequiredTypeProperty  = "MISSING_REQUIRED_TYPE_PROPERTY"
	CodePatternMismatch              = "PATTERN_MISMATCH"
	CodeInvalidEnumValue             = "INVALID_ENUM_VALUE"
	CodeInvalidDependencies          = "INVALID_DEPENDENCIES"
	CodeNotKeywordSchemaValidation   = "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED"
	CodeKeywordOneOf                 = "KEYWORD_ONE_OF"
	CodeMinValueGreaterThanMax       = "MIN_VALUE_GREATER_THAN_MAX"
	CodeMinimumValueRequired         = "MINIMUM_VALUE_REQUIRED"
	CodeMaximumValueRequired         = "MAXIMUM_VALUE_REQUIRED"
	CodeMissingRequiredProperty      = "MISSING_REQUIRED_PROPERTY"
	CodeNativeComponentInInitValues  = "NATIVE_COMPONENT_IN_FORM_INIT_VALUES"
	CodeDuplicateFormComponentNames  = "DUPLICATE_FORM_COMPONENT_NAMES"
	CodeDuplicateScreenIDs           = "DUPLICATE_SCREEN_IDS"
	CodeScreenIDIsReservedKeyword    = "SCREEN_ID_IS_RESERVED_KEYWORD"
	CodeMaxScreensNumber             = "MAX_SCREENS_NUMBER"
	CodeMaxEmbeddedLinkPerScreen     = "MAX_EMBEDDED_LINK_PER_SCREEN"
	CodeMaxFooterPerScreen           = "MAX_FOOTER_PER_SCREEN"
	CodeMaxImagePerScreen            = "MAX_IMAGE_PER_SCREEN"
	CodeMaxOptInPerScreen            = "MAX_OPT_IN_PER_SCREEN"
	CodeMissingFooterOnTerminal      = "MISSING_FOOTER_ON_TERMINAL_SCREEN"
	CodeMissingTerminalScreen        = "MISSING_TERMINAL_SCREEN"
	CodeComponentsOutsideForm        = "COMPONENTS_OUTSIDE_FORM"
	CodeMissingFooterInIfElse        = "MISSING_FOOTER_IN_IF_ELSE_BRANCHES"
	CodeMissingFooterInSwitch        = "MISSING_FOOTER_IN_SWITCH_BRANCHES"
	CodeMoreThanOneFooter            = "MORE_THAN_ONE_FOOTER"
	CodeInvalidRoutingModel          = "INVALID_ROUTING_MODEL"
	CodeInvalidOnClickActionPayload  = "INVALID_ON_CLICK_ACTION_PAYLOAD"
	CodeInvalidCompleteAction        = "INVALID_COMPLETE_ACTION"
	CodeInvalidNavigateActionPayload = "INVALID_NAVIGATE_ACTION_PAYLOAD"
	CodeInvalidNavigateNextScreen    = "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME"
	CodeInvalidActionPayloadProperty = "INVALID_ACTION_PAYLOAD_PROPERTY"
	CodeInvalidScreenDynamicData     = "INVALID_SCREEN_DYNAMIC_DATA"
	CodeInvalidScreenData            = "INVALID_SCREEN_DATA"

	// waflow's own warnings, for limits Meta states without an error code.
	CodeCharacterLimit    = "CHARACTER_LIMIT"
	CodeUnreachableScreen = "UNREACHABLE_SCREEN"

	// CodeMaxComponentsPerScreen is waflow's: a per-screen (or per-flow)
	// component cap that Meta states without naming an error code.
	CodeMaxComponentsPerScreen = "MAX_COMPONENTS_PER_SCREEN"
	// CodeExclusiveComponent is waflow's: a component that must be alone on
	// its screen, or two components that may not share one.
	CodeExclusiveComponent = "EXCLUSIVE_COMPONENT"
)
