package main

import (
	"errors"
	"os"

	"github.com/waflow/waflow/crypto"
)

// secretFromEnv returns the value of the environment variable that the flag
// --flagName names. Secrets travel by variable name, never as flag values,
// so they stay out of shell history and the process list. An empty varName
// (flag not given) yields nil. A variable that is named but empty or unset
// is a usage error: carrying on without the secret the user asked for would
// quietly weaken what they meant to protect.
func (m *Main) secretFromEnv(flagName, varName string) ([]byte, error) {
	if varName == "" {
		return nil, nil
	}
	v := m.Getenv(varName)
	if v == "" {
		return nil, usageErrorf("--%s: environment variable %s is empty or not set", flagName, varName)
	}
	return []byte(v), nil
}

// loadPrivateKey reads the PEM key file given by --flagName. Every failure
// names the flag and, for an encrypted key, says which flag supplies the
// passphrase, since "wrong passphrase" alone does not tell a user what to do.
func loadPrivateKey(flagName, path string, passphrase []byte, passphraseFlag string) (*crypto.PrivateKey, error) {
	data, err := readFlagFile(flagName, path)
	if err != nil {
		return nil, err
	}
	key, err := crypto.ParsePrivateKeyPEM(data, passphrase)
	switch {
	case err == nil:
		return key, nil
	case errors.Is(err, crypto.ErrPassphraseRequired):
		return nil, usageErrorf("--%s: %s is encrypted; name the variable holding its passphrase with --%s", flagName, path, passphraseFlag)
	case errors.Is(err, crypto.ErrWrongPassphrase):
		return nil, usageErrorf("--%s: %s: wrong passphrase (from --%s)", flagName, path, passphraseFlag)
	default:
		return nil, usageErrorf("--%s: %s: %v", flagName, path, err)
	}
}

// requireFlag is the error for a mandatory flag left out.
func requireFlag(name string) error {
	return usageErrorf("--%s is required", name)
}

// readFlagFile reads the file given by --flagName; I/O errors are usage
// errors (exit 2) naming the flag, as for every other bad flag value.
func readFlagFile(flagName, path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErrorf("--%s: %w", flagName, err)
	}
	return data, nil
}
