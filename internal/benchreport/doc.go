// Command benchreport reads `go test -bench` output on stdin, echoes it, and
// then prints every benchmark beside the "baseline" sub-benchmark of the same
// parent, so each figure is read against a baseline measured in the same run.
//
// A benchmark BenchmarkX with sub-benchmarks BenchmarkX/baseline and
// BenchmarkX/waflow prints one line: waflow's ns/op, the baseline's, and their
// ratio (cost: lower is better). Custom metrics reported with b.ReportMetric
// (for example req/s or p99-ms) are printed beside the same metric of the
// baseline when it has one.
//
// # Reading the report
//
// Benchmarks are paired within their package (the "pkg:" line before
// them), and the -N GOMAXPROCS suffix is ignored. A metric the baseline
// lacks, or has as 0, is printed alone. B/op and allocs/op stay in the
// echoed output but are not compared. The lines are sorted by name, so two
// runs can be compared with diff; benchmarks without a baseline sibling
// are only echoed.
//
// # Example
//
// Piped from go test, as "make bench" does,
//
//	go test -run '^$' -bench . -benchmem ./... | go run ./internal/benchreport
//
// it prints, after the echoed output, lines such as
//
//	== figures beside their same-run baseline ==
//	Handle/waflow                                                31000 ns/op vs baseline 24000 (1.29×)
package main
