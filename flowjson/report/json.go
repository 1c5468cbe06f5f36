package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/waflow/waflow/flowjson"
)

// jsonFile is the JSON form of one file's result.
type jsonFile struct {
	Path        string               `json:"path"`
	Version     string               `json:"version"`
	Valid       bool                 `json:"valid"`
	Diagnostics flowjson.Diagnostics `json:"diagnostics"`
}

// JSON writes an array with one object per file: path, version (empty
// when none could be determined), valid and diagnostics.
func JSON(w io.Writer, files []File) error {
	out := make([]jsonFile, len(files))
	for i, f := range files {
		out[i] = jsonFile{Path: f.Path, Version: versionText(f.Result.Version), Valid: f.Result.Valid(), Diagnostics: f.Result.Diagnostics}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}
