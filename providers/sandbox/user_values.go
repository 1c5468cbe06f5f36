package sandbox

import (
	"strconv"
	"strings"
	"time"

	"github.com/waflow/waflow/flowrun"
)

// The simulated user's details, where a form asks for them.
const (
	sandboxUserName  = "Sandbox User"
	sandboxUserEmail = "sandbox.user@example.com"
	sandboxUserPhone = "+15550001234"
	sandboxUserText  = "Sandbox answer"
	sandboxPasscode  = "123456"
)

// plausible is a value a user would enter into an input that shows none:
// a name, email or phone number where one is asked for, the first
// options of a selection, the earliest date allowed (or today), consent
// to an opt-in. nil leaves the input alone (a photo or document picker).
func plausible(n flowrun.Node, today time.Time) any {
	switch n.Type {
	case "TextInput":
		return fitText(textFor(n), n)
	case "TextArea":
		return fitText(sandboxUserText, n)
	case "RadioButtonsGroup", "Dropdown":
		if ids := optionIDs(n); len(ids) > 0 {
			return ids[0]
		}
	case "CheckboxGroup", "ChipsSelector":
		if ids := optionIDs(n); len(ids) > 0 {
			return ids[:min(len(ids), max(1, intProp(n, "min-selected-items")))]
		}
	case "OptIn":
		return true
	case "DatePicker":
		return dateFor(n, today)
	case "CalendarPicker":
		d := dateFor(n, today)
		if n.Props["mode"] == "range" {
			return map[string]any{"start-date": d, "end-date": d}
		}
		return d
	}
	return nil
}

// textFor answers a text input by its type, then by what its name or
// label asks for.
func textFor(n flowrun.Node) string {
	switch n.Props["input-type"] {
	case "email":
		return sandboxUserEmail
	case "phone":
		return sandboxUserPhone
	case "number":
		return "1"
	case "passcode", "password":
		return sandboxPasscode
	}
	label, _ := n.Props["label"].(string)
	asks := strings.ToLower(n.Name + " " + label)
	switch {
	case strings.Contains(asks, "mail"):
		return sandboxUserEmail
	case strings.Contains(asks, "phone"):
		return sandboxUserPhone
	case strings.Contains(asks, "name"):
		return sandboxUserName
	}
	return sandboxUserText
}

// fitText pads or cuts s to the input's min-chars and max-chars.
func fitText(s string, n flowrun.Node) string {
	if lo := intProp(n, "min-chars"); len(s) < lo {
		s += strings.Repeat(".", lo-len(s))
	}
	if hi := intProp(n, "max-chars"); hi > 0 && len(s) > hi {
		s = s[:hi]
	}
	return s
}

// optionIDs lists the ids of a selection's enabled options.
func optionIDs(n flowrun.Node) []string {
	items, _ := n.Props["data-source"].([]any)
	var ids []string
	for _, it := range items {
		o, _ := it.(map[string]any)
		id, _ := o["id"].(string)
		if enabled, set := o["enabled"].(bool); id != "" && (!set || enabled) {
			ids = append(ids, id)
		}
	}
	return ids
}

// dateFor is the input's min-date, in the form the flow gives dates, or
// today.
func dateFor(n flowrun.Node, today time.Time) string {
	if d, _ := n.Props["min-date"].(string); d != "" {
		return d
	}
	return today.UTC().Format(time.DateOnly)
}

// intProp reads a numeric property; JSON numbers arrive as float64.
func intProp(n flowrun.Node, name string) int {
	switch v := n.Props[name].(type) {
	case float64:
		return int(v)
	case string:
		i, _ := strconv.Atoi(v)
		return i
	}
	return 0
}
