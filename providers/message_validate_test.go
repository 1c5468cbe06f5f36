package providers_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
)

func TestOutboundMessageValidate(t *testing.T) {
	flow := func(f providers.FlowAction) providers.OutboundMessage {
		return providers.OutboundMessage{To: "15550001111", Type: providers.MessageInteractive,
			Interactive: &providers.Interactive{Type: providers.InteractiveFlow, Body: "Go", Flow: &f}}
	}
	text := providers.OutboundMessage{To: "15550001111", Type: providers.MessageText, Text: &providers.Text{Body: "hi"}}
	tests := []struct {
		name   string
		msg    providers.OutboundMessage
		fields []string
	}{
		{"text", text, nil},
		{"mark read needs no recipient", providers.OutboundMessage{Type: providers.MessageMarkRead,
			MarkRead: &providers.MarkRead{MessageID: "wamid.1"}}, nil},
		{"unknown type", providers.OutboundMessage{To: "15550001111", Type: "fax"}, []string{"type"}},
		{"payload of another type", providers.OutboundMessage{To: "15550001111", Type: providers.MessageText,
			Text: &providers.Text{Body: "x"}, Reaction: &providers.Reaction{MessageID: "m"}}, []string{"reaction"}},
		{"missing payload", providers.OutboundMessage{To: "15550001111", Type: providers.MessageText}, []string{"text"}},
		{"text too long", providers.OutboundMessage{To: "15550001111", Type: providers.MessageText,
			Text: &providers.Text{Body: strings.Repeat("é", 4097)}}, []string{"text.body"}},
		{"caption on audio", providers.OutboundMessage{To: "15550001111", Type: providers.MessageMedia,
			Media: &providers.Media{Kind: providers.MediaAudio, ID: "1", Caption: "no"}}, []string{"media.caption"}},
		{"media link not a URL", providers.OutboundMessage{To: "15550001111", Type: providers.MessageMedia,
			Media: &providers.Media{Kind: providers.MediaImage, Link: "cat.png"}}, []string{"media.link"}},
		{"flow cta of 21 characters", flow(providers.FlowAction{FlowID: "1", CTA: strings.Repeat("a", 21)}), []string{"interactive.flow.cta"}},
		{"flow cta of 20 characters", flow(providers.FlowAction{FlowID: "1", CTA: strings.Repeat("ü", 20)}), nil},
		{"flow by id and name", flow(providers.FlowAction{FlowID: "1", FlowName: "n", CTA: "Go"}), []string{"interactive.flow"}},
		{"empty flow data", flow(providers.FlowAction{FlowID: "1", CTA: "Go", Data: map[string]any{}}), []string{"interactive.flow.data"}},
		{"bad mode", flow(providers.FlowAction{FlowID: "1", CTA: "Go", Mode: "test"}), []string{"interactive.flow.mode"}},
		{"four reply buttons", providers.OutboundMessage{To: "15550001111", Type: providers.MessageInteractive,
			Interactive: &providers.Interactive{Type: providers.InteractiveButton, Body: "Pick", Buttons: []providers.ReplyButton{
				{ID: "a", Title: "A"}, {ID: "b", Title: "B"}, {ID: "c", Title: "C"}, {ID: "d", Title: "D"}}}}, []string{"interactive.buttons"}},
		{"template button twice", providers.OutboundMessage{To: "15550001111", Type: providers.MessageTemplate,
			Template: &providers.TemplateMessage{Name: "t", Language: "en", Components: []providers.TemplateMessageComponent{
				{Type: providers.RoleButton, SubType: providers.SubTypeURL, Index: 1},
				{Type: providers.RoleButton, SubType: providers.SubTypeURL, Index: 1}}}}, []string{"template.components[1]"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.msg.Validate()
			if tc.fields == nil {
				require.NoError(t, err)
				return
			}
			var ime *providers.InvalidMessageError
			require.True(t, errors.As(err, &ime), "got %v", err)
			var got []string
			for _, f := range ime.Fields {
				got = append(got, f.Field)
			}
			require.Equal(t, tc.fields, got)
		})
	}
}

func TestOperationOfMessage(t *testing.T) {
	flow := providers.OutboundMessage{Type: providers.MessageInteractive, Interactive: &providers.Interactive{Type: providers.InteractiveFlow}}
	list := providers.OutboundMessage{Type: providers.MessageInteractive, Interactive: &providers.Interactive{Type: providers.InteractiveList}}
	require.Equal(t, providers.OpSendFlow, flow.Operation())
	require.Equal(t, providers.OpSendInteractive, list.Operation())
	require.Equal(t, providers.OpMarkRead, providers.OutboundMessage{Type: providers.MessageMarkRead}.Operation())
	require.Equal(t, providers.Operation(""), providers.OutboundMessage{Type: "fax"}.Operation())
}
