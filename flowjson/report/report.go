package report

import "github.com/waflow/waflow/flowjson"

// File is the validation result of one input, named as the user gave it
// ("-" for standard input).
type File struct {
	Path   string
	Result flowjson.Result
}

// rootPointer is how the empty pointer (the whole document) is shown.
const rootPointer = "(root)"

func pointerText(p string) string {
	if p == "" {
		return rootPointer
	}
	return p
}

func versionText(v flowjson.Version) string {
	if v == (flowjson.Version{}) {
		return ""
	}
	return v.String()
}
