package flowjson

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkCheckSemantics measures the rules on the largest scenario
// against a plain encoding/json decode of the same bytes (the baseline).
func BenchmarkCheckSemantics(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("testdata", "rules", "references", "global-references.json"))
	if err != nil {
		b.Fatal(err)
	}
	doc, _ := Parse(src)
	v := documentVersion(doc)
	b.Run("baseline", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			var out any
			if err := json.Unmarshal(src, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rules", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			checkSemantics(doc, v)
		}
	})
}
