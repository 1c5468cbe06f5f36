package endpoint

import (
	"slices"

	"github.com/waflow/waflow/flowjson"
)

// routes is the flow's routing model, indexed once at New for the answer
// check. The routing model lists forward edges only; the back button implies
// the reverse ones.
type routes struct {
	flow    *flowjson.Flow
	entries []string            // screens with no inbound edge
	preds   map[string][]string // screen → screens routing to it
}

func newRoutes(f *flowjson.Flow) *routes {
	r := &routes{flow: f, preds: map[string][]string{}}
	ids := make([]string, 0, len(f.Screens))
	for _, s := range f.Screens {
		ids = append(ids, s.ID)
	}
	for _, from := range ids {
		for _, to := range f.Routes(from) {
			if !slices.Contains(r.preds[to], from) {
				r.preds[to] = append(r.preds[to], from)
			}
		}
	}
	for _, id := range ids {
		if len(r.preds[id]) == 0 {
			r.entries = append(r.entries, id)
		}
	}
	return r
}

// allowed lists the screens an answer to action, sent from screen, may
// name (SUCCESS aside, which closes the flow from anywhere):
//
//   - INIT: an entry screen, one no route leads to. The flow opens there
//     (reference flow-json §7 rule 6); a screen deeper in the graph would be
//     an invalid-screen-transition on the client. A flow with an empty
//     routing model has only entry screens.
//   - data_exchange: the submitting screen itself (a refresh, or an
//     error_message on the same screen) and the targets of its routes.
//   - BACK: the screen itself and every screen that routes to it, because
//     the client goes back to a predecessor and asks the endpoint to refresh
//     it. A BACK naming no screen may answer any screen: nothing says where
//     the user is.
//
// A nil result means "any screen of the flow".
func (r *routes) allowed(action, screen string) []string {
	switch action {
	case ActionInit:
		return r.entries
	case ActionBack:
		if screen == "" {
			return nil
		}
		return append([]string{screen}, r.preds[screen]...)
	}
	return append([]string{screen}, r.flow.Routes(screen)...)
}
