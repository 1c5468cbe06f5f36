package endpoint

import "time"

// Observer is told the outcome of every POST the handler answers, for
// metrics (the server exports them to Prometheus).
//
// Observe is called once per request, after the response is built and
// before it is written, on the request's goroutine and from many goroutines
// at once. It must not block: the time it takes is added to WhatsApp's
// latency, which Meta alerts on above one second at p90.
type Observer interface {
	Observe(Outcome)
}

// Outcome describes one answered request.
type Outcome struct {
	// Status is the HTTP status sent.
	Status int
	// Code classifies a failure; empty when Status is 200.
	Code Code
	// Action is the request's action: ActionPing, ActionInit,
	// ActionDataExchange, ActionBack, ActionErrorNotification, or empty
	// when the request failed before its action was known.
	Action string
	// KeyIndex is the position in Config.Keys of the key that opened the
	// envelope (above 0: the client still holds an older public key), or
	// -1 when it did not open.
	KeyIndex int
	// Duration is the time from the start of Handle to the sealed answer.
	Duration time.Duration
}
