package lifecycle

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowjson"
)

// PutJSON validates src with package flowjson and stores it as the flow's
// next revision. An invalid document is refused with a *FlowJSONError
// carrying the diagnostics, and nothing is stored: unlike Meta, which keeps
// invalid drafts and refuses to publish them, waflow keeps only revisions
// that could be published. Editing a published flow makes it a DRAFT
// again while users keep the published revision; for a never-published
// flow the new revision goes to every target at once, so previews follow.
func (s *Service) PutJSON(ctx context.Context, id string, src []byte) (Flow, Revision, error) {
	if len(src) > maxFlowJSONSize {
		return Flow{}, Revision{}, &ValidationError{Fields: []FieldError{{Field: "json", Message: "must be at most 10 MB"}}}
	}
	res := flowjson.Validate(src, flowjson.Options{})
	if !res.Valid() {
		return Flow{}, Revision{}, &FlowJSONError{Diagnostics: res.Diagnostics}
	}
	var top struct {
		DataAPIVersion string `json:"data_api_version"`
	}
	// Valid documents parse; a data_api_version of the wrong type would not
	// have passed the schema either.
	_ = json.Unmarshal(src, &top)
	var rev Revision
	f, err := s.change(ctx, id, ActionPutJSON, func(f Flow, to Status, now time.Time) (FlowUpdate, error) {
		rev = Revision{
			FlowID: f.ID, Number: f.CurrentRevision + 1, JSON: append([]byte(nil), src...),
			FlowJSONVersion: res.Version.String(), DataAPIVersion: top.DataAPIVersion,
			Valid: true, Diagnostics: res.Diagnostics, CreatedAt: now,
		}
		next := f
		next.Status, next.CurrentRevision = to, rev.Number
		u := FlowUpdate{Flow: next, Revision: &rev}
		if !f.everPublished() {
			u.Retarget = &Retarget{Desired: StatusDraft, Revision: rev.Number, At: now}
		}
		return u, nil
	})
	if err != nil {
		return Flow{}, Revision{}, err
	}
	return f, rev, nil
}

// Revision returns one revision of a flow with its JSON, or ErrNotFound.
func (s *Service) Revision(ctx context.Context, flowID string, number int) (Revision, error) {
	rev, err := s.repo.Revision(ctx, flowID, number)
	if err != nil {
		return Revision{}, fmt.Errorf("lifecycle: revision %d of flow %s: %w", number, flowID, err)
	}
	return rev, nil
}

// Revisions lists a flow's revisions, oldest first, without their JSON.
func (s *Service) Revisions(ctx context.Context, flowID string) ([]Revision, error) {
	if _, err := s.GetFlow(ctx, flowID); err != nil {
		return nil, err
	}
	revs, err := s.repo.Revisions(ctx, flowID)
	if err != nil {
		return nil, fmt.Errorf("lifecycle: revisions of flow %s: %w", flowID, err)
	}
	return revs, nil
}

// PutScript compiles source as the flow's data-endpoint handler and stores
// it as the next script revision. A script that does not compile is
// refused with a *ScriptError at its line and column. Scripts run in
// waflow, not at the BSP, so a new one changes no status: the endpoint
// answers with it from the next request on.
func (s *Service) PutScript(ctx context.Context, flowID, source string) (Flow, Script, error) {
	prg, err := script.Compile("flow-"+flowID+".js", source)
	if err != nil {
		var ce *script.CompileError
		if errors.As(err, &ce) {
			return Flow{}, Script{}, &ScriptError{Line: ce.Line, Column: ce.Column, Message: ce.Message}
		}
		return Flow{}, Script{}, fmt.Errorf("lifecycle: compile script of flow %s: %w", flowID, err)
	}
	var sc Script
	f, err := s.change(ctx, flowID, ActionPutScript, func(f Flow, to Status, now time.Time) (FlowUpdate, error) {
		sc = Script{FlowID: f.ID, Revision: f.ScriptRevision + 1, Source: source, Form: prg.Form().String(), CreatedAt: now}
		next := f
		next.Status, next.ScriptRevision = to, sc.Revision
		return FlowUpdate{Flow: next, Script: &sc}, nil
	})
	if err != nil {
		return Flow{}, Script{}, err
	}
	return f, sc, nil
}

// Script returns a script revision of a flow; revision 0 means the current
// one. A flow without a script gives ErrNotFound.
func (s *Service) Script(ctx context.Context, flowID string, revision int) (Script, error) {
	if revision == 0 {
		f, err := s.GetFlow(ctx, flowID)
		if err != nil {
			return Script{}, err
		}
		if f.ScriptRevision == 0 {
			return Script{}, fmt.Errorf("lifecycle: script of flow %s: none uploaded: %w", flowID, ErrNotFound)
		}
		revision = f.ScriptRevision
	}
	sc, err := s.repo.Script(ctx, flowID, revision)
	if err != nil {
		return Script{}, fmt.Errorf("lifecycle: script %d of flow %s: %w", revision, flowID, err)
	}
	return sc, nil
}
