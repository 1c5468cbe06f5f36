package flowrun

import (
	"sort"
	"strings"
)

// Status is where a walk stands.
type Status string

// The statuses of a walk.
const (
	StatusNew       Status = "new"       // Start not called yet
	StatusOpen      Status = "open"      // a screen is shown and takes input
	StatusWaiting   Status = "waiting"   // a request waits for Receive
	StatusCompleted Status = "completed" // complete ran, or the endpoint answered SUCCESS
	StatusClosed    Status = "closed"    // back was pressed on the first screen
)

// OutcomeType says what an action did.
type OutcomeType string

// The outcomes of an action.
const (
	OutcomeScreen   OutcomeType = "screen"   // a screen is shown: Screen, and Message for an error_message answer
	OutcomeRequest  OutcomeType = "request"  // Request must go to the endpoint; its answer goes to Receive
	OutcomeComplete OutcomeType = "complete" // the flow ended with Payload (flow_token included)
	OutcomeUpdate   OutcomeType = "update"   // update_data merged Data into the screen's data
	OutcomeOpenURL  OutcomeType = "open_url" // the client would open URL
	OutcomeInvalid  OutcomeType = "invalid"  // the Footer did nothing: Errors, per input name
	OutcomeClosed   OutcomeType = "closed"   // back from the first screen closed the flow
	OutcomeNone     OutcomeType = "none"     // a value changed and no action fired
)

// Outcome is what one action did.
type Outcome struct {
	Type    OutcomeType       `json:"type"`
	Screen  string            `json:"screen,omitempty"`
	Message string            `json:"message,omitempty"`
	Request map[string]any    `json:"request,omitempty"`
	Payload map[string]any    `json:"payload,omitempty"`
	Data    map[string]any    `json:"data,omitempty"`
	URL     string            `json:"url,omitempty"`
	Errors  map[string]string `json:"errors,omitempty"`
}

// String is a short account of the outcome, as "waflow test" prints it.
func (o Outcome) String() string {
	switch o.Type {
	case OutcomeScreen:
		if o.Message != "" {
			return o.Screen + " (error_message: " + o.Message + ")"
		}
		return o.Screen
	case OutcomeRequest:
		action, _ := o.Request["action"].(string)
		return action + " request"
	case OutcomeOpenURL:
		return "open_url " + o.URL
	case OutcomeInvalid:
		names := make([]string, 0, len(o.Errors))
		for name := range o.Errors {
			names = append(names, name)
		}
		sort.Strings(names)
		return "invalid input: " + strings.Join(names, ", ")
	}
	return string(o.Type)
}

// View is the current screen as the user sees it.
type View struct {
	Status     Status            `json:"status"`
	Screen     string            `json:"screen"`
	Title      string            `json:"title"`
	Terminal   bool              `json:"terminal"`
	Tree       []Node            `json:"tree"`
	Errors     map[string]string `json:"errors"`  // the inputs' messages after a refused Footer
	Message    string            `json:"message"` // an error_message answer's text
	Pending    map[string]any    `json:"pending"` // the request waiting for its answer
	Completion map[string]any    `json:"completion"`
	Stack      []string          `json:"stack"` // the screens back leads to, oldest first
}

// Node is one rendered component: If and Switch are gone (replaced by
// the branch they pick), invisible components are left out, properties
// are resolved. Actions show as {name, next?, url?}.
type Node struct {
	Type     string         `json:"type"`
	Name     string         `json:"name,omitempty"`
	Props    map[string]any `json:"props"`
	Value    any            `json:"value,omitempty"`
	Error    string         `json:"error,omitempty"`
	Children []Node         `json:"children,omitempty"`
}

// isImageKey names the properties that hold base64 data, never text a
// user reads.
func isImageKey(k string) bool { return k == "src" || k == "image" }

// Text is every string the screen shows, title first, one per line: the
// text of components, labels, captions, options and list items.
func (v View) Text() string {
	var b strings.Builder
	b.WriteString(v.Title)
	var walk func(key string, x any)
	walk = func(key string, x any) {
		switch x := x.(type) {
		case string:
			if !isImageKey(key) {
				b.WriteByte('\n')
				b.WriteString(x)
			}
		case []any:
			for _, e := range x {
				walk(key, e)
			}
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(k, x[k])
			}
		}
	}
	var nodes func([]Node)
	nodes = func(list []Node) {
		for _, n := range list {
			walk("", n.Props)
			nodes(n.Children)
		}
	}
	nodes(v.Tree)
	return b.String()
}

// Find returns the first node of the given type, depth first.
func (v View) Find(typ string) (Node, bool) {
	var find func([]Node) (Node, bool)
	find = func(list []Node) (Node, bool) {
		for _, n := range list {
			if n.Type == typ {
				return n, true
			}
			if c, ok := find(n.Children); ok {
				return c, true
			}
		}
		return Node{}, false
	}
	return find(v.Tree)
}

// State is everything the walk keeps, as JSON values.
type State struct {
	Status     Status                 `json:"status"`
	Screen     string                 `json:"screen"`
	Data       map[string]any         `json:"data"`
	Form       map[string]any         `json:"form"`
	Stack      []ScreenState          `json:"stack"`
	Visited    map[string]ScreenState `json:"visited"`
	Pending    map[string]any         `json:"pending"`
	Completion map[string]any         `json:"completion"`
}

// ScreenState is one screen's data and form values.
type ScreenState struct {
	ID   string         `json:"id"`
	Data map[string]any `json:"data"`
	Form map[string]any `json:"form"`
}
