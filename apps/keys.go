package apps

import (
	"context"
	"fmt"
	"time"

	"github.com/waflow/waflow/crypto"
)

// KeyStatus is where a flows encryption key is in its rotation.
type KeyStatus string

// Key statuses. An app has at most one ACTIVE key, the one whose public
// half WhatsApp should hold. A replaced key is PREVIOUS until its RetireAt
// and still decrypts, for clients that have not fetched the new public key
// yet; after that it is RETIRED and its private half is gone.
const (
	KeyActive   KeyStatus = "ACTIVE"
	KeyPrevious KeyStatus = "PREVIOUS"
	KeyRetired  KeyStatus = "RETIRED"
)

// KeyPair is the public view of one version of an app's flows encryption
// key. The private half never leaves the Service except inside a
// [crypto.KeySet].
type KeyPair struct {
	AppID       string    `json:"app_id"`
	Version     int       `json:"version"`
	PublicPEM   string    `json:"public_key"`
	Fingerprint string    `json:"fingerprint"`
	Status      KeyStatus `json:"status"`
	CreatedAt   time.Time `json:"created_at"`
	// RetireAt is set once the key is replaced: until then it still
	// decrypts.
	RetireAt *time.Time `json:"retire_at,omitempty"`
	// PushedAt is when the public key last reached the BSP; PushError is
	// the last failure to push it, "" after a success.
	PushedAt  *time.Time `json:"pushed_at,omitempty"`
	PushError string     `json:"push_error,omitempty"`
}

// privateKeyAD binds a sealed private key to its app and to its public
// half, so it cannot be moved to another app or under another public key.
func privateKeyAD(appID, fingerprint string) []byte {
	return []byte("waflow/apps/" + appID + "/key/" + fingerprint)
}

// GenerateKey makes a new RSA key the app's ACTIVE one. A key it replaces
// stays usable for Options.RotationWindow. Pushing the public key to the
// BSP is the caller's job; report it with [Service.MarkPushed].
func (s *Service) GenerateKey(ctx context.Context, appID string) (KeyPair, error) {
	return s.RotateKey(ctx, appID, s.window)
}

// RotateKey makes a new RSA key the app's ACTIVE one and keeps the key it
// replaces as PREVIOUS for window (0 retires it at once).
func (s *Service) RotateKey(ctx context.Context, appID string, window time.Duration) (KeyPair, error) {
	if window < 0 {
		return KeyPair{}, &ValidationError{Fields: []FieldError{{Field: "window", Message: "must not be negative"}}}
	}
	k, err := crypto.GenerateKey(s.random, s.bits)
	if err != nil {
		return KeyPair{}, fmt.Errorf("apps: key for %s: %w", appID, err)
	}
	return s.install(ctx, appID, k, window)
}

// UploadKey makes an existing private key (PEM: PKCS#1, PKCS#8, encrypted
// or not) the app's ACTIVE one; a key it replaces stays usable for
// Options.RotationWindow. A wrong passphrase fails with
// [crypto.ErrWrongPassphrase], a missing one with
// [crypto.ErrPassphraseRequired]; these and the other parse errors of
// [crypto.ParsePrivateKeyPEM] are wrapped in ErrInvalid too.
func (s *Service) UploadKey(ctx context.Context, appID string, pemData, passphrase []byte) (KeyPair, error) {
	k, err := crypto.ParsePrivateKeyPEM(pemData, passphrase)
	if err != nil {
		return KeyPair{}, fmt.Errorf("apps: upload key for %s: %w: %w", appID, ErrInvalid, err)
	}
	return s.install(ctx, appID, k, s.window)
}

