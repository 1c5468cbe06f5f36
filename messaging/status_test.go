package messaging_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
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
