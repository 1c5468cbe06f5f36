package lifecycle

import (
	"fmt"
	"strings"
)

// Action is something the API asks of a flow.
type Action string

// Actions, in the order error messages list them.
const (
	ActionUpdateMetadata Action = "update_metadata"
	ActionPutJSON        Action = "put_json"
	ActionPutScript      Action = "put_script"
	ActionPublish        Action = "publish"
	ActionDeprecate      Action = "deprecate"
	ActionDelete         Action = "delete"
	ActionAddTarget      Action = "add_target"
	ActionRemoveTarget   Action = "remove_target"
)

// Actions lists every action.
func Actions() []Action {
	return []Action{
		ActionUpdateMetadata, ActionPutJSON, ActionPutScript, ActionPublish,
		ActionDeprecate, ActionDelete, ActionAddTarget, ActionRemoveTarget,
	}
}

// State is what decides which actions a flow allows: its status, and for a
// DRAFT whether some revision was published before (such a draft is an edit
// of a live flow, which may no longer be deleted).
type State struct {
	Status    Status
	Published bool
}

// StateOf returns the state of f.
func StateOf(f Flow) State { return State{Status: f.Status, Published: f.everPublished()} }

func (s State) String() string {
	if s.Status == StatusDraft && s.Published {
		return "DRAFT (published before)"
	}
	return string(s.Status)
}

// deleted is the pseudo status after ActionDelete.
const deleted Status = ""

// transitions is the whole state machine: for each state, the actions it
// allows and the status each leads to. Anything missing is refused. It
// follows Meta's lifecycle: edits of a published flow make it a DRAFT again
// (users keep the published revision until the next publish); only a
// never-published DRAFT can be deleted; THROTTLED and BLOCKED allow nothing
// but deprecation among the BSP-side actions; DEPRECATED is terminal.
// Handler scripts and targets are waflow's own business, so they change
// nothing at the BSP and are allowed until the flow is deprecated.
func transitions() map[State]map[Action]Status {
	return map[State]map[Action]Status{
		{StatusDraft, false}: {
			ActionUpdateMetadata: StatusDraft,
			ActionPutJSON:        StatusDraft,
			ActionPutScript:      StatusDraft,
			ActionPublish:        StatusPublished,
			ActionDelete:         deleted,
			ActionAddTarget:      StatusDraft,
			ActionRemoveTarget:   StatusDraft,
		},
		{StatusDraft, true}: {
			ActionUpdateMetadata: StatusDraft,
			ActionPutJSON:        StatusDraft,
			ActionPutScript:      StatusDraft,
			ActionPublish:        StatusPublished,
			ActionAddTarget:      StatusDraft,
			ActionRemoveTarget:   StatusDraft,
		},
		{StatusPublished, true}: {
			ActionUpdateMetadata: StatusDraft,
			ActionPutJSON:        StatusDraft,
			ActionPutScript:      StatusPublished,
			ActionDeprecate:      StatusDeprecated,
			ActionAddTarget:      StatusPublished,
			ActionRemoveTarget:   StatusPublished,
		},
		{StatusThrottled, true}: {
			ActionPutScript:    StatusThrottled,
			ActionDeprecate:    StatusDeprecated,
			ActionAddTarget:    StatusThrottled,
			ActionRemoveTarget: StatusThrottled,
		},
		{StatusBlocked, true}: {
			ActionPutScript:    StatusBlocked,
			ActionDeprecate:    StatusDeprecated,
			ActionAddTarget:    StatusBlocked,
			ActionRemoveTarget: StatusBlocked,
		},
		{StatusDeprecated, true}: {},
	}
}

// Allowed lists the actions s allows, in the order of [Actions].
func Allowed(s State) []Action {
	row := transitions()[s]
	var out []Action
	for _, a := range Actions() {
		if _, ok := row[a]; ok {
			out = append(out, a)
		}
	}
	return out
}

// Next returns the status a flow in state s moves to when a is applied, or
// a *TransitionError listing what s allows instead. After ActionDelete the
// status is empty: the flow is gone.
func Next(s State, a Action) (Status, error) {
	to, ok := transitions()[s][a]
	if !ok {
		return "", &TransitionError{From: s, Action: a, Allowed: Allowed(s)}
	}
	return to, nil
}

// TransitionError refuses an action the flow's state does not allow. The
// API answers it with 409 and the allowed actions.
type TransitionError struct {
	From    State
	Action  Action
	Allowed []Action
}

func (e *TransitionError) Error() string {
	allowed := "none, the state is terminal"
	if len(e.Allowed) > 0 {
		names := make([]string, len(e.Allowed))
		for i, a := range e.Allowed {
			names[i] = string(a)
		}
		allowed = strings.Join(names, ", ")
	}
	return fmt.Sprintf("lifecycle: %s is not allowed for a flow in %s (allowed: %s)", e.Action, e.From, allowed)
}

// Is makes errors.Is(err, ErrConflict) hold, as for every refusal that
// depends on the flow's current state.
func (e *TransitionError) Is(target error) bool { return target == ErrConflict }
