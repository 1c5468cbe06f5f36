package gupshup

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
)

// TestRouteOf pins which API each kind of message takes per
// settings.message_api.
func TestRouteOf(t *testing.T) {
	to := "15550001234"
	text := providers.OutboundMessage{To: to, Type: providers.MessageText, Text: &providers.Text{Body: "hi"}}
	callback := text
	callback.CallbackData = "ref-1"
	link := providers.OutboundMessage{To: to, Type: providers.MessageMedia, Media: &providers.Media{Kind: providers.MediaImage, Link: "https://example.com/a.png"}}
	byID := providers.OutboundMessage{To: to, Type: providers.MessageMedia, Media: &providers.Media{Kind: providers.MediaImage, ID: "123"}}
	body := providers.OutboundMessage{To: to, Type: providers.MessageTemplate, Template: &providers.TemplateMessage{Name: "t", Language: "en_US",
		Components: []providers.TemplateMessageComponent{{Type: providers.RoleBody, Parameters: []providers.TemplateParameter{{Type: providers.ParamText, Text: "Ada"}}}}}}
	flowButton := providers.OutboundMessage{To: to, Type: providers.MessageTemplate, Template: &providers.TemplateMessage{Name: "t", Language: "en_US",
		Components: []providers.TemplateMessageComponent{{Type: providers.RoleButton, SubType: providers.SubTypeFlow,
			Parameters: []providers.TemplateParameter{{Type: providers.ParamAction, Action: &providers.FlowButtonAction{}}}}}}}
	flowMsg := providers.OutboundMessage{To: to, Type: providers.MessageInteractive, Interactive: &providers.Interactive{Type: providers.InteractiveFlow,
		Body: "b", Flow: &providers.FlowAction{FlowID: "1", CTA: "Open"}}}

	withKey := providers.App{Credentials: map[string]string{CredentialAPIKey: "k"}}
	noKey := providers.App{}
	mode := func(app providers.App, m string) providers.App {
		app.Settings = map[string]string{SettingMessageAPI: m}
		return app
	}
	cases := []struct {
		name string
		app  providers.App
		msg  providers.OutboundMessage
		want sendRoute
		err  bool
	}{
		{"auto text", withKey, text, viaV1, false},
		{"auto text without api_key", noKey, text, viaV3, false},
		{"auto text with callback data", withKey, callback, viaV3, false},
		{"auto link media", withKey, link, viaV1, false},
		{"auto media by id", withKey, byID, viaV3, false},
		{"auto body template", noKey, body, viaTemplateMsg, false},
		{"auto FLOW button template", withKey, flowButton, viaV3, false},
		{"auto flow", withKey, flowMsg, viaV3, false},
		{"v3 text", mode(withKey, "v3"), text, viaV3, false},
		{"v3 body template", mode(withKey, "V3"), body, viaV3, false},
		{"v1 text without api_key", mode(noKey, "v1"), text, viaV1, false},
		{"v1 body template", mode(noKey, "v1"), body, viaTemplateMsg, false},
		{"v1 flow refused", mode(withKey, "v1"), flowMsg, 0, true},
		{"v1 FLOW button refused", mode(withKey, "v1"), flowButton, 0, true},
		{"unknown mode", mode(withKey, "v2"), text, 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := routeOf(c.app, c.msg)
			if c.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.want, got, "%s", got)
		})
	}
}
