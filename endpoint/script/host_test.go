package script

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden answers in testdata/answers")

// TestRunAnswers runs every script in testdata/answers on the same request
// and compares its answer with the golden file beside it.
func TestRunAnswers(t *testing.T) {
	scripts, err := filepath.Glob("testdata/answers/*.js")
	require.NoError(t, err)
	require.NotEmpty(t, scripts)
	h := newTestHost(t, Options{})
	for _, path := range scripts {
		name := strings.TrimSuffix(filepath.Base(path), ".js")
		t.Run(name, func(t *testing.T) {
			p := compileFile(t, path)
			ans, err := h.Run(context.Background(), p, testRequest("tok-"+name))
			require.NoError(t, err)

			var roundTrip map[string]any
			require.NoError(t, json.Unmarshal(ans.Raw, &roundTrip))
			require.Equal(t, roundTrip, ans.Body, "Raw is the encoding of Body")

			var pretty bytes.Buffer
			require.NoError(t, json.Indent(&pretty, ans.Raw, "", "  "))
			pretty.WriteByte('\n')
			golden := strings.TrimSuffix(path, ".js") + ".json"
			if *update {
				require.NoError(t, os.WriteFile(golden, pretty.Bytes(), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err)
			require.Equal(t, string(want), pretty.String())
		})
	}
}

func TestFormDetected(t *testing.T) {
	for _, tc := range []struct {
		file string
		want Form
	}{
		{"kapso-async.js", FormKapso},
		{"kapso-new-response.js", FormKapso},
		{"plain-sync.js", FormPlain},
		{"plain-async.js", FormPlain},
	} {
		p := compileFile(t, filepath.Join("testdata/answers", tc.file))
		require.Equal(t, tc.want, p.Form(), tc.file)
		require.Equal(t, tc.file, p.Name())
		require.Len(t, p.Revision(), 16)
	}
}

func TestKVIsPerFlowToken(t *testing.T) {
	h := newTestHost(t, Options{})
	p := compileFile(t, "testdata/answers/plain-env-kv.js")
	visits := func(token string) float64 {
		ans, err := h.Run(context.Background(), p, testRequest(token))
		require.NoError(t, err)
		return ans.Body["data"].(map[string]any)["visits"].(float64)
	}
	require.Equal(t, 1.0, visits("alice"))
	require.Equal(t, 2.0, visits("alice"))
	require.Equal(t, 1.0, visits("bob"))
	require.Equal(t, 3.0, visits("alice"))
}

func TestKVWithoutFlowTokenThrows(t *testing.T) {
	h := newTestHost(t, Options{})
	p := compileString(t, "nokv.js", `function handle(req, ctx) { ctx.kv.get("x"); return {screen: "A"} }`)
	req := testRequest("")
	delete(req.Body, "flow_token")
	_, err := h.Run(context.Background(), p, req)
	var se *ScriptError
	require.ErrorAs(t, err, &se)
	require.Equal(t, FaultException, se.Fault)
	require.ErrorIs(t, err, errNoFlowToken)
}

func TestTopLevelStateIsFreshPerCall(t *testing.T) {
	h := newTestHost(t, Options{PoolSize: 1})
	p := compileString(t, "state.js", `
const seen = [];
function handle(req, ctx) {
  seen.push(ctx.flow_token);
  return {screen: "A", data: {seen}};
}`)
	for _, tok := range []string{"alice", "bob", "carol"} {
		ans, err := h.Run(context.Background(), p, testRequest(tok))
		require.NoError(t, err)
		require.JSONEq(t, `{"screen":"A","data":{"seen":["`+tok+`"]}}`, string(ans.Raw))
	}
}

func TestHostObjectsAreFrozen(t *testing.T) {
	h := newTestHost(t, Options{})
	p := compileString(t, "frozen.js", `function handle(req, ctx) { ctx.kv.get = () => "forged"; return {screen: "A"} }`)
	_, err := h.Run(context.Background(), p, testRequest("tok"))
	var se *ScriptError
	require.ErrorAs(t, err, &se)
	require.Equal(t, FaultException, se.Fault)
	require.Contains(t, se.Message, "TypeError")
}

func TestConsoleGoesToLogger(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := newTestHost(t, Options{Logger: logger})
	p := compileString(t, "console.js", `function handle(req, ctx) {
  console.log("step", 1, {name: req.data.name});
  console.warn("careful");
  console.error(new Error("bad"));
  return {screen: "A", data: {}};
}`)
	_, err := h.Run(context.Background(), p, testRequest("tok-log"))
	require.NoError(t, err)

	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m))
		lines = append(lines, m)
	}
	require.Len(t, lines, 3)
	for i, want := range []struct{ level, msg string }{
		{"INFO", `step 1 {"name":"Ana"}`},
		{"WARN", "careful"},
		{"ERROR", "Error: bad"},
	} {
		require.Equal(t, want.level, lines[i]["level"])
		require.Equal(t, want.msg, lines[i]["msg"])
		require.Equal(t, "1234567890", lines[i]["flow_id"])
		require.Equal(t, "tok-log", lines[i]["flow_token"])
		require.Equal(t, "console.js", lines[i]["script"])
	}
}

