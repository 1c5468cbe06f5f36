package providers_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
)

func TestMapMessageStatus(t *testing.T) {
	tests := []struct {
		raw  string
		want providers.MessageStatus
		ok   bool
	}{
		{"sent", providers.MessageSent, true},
		{" DELIVERED ", providers.MessageDelivered, true},
		{"read", providers.MessageRead, true},
		{"played", providers.MessageRead, true},
		{"seen", providers.MessageRead, true},
		{"failed", providers.MessageFailed, true},
		{"UNDELIVERABLE", providers.MessageFailed, true},
		{"EXPIRED", providers.MessageFailed, true},
		{"undelivered", providers.MessageFailed, true},
		{"enqueued", providers.MessagePending, true},
		{"PENDING_ENROUTE", providers.MessagePending, true},
		{"whatsapp.message.delivered", providers.MessageDelivered, true},
		{"queued", providers.MessagePending, true},
		{"deleted", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		got, ok := providers.MapMessageStatus(tc.raw)
		require.Equal(t, tc.ok, ok, "%q", tc.raw)
		require.Equal(t, tc.want, got, "%q", tc.raw)
	}
}

func TestMapTemplateStatus(t *testing.T) {
	tests := map[string]providers.TemplateStatus{
		"APPROVED": providers.TemplateApproved, "approved": providers.TemplateApproved, "REINSTATED": providers.TemplateApproved,
		"FLAGGED": providers.TemplateApproved, "LOCKED": providers.TemplateApproved,
		"PENDING": providers.TemplatePending, "IN_APPEAL": providers.TemplatePending, "submitted": providers.TemplatePending,
		"PAUSED": providers.TemplatePaused, "FIRST_PAUSED": providers.TemplatePaused, "SECOND_PAUSED": providers.TemplatePaused,
		"DISABLED": providers.TemplateDisabled, "PENDING_DELETION": providers.TemplateDisabled, "DELETED": providers.TemplateDisabled,
		"DESACTIVATED": providers.TemplateDisabled, "ARCHIVED": providers.TemplateDisabled,
		"REJECTED": providers.TemplateRejected, "rejected": providers.TemplateRejected,
		"FAILED": providers.TemplateFailed, "LIMIT_EXCEEDED": providers.TemplateFailed,
		"SOMETHING_NEW": providers.TemplateUnknown, "": providers.TemplateUnknown,
	}
	for raw, want := range tests {
		require.Equal(t, want, providers.MapTemplateStatus(raw), "%q", raw)
	}
}
