package flowjson

import "sync"

// Feature is one versioned capability of Flow JSON: a component, a property,
// an action or a rule that exists only in a range of versions. The table in
// features() is the single source of truth for version gating; the JSON
// Schemas and the semantic rules both read it.
type Feature string

// Features of the matrix, named after what they allow.
const (
	FeatureDataChannelURI        Feature = "data_channel_uri"
	FeatureScreenSuccess         Feature = "screen.success"
	FeatureScreenSensitive       Feature = "screen.sensitive"
	FeaturePhotoPicker           Feature = "component.PhotoPicker"
	FeatureDocumentPicker        Feature = "component.DocumentPicker"
	FeatureIf                    Feature = "component.If"
	FeatureSwitch                Feature = "component.Switch"
	FeatureRichText              Feature = "component.RichText"
	FeatureCalendarPicker        Feature = "component.CalendarPicker"
	FeatureNavigationList        Feature = "component.NavigationList"
	FeatureChipsSelector         Feature = "component.ChipsSelector"
	FeatureImageCarousel         Feature = "component.ImageCarousel"
	FeatureUpdateData            Feature = "action.update_data"
	FeatureOpenURL               Feature = "action.open_url"
	FeatureInputsRequireForm     Feature = "form.inputs_require_form"
	FeatureOptionalForm          Feature = "form.optional"
	FeatureNonBlankNames         Feature = "input.non_blank_name"
	FeatureTypedFormInit         Feature = "form.typed_init_values"
	FeatureOptionalGroupLabel    Feature = "group.optional_label"
	FeatureGroupDescription      Feature = "group.description"
	FeatureListItemMedia         Feature = "list_item.media"
	FeatureListItemImage300KB    Feature = "list_item.image_300kb"
	FeatureMarkdownText          Feature = "text.markdown"
	FeatureRichTextAlone         Feature = "rich_text.alone"
	FeatureOnUnselectAction      Feature = "action.on_unselect"
	FeatureSelectUpdateData      Feature = "select.update_data"
	FeatureTextInputPattern      Feature = "text_input.pattern"
	FeatureLabelVariant          Feature = "input.label_variant"
	FeatureChipsInConditionals   Feature = "chips_selector.in_conditionals"
	FeatureDateTimestamps        Feature = "date_picker.timestamps"
	FeatureDateISO               Feature = "date_picker.iso_dates"
	FeatureGlobalReferences      Feature = "expression.global_references"
	FeatureConditionExpressions  Feature = "expression.conditions"
	FeatureNestedExpressions     Feature = "expression.nested"
	FeatureActionExpressionCheck Feature = "expression.action_variables_checked"
	FeatureNonBlankStrings       Feature = "string.non_blank"
	FeatureStrictRouting         Feature = "routing.strict"
	FeatureFlowTokenSignature    Feature = "data_api.flow_token_signature"
)

// FeatureInfo is one row of the version matrix. Last is the zero Version
// while the feature is still accepted.
type FeatureInfo struct {
	Feature     Feature
	First, Last Version
	Description string
}

// Open reports whether the feature is still accepted by the newest version.
func (fi FeatureInfo) Open() bool { return fi.Last == (Version{}) }

// In reports whether the feature is accepted at version v.
func (fi FeatureInfo) In(v Version) bool {
	return v.AtLeast(fi.First) && (fi.Open() || fi.Last.AtLeast(v))
}

