package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// readPrivateFile reads a file of secrets from the data directory,
// refusing one that others than its owner may read: a secret anyone on the
// machine can copy protects nothing. fix names what else the user can do
// (the environment variable that replaces the file).
func readPrivateFile(path, what, fix string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s %s is not a regular file", what, path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("%s %s has mode %04o, readable by group or others; run chmod 600 %s (or %s)",
			what, path, perm, path, fix)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return data, nil
}

// installPrivateFile writes data to path with mode 0600, creating the
// directory (0700) if needed. It writes a temporary file and moves it into
// place, so a concurrent reader sees no file or a complete one. With
// replace false an existing file is never replaced (the link fails with
// fs.ErrExist), which is what a key that others may have read first needs.
func installPrivateFile(path, what string, data []byte, replace bool) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("create %s: %w", what, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("create %s: %w", what, err)
	}
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("write %s: %w", what, err)
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("write %s: %w", what, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	install := os.Link
	if replace {
		install = os.Rename
	}
	if err := install(tmp.Name(), path); err != nil {
		return fmt.Errorf("install %s: %w", what, err)
	}
	return nil
}
