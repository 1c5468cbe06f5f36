package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/waflow/waflow/flowjson"
)

// SARIF 2.1.0 subset: one run, a rule per diagnostic code, a result per
// diagnostic located by file, line and column, with the JSON pointer as
// the logical location.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID               string       `json:"id"`
		ShortDescription sarifMessage `json:"shortDescription"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID    string          `json:"ruleId"`
		RuleIndex int             `json:"ruleIndex"`
		Level     string          `json:"level"`
		Message   sarifMessage    `json:"message"`
		Locations []sarifLocation `json:"locations"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical  `json:"physicalLocation"`
		LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
	sarifLogical struct {
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	}
)

// SARIF writes a SARIF 2.1.0 log of all files, for code-scanning tools.
func SARIF(w io.Writer, files []File) error {
	var codes []string
	for _, f := range files {
		for _, d := range f.Result.Diagnostics {
			codes = append(codes, d.Code)
		}
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	rules := make([]sarifRule, len(codes))
	for i, c := range codes {
		rules[i] = sarifRule{ID: c, ShortDescription: sarifMessage{Text: c}}
	}
	results := []sarifResult{}
	for _, f := range files {
		for _, d := range f.Result.Diagnostics {
			idx, _ := slices.BinarySearch(codes, d.Code)
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: f.Path}}}
			if d.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: d.Line, StartColumn: d.Column}
			}
			loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: pointerText(d.Pointer), Kind: "member"}}
			results = append(results, sarifResult{
				RuleID: d.Code, RuleIndex: idx, Level: sarifLevel(d.Severity),
				Message: sarifMessage{Text: d.Message}, Locations: []sarifLocation{loc},
			})
		}
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:    sarifTool{Driver: sarifDriver{Name: "waflow", InformationURI: "https://github.com/waflow/waflow", Rules: rules}},
			Results: results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("write SARIF report: %w", err)
	}
	return nil
}

func sarifLevel(s flowjson.Severity) string {
	if s == flowjson.SeverityWarning {
		return "warning"
	}
	return "error"
}
