package main

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/lifecycle"
)

// copyExamples copies the repository's example flows and scripts into a
// directory the test may change.
func copyExamples(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"flows", "scripts"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, sub), 0o755))
		entries, err := os.ReadDir(filepath.Join("..", "..", "examples", sub))
		require.NoError(t, err)
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join("..", "..", "examples", sub, e.Name()))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, sub, e.Name()), b, 0o644))
		}
	}
	return dir
}

// examplesServer opens the server's parts over dataDir, as "waflow serve
// --examples dir" does, without listening.
func examplesServer(t *testing.T, dataDir, examples string, logs *lockedBuffer) *serverDeps {
	t.Helper()
	d, err := openServerDeps(t.Context(), serveConfig{DataDir: dataDir, Examples: examples,
		DatabaseURL: "sqlite://" + filepath.Join(dataDir, databaseFileName)}, slog.New(slog.NewTextHandler(logs, nil)))
	require.NoError(t, err)
	d.publicURL = "http://127.0.0.1:8080"
	require.NoError(t, d.mount())
	return d
}

// snapshot is what the examples loader leaves in the store, by flow name.
func snapshot(t *testing.T, d *serverDeps) map[string]lifecycle.Flow {
	t.Helper()
	flows, err := d.flowsByName(t.Context())
	require.NoError(t, err)
	return flows
}

func TestLoadExamplesIsIdempotent(t *testing.T) {
	examples := copyExamples(t)
	require.NoError(t, os.WriteFile(filepath.Join(examples, "flows", "broken-7.3.json"), []byte(`{"version": "7.3"}`), 0o644))
	dataDir := t.TempDir()
	logs := &lockedBuffer{}
	d := examplesServer(t, dataDir, examples, logs)
	ctx := t.Context()

	first, err := d.loadExamples(ctx)
	require.NoError(t, err)
	require.Len(t, first.Flows, 6, "every valid example, the broken one skipped")
	require.Contains(t, logs.String(), "broken-7.3.json")
	flows := snapshot(t, d)
	require.Len(t, flows, 6)
	for name, f := range flows {
		require.Equal(t, lifecycle.StatusPublished, f.Status, name)
		require.Equal(t, 1, f.PublishedRevision, name)
		ts, err := d.flows.Targets(ctx, f.ID)
		require.NoError(t, err)
		require.Len(t, ts, 1, name)
		require.Equal(t, first.AppID, ts[0].AppID)
	}
	require.Equal(t, 1, flows["pizza-order-endpoint-7.3"].ScriptRevision, "pizza-order.plain.js")
	pizza, err := d.flows.Script(ctx, flows["pizza-order-endpoint-7.3"].ID, 0)
	require.NoError(t, err)
	require.Equal(t, "plain", pizza.Form)
	require.Equal(t, 0, flows["feedback-7.3"].ScriptRevision)
	keys, err := d.apps.Keys(ctx, first.AppID)
	require.NoError(t, err)
	require.Len(t, keys, 1)

	// A second run changes nothing.
	second, err := d.loadExamples(ctx)
	require.NoError(t, err)
	require.Equal(t, first, second)
	require.Equal(t, flows, snapshot(t, d))
	page, err := d.apps.List(ctx, "", 0)
	require.NoError(t, err)
	require.Len(t, page.Apps, 1)
	keys, err = d.apps.Keys(ctx, first.AppID)
	require.NoError(t, err)
	require.Len(t, keys, 1)

	// A changed file makes a new revision, published again.
	path := filepath.Join(examples, "flows", "feedback-7.3.json")
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(src), `"7.3"`, `"7.2"`, 1)), 0o644))
	_, err = d.loadExamples(ctx)
	require.NoError(t, err)
	feedback := snapshot(t, d)["feedback-7.3"]
	require.Equal(t, 2, feedback.CurrentRevision)
	require.Equal(t, 2, feedback.PublishedRevision)
	require.Equal(t, lifecycle.StatusPublished, feedback.Status)

	// Once the reconciler has deployed them, a restart (a new sandbox,
	// which remembers nothing) deploys them again, and nothing else.
	for range 10 {
		n, err := d.reconciler.Step(ctx)
		require.NoError(t, err)
		if n == 0 {
			break
		}
	}
	before := snapshot(t, d)
	for name, f := range before {
		ts, err := d.flows.Targets(ctx, f.ID)
		require.NoError(t, err)
		require.Equal(t, lifecycle.StateDone, ts[0].StepState, "%s: %s", name, ts[0].LastError)
		require.NotEmpty(t, ts[0].RemoteID, name)
	}
	d.close()
	d = examplesServer(t, dataDir, examples, logs)
	t.Cleanup(d.close)
	_, err = d.loadExamples(ctx)
	require.NoError(t, err)
	after := snapshot(t, d)
	require.Len(t, after, 6)
	for name, f := range after {
		require.Equal(t, before[name].PublishedRevision, f.PublishedRevision, name)
		ts, err := d.flows.Targets(ctx, f.ID)
		require.NoError(t, err)
		require.Len(t, ts, 1)
		require.Empty(t, ts[0].RemoteID, "%s is created again in the new sandbox", name)
	}
}

var tryTargets = regexp.MustCompile(`(?m)^  curl .* (http://\S+/wa/v2/flows/(\S+)/targets)$`)

// TestServeWithExamples runs what "make run" runs, in a temporary data
// directory: the server comes up with the examples deployed to the
// sandbox, and the printed key and commands work.
func TestServeWithExamples(t *testing.T) {
	dir := t.TempDir()
	p := startServe(t, map[string]string{envDataDir: dir}, "--addr", "127.0.0.1:0", "--examples", filepath.Join("..", "..", "examples"))
	base := p.baseURL(t)
	key := apiKeyLine.FindStringSubmatch(p.stdout.String())[1]
	require.Contains(t, p.stdout.String(), "Examples: 6 flows on app sandbox-demo")

	status, _ := get(t, base+"/readyz", "")
	require.Equal(t, http.StatusOK, status)
	status, body := get(t, base+"/wa/v2/flows/", key)
	require.Equal(t, http.StatusOK, status, body)
	var list struct {
		Data []struct{ ID, Name, Status string }
	}
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	var names []string
	for _, f := range list.Data {
		names = append(names, f.Name)
		require.Equal(t, "PUBLISHED", f.Status)
	}
	require.ElementsMatch(t, []string{"appointment-endpoint-7.3", "customer-survey-3.1", "event-rsvp-5.1",
		"feedback-7.3", "loan-quote-endpoint-6.3", "pizza-order-endpoint-7.3"}, names)

	// The reconciler publishes every flow at the sandbox in the background.
	m := tryTargets.FindStringSubmatch(p.stdout.String())
	require.NotNil(t, m, "stdout:\n%s", p.stdout.String())
	deadline := time.Now().Add(20 * time.Second)
	for {
		status, body = get(t, m[1], key)
		require.Equal(t, http.StatusOK, status, body)
		if strings.Contains(body, `"remote_status":"PUBLISHED"`) && strings.Contains(body, `"step_state":"done"`) {
			break
		}
		require.True(t, time.Now().Before(deadline), "the target never reached PUBLISHED: %s", body)
		time.Sleep(50 * time.Millisecond)
	}

	var pizza string
	for _, f := range list.Data {
		if f.Name == "pizza-order-endpoint-7.3" {
			pizza = f.ID
		}
	}
	status, body = get(t, base+"/wa/v2/flows/"+pizza+"/endpoint", key)
	require.Equal(t, http.StatusOK, status, body)
	require.Equal(t, exitOK, p.stop(t), "stderr:\n%s", p.stderr.String())
}
