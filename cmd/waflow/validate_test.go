package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// runWithStdin runs waflow with stdin as standard input.
func runWithStdin(stdin string, args ...string) cliResult {
	var stdout, stderr bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	code := m.Run(context.Background(), args)
	return cliResult{Code: code, Stdout: stdout.String(), Stderr: stderr.String()}
}

func TestValidateExitCodes(t *testing.T) {
	valid := filepath.Join("testdata", "valid-7.3.json")
	frozen := filepath.Join("testdata", "frozen-5.0.json")
	unknown := filepath.Join("testdata", "unknown-property-7.3.json")
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStdout string
		wantStderr string
	}{
		{"valid", []string{"validate", valid}, exitOK, "1 file checked: 0 invalid, 0 errors, 0 warnings", ""},
		{"warning only", []string{"validate", frozen}, exitOK, "warning FROZEN_FLOW_JSON_VERSION /version", ""},
		{"strict turns the warning into an error", []string{"validate", "--strict", frozen}, exitFailure, "error FROZEN_FLOW_JSON_VERSION", ""},
		{"invalid", []string{"validate", valid, unknown}, exitFailure, unknown + ":11:52: error INVALID_PROPERTY_KEY", ""},
		{"flow-version override", []string{"validate", "--flow-version", "2.1", valid}, exitOK, "Flow JSON 2.1 is frozen", ""},
		{"missing file", []string{"validate", "testdata/nope.json"}, exitUsage, "", "read testdata/nope.json"},
		{"no files", []string{"validate"}, exitUsage, "", "no files to validate"},
		{"bad format", []string{"validate", "--format", "xml", valid}, exitUsage, "", `--format: "xml"`},
		{"bad version", []string{"validate", "--flow-version", "4.1", valid}, exitUsage, "", "unknown Flow JSON version"},
		{"unknown flag", []string{"validate", "--nope", valid}, exitUsage, "", "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runWithStdin("", tt.args...)
			require.Equal(t, tt.code, r.Code, "stdout:\n%s\nstderr:\n%s", r.Stdout, r.Stderr)
			require.Contains(t, r.Stdout, tt.wantStdout)
			require.Contains(t, r.Stderr, tt.wantStderr)
		})
	}
}

func TestValidateStdin(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "unknown-property-7.3.json"))
	require.NoError(t, err)
	r := runWithStdin(string(src), "validate", "-")
	require.Equal(t, exitFailure, r.Code)
	require.True(t, strings.HasPrefix(r.Stdout, "-:11:52: error INVALID_PROPERTY_KEY"), r.Stdout)

	r = runWithStdin("{", "validate", "-")
	require.Equal(t, exitFailure, r.Code)
	require.Contains(t, r.Stdout, "INVALID_FLOW_JSON")
}

func TestValidateJSONKeepsInputOrder(t *testing.T) {
	paths := []string{
		filepath.Join("testdata", "unknown-property-7.3.json"),
		filepath.Join("testdata", "valid-7.3.json"),
		filepath.Join("testdata", "frozen-5.0.json"),
	}
	args := append([]string{"validate", "--format", "json"}, paths...)
	for range 5 {
		r := runWithStdin("", args...)
		require.Equal(t, exitFailure, r.Code)
		var out []struct {
			Path    string `json:"path"`
			Version string `json:"version"`
			Valid   bool   `json:"valid"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.Stdout), &out))
		require.Len(t, out, 3)
		for i, p := range paths {
			require.Equal(t, p, out[i].Path)
		}
		require.Equal(t, []bool{false, true, true}, []bool{out[0].Valid, out[1].Valid, out[2].Valid})
		require.Equal(t, "5.0", out[2].Version)
	}
}

func TestValidateSARIF(t *testing.T) {
	r := runWithStdin("", "validate", "--format", "sarif", filepath.Join("testdata", "unknown-property-7.3.json"))
	require.Equal(t, exitFailure, r.Code)
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
				Level  string `json:"level"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.Stdout), &log))
	require.Equal(t, "2.1.0", log.Version)
	require.Equal(t, "INVALID_PROPERTY_KEY", log.Runs[0].Results[0].RuleID)
	require.Equal(t, "error", log.Runs[0].Results[0].Level)
}

func TestSchemaCommand(t *testing.T) {
	r := runWithStdin("", "schema")
	require.Equal(t, exitOK, r.Code, r.Stderr)
	require.Contains(t, r.Stdout, `"title": "WhatsApp Flow JSON 7.3"`)

	r = runWithStdin("", "schema", "--flow-version", "3.1")
	require.Equal(t, exitOK, r.Code, r.Stderr)
	require.Contains(t, r.Stdout, `"title": "WhatsApp Flow JSON 3.1"`)

	r = runWithStdin("", "schema", "--flow-version", "9.9")
	require.Equal(t, exitUsage, r.Code)
	require.Contains(t, r.Stderr, "unknown Flow JSON version")
}

func TestExamplesAreValid(t *testing.T) {
	flows, err := filepath.Glob(filepath.Join("..", "..", "examples", "flows", "*.json"))
	require.NoError(t, err)
	if len(flows) == 0 {
		t.Skip("no example flows")
	}
	r := runWithStdin("", append([]string{"validate"}, flows...)...)
	require.Equal(t, exitOK, r.Code, r.Stdout)
}
