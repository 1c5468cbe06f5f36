package flowrun

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHTTPTransportReachesTheEndpointOverTheNetwork(t *testing.T) {
	flow := exampleFlow(t, "pizza-order-endpoint-7.3.json")
	local := envelopeTo(t, flow, `function handle(req, ctx) { return {screen: "CHOOSE", data: {}}; }`, nil)
	srv := httptest.NewServer(local.Transport.(http.Handler))
	t.Cleanup(srv.Close)
	remote := EnvelopeExchanger{Transport: HTTPTransport{URL: srv.URL, Client: srv.Client()}, Public: local.Public}

	answer, err := remote.Exchange(context.Background(), map[string]any{"version": "3.0", "action": "ping"})
	require.NoError(t, err)
	require.Equal(t, map[string]any{"data": map[string]any{"status": "active"}}, answer)

	_, err = remote.Exchange(context.Background(), map[string]any{"version": "3.0", "action": "INIT", "flow_token": "t"})
	var xe *ExchangeError
	require.ErrorAs(t, err, &xe)
	require.Equal(t, http.StatusInternalServerError, xe.Status, "the script's answer has data the CHOOSE screen does not declare")

	down := EnvelopeExchanger{Transport: HTTPTransport{URL: "http://127.0.0.1:1/"}, Public: local.Public}
	_, err = down.Exchange(context.Background(), map[string]any{"version": "3.0", "action": "ping"})
	require.ErrorAs(t, err, &xe)
	require.Zero(t, xe.Status)
	require.Error(t, xe.Err)
}
