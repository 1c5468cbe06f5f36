package apps

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/waflow/waflow/crypto"
)

// Options tune a [Service]. The zero value means the defaults.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Random supplies ids and key material; nil means crypto/rand.
	Random io.Reader
	// KeyBits is the size of generated RSA keys; 0 means 2048, the size
	// Meta documents.
	KeyBits int
	// RotationWindow is how long a key replaced by GenerateKey or UploadKey
	// keeps decrypting; 0 means 24 hours. RotateKey takes its own.
	RotationWindow time.Duration
}

// List page sizes.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// Service manages apps: it validates them, seals their credentials and
// private keys with a [crypto.Sealer] before they reach the [Repository],
// and runs key rotation. It is safe for concurrent use.
type Service struct {
	repo   Repository
	sealer *crypto.Sealer
	now    func() time.Time
	random io.Reader
	bits   int
	window time.Duration
}

// updateAttempts bounds how often Update re-reads an app that a concurrent
// update changed under it.
const updateAttempts = 3

// NewService returns a Service storing into repo and sealing with sealer.
func NewService(repo Repository, sealer *crypto.Sealer, opts Options) *Service {
	s := &Service{repo: repo, sealer: sealer, now: opts.Now, random: opts.Random,
		bits: opts.KeyBits, window: opts.RotationWindow}
	if s.now == nil {
		s.now = time.Now
	}
	if s.random == nil {
		s.random = rand.Reader
	}
	if s.bits == 0 {
		s.bits = crypto.MinKeyBits
	}
	if s.window == 0 {
		s.window = 24 * time.Hour
	}
	return s
}

// Page is one page of [Service.List]. Next is the cursor of the following
// page, "" on the last one.
type Page struct {
	Apps []App
	Next string
}

// Create validates a, gives it a new ID and Version 1, stamps its times and
// stores it. ID, Version, CreatedAt and UpdatedAt in a are ignored.
// Errors wrap ErrInvalid (a *ValidationError) or ErrConflict.
func (s *Service) Create(ctx context.Context, a App) (App, error) {
	if err := Validate(a); err != nil {
		return App{}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	id, err := newID(now, s.random)
	if err != nil {
		return App{}, err
	}
	a.ID, a.Version, a.CreatedAt, a.UpdatedAt = id, 1, now, now
	rec, err := s.record(a)
	if err != nil {
		return App{}, err
	}
	if err := s.repo.Create(ctx, rec); err != nil {
		return App{}, fmt.Errorf("apps: create %q: %w", a.Name, err)
	}
	return a, nil
}

// Get returns the app with its credentials unsealed, or ErrNotFound.
func (s *Service) Get(ctx context.Context, id string) (App, error) {
	rec, err := s.repo.Get(ctx, id)
	if err != nil {
		return App{}, fmt.Errorf("apps: get %s: %w", id, err)
	}
	return s.app(rec)
}

// List returns up to limit apps (0 means [DefaultPageSize], at most
// [MaxPageSize]) in creation order, starting after the cursor after (""
// for the first page; the Next of the previous page otherwise).
func (s *Service) List(ctx context.Context, after string, limit int) (Page, error) {
	switch {
	case limit < 0:
		return Page{}, &ValidationError{Fields: []FieldError{{Field: "limit", Message: "must not be negative"}}}
	case limit == 0:
		limit = DefaultPageSize
	case limit > MaxPageSize:
		limit = MaxPageSize
	}
	// One more than asked tells whether another page exists.
	recs, err := s.repo.List(ctx, after, limit+1)
	if err != nil {
		return Page{}, fmt.Errorf("apps: list: %w", err)
	}
	var p Page
	if len(recs) > limit {
		recs = recs[:limit]
		p.Next = recs[limit-1].ID
	}
	p.Apps = make([]App, 0, len(recs))
	for _, r := range recs {
		a, err := s.app(r)
		if err != nil {
			return Page{}, err
		}
		p.Apps = append(p.Apps, a)
	}
	return p, nil
}

// Update applies c to the app and stores the result if it is valid. A
// concurrent update of the same app is retried against the newer state a
// few times before the call gives up with ErrConflict. Errors also wrap
// ErrNotFound or ErrInvalid.
func (s *Service) Update(ctx context.Context, id string, c Change) (App, error) {
	var err error
	for range updateAttempts {
		var cur App
		cur, err = s.Get(ctx, id)
		if err != nil {
			return App{}, err
		}
		next := c.apply(cur)
		if err = Validate(next); err != nil {
			return App{}, err
		}
		next.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
		var rec Record
		if rec, err = s.record(next); err != nil {
			return App{}, err
		}
		if err = s.repo.Update(ctx, rec); err == nil {
			next.Version++
			return next, nil
		}
		if !errors.Is(err, ErrConflict) {
			break
		}
	}
	return App{}, fmt.Errorf("apps: update %s: %w", id, err)
}

// Delete removes the app and its keys, or fails with ErrNotFound.
func (s *Service) Delete(ctx context.Context, id string) error {
	if err := s.repo.Delete(ctx, id); err != nil {
		return fmt.Errorf("apps: delete %s: %w", id, err)
	}
	return nil
}

// credentialsAD binds sealed credentials to their app and purpose, so a
// blob copied to another app, or into a key column, does not open.
func credentialsAD(appID string) []byte { return []byte("waflow/apps/" + appID + "/credentials") }

// record seals a's credentials into the stored form.
func (s *Service) record(a App) (Record, error) {
	r := Record{ID: a.ID, Name: a.Name, BSP: a.BSP, PhoneNumber: a.PhoneNumber,
		PhoneNumberID: a.PhoneNumberID, WABAID: a.WABAID, Settings: a.Settings,
		Version: a.Version, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
	if len(a.Credentials) == 0 {
		return r, nil
	}
	plain, err := json.Marshal(unwrap(a.Credentials))
	if err != nil {
		return Record{}, fmt.Errorf("apps: encode credentials of %s: %w", a.ID, err)
	}
	if r.SealedCredentials, err = s.sealer.Seal(plain, credentialsAD(a.ID)); err != nil {
		return Record{}, fmt.Errorf("apps: seal credentials of %s: %w", a.ID, err)
	}
	return r, nil
}

// app opens a stored record's credentials.
func (s *Service) app(r Record) (App, error) {
	a := App{ID: r.ID, Name: r.Name, BSP: r.BSP, PhoneNumber: r.PhoneNumber,
		PhoneNumberID: r.PhoneNumberID, WABAID: r.WABAID, Settings: r.Settings,
		Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if len(r.SealedCredentials) == 0 {
		return a, nil
	}
	plain, err := s.sealer.Open(r.SealedCredentials, credentialsAD(r.ID))
	if err != nil {
		return App{}, fmt.Errorf("apps: open credentials of %s: %w", r.ID, err)
	}
	var creds map[string]string
	if err := json.Unmarshal(plain, &creds); err != nil {
		return App{}, fmt.Errorf("apps: decode credentials of %s: %w", r.ID, err)
	}
	a.Credentials = make(map[string]crypto.Secret, len(creds))
	for k, v := range creds {
		a.Credentials[k] = crypto.Secret(v)
	}
	return a, nil
}

// unwrap turns secrets into strings for sealing; Secret's MarshalJSON would
// otherwise write "[REDACTED]".
func unwrap(m map[string]crypto.Secret) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}
