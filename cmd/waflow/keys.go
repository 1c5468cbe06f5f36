package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/waflow/waflow/crypto"
)

// File names written by "keys generate" inside --out.
const (
	privateKeyFile = "private.pem"
	publicKeyFile  = "public.pem"
)

// runKeys dispatches "waflow keys generate" and "waflow keys public".
func runKeys(_ context.Context, m *Main, args []string) error {
	const synopsis = "usage: waflow keys generate --out DIR [--passphrase-env NAME] [--bits 2048] [--force]\n" +
		"       waflow keys public --private-key FILE [--passphrase-env NAME]"
	return m.runSubcommand(args, synopsis, map[string]func([]string) error{
		"generate": m.runKeysGenerate,
		"public":   m.runKeysPublic,
	})
}

// keysGenerateConfig is the typed form of "keys generate"'s flags.
type keysGenerateConfig struct {
	Out           string
	PassphraseEnv string
	Bits          int
	Force         bool
}

func (c keysGenerateConfig) validate() error {
	if c.Out == "" {
		return requireFlag("out")
	}
	if c.Bits < crypto.MinKeyBits {
		return usageErrorf("--bits: %d is below %d, the size Meta documents for the business key", c.Bits, crypto.MinKeyBits)
	}
	return nil
}

// runKeysGenerate creates the business key pair that WhatsApp encrypts
// requests to. The private key never leaves the machine; the public key is
// what the user uploads, so the command ends by saying how.
func (m *Main) runKeysGenerate(args []string) error {
	var c keysGenerateConfig
	flags := m.newCommandFlags("keys generate", "--out DIR [--passphrase-env NAME] [--bits 2048] [--force]")
	flags.StringVar(&c.Out, "out", "", "directory for private.pem and public.pem (created if missing)")
	flags.StringVar(&c.PassphraseEnv, "passphrase-env", "", "environment variable holding a passphrase; the private key is then written as encrypted PKCS#8")
	flags.IntVar(&c.Bits, "bits", crypto.MinKeyBits, "RSA modulus size")
	flags.BoolVar(&c.Force, "force", false, "replace existing key files")
	if err := parseFlagsOnly(flags, args, &c); err != nil {
		return err
	}
	passphrase, err := m.secretFromEnv("passphrase-env", c.PassphraseEnv)
	if err != nil {
		return err
	}
	privPath := filepath.Join(c.Out, privateKeyFile)
	pubPath := filepath.Join(c.Out, publicKeyFile)
	if !c.Force {
		for _, p := range []string{privPath, pubPath} {
			if _, err := os.Lstat(p); err == nil {
				return fmt.Errorf("%s already exists; pass --force to replace the key pair (clients holding the old public key will fail until the new one is uploaded)", p)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("--out: %w", err)
			}
		}
	}

	key, err := crypto.GenerateKey(nil, c.Bits)
	if err != nil {
		return err
	}
	privPEM, err := key.MarshalPEM(passphrase, nil)
	if err != nil {
		return err
	}
	pubPEM, err := crypto.MarshalPublicKeyPEM(&key.PublicKey)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.Out, 0o700); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	if err := writeFileAtomic(privPath, privPEM, 0o600); err != nil {
		return err
	}
	if err := writeFileAtomic(pubPath, pubPEM, 0o644); err != nil {
		return err
	}

	kind := "unencrypted PKCS#8"
	if len(passphrase) > 0 {
		kind = "encrypted PKCS#8, passphrase from $" + c.PassphraseEnv
	}
	fmt.Fprintf(m.Stdout, "wrote %s (%d-bit RSA, %s, mode 0600: keep it secret)\n", privPath, c.Bits, kind)
	fmt.Fprintf(m.Stdout, "wrote %s\n", pubPath)
	fmt.Fprintf(m.Stdout, "fingerprint: sha256:%s\n", crypto.Fingerprint(&key.PublicKey))
	fmt.Fprintf(m.Stdout, "\nnext: upload %s for each phone number that sends the flow:\n", pubPath)
	fmt.Fprintf(m.Stdout, "  curl -X POST https://graph.facebook.com/v23.0/$PHONE_NUMBER_ID/whatsapp_business_encryption \\\n")
	fmt.Fprintf(m.Stdout, "    -H \"Authorization: Bearer $ACCESS_TOKEN\" --form-string \"business_public_key=$(cat %s)\"\n", pubPath)
	return nil
}

// keysPublicConfig is the typed form of "keys public"'s flags.
type keysPublicConfig struct {
	PrivateKey    string
	PassphraseEnv string
}

func (c keysPublicConfig) validate() error {
	if c.PrivateKey == "" {
		return requireFlag("private-key")
	}
	return nil
}

// runKeysPublic prints the public half of an existing private key, for when
// public.pem was lost or the key came from openssl.
func (m *Main) runKeysPublic(args []string) error {
	var c keysPublicConfig
	flags := m.newCommandFlags("keys public", "--private-key FILE [--passphrase-env NAME]")
	flags.StringVar(&c.PrivateKey, "private-key", "", "PEM private key (PKCS#1 or PKCS#8, plain or encrypted)")
	flags.StringVar(&c.PassphraseEnv, "passphrase-env", "", "environment variable holding the key's passphrase")
	if err := parseFlagsOnly(flags, args, &c); err != nil {
		return err
	}
	passphrase, err := m.secretFromEnv("passphrase-env", c.PassphraseEnv)
	if err != nil {
		return err
	}
	key, err := loadPrivateKey("private-key", c.PrivateKey, passphrase, "passphrase-env")
	if err != nil {
		return err
	}
	pubPEM, err := crypto.MarshalPublicKeyPEM(&key.PublicKey)
	if err != nil {
		return err
	}
	_, err = m.Stdout.Write(pubPEM)
	return err
}

// writeFileAtomic writes data to a temporary file beside path and renames it
// into place, so an interrupted run never leaves a truncated key, and a
// replaced private key gets perm even if the old file was more open.
func writeFileAtomic(path string, data []byte, perm os.FileMode) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(perm); err != nil {
		_ = f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
