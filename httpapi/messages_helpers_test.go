package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/messaging/lifecycleflows"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
	"github.com/waflow/waflow/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// msgEnv is a server with the apps, messages and templates routes over
// real SQLite, the sandbox BSP and the real lifecycle service, with one
// sandbox app, a flow published on it ("signup"), a flow deployed as a
// draft ("beta") and three approved templates.
type msgEnv struct {
	*harness
	sb      *sandbox.Sandbox
	msgs    *messaging.Service
	tpls    *messaging.TemplateService
	flows   *lifecycle.Service
	tokens  crypto.Tokens
	app     string
	signup  lifecycle.Flow
	beta    lifecycle.Flow
	remotes map[string]string // flow name → the sandbox's id
}

// zeros is a deterministic randomness source, so flow tokens and golden
// files are stable.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// counter is a deterministic randomness source whose reads differ, for ids
// that must not collide.
type counter struct {
	mu sync.Mutex
	n  byte
}

func (c *counter) Read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	for i := range p {
		p[i] = c.n
	}
	return len(p), nil
}

type sandboxProviders struct{ sb *sandbox.Sandbox }

func (p sandboxProviders) ProviderFor(bsp providers.BSP) (providers.Provider, error) {
	if bsp != providers.BSPSandbox {
		return nil, fmt.Errorf("no provider for %s", bsp)
	}
	return p.sb, nil
}

const staticFlow = `{"version": "7.3", "screens": [{"id": "WELCOME", "title": "Welcome", "terminal": true, "success": true,
  "layout": {"type": "SingleColumnLayout", "children": [{"type": "TextBody", "text": "Thanks."},
  {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]}}]}`

func newMsgEnv(t *testing.T) *msgEnv {
	t.Helper()
	clock := func() time.Time { return time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC) }
	e := &msgEnv{sb: sandbox.New(sandbox.Options{}), remotes: map[string]string{},
		tokens: crypto.Tokens{Secrets: [][]byte{[]byte("flow-token-secret-for-tests-0001")}, Now: clock, Random: zeros{}}}
	db := storetest.SQLite(t)
	resolve := messaging.AppResolverFunc(func(ctx context.Context, id string) (providers.App, error) {
		a, err := e.apps.Get(ctx, id)
		return a.Provider(), err
	})
	provs := providerMap{providers.BSPSandbox: e.sb}
	e.flows = lifecycle.NewService(db.Flows(), resolve, lifecycle.Options{Now: clock, Random: &counter{}})
	e.msgs = messaging.NewService(db.Messages(), db.Templates(), resolve, provs,
		messaging.Options{Flows: lifecycleflows.New(e.flows), Tokens: e.tokens})
	e.tpls = messaging.NewTemplateService(db.Templates(), resolve, provs, messaging.TemplateOptions{})
	e.harness = newHarness(t, func(c *harnessConfig) {
		c.providers = provs
		c.register = func(s *Server) {
			RegisterMessages(s, e.msgs)
			RegisterTemplates(s, e.tpls)
		}
	})
	e.app = e.createApp("shop")

	rec, err := lifecycle.NewReconciler(db.Flows(), sandboxProviders{e.sb}, resolve, lifecycle.ReconcilerOptions{
		PublicBaseURL: "https://waflow.example", Owner: "test", Jitter: func(d time.Duration) time.Duration { return d }})
	require.NoError(t, err)
	e.signup = e.deployFlow(t, rec, "signup", true)
	e.beta = e.deployFlow(t, rec, "beta", false)

	for _, tpl := range []map[string]any{orderTemplate(), welcomeTemplate(), signupTemplate(e.remotes["signup"])} {
		tpl["app_id"] = e.app
		r := e.do(http.MethodPost, "/wa/v2/templates/", tpl)
		require.Equal(t, http.StatusCreated, r.Status, "body: %s", r.Raw)
	}
	r := e.do(http.MethodPost, "/wa/v2/templates/sync", map[string]any{"app_id": e.app})
	require.Equal(t, http.StatusOK, r.Status, "body: %s", r.Raw)
	require.EqualValues(t, 3, r.JSON["updated"])
	return e
}

