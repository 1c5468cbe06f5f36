package flowjson

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRuleScenarios runs every scenario under testdata/rules/<concern>/
// and compares its diagnostics with the .golden file beside it; -update
// rewrites the golden files.
func TestRuleScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "rules", "*", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(f), "testdata/rules/"), ".json")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			got := printDiagnostics(runRules(t, string(src)))
			golden := strings.TrimSuffix(f, ".json") + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -update to create the golden file")
			require.Equal(t, string(want), got)
		})
	}
}
