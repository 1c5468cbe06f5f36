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

// tokenSecretSize is the length of a generated secret.
const tokenSecretSize = 32

// tokenSecretAD binds the sealed secret to its purpose, so that no other
// sealed value can be passed off as it.
const tokenSecretAD = "waflow/flow-token-secret"

// flowTokenSecret is the flow token secret's file in the data directory.
var flowTokenSecret = sealedSecret{file: tokenSecretFileName, what: "flow token secret file", ad: tokenSecretAD,
	fix: "set " + envTokenSecret}

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
	secret, err := flowTokenSecret.load(cfg.DataDir, sealer, random)
	if err != nil {
		return nil, err
	}
	return &crypto.Tokens{Secrets: [][]byte{secret}}, nil
}

// sealedSecret is a secret the server makes on first start and keeps in
// the data directory, sealed with the master key under associated data
// that names its purpose, so that no other sealed value passes for it.
type sealedSecret struct {
	file string // the name in the data directory
	what string // how errors name the file
	ad   string // the associated data
	fix  string // what else the user can do about a bad file
}

// load reads the secret, creating it first when the file does not exist.
// random makes it; nil means crypto/rand.
func (s sealedSecret) load(dataDir string, sealer *crypto.Sealer, random io.Reader) ([]byte, error) {
	path := filepath.Join(dataDir, s.file)
	secret, err := s.read(path, sealer)
	if errors.Is(err, fs.ErrNotExist) {
		secret, err = s.create(path, sealer, random)
		if errors.Is(err, fs.ErrExist) {
			// Another instance sharing the directory created it first.
			secret, err = s.read(path, sealer)
		}
	}
	return secret, err
}

func (s sealedSecret) read(path string, sealer *crypto.Sealer) ([]byte, error) {
	data, err := readPrivateFile(path, s.what, s.fix)
	if err != nil {
		return nil, err
	}
	sealed, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
	if err != nil {
		return nil, fmt.Errorf("%s %s is not base64", s.what, path)
	}
	secret, err := sealer.Open(sealed, []byte(s.ad))
	if err != nil {
		return nil, fmt.Errorf("%s %s does not open with the master key: %w", s.what, path, err)
	}
	return secret, nil
}

func (s sealedSecret) create(path string, sealer *crypto.Sealer, random io.Reader) ([]byte, error) {
	if random == nil {
		random = rand.Reader
	}
	secret := make([]byte, tokenSecretSize)
	if _, err := io.ReadFull(random, secret); err != nil {
		return nil, fmt.Errorf("generate the secret of the %s: %w", s.what, err)
	}
	sealed, err := sealer.Seal(secret, []byte(s.ad))
	if err != nil {
		return nil, fmt.Errorf("seal the secret of the %s: %w", s.what, err)
	}
	if err := installPrivateFile(path, s.what, []byte(base64.StdEncoding.EncodeToString(sealed)+"\n"), false); err != nil {
		return nil, err
	}
	return secret, nil
}