func (s *Service) install(ctx context.Context, appID string, k *crypto.PrivateKey, window time.Duration) (KeyPair, error) {
	pub, err := crypto.MarshalPublicKeyPEM(&k.PublicKey)
	if err != nil {
		return KeyPair{}, fmt.Errorf("apps: key for %s: %w", appID, err)
	}
	priv, err := k.MarshalPEM(nil, nil)
	if err != nil {
		return KeyPair{}, fmt.Errorf("apps: key for %s: %w", appID, err)
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	kp := KeyPair{AppID: appID, PublicPEM: string(pub), Fingerprint: crypto.Fingerprint(&k.PublicKey),
		Status: KeyActive, CreatedAt: now}
	sealed, err := s.sealer.Seal(priv, privateKeyAD(appID, kp.Fingerprint))
	if err != nil {
		return KeyPair{}, fmt.Errorf("apps: seal key for %s: %w", appID, err)
	}
	kp.Version, err = s.repo.AddKey(ctx, KeyRecord{KeyPair: kp, SealedPrivate: sealed}, now.Add(window))
	if err != nil {
		return KeyPair{}, fmt.Errorf("apps: add key for %s: %w", appID, err)
	}
	if err := s.repo.RetireKeys(ctx, appID, now); err != nil {
		return KeyPair{}, fmt.Errorf("apps: retire keys of %s: %w", appID, err)
	}
	return kp, nil
}

// Keys lists every key version of the app, newest first, with the status
// it has now: a PREVIOUS key past its RetireAt shows as RETIRED even before
// the next rotation retires it in storage.
func (s *Service) Keys(ctx context.Context, appID string) ([]KeyPair, error) {
	recs, err := s.repo.Keys(ctx, appID)
	if err != nil {
		return nil, fmt.Errorf("apps: keys of %s: %w", appID, err)
	}
	now := s.now()
	out := make([]KeyPair, len(recs))
	for i, r := range recs {
		out[i] = r.KeyPair
		if !usable(r, now) && r.Status == KeyPrevious {
			out[i].Status = KeyRetired
		}
	}
	return out, nil
}

// PublicKey returns the app's ACTIVE key, or ErrNoKey.
func (s *Service) PublicKey(ctx context.Context, appID string) (KeyPair, error) {
	keys, err := s.Keys(ctx, appID)
	if err != nil {
		return KeyPair{}, err
	}
	for _, k := range keys {
		if k.Status == KeyActive {
			return k, nil
		}
	}
	return KeyPair{}, fmt.Errorf("apps: public key of %s: %w", appID, ErrNoKey)
}

// KeySet returns the private keys that may decrypt the app's flow requests
// now: the ACTIVE key first, then PREVIOUS keys inside their window, newest
// first. An app without any fails with ErrNoKey. Opening and parsing the
// keys costs milliseconds; callers on the request path should cache the
// set and reload it after a rotation.
func (s *Service) KeySet(ctx context.Context, appID string) (crypto.KeySet, error) {
	recs, err := s.repo.Keys(ctx, appID)
	if err != nil {
		return nil, fmt.Errorf("apps: key set of %s: %w", appID, err)
	}
	now := s.now()
	var active, previous crypto.KeySet
	for _, r := range recs {
		if !usable(r, now) {
			continue
		}
		plain, err := s.sealer.Open(r.SealedPrivate, privateKeyAD(appID, r.Fingerprint))
		if err != nil {
			return nil, fmt.Errorf("apps: open key %d of %s: %w", r.Version, appID, err)
		}
		k, err := crypto.ParsePrivateKeyPEM(plain, nil)
		if err != nil {
			return nil, fmt.Errorf("apps: parse key %d of %s: %w", r.Version, appID, err)
		}
		if r.Status == KeyActive {
			active = append(active, k)
		} else {
			previous = append(previous, k)
		}
	}
	if len(active)+len(previous) == 0 {
		return nil, fmt.Errorf("apps: key set of %s: %w", appID, ErrNoKey)
	}
	return append(active, previous...), nil
}

// usable reports whether a stored key may still decrypt at now.
func usable(r KeyRecord, now time.Time) bool {
	switch r.Status {
	case KeyActive:
		return true
	case KeyPrevious:
		return r.RetireAt != nil && now.Before(*r.RetireAt)
	}
	return false
}

// MarkPushed records that the public half of key version of the app was
// sent to the BSP: pushErr nil stamps PushedAt and clears PushError; a
// non-nil pushErr keeps PushedAt (the last success) and stores its text.
// An unknown key fails with ErrNotFound.
func (s *Service) MarkPushed(ctx context.Context, appID string, version int, pushErr error) error {
	var at *time.Time
	msg := ""
	if pushErr == nil {
		now := s.now().UTC().Truncate(time.Microsecond)
		at = &now
	} else {
		msg = pushErr.Error()
		if msg == "" {
			msg = "push failed"
		}
	}
	if err := s.repo.MarkKeyPushed(ctx, appID, version, at, msg); err != nil {
		return fmt.Errorf("apps: mark key %d of %s pushed: %w", version, appID, err)
	}
	return nil
}
