package endpoint

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// SuccessScreen is the reserved screen name an answer uses to close the flow.
const SuccessScreen = "SUCCESS"

// AnswerError is one reason a handler's answer was not sent: the client
// would have rejected it (as invalid-screen-transition or
// payload-schema-error) after showing the user a generic error anyway.
type AnswerError struct {
	// Screen is the screen the answer names; empty when it names none.
	Screen string
	// Pointer locates the fault in the answer (RFC 6901), e.g.
	// "/data/items/0/title".
	Pointer string
	// Message says what was expected.
	Message string
}

func (e *AnswerError) Error() string {
	return fmt.Sprintf("answer for screen %q at %s: %s", e.Screen, e.Pointer, e.Message)
}

// checkAnswer decides whether the answer may go to WhatsApp. rt is nil when
// the handler has no flow to check against; then only the protocol's shape
// is checked. The error is an *Error with CodeInvalidAnswer wrapping one or
// more *AnswerError.
func checkAnswer(rt *routes, p *payload, body map[string]any) error {
	screen, _ := body["screen"].(string)
	data, _ := body["data"].(map[string]any)
	var problems []error
	add := func(pointer, format string, args ...any) {
		problems = append(problems, &AnswerError{Screen: screen, Pointer: pointer, Message: fmt.Sprintf(format, args...)})
	}
	switch {
	case screen == "":
		add("/screen", "%s needs an answer naming a screen, {screen, data}", p.action)
	case screen == SuccessScreen:
		checkSuccess(data, add)
	case rt != nil:
		problems = append(problems, checkScreen(rt, p, screen, data)...)
	}
	if len(problems) == 0 {
		return nil
	}
	return &Error{Status: http.StatusInternalServerError, Code: CodeInvalidAnswer, Err: errors.Join(problems...)}
}

// checkSuccess checks the completion answer: data.extension_message_response.params
// must be an object carrying the flow token (reference §5).
func checkSuccess(data map[string]any, add func(pointer, format string, args ...any)) {
	ext, ok := data["extension_message_response"].(map[string]any)
	if !ok {
		add("/data/extension_message_response", "SUCCESS needs an object extension_message_response with params")
		return
	}
	params, ok := ext["params"].(map[string]any)
	if !ok {
		add("/data/extension_message_response/params", "SUCCESS needs an object params, sent to the chat as the completion message")
		return
	}
	if tok, _ := params["flow_token"].(string); tok == "" {
		add("/data/extension_message_response/params/flow_token", "SUCCESS params need the flow_token as a non-empty string")
	}
}

func checkScreen(rt *routes, p *payload, screen string, data map[string]any) []error {
	s, ok := rt.flow.Screen(screen)
	if !ok {
		return []error{&AnswerError{Screen: screen, Pointer: "/screen", Message: "the flow has no such screen"}}
	}
	if allowed := rt.allowed(p.action, p.screen); allowed != nil && !slices.Contains(allowed, screen) {
		return []error{&AnswerError{Screen: screen, Pointer: "/screen", Message: transitionMessage(p, allowed)}}
	}
	_, hasErrorText := data["error_message"].(string)
	sameScreen := screen == p.screen
	var problems []error
	for _, de := range s.Data.Check(data) {
		field := topField(de.Pointer)
		_, present := data[field]
		if hasErrorText && sameScreen && !present {
			// An error on the screen the user is on may leave out fields
			// the screen already shows, as Meta's own examples do.
			continue
		}
		problems = append(problems, &AnswerError{Screen: screen, Pointer: "/data" + de.Pointer, Message: de.Message})
	}
	return problems
}

// topField is the first member name of a JSON pointer ("/a~1b/c" → "a/b").
func topField(pointer string) string {
	field, _, _ := strings.Cut(strings.TrimPrefix(pointer, "/"), "/")
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(field)
}

func transitionMessage(p *payload, allowed []string) string {
	list := strings.Join(allowed, ", ")
	switch p.action {
	case ActionInit:
		return fmt.Sprintf("INIT may open only an entry screen of the routing model (%s)", list)
	case ActionBack:
		return fmt.Sprintf("BACK from %s may answer only that screen or one routing to it (%s)", p.screen, list)
	}
	return fmt.Sprintf("the routing model allows %s to answer only %s", p.screen, list)
}
