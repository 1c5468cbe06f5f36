package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/flowjson"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// corpusDir holds the shared Flow JSON corpus.
const corpusDir = "../../../shared/corpus/flows"

// scenarios are corpus files whose reports are kept as golden files, named
// after what they show.
var scenarios = []struct{ name, file string }{
	{"unknown-property", "miimii-v7_2-login-placeholder.json"},
	{"screen-id-and-number-pattern", "metaerr-v7_3-screen-id-with-digit.json"},
	{"action-not-allowed", "metaerr-v7_3-embeddedlink-complete.json"},
	{"frozen-version-warning", "waflowstools-v5_0-postman-hello-world.json"},
	{"version-not-a-string", "miimii-simple-pin-wrong-schema.json"},
}

func loadScenario(t *testing.T, file string) File {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(corpusDir, file))
	if os.IsNotExist(err) {
		t.Skipf("corpus not found at %s", corpusDir)
	}
	require.NoError(t, err)
	return File{Path: file, Result: flowjson.Validate(src, flowjson.Options{})}
}

func TestPrintersGolden(t *testing.T) {
	printers := []struct {
		ext   string
		print func(*bytes.Buffer, []File) error
	}{
		{"txt", func(b *bytes.Buffer, f []File) error { return Text(b, f) }},
		{"json", func(b *bytes.Buffer, f []File) error { return JSON(b, f) }},
		{"sarif", func(b *bytes.Buffer, f []File) error { return SARIF(b, f) }},
	}
	for _, sc := range scenarios {
		for _, p := range printers {
			t.Run(sc.name+"."+p.ext, func(t *testing.T) {
				f := loadScenario(t, sc.file)
				var buf bytes.Buffer
				require.NoError(t, p.print(&buf, []File{f}))
				golden := filepath.Join("testdata", sc.name+"."+p.ext)
				if *update {
					require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
					return
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err, "run go test ./flowjson/report -update")
				require.Equal(t, string(want), buf.String())
			})
		}
	}
}

func TestTextSummaryCountsFiles(t *testing.T) {
	files := []File{
		{Path: "ok.json", Result: flowjson.Result{Version: flowjson.Version{Major: 7, Minor: 3}}},
		{Path: "bad.json", Result: flowjson.Result{Diagnostics: flowjson.Diagnostics{
			{Code: "MISSING_FLOW_JSON_VERSION", Line: 1, Column: 1, Message: "no version"},
			{Code: "FROZEN_FLOW_JSON_VERSION", Severity: flowjson.SeverityWarning, Pointer: "/version", Line: 2, Column: 3, Message: "frozen"},
		}}},
	}
	var buf bytes.Buffer
	require.NoError(t, Text(&buf, files))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Equal(t, []string{
		"bad.json:1:1: error MISSING_FLOW_JSON_VERSION (root): no version",
		"bad.json:2:3: warning FROZEN_FLOW_JSON_VERSION /version: frozen",
		"2 files checked: 1 invalid, 1 error, 1 warning",
	}, lines)
}

func TestJSONNeverPrintsNullDiagnostics(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, JSON(&buf, []File{{Path: "ok.json"}}))
	require.Contains(t, buf.String(), `"diagnostics": []`)
	require.Contains(t, buf.String(), `"version": ""`)
}

func TestSARIFWithoutPositionOmitsRegion(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, SARIF(&buf, []File{{Path: "x.json", Result: flowjson.Result{Diagnostics: flowjson.Diagnostics{{Code: "INVALID_FLOW_JSON", Message: "bad"}}}}}))
	require.NotContains(t, buf.String(), "region")
	require.Contains(t, buf.String(), `"ruleId": "INVALID_FLOW_JSON"`)
}
