package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

type result struct {
	pkg     string
	name    string // without the -N GOMAXPROCS suffix
	metrics map[string]float64
	order   []string
}

var (
	benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+(\d+)\s+(.*)$`)
	pkgLine   = regexp.MustCompile(`^pkg:\s+(\S+)`)
)

func parse(r io.Reader, echo io.Writer) []result {
	var out []result
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(echo, line)
		if m := pkgLine.FindStringSubmatch(line); m != nil {
			pkg = m[1]
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		res := result{pkg: pkg, name: m[1], metrics: map[string]float64{}}
		fields := strings.Fields(m[3])
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			unit := fields[i+1]
			res.metrics[unit] = v
			res.order = append(res.order, unit)
		}
		out = append(out, res)
	}
	return out
}

func report(results []result, w io.Writer) {
	baselines := map[string]result{}
	for _, r := range results {
		if parent, leaf := split(r.name); leaf == "baseline" {
			baselines[r.pkg+" "+parent] = r
		}
	}
	var lines []string
	for _, r := range results {
		parent, leaf := split(r.name)
		base, ok := baselines[r.pkg+" "+parent]
		if !ok || leaf == "baseline" {
			continue
		}
		var parts []string
		for _, unit := range r.order {
			if unit == "B/op" || unit == "allocs/op" {
				continue
			}
			v := r.metrics[unit]
			b, has := base.metrics[unit]
			if !has || b == 0 {
				parts = append(parts, fmt.Sprintf("%s %s", format(v), unit))
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %s vs baseline %s (%.2f×)", format(v), unit, format(b), v/b))
		}
		lines = append(lines, fmt.Sprintf("%-60s %s", strings.TrimPrefix(r.name, "Benchmark"), strings.Join(parts, "; ")))
	}
	if len(lines) == 0 {
		return
	}
	sort.Strings(lines)
	fmt.Fprintln(w, "\n== figures beside their same-run baseline ==")
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

func split(name string) (parent, leaf string) {
	i := strings.LastIndexByte(name, '/')
	if i < 0 {
		return name, ""
	}
	return name[:i], name[i+1:]
}

func format(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	default:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
}

func main() {
	report(parse(os.Stdin, os.Stdout), os.Stdout)
}
