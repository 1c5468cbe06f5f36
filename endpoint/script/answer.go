package script

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// answer turns what the handler returned into the plaintext answer.
func (c *call) answer(v goja.Value) (Answer, error) {
	var text string
	if c.rt.prog.form == FormKapso {
		o, _ := v.(*goja.Object)
		r, ok := c.responses[o]
		if !ok {
			return Answer{}, c.fault(FaultBadAnswer, fmt.Sprintf("the handler must return a Response, such as Response.json({screen, data}); it returned %s", describe(v)), nil)
		}
		if r.status < 200 || r.status > 299 {
			return Answer{}, c.fault(FaultBadAnswer, fmt.Sprintf("the handler answered HTTP status %d: %s", r.status, clip(r.body, 200)), nil)
		}
		text = r.body
	} else {
		s, err := c.rt.stringify(goja.Undefined(), v)
		if err != nil {
			if _, ok := err.(*goja.Exception); !ok {
				return Answer{}, c.fail(err)
			}
			return Answer{}, c.fault(FaultBadAnswer, fmt.Sprintf("the answer cannot be encoded as JSON: %v", err), nil)
		}
		if goja.IsUndefined(s) {
			return Answer{}, c.fault(FaultBadAnswer, fmt.Sprintf("the handler must return {screen, data} or {error_message}; it returned %s", describe(v)), nil)
		}
		text = s.String()
	}
	if len(text) > c.h.opts.MaxAnswerBytes {
		return Answer{}, c.tooLarge(len(text))
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(text), &body); err != nil || body == nil {
		return Answer{}, c.fault(FaultBadAnswer, fmt.Sprintf("the answer must be a JSON object; it is %s", describeJSON(text)), nil)
	}
	rewritten := false
	if c.rt.prog.form == FormPlain {
		var err error
		if body, rewritten, err = c.errorAnswer(body); err != nil {
			return Answer{}, err
		}
	}
	added, err := c.checkShape(body)
	if err != nil {
		return Answer{}, err
	}
	if !rewritten && !added {
		// The script's own JSON already encodes body; no need to encode again.
		return Answer{Body: body, Raw: []byte(text)}, nil
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return Answer{}, c.fault(FaultBadAnswer, fmt.Sprintf("the answer cannot be encoded as JSON: %v", err), nil)
	}
	if len(raw) > c.h.opts.MaxAnswerBytes {
		return Answer{}, c.tooLarge(len(raw))
	}
	return Answer{Body: body, Raw: raw}, nil
}

func (c *call) tooLarge(n int) error {
	return c.fault(FaultAnswerTooLarge, fmt.Sprintf("the answer has %d bytes of JSON; the limit is %d", n, c.h.opts.MaxAnswerBytes), nil)
}

// errorAnswer rewrites the plain form's {error_message} into the protocol's
// "same screen with an error" answer: {screen, data: {..., error_message}},
// on the answer's screen if it names one, else on the request's.
func (c *call) errorAnswer(body map[string]any) (out map[string]any, rewritten bool, err error) {
	m, has := body["error_message"]
	if !has {
		return body, false, nil
	}
	msg, ok := m.(string)
	if !ok {
		return nil, false, c.fault(FaultBadAnswer, "error_message must be a string", nil)
	}
	screen, _ := body["screen"].(string)
	if screen == "" {
		screen = c.req.screen()
	}
	if screen == "" {
		return nil, false, c.fault(FaultBadAnswer, "error_message needs a screen to show it on and the request names none (INIT); return {screen, data: {error_message}}", nil)
	}
	data := map[string]any{}
	if d, ok := body["data"].(map[string]any); ok {
		data = d
	}
	data["error_message"] = msg
	return map[string]any{"screen": screen, "data": data}, true, nil
}

// checkShape accepts {screen, data} and the two screen-less answers of the
// protocol; it adds data: {} to a screen without data and reports so.
func (c *call) checkShape(body map[string]any) (added bool, err error) {
	data, hasData := body["data"]
	if hasData {
		if _, ok := data.(map[string]any); !ok {
			return false, c.fault(FaultBadAnswer, fmt.Sprintf("the answer's data must be an object; it is %s", describeGo(data)), nil)
		}
	}
	s, hasScreen := body["screen"]
	if !hasScreen {
		if hasData && screenless(data.(map[string]any)) {
			return false, nil
		}
		return false, c.fault(FaultBadAnswer, "the answer has no screen; return {screen, data}", nil)
	}
	if screen, ok := s.(string); !ok || screen == "" {
		return false, c.fault(FaultBadAnswer, "the answer's screen must be a non-empty string", nil)
	}
	if !hasData {
		body["data"] = map[string]any{}
		return true, nil
	}
	return false, nil
}

func screenless(data map[string]any) bool {
	return reflect.DeepEqual(data, map[string]any{"acknowledged": true}) ||
		reflect.DeepEqual(data, map[string]any{"status": "active"})
}

func describe(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "undefined"
	case goja.IsNull(v):
		return "null"
	}
	if o, ok := v.(*goja.Object); ok {
		switch o.ClassName() {
		case "Function":
			return "a function"
		case "Array":
			return "an array"
		}
		return "a plain object"
	}
	return describeGo(v.Export())
}

func describeGo(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "a number"
}

func describeJSON(text string) string {
	t := bytes.TrimSpace([]byte(text))
	if len(t) == 0 {
		return "empty"
	}
	var v any
	if json.Unmarshal(t, &v) != nil {
		return "not JSON: " + clip(text, 80)
	}
	return describeGo(v)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