// deployFlow creates a flow with staticFlow deployed to the env's app,
// published or left a draft, and runs the reconciler until the sandbox
// holds it.
func (e *msgEnv) deployFlow(t *testing.T, rec *lifecycle.Reconciler, name string, publish bool) lifecycle.Flow {
	t.Helper()
	ctx := t.Context()
	f, err := e.flows.CreateFlow(ctx, lifecycle.NewFlow{Name: name, Categories: []string{"SIGN_UP"}})
	require.NoError(t, err)
	_, _, err = e.flows.PutJSON(ctx, f.ID, []byte(staticFlow))
	require.NoError(t, err)
	_, err = e.flows.AddTarget(ctx, f.ID, e.app)
	require.NoError(t, err)
	if publish {
		_, err = e.flows.Publish(ctx, f.ID)
		require.NoError(t, err)
	}
	for range 10 {
		n, err := rec.Step(ctx)
		require.NoError(t, err)
		if n == 0 {
			break
		}
	}
	ts, err := e.flows.Targets(ctx, f.ID)
	require.NoError(t, err)
	require.Len(t, ts, 1)
	require.NotEmpty(t, ts[0].RemoteID, "the reconciler created %s at the sandbox", name)
	require.Equal(t, publish, ts[0].PublishedRevision > 0, "%s published", name)
	e.remotes[name] = ts[0].RemoteID
	f, err = e.flows.GetFlow(ctx, f.ID)
	require.NoError(t, err)
	return f
}

func orderTemplate() map[string]any {
	return map[string]any{
		"name": "order_update", "language": "en_US", "category": "UTILITY",
		"components": []any{
			map[string]any{"type": "HEADER", "format": "IMAGE", "example": map[string]any{"header_handle": []string{"https://cdn.example/box.png"}}},
			map[string]any{"type": "BODY", "text": "Hi {{1}}, order {{2}} ships on {{3}}.",
				"example": map[string]any{"body_text": [][]string{{"Ana", "A-42", "Monday"}}}},
			map[string]any{"type": "BUTTONS", "buttons": []any{
				map[string]any{"type": "QUICK_REPLY", "text": "Stop updates"},
				map[string]any{"type": "URL", "text": "Track", "url": "https://shop.example/track/{{1}}", "example": []string{"A-42"}},
			}},
		},
	}
}

func welcomeTemplate() map[string]any {
	return map[string]any{
		"name": "welcome", "language": "pt_BR", "category": "MARKETING", "parameter_format": "NAMED",
		"components": []any{
			map[string]any{"type": "HEADER", "format": "TEXT", "text": "Olá {{first_name}}",
				"example": map[string]any{"header_text_named_params": []any{map[string]any{"param_name": "first_name", "example": "Ana"}}}},
			map[string]any{"type": "BODY", "text": "{{first_name}}, seu cupom é {{code}}.",
				"example": map[string]any{"body_text_named_params": []any{
					map[string]any{"param_name": "first_name", "example": "Ana"},
					map[string]any{"param_name": "code", "example": "BEMVINDO"}}}},
		},
	}
}

func signupTemplate(remoteFlowID string) map[string]any {
	return map[string]any{
		"name": "signup_invite", "language": "en_US", "category": "MARKETING",
		"components": []any{
			map[string]any{"type": "BODY", "text": "Join the club in one minute."},
			map[string]any{"type": "BUTTONS", "buttons": []any{
				map[string]any{"type": "FLOW", "text": "Sign up", "flow_id": remoteFlowID, "flow_action": "navigate", "navigate_screen": "WELCOME"},
			}},
		},
	}
}

// send posts a message for the env's app.
func (e *msgEnv) send(body map[string]any, key string) response {
	e.t.Helper()
	body["app_id"] = e.app
	if key == "" {
		return e.do(http.MethodPost, "/wa/v2/messages/", body)
	}
	raw, err := json.Marshal(body)
	require.NoError(e.t, err)
	req, err := http.NewRequest(http.MethodPost, e.base+"/wa/v2/messages/", bytes.NewReader(raw))
	require.NoError(e.t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.key)
	req.Header.Set(HeaderIdempotencyKey, key)
	return e.doRequest(req)
}

// golden compares got, encoded, with testdata/messages/name.json, or
// rewrites the file under -update.
func golden(t *testing.T, name string, got any) {
	t.Helper()
	raw, err := json.MarshalIndent(got, "", "  ")
	require.NoError(t, err)
	raw = append(raw, '\n')
	path := filepath.Join("testdata", "messages", name+".json")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, raw, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	require.JSONEq(t, string(want), string(raw), "the sandbox received another message than %s", path)
}

// doRequest sends a request built by the test and reads the answer as the
// harness does.
func (e *msgEnv) doRequest(req *http.Request) response {
	e.t.Helper()
	resp, err := e.client.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	r := response{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && len(raw) > 0 {
		require.NoError(e.t, json.Unmarshal(raw, &r.JSON), "body: %s", raw)
	}
	return r
}

// timeAt is a status time n minutes into the test's day.
func timeAt(n int) time.Time {
	return time.Date(2026, 7, 1, 12, n, 0, 0, time.UTC)
}
