package providertest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Golden compares got with the file at path. With update it writes got
// there instead, creating the directory: a test's -update flag.
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file %s (run with -update to create it)", path)
	require.Equal(t, string(want), string(got), "differs from %s", path)
}

// GoldenJSON compares a JSON body, indented but in wire order and ending
// in a newline, with the file at path, as Golden does.
func GoldenJSON(t testing.TB, path string, body []byte, update bool) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, json.Indent(&buf, body, "", "  "), "the body is JSON")
	buf.WriteByte('\n')
	Golden(t, path, buf.Bytes(), update)
}

// GoldenRequest compares a JSON request body the BSP's server received
// with testdata/requests/<scenario>.json, as GoldenJSON does: the
// CheckWire of a [Harness].
func GoldenRequest(t testing.TB, scenario string, wire []byte, update bool) {
	t.Helper()
	GoldenJSON(t, filepath.Join("testdata", "requests", scenario+".json"), wire, update)
}
