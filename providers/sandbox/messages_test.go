package sandbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
)

func flowMessage(f providers.FlowAction) providers.OutboundMessage {
	return providers.OutboundMessage{To: "15550001111", Type: providers.MessageInteractive,
		Interactive: &providers.Interactive{Type: providers.InteractiveFlow, Body: "Go", Flow: &f}}
}

func TestSendMessageRecordsAndAnswersWithTwoIDs(t *testing.T) {
	ctx := context.Background()
	sb := sandbox.New(sandbox.Options{})
	msg := providers.OutboundMessage{To: "+15550001111", Type: providers.MessageText, Text: &providers.Text{Body: "hi"}}
	res, err := sb.SendMessage(ctx, appA, msg)
	require.NoError(t, err)
	require.Equal(t, "sbx-msg-0001", res.ID)
	require.Equal(t, "wamid.SBX00000001", res.WAMID)
	require.JSONEq(t, `{"messaging_product":"whatsapp","contacts":[{"input":"+15550001111","wa_id":"15550001111"}],
		"messages":[{"id":"wamid.SBX00000001"}],"sandbox_id":"sbx-msg-0001"}`, string(res.Raw))
	require.Equal(t, []providers.OutboundMessage{msg}, sb.Sent())
	require.Equal(t, appA.ID, sb.SentMessages()[0].AppID)

	_, err = sb.SendMessage(ctx, appA, providers.OutboundMessage{To: "1", Type: providers.MessageText, Text: &providers.Text{Body: "x"}})
	requireProviderError(t, err, providers.ErrorInvalid, "100")
	require.Len(t, sb.Sent(), 1, "a refused message is not recorded")
}

func TestSendFlowFollowsMetaModes(t *testing.T) {
	ctx := context.Background()
	sb := sandbox.New(sandbox.Options{})
	draft := newFlow(t, sb, appA, "draft", validJSON)
	published := newFlow(t, sb, appA, "published", validJSON)
	require.NoError(t, sb.PublishFlow(ctx, appA, published))

	tests := []struct {
		name string
		f    providers.FlowAction
		kind providers.ErrorKind
		code string
	}{
		{"published by id", providers.FlowAction{FlowID: published, CTA: "Go"}, "", ""},
		{"published by name", providers.FlowAction{FlowName: "published", CTA: "Go"}, "", ""},
		{"draft in draft mode", providers.FlowAction{FlowID: draft, CTA: "Go", Mode: providers.FlowModeDraft}, "", ""},
		{"draft in published mode", providers.FlowAction{FlowID: draft, CTA: "Go"}, providers.ErrorConflict, "100"},
		{"published in draft mode", providers.FlowAction{FlowID: published, CTA: "Go", Mode: providers.FlowModeDraft}, providers.ErrorConflict, "100"},
		{"unknown flow", providers.FlowAction{FlowID: "nope", CTA: "Go"}, providers.ErrorInvalid, "100"},
		{"another app's flow", providers.FlowAction{FlowID: published, CTA: "Go"}, providers.ErrorInvalid, "100"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app := appA
			if tc.name == "another app's flow" {
				app = appB
			}
			_, err := sb.SendMessage(ctx, app, flowMessage(tc.f))
			if tc.kind == "" {
				require.NoError(t, err)
				return
			}
			requireProviderError(t, err, tc.kind, tc.code)
		})
	}
	require.NoError(t, sb.Throttle(appA.ID, published))
	require.NoError(t, sb.Block(appA.ID, published))
	_, err := sb.SendMessage(ctx, appA, flowMessage(providers.FlowAction{FlowID: published, CTA: "Go"}))
	requireProviderError(t, err, providers.ErrorConflict, "132068")
}

func TestTemplatesReviewAndSend(t *testing.T) {
	ctx := context.Background()
	now := epoch
	sb := sandbox.New(sandbox.Options{Now: func() time.Time { return now }, TemplateApproval: time.Minute})
	tpl := providers.Template{Name: "hello", Language: "en_US", Category: providers.CategoryUtility,
		Components: []providers.TemplateComponent{{Type: providers.ComponentBody, Text: "Hello"}}}
	created, err := sb.CreateTemplate(ctx, appA, tpl)
	require.NoError(t, err)
	require.Equal(t, providers.TemplatePending, created.Status)
	require.Equal(t, tpl, created.Template)

	_, err = sb.CreateTemplate(ctx, appA, tpl)
	requireProviderError(t, err, providers.ErrorConflict, "100")
	bad := tpl
	bad.Name = "Hello World"
	_, err = sb.CreateTemplate(ctx, appA, bad)
	requireProviderError(t, err, providers.ErrorInvalid, "100")

	send := providers.OutboundMessage{To: "15550001111", Type: providers.MessageTemplate,
		Template: &providers.TemplateMessage{Name: "hello", Language: "en_US"}}
	_, err = sb.SendMessage(ctx, appA, send)
	requireProviderError(t, err, providers.ErrorInvalid, "132001")
	_, err = sb.UpdateTemplate(ctx, appA, created.ID, tpl)
	requireProviderError(t, err, providers.ErrorConflict, "100")

	now = now.Add(time.Minute)
	got, err := sb.GetTemplate(ctx, appA, created.ID)
	require.NoError(t, err)
	require.Equal(t, providers.TemplateApproved, got.Status, "approved once the delay passed")
	_, err = sb.SendMessage(ctx, appA, send)
	require.NoError(t, err)

	changed := tpl
	changed.Category = providers.CategoryMarketing
	_, err = sb.UpdateTemplate(ctx, appA, created.ID, changed)
	requireProviderError(t, err, providers.ErrorConflict, "100")
	changed.Category = tpl.Category
	changed.Components = []providers.TemplateComponent{{Type: providers.ComponentBody, Text: "Hello again"}}
	edited, err := sb.UpdateTemplate(ctx, appA, created.ID, changed)
	require.NoError(t, err)
	require.Equal(t, providers.TemplatePending, edited.Status, "an edit is reviewed again")

	require.NoError(t, sb.SetTemplateStatus(appA.ID, created.ID, providers.TemplatePaused, "LOW_QUALITY"))
	_, err = sb.SendMessage(ctx, appA, send)
	requireProviderError(t, err, providers.ErrorInvalid, "132015")
	require.NoError(t, sb.SetTemplateStatus(appA.ID, created.ID, providers.TemplateDisabled, ""))
	requireProviderError(t, sb.DeleteTemplate(ctx, appA, created.ID, "hello"), providers.ErrorConflict, "100")
	require.NoError(t, sb.SetTemplateStatus(appA.ID, created.ID, providers.TemplateRejected, ""))
	require.NoError(t, sb.DeleteTemplate(ctx, appA, created.ID, "hello"))
	list, err := sb.ListTemplates(ctx, appA)
	require.NoError(t, err)
	require.Empty(t, list)
	_, err = sb.GetTemplate(ctx, appB, created.ID)
	requireProviderError(t, err, providers.ErrorNotFound, "100")
}
