package httpapi

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/stretchr/testify/require"
)

// TestOpenAPIMatchesRoutes holds the document and the router to each
// other: every route Fiber serves is documented, every documented
// operation is served, and every schema a route names is defined.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	h := newHarness(t, everyRoute)
	r := h.doKey("", http.MethodGet, "/openapi.json", nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, "3.1.0", r.JSON["openapi"])

	documented := map[string]map[string]any{} // "GET /path/{id}" → operation
	for path, item := range r.JSON["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			documented[strings.ToUpper(method)+" "+path] = op.(map[string]any)
		}
	}
	served := map[string]bool{}
	for _, rt := range h.srv.App().GetRoutes(true) {
		if rt.Method == http.MethodHead {
			continue // Fiber adds HEAD to every GET
		}
		served[rt.Method+" "+OpenAPIPath(rt.Path)] = true
	}
	for op := range served {
		require.Contains(t, documented, op, "served but not documented")
	}
	for op := range documented {
		require.Contains(t, served, op, "documented but not served")
	}

	schemas := r.JSON["components"].(map[string]any)["schemas"].(map[string]any)
	raw, err := json.Marshal(r.JSON)
	require.NoError(t, err)
	for _, ref := range refs(string(raw)) {
		require.Contains(t, schemas, strings.TrimPrefix(ref, "#/components/schemas/"), "dangling $ref")
	}

	ids := map[string]bool{}
	for key, op := range documented {
		id := op["operationId"].(string)
		require.False(t, ids[id], "operationId %s repeats", id)
		ids[id] = true
		require.NotEmpty(t, op["summary"], key)
		method, path, _ := strings.Cut(key, " ")
		sec, hasSec := op["security"]
		if BSPCalled(method, examplePath(strings.NewReplacer("{", ":", "}", "").Replace(path))) || !strings.HasPrefix(path, APIPrefix) {
			require.True(t, hasSec, "%s must declare it needs no key", key)
			require.Empty(t, sec, key)
		} else {
			require.False(t, hasSec, "%s inherits the bearer requirement", key)
			require.Contains(t, op["responses"], "401", key)
		}
	}
}

// refs lists the $ref values in a JSON text.
func refs(doc string) []string {
	var out []string
	const marker = `"$ref":"`
	for {
		i := strings.Index(doc, marker)
		if i < 0 {
			break
		}
		doc = doc[i+len(marker):]
		end := strings.IndexByte(doc, '"')
		out = append(out, doc[:end])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestHandleRefusesMistakes(t *testing.T) {
	s := New(Options{})
	ok := func(*fiber.Ctx) error { return nil }
	tests := []struct {
		name  string
		route Route
	}{
		{"twice", Route{Method: "GET", Path: "/healthz"}},
		{"relative", Route{Method: "GET", Path: "wa/v2/x"}},
		{"wildcard", Route{Method: "GET", Path: "/wa/v2/*"}},
		{"optional", Route{Method: "GET", Path: "/wa/v2/:id?"}},
		{"undefined schema", Route{Method: "GET", Path: "/wa/v2/x", Response: "Nope"}},
	}
	for _, tt := range tests {
		require.Panics(t, func() { s.Handle(tt.route, ok) }, tt.name)
	}
}
