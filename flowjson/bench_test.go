package flowjson

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkValidateCorpus compares Validate with decoding the same bytes
// into any with encoding/json, over every valid corpus flow per op.
func BenchmarkValidateCorpus(b *testing.B) {
	flows := validCorpusSources(b)
	var size int64
	for _, src := range flows {
		size += int64(len(src))
	}
	b.Run("baseline", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, src := range flows {
				var v any
				if err := json.Unmarshal(src, &v); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(flows)), "ns/flow")
	})
	b.Run("waflow", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, src := range flows {
				if r := Validate(src, Options{}); r.Version == (Version{}) {
					b.Fatal("no version")
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(flows)), "ns/flow")
	})
}

// validCorpusSources reads every corpus file the manifest marks valid.
func validCorpusSources(tb testing.TB) [][]byte {
	tb.Helper()
	entries := corpusManifest(tb)
	var out [][]byte
	for _, e := range entries {
		if !e.valid {
			continue
		}
		src, err := os.ReadFile(filepath.Join(corpusDir, e.file))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, src)
	}
	return out
}
