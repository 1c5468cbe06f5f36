package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// refScope is what the references in an action payload see while the
// simulated user stands on one screen: that screen's form values and data,
// and those of the screens visited before it. It plays the part of the
// WhatsApp client, which substitutes references before a payload leaves the
// phone.
type refScope struct {
	Screen  string
	Form    map[string]any
	Data    map[string]any
	Visited map[string]screenValues
}

// screenValues is what one visited screen showed and what the user entered.
type screenValues struct {
	Form map[string]any
	Data map[string]any
}

// refPattern matches one ${...} reference.
var refPattern = regexp.MustCompile(`\$\{([^{}]*)\}`)

// resolvePayload returns a copy of payload with every reference replaced. A
// string that is exactly one reference takes the referenced value with its
// JSON type (a CheckboxGroup's array stays an array); references inside
// longer strings are substituted as text. A form field the user left empty
// drops its key, as the client sends nothing for it; a missing data field is
// an error, because the flow promised it in the screen's data model.
func (s refScope) resolvePayload(payload map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(payload))
	for k, v := range payload {
		r, ok, err := s.resolve(v, "/"+k)
		if err != nil {
			return nil, err
		}
		if ok {
			out[k] = r
		}
	}
	return out, nil
}

// resolve substitutes the references in v; ok is false when v is a lone
// reference to an empty form field.
func (s refScope) resolve(v any, pointer string) (r any, ok bool, err error) {
	switch v := v.(type) {
	case string:
		return s.resolveString(v, pointer)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			r, ok, err := s.resolve(e, pointer+"/"+k)
			if err != nil {
				return nil, false, err
			}
			if ok {
				out[k] = r
			}
		}
		return out, true, nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			r, _, err := s.resolve(e, fmt.Sprintf("%s/%d", pointer, i))
			if err != nil {
				return nil, false, err
			}
			out[i] = r
		}
		return out, true, nil
	default:
		return v, true, nil
	}
}

func (s refScope) resolveString(v, pointer string) (any, bool, error) {
	if len(v) >= 2 && strings.HasPrefix(v, "`") && strings.HasSuffix(v, "`") {
		return nil, false, fmt.Errorf("payload %s: nested expressions (%s) are not evaluated by the simulator", pointer, v)
	}
	if m := refPattern.FindStringSubmatchIndex(v); m != nil && m[0] == 0 && m[1] == len(v) {
		return s.lookup(v[m[2]:m[3]], pointer)
	}
	var failure error
	text := refPattern.ReplaceAllStringFunc(v, func(ref string) string {
		val, ok, err := s.lookup(ref[2:len(ref)-1], pointer)
		switch {
		case err != nil:
			failure = err
			return ""
		case !ok || val == nil:
			return ""
		}
		if str, isStr := val.(string); isStr {
			return str
		}
		b, err := json.Marshal(val)
		if err != nil {
			failure = fmt.Errorf("payload %s: %w", pointer, err)
		}
		return string(b)
	})
	if failure != nil {
		return nil, false, failure
	}
	return text, true, nil
}

// lookup finds the value of one reference: form.NAME, data.PATH,
// screen.ID.form.NAME or screen.ID.data.PATH. Data paths may step into
// objects (data.address.city).
func (s refScope) lookup(ref, pointer string) (any, bool, error) {
	parts := strings.Split(ref, ".")
	screen, vals := s.Screen, screenValues{Form: s.Form, Data: s.Data}
	if parts[0] == "screen" {
		if len(parts) < 4 {
			return nil, false, fmt.Errorf("payload %s: ${%s} is not screen.ID.form.NAME or screen.ID.data.FIELD", pointer, ref)
		}
		screen = parts[1]
		if screen != s.Screen {
			visited, seen := s.Visited[screen]
			if !seen {
				// A forward reference to a screen the user has not reached:
				// the client has nothing for it yet.
				return nil, false, nil
			}
			vals = visited
		}
		parts = parts[2:]
	}
	if len(parts) < 2 {
		return nil, false, fmt.Errorf("payload %s: ${%s} names no field", pointer, ref)
	}
	switch parts[0] {
	case "form":
		v, ok := walkPath(vals.Form, parts[1:])
		return v, ok, nil
	case "data":
		v, ok := walkPath(vals.Data, parts[1:])
		if !ok {
			return nil, false, fmt.Errorf("payload %s: ${%s}: screen %s has no data %q", pointer, ref, screen, strings.Join(parts[1:], "."))
		}
		return v, true, nil
	default:
		return nil, false, fmt.Errorf("payload %s: ${%s} is neither a form nor a data reference", pointer, ref)
	}
}

// walkPath follows keys through nested objects.
func walkPath(m map[string]any, path []string) (any, bool) {
	var cur any = m
	for _, k := range path {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[k]; !ok {
			return nil, false
		}
	}
	return cur, true
}