func TestNoHostGlobalsBeyondTheContract(t *testing.T) {
	h := newTestHost(t, Options{})
	p := compileString(t, "globals.js", `function handle(req, ctx) {
  return {screen: "A", data: {
    require: typeof require, fetch: typeof fetch, setTimeout: typeof setTimeout,
    decryptMedia: typeof decryptMedia, kv: typeof kv, process: typeof process,
  }};
}`)
	ans, err := h.Run(context.Background(), p, testRequest("tok"))
	require.NoError(t, err)
	require.JSONEq(t, `{"screen":"A","data":{"require":"undefined","fetch":"undefined","setTimeout":"undefined",
		"decryptMedia":"undefined","kv":"undefined","process":"undefined"}}`, string(ans.Raw))
}

func TestDecryptMedia(t *testing.T) {
	var got map[string]any
	h := newTestHost(t, Options{Media: func(ctx context.Context, meta map[string]any) ([]byte, error) {
		got = meta
		return []byte("\xff\xd8jpeg"), nil
	}})
	p := compileString(t, "media.js", `async function handle(req, ctx) {
  const file = await decryptMedia(req.data.photo[0]);
  return {screen: "A", data: {file}};
}`)
	req := testRequest("tok")
	req.Body["data"] = map[string]any{"photo": []any{map[string]any{"media_id": "m1", "cdn_url": "https://cdn.example/m1"}}}
	ans, err := h.Run(context.Background(), p, req)
	require.NoError(t, err)
	require.JSONEq(t, `{"screen":"A","data":{"file":"/9hqcGVn"}}`, string(ans.Raw))
	require.Equal(t, "m1", got["media_id"])
}

func TestRunRejectsMisuse(t *testing.T) {
	h := NewHost(Options{})
	_, err := h.Run(context.Background(), nil, Request{})
	require.ErrorIs(t, err, ErrNoProgram)

	p := compileString(t, "ok.js", healthy)
	require.NoError(t, h.Close())
	require.NoError(t, h.Close(), "Close is idempotent")
	_, err = h.Run(context.Background(), p, testRequest("tok"))
	require.ErrorIs(t, err, ErrClosed)
}

func TestPoolKeepsAtMostPoolSize(t *testing.T) {
	h := newTestHost(t, Options{PoolSize: 2})
	for i, src := range []string{
		`function handle() { return {screen: "A"} }`,
		`function handle() { return {screen: "B"} }`,
		`function handle() { return {screen: "C"} }`,
	} {
		p := compileString(t, "p.js", src)
		_, err := h.Run(context.Background(), p, testRequest("tok"))
		require.NoError(t, err)
		require.Equal(t, min(i+1, 2), h.pool.size())
	}
}
