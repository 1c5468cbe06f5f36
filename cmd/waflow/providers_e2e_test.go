package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers/gupshup/gupshuptest"
	"github.com/waflow/waflow/providers/infobip/infobiptest"
	"github.com/waflow/waflow/providers/kapso/kapsotest"
	"github.com/waflow/waflow/providers/meta/metatest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// e2eFlow is a static flow: publishing it needs no endpoint and no key.
const e2eFlow = `{"version": "7.3", "screens": [{"id": "WELCOME", "title": "Welcome", "terminal": true,
  "layout": {"type": "SingleColumnLayout", "children": [{"type": "TextBody", "text": "Thanks for signing up."},
  {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]}}]}`

// bspCase is one real BSP: the app that points at its fake, and how to
// read what the fake received for a send.
type bspCase struct {
	name     string
	app      map[string]any
	received func(bspMessageID string) ([]byte, bool)
}

// TestServeDrivesEveryBSP runs "waflow serve" against the fakes of the
// four real BSPs: an app on each, its settings.base_url pointing at the
// fake; one flow deployed to all four and published, which the reconciler
// converges on every BSP; then the flow sent through each app, whose wire
// request is compared with testdata/e2e/<bsp>-send-flow.json.
func TestServeDrivesEveryBSP(t *testing.T) {
	metaSrv := metatest.New(t, metatest.Options{NoServiceWindow: true})
	gupshupSrv := gupshuptest.New(t, gupshuptest.Options{})
	infobipSrv := infobiptest.New(t, infobiptest.Options{})
	kapsoSrv := kapsotest.New(t, kapsotest.Options{Meta: metatest.Options{NoServiceWindow: true}})
	cases := []bspCase{
		{name: "meta", received: metaSrv.Sent, app: map[string]any{"bsp": "META",
			"phone_number_id": "200000000000001", "waba_id": "100000000000001",
			"settings":    map[string]string{"base_url": metaSrv.URL},
			"credentials": map[string]string{"access_token": metatest.DefaultToken}}},
		{name: "gupshup", received: gupshupSrv.Sent, app: map[string]any{"bsp": "GUPSHUP",
			"phone_number": "+" + gupshuptest.DefaultPhoneNumber,
			"settings": map[string]string{"base_url": gupshupSrv.URL, "app_id": gupshuptest.DefaultAppID,
				"app_name": gupshuptest.DefaultAppName},
			"credentials": map[string]string{"app_token": gupshuptest.DefaultAppToken}}},
		{name: "infobip", received: infobipSrv.Sent, app: map[string]any{"bsp": "INFOBIP",
			"phone_number": "+" + infobiptest.DefaultSender,
			"settings":     map[string]string{"base_url": infobipSrv.URL},
			"credentials":  map[string]string{"api_key": infobiptest.DefaultAPIKey}}},
		{name: "kapso", received: kapsoSrv.Meta.Sent, app: map[string]any{"bsp": "KAPSO",
			"phone_number_id": kapsotest.DefaultPhoneNumberID, "waba_id": kapsotest.DefaultWABAID,
			"settings":    map[string]string{"base_url": kapsoSrv.URL},
			"credentials": map[string]string{"api_key": kapsotest.DefaultAPIKey}}},
	}

	p := startServe(t, map[string]string{envDataDir: t.TempDir()}, "--addr", "127.0.0.1:0")
	api := apiClient{t: t, base: p.baseURL(t), client: &http.Client{Timeout: 10 * time.Second}}
	api.key = apiKeyLine.FindStringSubmatch(p.stdout.String())[1]

	appIDs := map[string]string{}
	var ids []string
	for _, c := range cases {
		c.app["name"] = "e2e-" + c.name
		var created struct{ ID string }
		require.Equal(t, http.StatusCreated, api.call(http.MethodPost, "/wa/v2/apps/", c.app, &created), c.name)
		appIDs[c.name] = created.ID
		ids = append(ids, created.ID)
	}

	var flow struct{ ID string }
	require.Equal(t, http.StatusCreated, api.call(http.MethodPost, "/wa/v2/flows/",
		map[string]any{"name": "e2e-signup", "categories": []string{"SIGN_UP"}, "app_ids": ids}, &flow))
	require.Equal(t, http.StatusCreated, api.call(http.MethodPut, "/wa/v2/flows/"+flow.ID+"/json", json.RawMessage(e2eFlow), nil))
	require.Equal(t, http.StatusOK, api.call(http.MethodPost, "/wa/v2/flows/"+flow.ID+"/publish", nil, nil))

	type target struct {
		AppID        string `json:"app_id"`
		RemoteID     string `json:"remote_id"`
		RemoteStatus string `json:"remote_status"`
		StepState    string `json:"step_state"`
		LastError    string `json:"last_error"`
	}
	var targets struct{ Data []target }
	eventually(t, "every target published", func() bool {
		if api.call(http.MethodGet, "/wa/v2/flows/"+flow.ID+"/targets", nil, &targets) != http.StatusOK {
			return false
		}
		done := 0
		for _, tg := range targets.Data {
			require.NotEqual(t, "failed", tg.StepState, "target %s: %s", tg.AppID, tg.LastError)
			if tg.StepState == "done" {
				done++
			}
		}
		return done == len(cases)
	})
	for _, tg := range targets.Data {
		require.NotEmpty(t, tg.RemoteID, "target %s", tg.AppID)
		require.Equal(t, "PUBLISHED", tg.RemoteStatus, "target %s", tg.AppID)
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var sent struct {
				BSPMessageID string `json:"bsp_message_id"`
				Status       string `json:"status"`
			}
			require.Equal(t, http.StatusCreated, api.call(http.MethodPost, "/wa/v2/messages/", map[string]any{
				"app_id": appIDs[c.name], "to": "+15550001234", "type": "interactive", "interactive": map[string]any{
					"type": "flow", "header": map[string]any{"type": "text", "text": "Sign up"}, "body": "It takes a minute",
					"flow": map[string]any{"flow_id": flow.ID, "cta": "Sign up", "token": "e2e-token-1",
						"action": "navigate", "screen": "WELCOME"}}}, &sent))
			require.Equal(t, "SENT", sent.Status)
			wire, ok := c.received(sent.BSPMessageID)
			require.True(t, ok, "the fake received the send %s", sent.BSPMessageID)
			e2eGolden(t, filepath.Join("testdata", "e2e", c.name+"-send-flow.json"), wire)
		})
	}
}

// e2eGolden compares a JSON body, indented in wire order, with the file
// at path, rewriting it with -update.
func e2eGolden(t *testing.T, path string, wire []byte) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, json.Indent(&buf, wire, "", "  "), "the request body is JSON: %s", wire)
	buf.WriteByte('\n')
	if *update {
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file %s (run with -update to create it)", path)
	require.Equal(t, string(want), buf.String(), "differs from %s", path)
}
