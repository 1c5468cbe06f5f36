package flowjson

// Flow is a whole Flow JSON document. Build one as a struct literal, or read
// one with Decode; encoding (json.Marshal) writes the members in the order
// version, data_api_version, routing_model, data_channel_uri, screens, then
// any Extra, and gives back every member the source had. Like every
// encoding/json output, json.Marshal writes <, > and & in strings as \u003c,
// \u003e and \u0026; a json.Encoder with SetEscapeHTML(false) keeps
// expressions such as "${form.age} > 18" readable.
type Flow struct {
	// Version is the Flow JSON version; the zero Version is left out.
	Version Version `json:"version"`
	// DataAPIVersion ("3.0" or "4.0") makes the flow endpoint powered.
	DataAPIVersion string `json:"data_api_version"`
	// RoutingModel maps a screen id to the ids it may lead to.
	RoutingModel map[string][]string `json:"routing_model"`
	// DataChannelURI is the endpoint URL of 2.1 flows.
	DataChannelURI string   `json:"data_channel_uri"`
	Screens        []Screen `json:"screens"`
	Extra          Extra    `json:"-"`
	explicitKeys
}

// Decode reads a Flow JSON document. Every member is kept: those Flow JSON
// does not define at their place go to the Extra of the enclosing value and
// are also returned as UnknownKeys, in document order, and components of an
// unknown type become UnknownComponents, so encoding the result gives the
// document back (compacted, members reordered).
//
// Decode checks only what the Go types need: well-formed JSON without
// duplicate keys, the JSON type of each known member, a known version
// string. Anything else that makes a flow invalid is the validator's to
// report. The error is a *DecodeError.
func Decode(src []byte) (*Flow, []UnknownKey, error) {
	var f Flow
	unknown, err := decodeDocument(src, &f)
	if err != nil {
		return nil, nil, err
	}
	return &f, unknown, nil
}

// MarshalJSON encodes the document in the stable member order of Flow.
func (f Flow) MarshalJSON() ([]byte, error) { return encodeObject(f, "") }

// UnmarshalJSON decodes like Decode; unknown keys stay in Extra.
func (f *Flow) UnmarshalJSON(b []byte) error { return decodeInto(b, f) }

// Screen returns the first screen with the given id.
func (f *Flow) Screen(id string) (*Screen, bool) {
	for i := range f.Screens {
		if f.Screens[i].ID == id {
			return &f.Screens[i], true
		}
	}
	return nil, false
}

// Routes returns the screen ids the routing model lets screen from lead to,
// nil when it has no entry.
func (f *Flow) Routes(from string) []string { return f.RoutingModel[from] }

// HasEndpoint reports whether the flow is endpoint powered, which
// data_api_version marks.
func (f *Flow) HasEndpoint() bool { return f.DataAPIVersion != "" }
