package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSimulateWalksThePizzaFlowWithBothHandlers(t *testing.T) {
	keyPath, _ := writeTestKey(t, t.TempDir(), "")
	for _, handler := range []string{pizzaKapso, pizzaPlain} {
		t.Run(filepath.Base(handler), func(t *testing.T) {
			r := runCLI(t, nil, "simulate", "--flow", pizzaFlow, "--script", handler, "--answers", pizzaAnswers, "--private-key", keyPath)
			require.Equal(t, exitOK, r.Code, "stdout:\n%s\nstderr:\n%s", r.Stdout, r.Stderr)
			for _, want := range []string{
				"[1] INIT",
				`screen CHOOSE "Build your pizza"`,
				`footer "Continue": data_exchange`,
				`screen DETAILS "Delivery details"`,
				`"summary": "Large pizza with mushrooms and olives, EUR 14.00"`,
				`screen CONFIRM "Confirm your order"`,
				`"eta": "Delivery to 12 St James's Square, London in about 35 minutes"`,
				"complete from CONFIRM",
				`"deliver_to": "Ada Lovelace"`,
				`"order_id": "PZ-`,
				"flow completed in 4 steps",
			} {
				require.Contains(t, r.Stdout, want)
			}
			require.Contains(t, r.Stderr, "order from", "console.log reaches stderr")
		})
	}
}

func TestSimulateWithAThrowawayKey(t *testing.T) {
	r := runCLI(t, nil, "simulate", "--flow", pizzaFlow, "--script", pizzaPlain, "--answers", pizzaAnswers)
	require.Equal(t, exitOK, r.Code, r.Stderr)
	require.Contains(t, r.Stdout, "flow completed")
}

// writeFile writes content to name in dir and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func TestSimulateFailures(t *testing.T) {
	dir := t.TempDir()
	keyPath, _ := writeTestKey(t, dir, "")
	wrongScreen := writeFile(t, dir, "wrong-screen.js", `function handle(req, ctx) {
  return {screen: "CONFIRM", data: {order_id: "1", summary: "s", total: "t", eta: "e"}};
}`)
	noName := writeFile(t, dir, "no-name.json", `{"CHOOSE": {"size": "small"}, "DETAILS": {"phone": "1"}}`)
	typo := writeFile(t, dir, "typo.json", `{"CHOSE": {}}`)

	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"handler answers a screen the routing model forbids", []string{"--script", wrongScreen}, exitFailure,
			"[1] INIT", "INIT: endpoint answered HTTP 500"},
		{"error_message answer", []string{"--script", pizzaPlain, "--answers", noName}, exitFailure,
			"error_message on DETAILS: We need a name and an address", "answered with error_message"},
		{"error_message answers allowed until the loop guard", []string{"--script", pizzaKapso, "--answers", noName, "--allow-errors"}, exitFailure,
			"[50] data_exchange from DETAILS", "stopped after 50 steps"},
		{"answers for an unknown screen", []string{"--script", pizzaPlain, "--answers", typo}, exitUsage,
			"", `the flow has no screen "CHOSE"`},
		{"no script for an endpoint flow", nil, exitUsage, "", "--script is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"simulate", "--flow", pizzaFlow, "--private-key", keyPath}, tc.args...)
			r := runCLI(t, nil, args...)
			require.Equal(t, tc.code, r.Code, "stdout:\n%s\nstderr:\n%s", r.Stdout, r.Stderr)
			require.Contains(t, r.Stdout, tc.stdout)
			require.Contains(t, r.Stderr, tc.stderr)
		})
	}
}

func TestSimulateWrongScreenNamesTheRoutingProblem(t *testing.T) {
	dir := t.TempDir()
	keyPath, _ := writeTestKey(t, dir, "")
	script := writeFile(t, dir, "skip.js", `function handle(req, ctx) {
  if (req.action === "INIT") return {screen: "CHOOSE", data: {greeting: "hi", sizes: [{id: "s", title: "S", description: "d"}], toppings: [{id: "t", title: "T"}]}};
  return {screen: "CONFIRM", data: {order_id: "1", summary: "s", total: "t", eta: "e"}};
}`)
	r := runCLI(t, nil, "simulate", "--flow", pizzaFlow, "--script", script, "--answers", pizzaAnswers, "--private-key", keyPath)
	require.Equal(t, exitFailure, r.Code)
	require.Contains(t, r.Stderr, `"CONFIRM"`)
	require.Contains(t, r.Stderr, "CHOOSE to answer only")
}

