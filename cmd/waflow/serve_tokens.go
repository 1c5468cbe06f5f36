package main

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/waflow/waflow/crypto"
)

// tokenSecretFileName holds the flow token secret, sealed with the master
// key, when WAFLOW_TOKEN_SECRET is not set.
const tokenSecretFileName = "flow-token.secret"

// minTokenSecretLength is the shortest WAFLOW_TOKEN_SECRET accepted: an
// HMAC key a person chose should still be hard to guess.
const minTokenSecretLength = 32

// tokenSecretSize is the length of a generated flow token secret.
const tokenSecretSize = 32

// tokenSecretAD binds the sealed secret to its purpose, so that no other
// sealed value can be passed off as it.
const tokenSecretAD = "waflow/flow-token-secret"

// flowTokens returns the server's flow token signer. The secret is
// WAFLOW_TOKEN_SECRET when set, else one generated on first start and kept
// in the data directory, sealed with the master key. Servers sharing a
// database must share the secret: set WAFLOW_TOKEN_SECRET on each, so that
// a token one of them issued opens the data endpoint on every other.
// random makes the secret; nil means crypto/rand.
func flowTokens(cfg serveConfig, sealer *crypto.Sealer, random io.Reader) (*crypto.Tokens, error) {
	if cfg.TokenSecret != nil {
		return &crypto.Tokens{Secrets: [][]byte{cfg.TokenSecret}}, nil
	}
	path := filepath.Join(cfg.DataDir, tokenSecretFileName)
	secret, err := readTokenSecret(path, sealer)
	if errors.Is(err, fs.ErrNotExist) {
		secret, err = createTokenSecret(path, sealer, random)
		if errors.Is(err, fs.ErrExist) {
			// Another instance sharing the directory created it first.
			secret, err = readTokenSecret(path, sealer)
		}
	}
	if err != nil {
		return nil, err
	}
	return &crypto.Tokens{Secrets: [][]byte{secret}}, nil
}

func readTokenSecret(path string, sealer *crypto.Sealer) ([]byte, error) {
	data, err := readPrivateFile(path, "flow token secret file", "set "+envTokenSecret)
	if err != nil {
		return nil, err
	}
	sealed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
	if err != nil {
		return nil, fmt.Errorf("flow token secret file %s is not base64", path)
	}
	secret, err := sealer.Open(sealed, []byte(tokenSecretAD))
	if err != nil {
		return nil, fmt.Errorf("flow token secret file %s does not open with the master key: %w", path, err)
	}
	return secret, nil
}

func createTokenSecret(path string, sealer *crypto.Sealer, random io.Reader) ([]byte, error) {
	if random == nil {
		random = rand.Reader
	}
	secret := make([]byte, tokenSecretSize)
	if _, err := io.ReadFull(random, secret); err != nil {
		return nil, fmt.Errorf("generate flow token secret: %w", err)
	}
	sealed, err := sealer.Seal(secret, []byte(tokenSecretAD))
	if err != nil {
		return nil, fmt.Errorf("seal flow token secret: %w", err)
	}
	if err := installPrivateFile(path, "flow token secret file", []byte(base64.StdEncoding.EncodeToString(sealed)+"\n"), false); err != nil {
		return nil, err
	}
	return secret, nil
}
