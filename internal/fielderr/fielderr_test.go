package fielderr_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/waflow/waflow/internal/fielderr"
)

func ExampleList() {
	var errs fielderr.List
	errs.Name("name", " Orders", 100)
	errs.Addf("limit", "must be from 1 to %d", 500)
	fmt.Println(fielderr.Text("example: invalid input: ", errs))
	// Output: example: invalid input: name: must not start or end with white space; limit: must be from 1 to 500
}

func TestName(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"Orders", ""},
		{"", "required"},
		{"  ", "required"},
		{"Orders ", "must not start or end with white space"},
		{strings.Repeat("é", 11), "longer than 10 characters"},
		{strings.Repeat("é", 10), ""},
		{"a\x07b", "must not contain control characters"},
	} {
		var errs fielderr.List
		errs.Name("name", c.name, 10)
		got := ""
		if len(errs) > 0 {
			got = errs[0].Message
		}
		if len(errs) > 1 || got != c.want {
			t.Errorf("Name(%q) = %v, want %q", c.name, errs, c.want)
		}
	}
}
