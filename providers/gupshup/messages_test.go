package gupshup_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/gupshup"
	"github.com/waflow/waflow/providers/gupshup/gupshuptest"
)

// TestSendSurfaces sends through each API and compares the wire with
// testdata/requests: the v3 passthrough for a text when the app says so,
// a v1 reply quoting a Gupshup id.
func TestSendSurfaces(t *testing.T) {
	f := newFixture(t, gupshuptest.Options{}, gupshup.Options{})
	ctx := t.Context()
	cases := []struct {
		scenario string
		app      providers.App
		msg      providers.OutboundMessage
	}{
		{"send-text-v3", f.withSetting(gupshup.SettingMessageAPI, gupshup.MessageAPIV3),
			providers.OutboundMessage{To: "+15550001234", Type: providers.MessageText, Text: &providers.Text{Body: "Hello over v3", PreviewURL: true}}},
		{"send-text-reply-v1", f.app, providers.OutboundMessage{To: "15550001234", Type: providers.MessageText,
			ReplyTo: "00000042-0000-4000-8000-000000000042", Text: &providers.Text{Body: "Your booking: https://example.com/b/42", PreviewURL: true}}},
		{"send-media-video-link-v1", f.app, providers.OutboundMessage{To: "15550001234", Type: providers.MessageMedia,
			Media: &providers.Media{Kind: providers.MediaVideo, Link: "https://example.com/tour.mp4", Caption: "Tour"}}},
	}
	for _, c := range cases {
		t.Run(c.scenario, func(t *testing.T) {
			res, err := f.p.SendMessage(ctx, c.app, c.msg)
			require.NoError(t, err)
			require.NotEmpty(t, res.ID)
			require.Empty(t, res.WAMID, "Gupshup answers its own id")
			wire, ok := f.srv.Sent(res.ID)
			require.True(t, ok)
			checkWire(t, c.scenario, wire)
		})
	}
}

func TestSendRefusals(t *testing.T) {
	f := newFixture(t, gupshuptest.Options{}, gupshup.Options{})
	ctx := t.Context()
	flowMsg := providers.OutboundMessage{To: "15550001234", Type: providers.MessageInteractive, Interactive: &providers.Interactive{
		Type: providers.InteractiveFlow, Body: "Open", Flow: &providers.FlowAction{FlowID: "1", CTA: "Open"}}}
	template := providers.OutboundMessage{To: "15550001234", Type: providers.MessageTemplate,
		Template: &providers.TemplateMessage{Name: "missing", Language: "en_US"}}
	noName := f.app
	noName.Settings = map[string]string{gupshup.SettingAppID: f.srv.AppID(), gupshup.SettingBaseURL: f.srv.URL}

	cases := []struct {
		name string
		app  providers.App
		msg  providers.OutboundMessage
		kind providers.ErrorKind
	}{
		{"a flow when the app is on v1", f.withSetting(gupshup.SettingMessageAPI, gupshup.MessageAPIV1), flowMsg, providers.ErrorInvalid},
		{"an unknown message_api", f.withSetting(gupshup.SettingMessageAPI, "v9"), textMessage, providers.ErrorInvalid},
		{"a template Gupshup does not list", f.app, template, providers.ErrorNotFound},
		{"a v1 send without app_name", noName, textMessage, providers.ErrorInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(f.srv.Requests())
			_, err := f.p.SendMessage(ctx, c.app, c.msg)
			var pe *providers.Error
			require.True(t, errors.As(err, &pe), "%v", err)
			require.Equal(t, c.kind, pe.Kind, "%v", err)
			for _, r := range f.srv.Requests()[before:] {
				require.Equal(t, "GET", r.Method, "nothing is sent")
			}
		})
	}

	_, err := f.p.SendMessage(ctx, f.app, providers.OutboundMessage{Type: providers.MessageMarkRead,
		MarkRead: &providers.MarkRead{MessageID: "wamid.x"}})
	require.ErrorIs(t, err, providers.ErrUnsupported)
}
