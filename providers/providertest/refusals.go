package providertest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/waflow/waflow/providers"
)

// notFound calls every supported operation that names a flow or a
// template with an id that does not exist.
func (s *suite) notFound(t *testing.T) {
	for _, op := range providers.Operations() {
		if !namesRemoteObject(op) || !s.caps.Supports(op) {
			continue
		}
		t.Run(string(op), func(t *testing.T) {
			s.expectError(t, s.invoke(t.Context(), op, s.h.unknownID()), op, providers.ErrorNotFound)
		})
	}
}

// unsupported calls every operation the provider does not offer.
func (s *suite) unsupported(t *testing.T) {
	for _, op := range providers.Operations() {
		if s.caps.Supports(op) {
			continue
		}
		t.Run(string(op), func(t *testing.T) {
			err := s.invoke(t.Context(), op, s.h.unknownID())
			var ue *providers.UnsupportedError
			if !assert.True(t, errors.As(err, &ue), "%s is not offered, so it must return *providers.UnsupportedError, got %v", op, err) {
				return
			}
			assert.Equal(t, s.bsp, ue.BSP, "the error names the BSP")
			assert.Equal(t, op, ue.Operation, "the error names the operation")
			assert.ErrorIs(t, err, providers.ErrUnsupported)
			assert.False(t, providers.Retryable(err), "an unsupported operation is never retried")
		})
	}
}

// namesRemoteObject reports whether op addresses an existing flow or
// template, so that an unknown id must be refused as not found.
func namesRemoteObject(op providers.Operation) bool {
	switch op {
	case providers.OpCreateFlow, providers.OpSetPublicKey, providers.OpCreateTemplate, providers.OpListTemplates:
		return false
	}
	return !slices.Contains(providers.SendOperations(), op)
}

// invoke makes the call behind op on remoteID with well-formed arguments.
// Messaging calls go through providers.SenderOf and providers.TemplatesOf,
// so a provider that does not implement them answers as unsupported.
func (s *suite) invoke(ctx context.Context, op providers.Operation, remoteID string) error {
	if slices.Contains(providers.SendOperations(), op) {
		msg := messageFor(op)
		sender, err := providers.SenderOf(s.p, msg)
		if err != nil {
			return err
		}
		_, err = sender.SendMessage(ctx, s.app, msg)
		return err
	}
	if slices.Contains(providers.TemplateOperations(), op) {
		tm, err := providers.TemplatesOf(s.p, op)
		if err != nil {
			return err
		}
		return invokeTemplates(ctx, tm, s.app, op, remoteID)
	}
	return s.invokeFlows(ctx, op, remoteID)
}

// invokeFlows makes the flow or key call behind op.
func (s *suite) invokeFlows(ctx context.Context, op providers.Operation, remoteID string) error {
	var err error
	switch op {
	case providers.OpCreateFlow:
		_, err = s.p.CreateFlow(ctx, s.app, providers.CreateFlowRequest{Name: "providertest-" + string(op), Categories: []string{"OTHER"}})
	case providers.OpUpdateFlowJSON:
		_, err = s.p.UpdateFlowJSON(ctx, s.app, remoteID, validFlow)
	case providers.OpSetEndpoint:
		err = s.p.SetEndpoint(ctx, s.app, remoteID, endpointURI)
	case providers.OpPublishFlow:
		err = s.p.PublishFlow(ctx, s.app, remoteID)
	case providers.OpDeprecateFlow:
		err = s.p.DeprecateFlow(ctx, s.app, remoteID)
	case providers.OpDeleteFlow:
		err = s.p.DeleteFlow(ctx, s.app, remoteID)
	case providers.OpGetFlow:
		_, err = s.p.GetFlow(ctx, s.app, remoteID)
	case providers.OpPreviewFlow:
		_, err = s.p.PreviewFlow(ctx, s.app, remoteID)
	case providers.OpSetPublicKey:
		err = s.p.SetPublicKey(ctx, s.app, []byte(publicKeyPEM))
	default:
		// Reached only when providers gains an operation this suite does not
		// know yet; failing makes that visible.
		err = fmt.Errorf("providertest: no call known for %s", op)
	}
	return err
}

// messageFor builds a well-formed message of the kind op sends.
func messageFor(op providers.Operation) providers.OutboundMessage {
	const to = "15550001234"
	switch op {
	case providers.OpSendMedia:
		return providers.OutboundMessage{To: to, Type: providers.MessageMedia,
			Media: &providers.Media{Kind: providers.MediaImage, Link: "https://example.com/a.png"}}
	case providers.OpSendReaction:
		return providers.OutboundMessage{To: to, Type: providers.MessageReaction,
			Reaction: &providers.Reaction{MessageID: "wamid.providertest", Emoji: "\U0001F44D"}}
	case providers.OpSendTemplate:
		return providers.OutboundMessage{To: to, Type: providers.MessageTemplate,
			Template: &providers.TemplateMessage{Name: "providertest", Language: "en_US"}}
	case providers.OpSendInteractive:
		return providers.OutboundMessage{To: to, Type: providers.MessageInteractive,
			Interactive: &providers.Interactive{Type: providers.InteractiveLocationRequest, Body: "Where are you?"}}
	case providers.OpSendFlow:
		return providers.OutboundMessage{To: to, Type: providers.MessageInteractive,
			Interactive: &providers.Interactive{Type: providers.InteractiveFlow, Body: "Open",
				Flow: &providers.FlowAction{FlowID: "providertest", CTA: "Open"}}}
	case providers.OpMarkRead:
		return providers.OutboundMessage{Type: providers.MessageMarkRead,
			MarkRead: &providers.MarkRead{MessageID: "wamid.providertest"}}
	}
	return providers.OutboundMessage{To: to, Type: providers.MessageText, Text: &providers.Text{Body: "providertest"}}
}

// invokeTemplates makes the template call behind op.
func invokeTemplates(ctx context.Context, tm providers.TemplateManager, app providers.App, op providers.Operation, remoteID string) error {
	tpl := providers.Template{Name: "providertest", Language: "en_US", Category: providers.CategoryUtility,
		Components: []providers.TemplateComponent{{Type: providers.ComponentBody, Text: "providertest"}}}
	var err error
	switch op {
	case providers.OpCreateTemplate:
		_, err = tm.CreateTemplate(ctx, app, tpl)
	case providers.OpGetTemplate:
		_, err = tm.GetTemplate(ctx, app, remoteID)
	case providers.OpListTemplates:
		_, err = tm.ListTemplates(ctx, app)
	case providers.OpUpdateTemplate:
		_, err = tm.UpdateTemplate(ctx, app, remoteID, tpl)
	case providers.OpDeleteTemplate:
		err = tm.DeleteTemplate(ctx, app, remoteID, tpl.Name)
	}
	return err
}
