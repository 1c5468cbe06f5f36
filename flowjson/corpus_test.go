package flowjson

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// corpusDir holds real Flow JSON documents and MANIFEST.md with the verdict
// expected for each.
const corpusDir = "../../shared/corpus/flows"

type corpusEntry struct {
	file    string
	version string
	valid   bool
}

// corpusManifest reads the file tables of MANIFEST.md: rows whose first cell
// is a `.json` file name and whose fourth cell is the verdict.
func corpusManifest(tb testing.TB) []corpusEntry {
	tb.Helper()
	f, err := os.Open(filepath.Join(corpusDir, "MANIFEST.md"))
	if os.IsNotExist(err) {
		tb.Skipf("corpus not found at %s; the manifest tests need the shared Flow JSON corpus", corpusDir)
	}
	require.NoError(tb, err)
	defer f.Close()
	var out []corpusEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 6 {
			continue
		}
		file := strings.Trim(strings.TrimSpace(cells[1]), "`")
		if !strings.HasSuffix(file, ".json") {
			continue
		}
		verdict := strings.TrimSpace(cells[4])
		require.True(tb, strings.HasPrefix(verdict, "valid") || strings.HasPrefix(verdict, "invalid"),
			"%s: verdict %q is neither valid nor invalid", file, verdict)
		out = append(out, corpusEntry{
			file:    file,
			version: strings.Trim(strings.TrimSpace(cells[3]), "`"),
			valid:   strings.HasPrefix(verdict, "valid"),
		})
	}
	require.NoError(tb, sc.Err())
	require.NotEmpty(tb, out, "no file rows in MANIFEST.md")
	return out
}

// TestCorpusManifest checks the verdict of every corpus file.
func TestCorpusManifest(t *testing.T) {
	for _, e := range corpusManifest(t) {
		t.Run(strings.TrimSuffix(e.file, ".json"), func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(corpusDir, e.file))
			require.NoError(t, err)
			r := Validate(src, Options{})
			if e.valid {
				require.True(t, r.Valid(), "expected valid, got:\n%s", diagnosticLines(r.Diagnostics))
			} else {
				require.False(t, r.Valid(), "expected invalid, got no error")
			}
		})
	}
}

// TestCorpusManifestListsEveryFile keeps the manifest and the directory in step.
func TestCorpusManifestListsEveryFile(t *testing.T) {
	listed := make(map[string]bool)
	for _, e := range corpusManifest(t) {
		listed[e.file] = true
	}
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.json"))
	require.NoError(t, err)
	for _, f := range files {
		require.True(t, listed[filepath.Base(f)], "%s is not in MANIFEST.md", filepath.Base(f))
	}
}

func diagnosticLines(ds Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("  " + d.String() + "\n")
	}
	return b.String()
}
