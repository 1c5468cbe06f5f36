package flowrun

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Target is what [Runtime.Press] presses: the Footer, a link (an
// EmbeddedLink by its text, or the "Read more" of an OptIn by its label or
// name) or an item (of a NavigationList, or an option of a selection list,
// which is then selected or, in a CheckboxGroup, toggled).
//
// In JSON it is "footer", {"link": "text"} or {"item": "id"}, as the
// JavaScript press() and scenario files take it.
type Target struct {
	kind string // "footer", "link" or "item"
	text string
}

// Footer is the current screen's Footer.
func Footer() Target { return Target{kind: "footer"} }

// Link is the EmbeddedLink showing text, or the OptIn labelled or named text.
func Link(text string) Target { return Target{kind: "link", text: text} }

// Item is the NavigationList item or list option with this id.
func Item(id string) Target { return Target{kind: "item", text: id} }

func (t Target) String() string {
	if t.kind == "footer" {
		return "footer"
	}
	return t.kind + " " + strconv.Quote(t.text)
}

func (t Target) MarshalJSON() ([]byte, error) {
	switch t.kind {
	case "footer":
		return []byte(`"footer"`), nil
	case "link", "item":
		return json.Marshal(map[string]string{t.kind: t.text})
	}
	return nil, fmt.Errorf("flowrun: marshal a zero Target")
}

func (t *Target) UnmarshalJSON(b []byte) error {
	var word string
	if json.Unmarshal(b, &word) == nil {
		if word != "footer" {
			return fmt.Errorf(`flowrun: target %q: want "footer", {"link": "text"} or {"item": "id"}`, word)
		}
		*t = Footer()
		return nil
	}
	var obj map[string]string
	if err := json.Unmarshal(b, &obj); err != nil || len(obj) != 1 {
		return fmt.Errorf(`flowrun: target %s: want "footer", {"link": "text"} or {"item": "id"}`, b)
	}
	for k, v := range obj {
		if k != "link" && k != "item" {
			return fmt.Errorf(`flowrun: target %s: want "footer", {"link": "text"} or {"item": "id"}`, b)
		}
		*t = Target{kind: k, text: v}
	}
	return nil
}
