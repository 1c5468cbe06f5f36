package flowjson

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xeipuuv/gojsonschema"
)

// TestSchemaFilesUpToDate fails when a committed schema differs from what the
// generator produces; -update (or go generate) rewrites them.
func TestSchemaFilesUpToDate(t *testing.T) {
	for _, vi := range Versions() {
		t.Run(vi.Version.String(), func(t *testing.T) {
			want, err := generateSchema(vi.Version)
			require.NoError(t, err)
			path := filepath.Join("schemas", schemaFileName(vi.Version))
			if *update {
				require.NoError(t, os.WriteFile(path, want, 0o644))
				return
			}
			got, err := os.ReadFile(path)
			require.NoError(t, err, "run go generate ./flowjson")
			if line, diff := firstDifference(string(want), string(got)); diff {
				t.Fatalf("%s is stale from line %d: run go generate ./flowjson", path, line)
			}
		})
	}
}

func TestSchemasCompileAndDescribeThemselves(t *testing.T) {
	for _, vi := range Versions() {
		t.Run(vi.Version.String(), func(t *testing.T) {
			src, err := Schema(vi.Version)
			require.NoError(t, err)
			var doc map[string]any
			require.NoError(t, json.Unmarshal(src, &doc))
			require.Equal(t, schemaID(vi.Version), doc["$id"])
			require.Contains(t, doc["title"], vi.Version.String())
			require.Equal(t, false, doc["additionalProperties"])
			_, err = gojsonschema.NewSchema(gojsonschema.NewBytesLoader(src))
			require.NoError(t, err)
		})
	}
}

func TestSchemaUnknownVersion(t *testing.T) {
	_, err := Schema(Version{4, 1})
	require.ErrorContains(t, err, "unknown Flow JSON version 4.1")
}

// TestSchemaGatesComponentsByVersion checks the generated component enum
// against the matrix both ways.
func TestSchemaGatesComponentsByVersion(t *testing.T) {
	for _, vi := range Versions() {
		src, err := Schema(vi.Version)
		require.NoError(t, err)
		var doc struct {
			Definitions map[string]struct {
				Properties map[string]struct {
					Examples []string `json:"examples"`
				} `json:"properties"`
			} `json:"definitions"`
		}
		require.NoError(t, json.Unmarshal(src, &doc))
		types := doc.Definitions["component"].Properties["type"].Examples
		for _, c := range componentSpecs() {
			want := c.feature == "" || vi.Version.Supports(c.feature)
			require.Equal(t, want, contains(types, c.name), "%s at %s", c.name, vi.Version)
		}
	}
}

// firstDifference returns the first line (1-based) where a and b differ.
func firstDifference(a, b string) (int, bool) {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(la), len(lb)) {
		if i >= len(la) || i >= len(lb) || la[i] != lb[i] {
			return i + 1, true
		}
	}
	return 0, false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
