package main

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/waflow/waflow/crypto"
)

// masterKeyFileName is the key file made in the data directory when
// WAFLOW_MASTER_KEY is not set.
const masterKeyFileName = "master.key"

// masterKeys returns the configured master keys or, without any, the one in
// the data directory's key file, creating it on first start. Losing the
// file loses every sealed secret, so it is created once and never
// rewritten.
func masterKeys(cfg serveConfig, random io.Reader) ([][]byte, error) {
	if cfg.MasterKeys != nil {
		return cfg.MasterKeys, nil
	}
	path := filepath.Join(cfg.DataDir, masterKeyFileName)
	k, err := readMasterKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		k, err = createMasterKeyFile(path, random)
		if errors.Is(err, fs.ErrExist) {
			// Another instance sharing the directory created it first.
			k, err = readMasterKeyFile(path)
		}
	}
	if err != nil {
		return nil, err
	}
	return [][]byte{k}, nil
}

// readMasterKeyFile reads the key file, refusing one that others than its
// owner may read: a key anyone on the machine can copy protects nothing.
func readMasterKeyFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("master key file %s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("master key file %s has mode %04o, readable by group or others; run chmod 600 %s (or set %s)",
			path, perm, path, envMasterKey)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read master key file: %w", err)
	}
	keys, err := parseMasterKeys(strings.TrimSpace(string(data)))
	if err != nil {
		return nil, fmt.Errorf("master key file %s: %w", path, err)
	}
	return keys[0], nil
}

// createMasterKeyFile writes a new key to path with mode 0600. It writes a
// temporary file and links it into place, so a concurrent reader sees no
// file or a complete one, and an existing file is never replaced (the
// link fails with fs.ErrExist).
func createMasterKeyFile(path string, random io.Reader) ([]byte, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	k, err := crypto.NewMasterKey(random)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(dir, ".master.key-*")
	if err != nil {
		return nil, fmt.Errorf("create master key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return nil, fmt.Errorf("create master key file: %w", err)
	}
	if _, err := tmp.WriteString(base64.StdEncoding.EncodeToString(k) + "\n"); err != nil {
		_ = tmp.Close()
		return nil, fmt.Errorf("write master key file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return nil, fmt.Errorf("write master key file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("write master key file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return nil, fmt.Errorf("install master key file: %w", err)
	}
	return k, nil
}
