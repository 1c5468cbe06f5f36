package flowrun

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWalkerPizzaThroughTheEnvelope(t *testing.T) {
	ctx := context.Background()
	flow := exampleFlow(t, "pizza-order-endpoint-7.3.json")
	ex := envelopeTo(t, flow, string(readFile(t, filepath.Join(examplesDir, "scripts", "pizza-order.plain.js"))), map[string]string{"CURRENCY": "GBP"})
	w, err := NewWalker(flow, ex, Options{FlowToken: "tok-1"})
	require.NoError(t, err)

	step, err := w.Start(ctx)
	require.NoError(t, err)
	require.Len(t, step.Exchanges, 1)
	require.Equal(t, map[string]any{"action": "INIT", "screen": "", "data": map[string]any{}, "flow_token": "tok-1", "version": "3.0"}, step.Exchanges[0].Request)
	require.Equal(t, Outcome{Type: OutcomeScreen, Screen: "CHOOSE"}, step.Outcome)

	_, err = w.SetValue(ctx, "size", "large")
	require.NoError(t, err)
	_, err = w.Press(ctx, Item("olives"))
	require.NoError(t, err)
	step, err = w.Press(ctx, Footer())
	require.NoError(t, err)
	require.Equal(t, map[string]any{"size": "large", "toppings": []any{"olives"}}, step.Exchanges[0].Request["data"])
	require.Equal(t, "DETAILS", step.Outcome.Screen)

	v, err := w.View()
	require.NoError(t, err)
	require.Contains(t, v.Text(), "Large pizza with olives, GBP 12.50")
	require.Equal(t, []string{"CHOOSE"}, v.Stack)

	step, err = w.Press(ctx, Footer())
	require.NoError(t, err)
	require.Equal(t, OutcomeInvalid, step.Outcome.Type)
	require.Equal(t, map[string]string{"name": "This field is required", "phone": "This field is required", "address": "This field is required"}, step.Outcome.Errors)
	require.Empty(t, step.Exchanges, "the client sends nothing while inputs are refused")

	for name, value := range map[string]any{"name": "Ada", "phone": "+44 20 7946 0018", "address": "Piccadilly"} {
		_, err = w.SetValue(ctx, name, value)
		require.NoError(t, err)
	}
	step, err = w.Press(ctx, Footer())
	require.NoError(t, err)
	require.Equal(t, "CONFIRM", step.Outcome.Screen)

	step, err = w.Press(ctx, Footer())
	require.NoError(t, err)
	require.Equal(t, OutcomeComplete, step.Outcome.Type)
	require.Equal(t, "tok-1", step.Outcome.Payload["flow_token"])
	require.Equal(t, "large", step.Outcome.Payload["size"])
	require.Equal(t, []any{"olives"}, step.Outcome.Payload["toppings"])
	require.Equal(t, "Ada", step.Outcome.Payload["deliver_to"])
}

func TestWalkerReportsTheEndpointsFailure(t *testing.T) {
	flow := exampleFlow(t, "pizza-order-endpoint-7.3.json")
	ex := envelopeTo(t, flow, `function handle(req, ctx) { throw new Error("down"); }`, nil)
	w, err := NewWalker(flow, ex, Options{FlowToken: "t"})
	require.NoError(t, err)
	step, err := w.Start(context.Background())
	var xe *ExchangeError
	require.ErrorAs(t, err, &xe)
	require.Equal(t, "INIT", xe.Action)
	require.Equal(t, http.StatusInternalServerError, xe.Status)
	require.Len(t, step.Exchanges, 1)
	require.Nil(t, step.Exchanges[0].Answer)
}

func TestWalkerWithoutExchangerRefusesRequests(t *testing.T) {
	w, err := NewWalker(exampleFlow(t, "pizza-order-endpoint-7.3.json"), nil, Options{})
	require.NoError(t, err)
	_, err = w.Start(context.Background())
	require.ErrorContains(t, err, "INIT: the flow needs a data endpoint")
}
