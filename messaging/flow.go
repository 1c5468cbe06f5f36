package messaging

import (
	"context"
	"errors"
	"fmt"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
)

// FlowRef names a flow by exactly one of waflow's id, its name, or the id
// the app's BSP gave it.
type FlowRef struct {
	ID       string
	Name     string
	RemoteID string
}

// FlowTarget is a flow as deployed to one app.
type FlowTarget struct {
	FlowID string
	Name   string
	// Status is the flow's status in waflow.
	Status providers.FlowStatus
	// RemoteID is the BSP's id of the flow, empty until the flow was
	// created at the app's BSP; RemoteStatus is what the BSP last said.
	RemoteID     string
	RemoteStatus providers.FlowStatus
	// Published reports whether a revision of the flow was published on
	// this app, which published-mode sends need.
	Published bool
}

// FlowResolver finds the flows messages name; package
// messaging/lifecycleflows implements it over the lifecycle service. It must
// be safe for concurrent use. A flow it does not know, or one not deployed
// to the app, is an error wrapping [ErrFlowNotFound].
type FlowResolver interface {
	ResolveFlow(ctx context.Context, appID string, ref FlowRef) (FlowTarget, error)
}

// prepareFlow resolves the flow of an interactive flow message to the BSP's
// id, checks that the mode may open it, and fills in a signed flow token
// when the message has none. It returns the waflow flow id.
//
// The rules follow Meta's lifecycle. Published mode (the default) opens
// the last published version, so it needs a revision published on this
// app and a flow that is neither DEPRECATED nor BLOCKED; a flow edited
// since (DRAFT again in waflow) still qualifies. Draft mode opens the
// current draft and WhatsApp refuses it for a published flow, so it needs
// the flow to be DRAFT both in waflow and, as far as waflow knows, at the
// BSP.
func (s *Service) prepareFlow(ctx context.Context, appID string, msg *providers.OutboundMessage) (string, error) {
	fa := msg.Interactive.Flow
	if s.flows == nil {
		return "", invalid("interactive.flow", "this server sends no flow messages: no flow resolver is configured")
	}
	ref, field := FlowRef{ID: fa.FlowID}, "interactive.flow.flow_id"
	if fa.FlowID == "" {
		ref, field = FlowRef{Name: fa.FlowName}, "interactive.flow.flow_name"
	}
	ft, err := s.flows.ResolveFlow(ctx, appID, ref)
	switch {
	case errors.Is(err, ErrFlowNotFound):
		return "", invalid(field, "no flow with this id or name is deployed to app %s", appID)
	case err != nil:
		return "", fmt.Errorf("messaging: resolve flow: %w", err)
	}
	if err := checkFlowMode(ft, fa.Mode); err != nil {
		return "", err
	}
	fa.FlowID, fa.FlowName = ft.RemoteID, ""
	if fa.Token == "" {
		if fa.Token, err = s.issueToken(ft.FlowID, msg.To); err != nil {
			return "", err
		}
	}
	return ft.FlowID, nil
}

func checkFlowMode(ft FlowTarget, mode providers.FlowMode) error {
	refuse := func(reason string) error {
		return &StateError{Kind: "flow", ID: ft.FlowID, Status: string(ft.Status), Reason: reason}
	}
	switch {
	case ft.RemoteID == "":
		return refuse("it is not created at the app's BSP yet; wait for its target to be reconciled")
	case ft.Status == providers.FlowDeprecated || ft.RemoteStatus == providers.FlowDeprecated:
		return refuse("deprecated flows cannot be sent")
	case mode == providers.FlowModeDraft:
		if ft.Status != providers.FlowDraft || (ft.RemoteStatus != "" && ft.RemoteStatus != providers.FlowDraft) {
			return refuse("draft mode sends a DRAFT flow only; send it in published mode")
		}
	case !ft.Published:
		return refuse("it was never published on this app; publish it or send it in draft mode")
	case ft.RemoteStatus == providers.FlowBlocked:
		return refuse("the BSP reports it BLOCKED")
	}
	return nil
}

func (s *Service) issueToken(flowID, recipient string) (string, error) {
	if s.tokens == nil {
		return "", invalid("flow_token", "this server issues no flow tokens; give one")
	}
	tok, err := s.tokens.Issue(crypto.TokenClaims{FlowID: flowID, Recipient: recipient})
	if err != nil {
		return "", fmt.Errorf("messaging: issue flow token: %w", err)
	}
	return tok, nil
}