func features() []FeatureInfo {
	v := func(major, minor int) Version { return Version{major, minor} }
	open := Version{}
	return []FeatureInfo{
		{FeatureDataChannelURI, v(2, 1), v(2, 1), "top-level data_channel_uri (removed in 3.0)"},
		{FeatureScreenSuccess, v(3, 1), open, "screen property success on terminal screens"},
		{FeatureScreenSensitive, v(5, 1), open, "screen property sensitive"},
		{FeaturePhotoPicker, v(4, 0), open, "PhotoPicker component"},
		{FeatureDocumentPicker, v(4, 0), open, "DocumentPicker component"},
		{FeatureIf, v(4, 0), open, "If component"},
		{FeatureSwitch, v(4, 0), open, "Switch component"},
		{FeatureRichText, v(5, 1), open, "RichText component"},
		{FeatureCalendarPicker, v(6, 1), open, "CalendarPicker component"},
		{FeatureNavigationList, v(6, 2), open, "NavigationList component"},
		{FeatureChipsSelector, v(6, 3), open, "ChipsSelector component"},
		{FeatureImageCarousel, v(7, 1), open, "ImageCarousel component"},
		{FeatureUpdateData, v(6, 0), open, "update_data action"},
		{FeatureOpenURL, v(6, 0), open, "open_url action on EmbeddedLink and OptIn"},
		{FeatureInputsRequireForm, v(2, 1), v(3, 1), "every input component must sit inside a Form"},
		{FeatureOptionalForm, v(4, 0), open, "inputs outside a Form, with init-value and error-message"},
		{FeatureNonBlankNames, v(4, 0), open, "input names may not be empty or blank"},
		{FeatureTypedFormInit, v(7, 0), open, "Form init-values and error-messages type-checked against their component"},
		{FeatureOptionalGroupLabel, v(2, 1), v(3, 1), "CheckboxGroup and RadioButtonsGroup label optional"},
		{FeatureGroupDescription, v(4, 0), open, "CheckboxGroup and RadioButtonsGroup description"},
		{FeatureListItemMedia, v(5, 0), open, "list item image, alt-text and color; group media-size"},
		{FeatureListItemImage300KB, v(5, 0), v(5, 1), "list item images up to 300 KB (100 KB from 6.0)"},
		{FeatureMarkdownText, v(5, 1), open, "markdown on TextBody and TextCaption, with array text"},
		{FeatureRichTextAlone, v(5, 1), v(6, 2), "RichText must be alone on its screen (a Footer may join it from 6.3)"},
		{FeatureOnUnselectAction, v(6, 0), open, "on-unselect-action"},
		{FeatureSelectUpdateData, v(6, 0), open, "update_data in on-select-action of selection components and list items"},
		{FeatureTextInputPattern, v(6, 2), open, "TextInput pattern"},
		{FeatureLabelVariant, v(7, 0), open, "TextInput and TextArea label-variant"},
		{FeatureChipsInConditionals, v(7, 1), open, "ChipsSelector inside If and Switch, with update_data and on-unselect-action"},
		{FeatureDateTimestamps, v(2, 1), v(4, 0), "DatePicker dates as millisecond-timestamp strings"},
		{FeatureDateISO, v(5, 0), open, "DatePicker dates as YYYY-MM-DD"},
		{FeatureGlobalReferences, v(4, 0), open, "${screen.<ID>.form|data.<field>} references"},
		{FeatureConditionExpressions, v(4, 0), open, "If.condition expression language"},
		{FeatureNestedExpressions, v(6, 0), open, "backtick nested expressions in component properties"},
		{FeatureActionExpressionCheck, v(7, 2), open, "variables of nested expressions inside actions must exist"},
		{FeatureNonBlankStrings, v(6, 0), open, "string properties may not be empty or blank"},
		{FeatureStrictRouting, v(7, 3), open, "navigation must follow declared routes"},
		{FeatureFlowTokenSignature, v(7, 3), open, "flow_token_signature sent to endpoints on data_api_version 4.0"},
	}
}

// Features returns the version matrix.
func Features() []FeatureInfo { return features() }

// LookupFeature returns the matrix row of f.
func LookupFeature(f Feature) (FeatureInfo, bool) {
	fi, ok := featureIndex()[f]
	return fi, ok
}

// featureIndex maps each feature to its row. Version.Supports runs on hot
// paths (schema generation, every semantic rule), so the matrix is indexed
// once and only read afterwards.
var featureIndex = sync.OnceValue(func() map[Feature]FeatureInfo {
	idx := make(map[Feature]FeatureInfo)
	for _, fi := range features() {
		idx[fi.Feature] = fi
	}
	return idx
})

// Supports reports whether version v accepts feature f. An unknown feature
// is never supported.
func (v Version) Supports(f Feature) bool {
	fi, ok := LookupFeature(f)
	return ok && fi.In(v)
}
