package flowrun

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/flowjson"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// corpusDir holds real Flow JSON documents, valid and invalid.
const corpusDir = "../../shared/corpus/flows"

// exampleValues collects the __example__ values of a screen's data model,
// the data Meta's Builder previews a screen with.
func exampleValues(t *testing.T, flow []byte, screen string) map[string]any {
	t.Helper()
	var doc struct {
		Screens []struct {
			ID   string                                `json:"id"`
			Data map[string]map[string]json.RawMessage `json:"data"`
		} `json:"screens"`
	}
	require.NoError(t, json.Unmarshal(flow, &doc))
	out := map[string]any{}
	for _, s := range doc.Screens {
		if s.ID != screen {
			continue
		}
		for name, field := range s.Data {
			if ex, ok := field["__example__"]; ok {
				var v any
				require.NoError(t, json.Unmarshal(ex, &v))
				out[name] = v
			}
		}
	}
	return out
}

// validCorpus returns the corpus flows the validator accepts, by name.
func validCorpus(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.json"))
	require.NoError(t, err)
	if len(files) == 0 {
		t.Skipf("corpus not found at %s; the corpus tests need the shared Flow JSON corpus", corpusDir)
	}
	out := map[string][]byte{}
	for _, f := range files {
		src := readFile(t, f)
		if flowjson.Validate(src, flowjson.Options{}).Valid() {
			out[strings.TrimSuffix(filepath.Base(f), ".json")] = src
		}
	}
	require.NotEmpty(t, out)
	return out
}

// navigateTargets lists what can be pressed on a rendered screen to
// navigate, with the screen it leads to.
func navigateTargets(v View) map[Target]string {
	out := map[Target]string{}
	var walk func([]Node)
	walk = func(nodes []Node) {
		for _, n := range nodes {
			next := func(a any) string {
				m, _ := a.(map[string]any)
				if m["name"] != "navigate" {
					return ""
				}
				s, _ := m["next"].(string)
				return s
			}
			switch n.Type {
			case "Footer":
				if s := next(n.Props["on-click-action"]); s != "" {
					out[Footer()] = s
				}
			case "EmbeddedLink":
				if s := next(n.Props["on-click-action"]); s != "" {
					out[Link(n.Props["text"].(string))] = s
				}
			case "OptIn":
				if s := next(n.Props["on-click-action"]); s != "" {
					out[Link(n.Name)] = s
				}
			case "NavigationList":
				items, _ := n.Props["list-items"].([]any)
				for _, it := range items {
					item, _ := it.(map[string]any)
					id, _ := item["id"].(string)
					action := item["on-click-action"]
					if action == nil {
						action = n.Props["on-click-action"]
					}
					if s := next(action); s != "" && id != "" {
						out[Item(id)] = s
					}
				}
			}
			walk(n.Children)
		}
	}
	walk(v.Tree)
	return out
}

// TestCorpusScreensRender opens every screen of every valid corpus flow
// with its example data, renders it, and presses everything on it that
// navigates, rendering the screen it leads to with the data the payload
// gave it: no step may fail.
func TestCorpusScreensRender(t *testing.T) {
	ctx := context.Background()
	for name, src := range validCorpus(t) {
		t.Run(name, func(t *testing.T) {
			var doc struct {
				Screens []struct {
					ID string `json:"id"`
				} `json:"screens"`
			}
			require.NoError(t, json.Unmarshal(src, &doc))
			for _, s := range doc.Screens {
				open := func() *Walker {
					w, err := NewWalker(src, nil, Options{FlowToken: "t", InitialScreen: s.ID, InitialData: exampleValues(t, src, s.ID), SkipInputChecks: true})
					require.NoError(t, err)
					_, err = w.Start(ctx)
					require.NoError(t, err)
					return w
				}
				v, err := open().View()
				require.NoError(t, err, "screen %s", s.ID)
				for target, next := range navigateTargets(v) {
					w := open()
					step, err := w.Press(ctx, target)
					require.NoError(t, err, "screen %s, %s", s.ID, target)
					require.Equal(t, Outcome{Type: OutcomeScreen, Screen: next}, step.Outcome, "screen %s, %s", s.ID, target)
					_, err = w.View()
					require.NoError(t, err, "screen %s, %s → %s", s.ID, target, next)
				}
			}
		})
	}
}

// TestCorpusGoldenViews compares the first screen of a few corpus flows,
// rendered with its example data, to testdata/corpus/NAME.json.
func TestCorpusGoldenViews(t *testing.T) {
	corpus := validCorpus(t)
	for _, name := range []string{
		"pywa-v4_0-switch",
		"pywa-v6_0-math-operators",
		"metadocs-v7_2-forward-references",
		"flowso-v7_3-appointment",
	} {
		t.Run(name, func(t *testing.T) {
			src, ok := corpus[name]
			require.True(t, ok, "%s is not a valid corpus flow", name)
			var doc struct {
				Screens []struct {
					ID string `json:"id"`
				} `json:"screens"`
			}
			require.NoError(t, json.Unmarshal(src, &doc))
			first := doc.Screens[0].ID
			rt, err := New(src, Options{InitialScreen: first, InitialData: exampleValues(t, src, first)})
			require.NoError(t, err)
			_, err = rt.Start()
			require.NoError(t, err)
			v, err := rt.View()
			require.NoError(t, err)
			got, err := json.MarshalIndent(v, "", "  ")
			require.NoError(t, err)
			golden := filepath.Join("testdata", "corpus", name+".json")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, append(got, '\n'), 0o644))
			}
			require.JSONEq(t, string(readFile(t, golden)), string(got))
		})
	}
}