func TestSimulateEndsOnSuccessAnswer(t *testing.T) {
	dir := t.TempDir()
	keyPath, _ := writeTestKey(t, dir, "")
	script := writeFile(t, dir, "success.js", `async function handler(request, env) {
  const {data_exchange: req} = await request.json();
  if (req.action === "INIT") {
    return Response.json({screen: "CHOOSE", data: {greeting: "hi", sizes: [{id: "s", title: "S", description: "d"}], toppings: []}});
  }
  return Response.json({screen: "SUCCESS", data: {extension_message_response: {params: {flow_token: req.flow_token, size: req.data.size}}}});
}`)
	r := runCLI(t, nil, "simulate", "--flow", pizzaFlow, "--script", script, "--answers", pizzaAnswers, "--private-key", keyPath)
	require.Equal(t, exitOK, r.Code, r.Stderr)
	require.Contains(t, r.Stdout, "SUCCESS")
	require.Contains(t, r.Stdout, `"size": "large"`)
	require.Contains(t, r.Stdout, `"flow_token": "waflow-simulate"`)
	require.Contains(t, r.Stdout, "flow completed in 2 steps")
}

func TestSimulateStaticFlow(t *testing.T) {
	dir := t.TempDir()
	flow := writeFile(t, dir, "static.json", `{
  "version": "7.3",
  "screens": [
    {
      "id": "ASK",
      "title": "${data.who}",
      "data": {"who": {"type": "string", "__example__": "world"}},
      "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email"},
        {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "DONE"}, "payload": {"email": "${form.email}", "who": "${data.who}"}}}
      ]}
    },
    {
      "id": "DONE",
      "title": "Thanks",
      "terminal": true,
      "data": {
        "email": {"type": "string", "__example__": "a@example.com"},
        "who": {"type": "string", "__example__": "world"}
      },
      "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "TextBody", "text": "${data.email}"},
        {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {"email": "${data.email}", "first": "${screen.ASK.form.email}"}}}
      ]}
    }
  ]
}`)
	answers := writeFile(t, dir, "answers.json", `{"ASK": {"email": "ada@example.com"}}`)
	r := runCLI(t, nil, "simulate", "--flow", flow, "--answers", answers)
	require.Equal(t, exitOK, r.Code, "stdout:\n%s\nstderr:\n%s", r.Stdout, r.Stderr)
	require.Contains(t, r.Stdout, `screen ASK "world"`)
	require.Contains(t, r.Stdout, "navigate ASK -> DONE")
	require.Contains(t, r.Stdout, `"first": "ada@example.com"`)
	require.True(t, strings.HasSuffix(r.Stdout, "flow completed in 3 steps\n"), r.Stdout)
}

func TestSimulateStopsOnAScreenWithoutFooter(t *testing.T) {
	dir := t.TempDir()
	flow := writeFile(t, dir, "links.json", `{
  "version": "7.3",
  "screens": [
    {
      "id": "START",
      "title": "Start",
      "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "EmbeddedLink", "text": "Read the terms", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "TERMS"}, "payload": {}}}
      ]}
    },
    {
      "id": "TERMS",
      "title": "Terms",
      "terminal": true,
      "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}
      ]}
    }
  ]
}`)
	r := runCLI(t, nil, "simulate", "--flow", flow)
	require.Equal(t, exitFailure, r.Code, "stdout:\n%s\nstderr:\n%s", r.Stdout, r.Stderr)
	require.Contains(t, r.Stdout, `screen START "Start"`)
	require.Contains(t, r.Stderr, "screen START has no Footer action to press")
}
