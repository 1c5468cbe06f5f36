package main

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
// owner may read.
func readMasterKeyFile(path string) ([]byte, error) {
	data, err := readPrivateFile(path, "master key file", "set "+envMasterKey)
	if err != nil {
		return nil, err
	}
	keys, err := parseMasterKeys(strings.TrimSpace(string(data)))
	if err != nil {
		return nil, fmt.Errorf("master key file %s: %w", path, err)
	}
	return keys[0], nil
}

// createMasterKeyFile writes a new key to path with mode 0600; an existing
// file is never replaced (fs.ErrExist).
func createMasterKeyFile(path string, random io.Reader) ([]byte, error) {
	k, err := crypto.NewMasterKey(random)
	if err != nil {
		return nil, err
	}
	if err := installPrivateFile(path, "master key file", []byte(base64.StdEncoding.EncodeToString(k)+"\n"), false); err != nil {
		return nil, err
	}
	return k, nil
}
