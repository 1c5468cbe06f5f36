package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/waflow/waflow/flowjson"
)

// Text writes one line per diagnostic, as a compiler does
// ("flow.json:12:5: error INVALID_ROUTING_MODEL /routing_model/A: ..."),
// then a summary line.
func Text(w io.Writer, files []File) error {
	bw := bufio.NewWriter(w)
	var errs, warns, invalid int
	for _, f := range files {
		if !f.Result.Valid() {
			invalid++
		}
		for _, d := range f.Result.Diagnostics {
			if d.Severity == flowjson.SeverityError {
				errs++
			} else {
				warns++
			}
			fmt.Fprintf(bw, "%s:%d:%d: %s %s %s: %s\n", f.Path, d.Line, d.Column, d.Severity, d.Code, pointerText(d.Pointer), d.Message)
		}
	}
	fmt.Fprintf(bw, "%s checked: %d invalid, %s, %s\n",
		plural(len(files), "file"), invalid, plural(errs, "error"), plural(warns, "warning"))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write text report: %w", err)
	}
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
