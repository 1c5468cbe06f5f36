package flowjson

// Action names (the "name" member of an action).
const (
	ActionNavigate     = "navigate"
	ActionComplete     = "complete"
	ActionDataExchange = "data_exchange"
	ActionUpdateData   = "update_data" // 6.0+
	ActionOpenURL      = "open_url"    // 6.0+
)

// Action is what on-click-action, on-select-action and on-unselect-action
// run. Which members apply depends on Name: Next for navigate, URL for
// open_url, Payload for the others. Payload values are literals or ${...}
// references; numbers decode as json.Number so they keep their exact text.
type Action struct {
	Name    string         `json:"name"`
	Next    *NextScreen    `json:"next"`
	URL     string         `json:"url"`
	Payload map[string]any `json:"payload"`
	Extra   Extra          `json:"-"`
	explicitKeys
}

// NextScreen is the target of a navigate action.
type NextScreen struct {
	// Type is "screen", the only documented kind.
	Type  string `json:"type"`
	Name  string `json:"name"`
	Extra Extra  `json:"-"`
	explicitKeys
}

// MarshalJSON encodes the action with name first.
func (a Action) MarshalJSON() ([]byte, error) { return encodeObject(a, "") }

// UnmarshalJSON decodes an action, keeping unknown keys in Extra.
func (a *Action) UnmarshalJSON(b []byte) error { return decodeInto(b, a) }

// MarshalJSON encodes the target with type first.
func (n NextScreen) MarshalJSON() ([]byte, error) { return encodeObject(n, "") }

// UnmarshalJSON decodes a target, keeping unknown keys in Extra.
func (n *NextScreen) UnmarshalJSON(b []byte) error { return decodeInto(b, n) }

// Meta's examples always write a payload, {} when there is nothing to send,
// so the constructors turn a nil payload into an empty one.
func payloadOrEmpty(payload map[string]any) map[string]any {
	if payload == nil {
		return map[string]any{}
	}
	return payload
}

// Navigate opens the screen with the given id; payload becomes its ${data.*}.
func Navigate(screen string, payload map[string]any) *Action {
	return &Action{Name: ActionNavigate, Next: &NextScreen{Type: "screen", Name: screen}, Payload: payloadOrEmpty(payload)}
}

// Complete ends the flow and sends payload to the business.
func Complete(payload map[string]any) *Action {
	return &Action{Name: ActionComplete, Payload: payloadOrEmpty(payload)}
}

// DataExchange sends payload to the flow's data endpoint, whose answer picks
// the next screen.
func DataExchange(payload map[string]any) *Action {
	return &Action{Name: ActionDataExchange, Payload: payloadOrEmpty(payload)}
}

// UpdateData (6.0+) changes the current screen's data without leaving it.
func UpdateData(payload map[string]any) *Action {
	return &Action{Name: ActionUpdateData, Payload: payloadOrEmpty(payload)}
}

// OpenURL (6.0+) opens url in the device's browser; it takes no payload.
func OpenURL(url string) *Action {
	return &Action{Name: ActionOpenURL, URL: url}
}
