package sandbox

import (
	"context"
	"slices"

	"github.com/waflow/waflow/providers"
)

// CreateFlow creates a DRAFT flow for app. Names are unique per app, as they
// are per WABA at Meta, and Meta's categories are enforced.
func (s *Sandbox) CreateFlow(ctx context.Context, app providers.App, req providers.CreateFlowRequest) (providers.RemoteFlow, error) {
	const op = providers.OpCreateFlow
	call, err := s.begin(ctx, op, app.ID, "")
	if err != nil {
		return providers.RemoteFlow{}, err
	}
	if err := checkCreate(req); err != nil {
		return providers.RemoteFlow{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.app(app.ID)
	for _, f := range a.flows {
		if f.name == req.Name {
			return providers.RemoteFlow{}, conflict(op, codeInvalidParameter, "a flow named %q already exists", req.Name)
		}
	}
	id := s.newID()
	if _, taken := a.flows[id]; taken || id == "" {
		return providers.RemoteFlow{}, opError(op, providers.ErrorUnknown, "", "the id source returned %q, which is empty or already taken", id)
	}
	f := &remoteFlow{
		id:          id,
		name:        req.Name,
		status:      providers.FlowDraft,
		endpointURI: req.EndpointURI,
		updatedAt:   s.now(),
	}
	a.flows[id] = f
	s.calls[call].RemoteID = id
	return f.snapshot(s.previewBase), nil
}

// UpdateFlowJSON stores flowJSON as the flow's draft and returns what
// validation found in it; errors do not fail the upload, they only block
// publishing. Uploading to a PUBLISHED flow turns it back into a DRAFT
// while users keep getting the published document. THROTTLED, BLOCKED and
// DEPRECATED flows cannot be edited.
func (s *Sandbox) UpdateFlowJSON(ctx context.Context, app providers.App, remoteID string, flowJSON []byte) ([]providers.ValidationError, error) {
	const op = providers.OpUpdateFlowJSON
	if _, err := s.begin(ctx, op, app.ID, remoteID); err != nil {
		return nil, err
	}
	if len(flowJSON) > maxFlowJSONSize {
		return nil, invalid(op, "Flow JSON is %d bytes; the limit is %d", len(flowJSON), maxFlowJSONSize)
	}
	// Validation can take a while on a large flow; it runs before taking the
	// lock so other apps are not held up by it.
	verrs := s.validate(flowJSON)
	needsEndpoint := isEndpointFlow(flowJSON)

	err := s.withFlow(op, app.ID, remoteID, func(_ *appState, f *remoteFlow) error {
		if err := s.edit(op, f); err != nil {
			return err
		}
		f.draft = append([]byte{}, flowJSON...)
		f.draftErrors = slices.Clone(verrs)
		f.draftNeedsEndpoint = needsEndpoint
		return nil
	})
	if err != nil {
		return nil, err
	}
	return slices.Clone(verrs), nil
}

// SetEndpoint sets the flow's endpoint URI. Like any edit it re-drafts a
// PUBLISHED flow, unless the URI is the one it already has: repeating a step
// must not take a flow out of service.
func (s *Sandbox) SetEndpoint(ctx context.Context, app providers.App, remoteID, endpointURI string) error {
	const op = providers.OpSetEndpoint
	if _, err := s.begin(ctx, op, app.ID, remoteID); err != nil {
		return err
	}
	if err := checkEndpointURI(op, endpointURI); err != nil {
		return err
	}
	return s.withFlow(op, app.ID, remoteID, func(_ *appState, f *remoteFlow) error {
		if f.status == providers.FlowPublished && f.endpointURI == endpointURI {
			return nil
		}
		if err := s.edit(op, f); err != nil {
			return err
		}
		f.endpointURI = endpointURI
		return nil
	})
}

// edit applies the state rule shared by every change to a flow's content.
// Callers hold mu.
func (s *Sandbox) edit(op providers.Operation, f *remoteFlow) error {
	switch f.status {
	case providers.FlowDraft:
	case providers.FlowPublished:
		f.status = providers.FlowDraft
	default:
		return conflict(op, codeCannotUpdate, "a %s flow cannot be edited", f.status)
	}
	f.updatedAt = s.now()
	return nil
}

// PublishFlow publishes a DRAFT flow whose uploaded JSON has no validation
// errors. A flow that declares a data_api_version also needs an endpoint URI
// and a public key on its app, as Meta's publishing checks demand.
func (s *Sandbox) PublishFlow(ctx context.Context, app providers.App, remoteID string) error {
	const op = providers.OpPublishFlow
	return s.onFlow(ctx, op, app.ID, remoteID, func(a *appState, f *remoteFlow) error {
		switch {
		case f.status != providers.FlowDraft:
			return conflict(op, codeCannotPublish, "only a DRAFT flow can be published; this one is %s", f.status)
		case f.draft == nil:
			return conflict(op, codeCannotPublish, "no Flow JSON has been uploaded")
		case len(f.draftErrors) > 0:
			return conflict(op, codeCannotPublish, "the Flow JSON has %d validation errors", len(f.draftErrors))
		case f.draftNeedsEndpoint && f.endpointURI == "":
			return conflict(op, codeCannotPublish, "an endpoint flow needs an endpoint URI")
		case f.draftNeedsEndpoint && a.publicKey == nil:
			return conflict(op, codeCannotPublish, "an endpoint flow needs a public key on its app")
		}
		f.published = f.draft
		f.status = providers.FlowPublished
		f.updatedAt = s.now()
		return nil
	})
}

// DeprecateFlow retires a PUBLISHED, THROTTLED or BLOCKED flow for good.
// Deprecating a DEPRECATED flow is a conflict that wraps
// providers.ErrAlreadyDeprecated.
func (s *Sandbox) DeprecateFlow(ctx context.Context, app providers.App, remoteID string) error {
	const op = providers.OpDeprecateFlow
	return s.onFlow(ctx, op, app.ID, remoteID, func(_ *appState, f *remoteFlow) error {
		switch f.status {
		case providers.FlowPublished, providers.FlowThrottled, providers.FlowBlocked:
			f.status = providers.FlowDeprecated
			f.updatedAt = s.now()
			return nil
		case providers.FlowDeprecated:
			e := conflict(op, codeCannotDeprecate, "the flow is already deprecated")
			e.Err = providers.ErrAlreadyDeprecated
			return e
		default:
			return conflict(op, codeCannotDeprecate, "only a published flow can be deprecated; this one is %s", f.status)
		}
	})
}

// DeleteFlow deletes a DRAFT flow that was never published; once published,
// a flow can only be deprecated.
func (s *Sandbox) DeleteFlow(ctx context.Context, app providers.App, remoteID string) error {
	const op = providers.OpDeleteFlow
	return s.onFlow(ctx, op, app.ID, remoteID, func(a *appState, f *remoteFlow) error {
		if f.status != providers.FlowDraft || f.everPublished() {
			return conflict(op, codeCannotDelete, "only a never-published DRAFT flow can be deleted; deprecate this one instead")
		}
		delete(a.flows, remoteID)
		return nil
	})
}

// GetFlow returns the flow as the sandbox holds it. ValidationErrors are
// those of the last uploaded document.
func (s *Sandbox) GetFlow(ctx context.Context, app providers.App, remoteID string) (providers.RemoteFlow, error) {
	var out providers.RemoteFlow
	err := s.onFlow(ctx, providers.OpGetFlow, app.ID, remoteID, func(_ *appState, f *remoteFlow) error {
		out = f.snapshot(s.previewBase)
		return nil
	})
	return out, err
}

// PreviewFlow returns the flow's preview link under Options.PreviewBaseURL.
func (s *Sandbox) PreviewFlow(ctx context.Context, app providers.App, remoteID string) (string, error) {
	var out string
	err := s.onFlow(ctx, providers.OpPreviewFlow, app.ID, remoteID, func(*appState, *remoteFlow) error {
		out = previewURL(s.previewBase, remoteID)
		return nil
	})
	return out, err
}

// PublishedJSON returns the document users currently get for a flow, which
// differs from the last upload while an edited flow is a DRAFT again. It is
// false when the flow does not exist or was never published.
func (s *Sandbox) PublishedJSON(appID, remoteID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, f, err := s.flow(providers.OpGetFlow, appID, remoteID)
	if err != nil || !f.everPublished() {
		return nil, false
	}
	return slices.Clone(f.published), true
}

// flow finds remoteID among appID's flows, never another app's. Callers
// hold mu.
func (s *Sandbox) flow(op providers.Operation, appID, remoteID string) (*appState, *remoteFlow, error) {
	a, ok := s.apps[appID]
	if !ok {
		return nil, nil, notFound(op, remoteID)
	}
	f, ok := a.flows[remoteID]
	if !ok {
		return nil, nil, notFound(op, remoteID)
	}
	return a, f, nil
}

// onFlow begins op (see begin), then runs fn as withFlow does.
func (s *Sandbox) onFlow(ctx context.Context, op providers.Operation, appID, remoteID string, fn func(*appState, *remoteFlow) error) error {
	if _, err := s.begin(ctx, op, appID, remoteID); err != nil {
		return err
	}
	return s.withFlow(op, appID, remoteID, fn)
}

// withFlow runs fn on appID's flow remoteID with mu held from the lookup
// until fn returns; a flow that is not there is op's not-found error.
func (s *Sandbox) withFlow(op providers.Operation, appID, remoteID string, fn func(*appState, *remoteFlow) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, f, err := s.flow(op, appID, remoteID)
	if err != nil {
		return err
	}
	return fn(a, f)
}
