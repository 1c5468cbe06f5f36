package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReportPairsBaseline(t *testing.T) {
	in := `pkg: example.com/x
BenchmarkValidate/baseline-2   	    1000	     20000 ns/op	     500 B/op	      10 allocs/op
BenchmarkValidate/waflow-2     	    1000	     60000 ns/op	    1500 B/op	      30 allocs/op
BenchmarkLonely-2              	    1000	      1000 ns/op
PASS
`
	var echo, out bytes.Buffer
	report(parse(strings.NewReader(in), &echo), &out)
	require.Equal(t, in, echo.String())
	require.Contains(t, out.String(), "Validate/waflow")
	require.Contains(t, out.String(), "60000 ns/op vs baseline 20000 (3.00×)")
	require.NotContains(t, out.String(), "Lonely")
}
