package messaging

import (
	"context"
	"errors"
	"fmt"

	"github.com/waflow/waflow/providers"
)

// prepareTemplate checks a template message against the app's stored
// template, which must be APPROVED, and gives every FLOW button a signed
// flow token when the message brings none, adding the button's component
// if the message left it out: the completion can then be linked to the
// message.
func (s *Service) prepareTemplate(ctx context.Context, appID string, msg *providers.OutboundMessage, m *Message) error {
	tm := msg.Template
	t, err := s.templates.TemplateByName(ctx, appID, tm.Name, tm.Language)
	switch {
	case errors.Is(err, ErrNotFound):
		return invalid("template.name", "app %s has no template %q in %q; create it, or sync the app's templates", appID, tm.Name, tm.Language)
	case err != nil:
		return fmt.Errorf("messaging: template %s: %w", tm.Name, err)
	case t.Status != TemplateApproved:
		return &StateError{Kind: "template", ID: t.ID, Status: string(t.Status), Reason: "only APPROVED templates can be sent"}
	}
	if err := checkParameters(t.Template, tm); err != nil {
		return err
	}
	m.TemplateID = t.ID
	var defs []providers.TemplateButton
	for _, c := range t.Components {
		if c.Type == providers.ComponentButtons {
			defs = append(defs, c.Buttons...)
		}
	}
	for i, def := range defs {
		if def.Type != providers.ButtonFlow {
			continue
		}
		act := flowButtonAction(tm, i)
		if act.FlowToken == "" && s.tokens == nil {
			continue
		}
		flowID, err := s.templateFlowID(ctx, appID, def)
		if err != nil {
			return err
		}
		if act.FlowToken == "" {
			if act.FlowToken, err = s.issueToken(flowID, msg.To); err != nil {
				return err
			}
		}
		m.FlowID, m.FlowToken = flowID, act.FlowToken
	}
	return nil
}

// flowButtonAction returns the action parameter of the button component at
// index, adding the component and the parameter when missing.
func flowButtonAction(tm *providers.TemplateMessage, index int) *providers.FlowButtonAction {
	var comp *providers.TemplateMessageComponent
	for i := range tm.Components {
		if c := &tm.Components[i]; c.Type == providers.RoleButton && c.Index == index {
			comp = c
		}
	}
	if comp == nil {
		tm.Components = append(tm.Components, providers.TemplateMessageComponent{
			Type: providers.RoleButton, SubType: providers.SubTypeFlow, Index: index})
		comp = &tm.Components[len(tm.Components)-1]
	}
	if len(comp.Parameters) == 0 {
		comp.Parameters = []providers.TemplateParameter{{Type: providers.ParamAction}}
	}
	if comp.Parameters[0].Action == nil {
		comp.Parameters[0].Action = &providers.FlowButtonAction{}
	}
	return comp.Parameters[0].Action
}

// templateFlowID finds waflow's id of the flow a FLOW button opens. A flow
// waflow does not manage (made at the BSP, or by the template's flow_json)
// gives "": its token then binds the recipient only, which the data
// endpoint of any flow accepts.
func (s *Service) templateFlowID(ctx context.Context, appID string, def providers.TemplateButton) (string, error) {
	if s.flows == nil || def.FlowID == "" && def.FlowName == "" {
		return "", nil
	}
	ref := FlowRef{RemoteID: def.FlowID}
	if def.FlowID == "" {
		ref = FlowRef{Name: def.FlowName}
	}
	ft, err := s.flows.ResolveFlow(ctx, appID, ref)
	switch {
	case errors.Is(err, ErrFlowNotFound):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("messaging: resolve the flow of a FLOW button: %w", err)
	}
	return ft.FlowID, nil
}
