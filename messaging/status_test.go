package messaging_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/store/storetest"
)

func TestAdvances(t *testing.T) {
	const (
		P = providers.MessagePending
		S = providers.MessageSent
		D = providers.MessageDelivered
		R = providers.MessageRead
		F = providers.MessageFailed
	)
	tests := []struct {
		from, to providers.MessageStatus
		want     bool
	}{
		{P, S, true}, {S, D, true}, {D, R, true},
		{P, D, true}, {S, R, true}, // a lost report is skipped
		{R, D, false}, {D, S, false}, {R, S, false}, {S, P, false}, // never back
		{S, S, false}, {R, R, false},
		{P, F, true}, {S, F, true}, {R, F, true}, // any → FAILED
		{F, F, false}, {F, R, false}, {F, S, false}, // FAILED is terminal
		{S, "LOST", false},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, messaging.Advances(tc.from, tc.to), "%s → %s", tc.from, tc.to)
	}
}

func TestReportsAheadOfTheSendAreRetriedForAWhile(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db := storetest.SQLite(t)

	msgs := messaging.NewService(db.Messages(), db.Templates(), nil, nil, messaging.Options{Now: clock})
	err := msgs.ApplyStatus(ctx, messaging.StatusReport{ID: "wamid.unknown", Status: providers.MessageDelivered, At: now.Add(-59 * time.Second)})
	require.ErrorIs(t, err, messaging.ErrReportAhead, "the send may not be recorded yet")
	require.NotErrorIs(t, err, messaging.ErrNotFound)
	err = msgs.ApplyStatus(ctx, messaging.StatusReport{ID: "wamid.unknown", Status: providers.MessageDelivered, At: now.Add(-time.Minute)})
	require.ErrorIs(t, err, messaging.ErrNotFound, "past the grace: another system's message")

	tpls := messaging.NewTemplateService(db.Templates(), nil, nil, messaging.TemplateOptions{Now: clock})
	draft := messaging.Template{ID: "tpl_1", AppID: "app_1", Status: messaging.TemplateDraft, Version: 1,
		Template: providers.Template{Name: "welcome", Language: "en_US", Category: providers.CategoryUtility,
			ParameterFormat: providers.FormatPositional}, CreatedAt: now, UpdatedAt: now}
	require.NoError(t, db.Templates().CreateTemplate(ctx, draft))
	approved := providers.TemplateStatusUpdate{TemplateID: "sbx-tpl-0001", Name: "welcome", Language: "en_US",
		Status: providers.TemplateApproved, RawStatus: "APPROVED"}
	err = tpls.ApplyTemplateStatus(ctx, "app_1", approved, now)
	require.ErrorIs(t, err, messaging.ErrReportAhead, "the submission is not recorded yet")
	err = tpls.ApplyTemplateStatus(ctx, "app_1", approved, now.Add(-time.Hour))
	require.ErrorIs(t, err, messaging.ErrNotFound)

	submitted := draft
	submitted.Status, submitted.RemoteID = messaging.TemplatePending, "sbx-tpl-0001"
	require.NoError(t, db.Templates().UpdateTemplate(ctx, submitted))
	require.NoError(t, tpls.ApplyTemplateStatus(ctx, "app_1", approved, now))
	got, err := tpls.Get(ctx, "tpl_1")
	require.NoError(t, err)
	require.Equal(t, messaging.TemplateApproved, got.Status)
}
