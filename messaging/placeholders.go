package messaging

import (
	"regexp"
	"strconv"
)

// placeholderPattern finds {{…}} variables; what is inside is checked by
// the template rules, so anything but braces is captured.
var placeholderPattern = regexp.MustCompile(`\{\{([^{}]*)\}\}`)

// namedPlaceholder is the spelling of NAMED variables.
var namedPlaceholder = regexp.MustCompile(`^[a-z_]+$`)

// placeholders returns the variables of text in order of first appearance,
// without braces, each once.
func placeholders(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range placeholderPattern.FindAllStringSubmatch(text, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}

// positionalIndex returns n for "n", a positive decimal without leading
// zeros, and false for anything else.
func positionalIndex(name string) (int, bool) {
	n, err := strconv.Atoi(name)
	if err != nil || n < 1 || strconv.Itoa(n) != name {
		return 0, false
	}
	return n, true
}

func braces(name string) string { return "{{" + name + "}}" }
