package endpoint

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/flowjson"
)

func TestRoutesAllowed(t *testing.T) {
	diamond := &flowjson.Flow{
		DataAPIVersion: "3.0",
		RoutingModel:   map[string][]string{"A": {"B", "C"}, "B": {"D"}, "C": {"D"}},
		Screens:        []flowjson.Screen{{ID: "A"}, {ID: "B"}, {ID: "C"}, {ID: "D"}, {ID: "LONE"}},
	}
	empty := &flowjson.Flow{DataAPIVersion: "3.0", RoutingModel: map[string][]string{},
		Screens: []flowjson.Screen{{ID: "A"}, {ID: "B"}}}
	for _, tc := range []struct {
		name   string
		flow   *flowjson.Flow
		action string
		screen string
		want   []string
	}{
		{"INIT opens an entry screen", diamond, ActionInit, "", []string{"A", "LONE"}},
		{"INIT ignores the screen it names", diamond, ActionInit, "D", []string{"A", "LONE"}},
		{"data_exchange stays or moves forward", diamond, ActionDataExchange, "A", []string{"A", "B", "C"}},
		{"data_exchange on a leaf only stays", diamond, ActionDataExchange, "D", []string{"D"}},
		{"BACK goes to a predecessor", diamond, ActionBack, "D", []string{"D", "B", "C"}},
		{"BACK from an entry only stays", diamond, ActionBack, "A", []string{"A"}},
		{"BACK without a screen may answer any", diamond, ActionBack, "", nil},
		{"an empty routing model has only entries", empty, ActionInit, "", []string{"A", "B"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, newRoutes(tc.flow).allowed(tc.action, tc.screen))
		})
	}
}

func TestStatusOf(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, http.StatusOK},
		{newError(StatusTokenInvalid, CodeTokenInvalid, "expired"), StatusTokenInvalid},
		{fmt.Errorf("wrapped: %w", newError(StatusBadSignature, CodeBadSignature, "wrong")), StatusBadSignature},
		{errors.New("anything else"), http.StatusInternalServerError},
	} {
		require.Equal(t, tc.want, StatusOf(tc.err), "%v", tc.err)
	}
}
