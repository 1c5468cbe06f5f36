package main

import (
	"context"
	"fmt"

	"github.com/waflow/waflow/flowjson"
)

// runSchema prints the JSON Schema of one Flow JSON version (default the
// newest), for editors and other validators.
func runSchema(_ context.Context, m *Main, args []string) error {
	fs := m.newCommandFlags("schema", "[--flow-version X]")
	version := fs.String("flow-version", flowjson.LatestVersion().String(), "Flow JSON version of the schema")
	if err := parseCommandFlags(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	v, err := flowjson.ParseVersion(*version)
	if err != nil {
		return usageErrorf("--flow-version: %v", err)
	}
	schema, err := flowjson.Schema(v)
	if err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	if _, err := m.Stdout.Write(schema); err != nil {
		return fmt.Errorf("write schema: %w", err)
	}
	return nil
}
