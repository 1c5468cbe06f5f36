package apikeys

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// AdminKeyID is the id under which EnsureAdmin stores WAFLOW_ADMIN_TOKEN's
// hash. Issued ids are 16 characters long, so it never collides with one.
const AdminKeyID = "admin"

// MinAdminTokenLength is the shortest admin token accepted. The token is
// stored as an unsalted SHA-256 like every key, which is safe only for
// values too long to guess: use a random one.
const MinAdminTokenLength = 32

// MaxNameLength is the longest key name accepted, in characters.
const MaxNameLength = 100

// Options tune a [Service]. The zero value means the defaults.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Random supplies key ids and secrets; nil means crypto/rand.
	Random io.Reader
}

// Service issues and checks the management API's keys. It is safe for
// concurrent use.
type Service struct {
	repo   Repository
	now    func() time.Time
	random io.Reader
}

// NewService returns a Service storing into repo.
func NewService(repo Repository, opts Options) *Service {
	s := &Service{repo: repo, now: opts.Now, random: opts.Random}
	if s.now == nil {
		s.now = time.Now
	}
	if s.random == nil {
		s.random = rand.Reader
	}
	return s
}

func hash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Issue makes a new key named name and returns its plaintext, which is
// shown once and never again, with its description.
func (s *Service) Issue(ctx context.Context, name string) (Token, Key, error) {
	if err := checkName(name); err != nil {
		return "", Key{}, err
	}
	id, tok, err := newToken(s.random)
	if err != nil {
		return "", Key{}, err
	}
	k := Key{ID: id, Name: name, CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	if err := s.repo.Create(ctx, Record{Key: k, Hash: hash(string(tok))}); err != nil {
		return "", Key{}, fmt.Errorf("apikeys: issue %q: %w", name, err)
	}
	return tok, k, nil
}

func checkName(name string) error {
	switch trimmed := strings.TrimSpace(name); {
	case trimmed == "":
		return fmt.Errorf("%w: name: required", ErrInvalid)
	case utf8.RuneCountInString(name) > MaxNameLength:
		return fmt.Errorf("%w: name: longer than %d characters", ErrInvalid, MaxNameLength)
	}
	return nil
}

// Authenticate returns the key that token is, or ErrUnauthorized when it
// is malformed, unknown, revoked or wrong. Hashes are compared in constant
// time. An error that does not wrap ErrUnauthorized is a store failure and
// says nothing about the token.
func (s *Service) Authenticate(ctx context.Context, token string) (Key, error) {
	if token == "" {
		return Key{}, fmt.Errorf("apikeys: empty key: %w", ErrUnauthorized)
	}
	// A token that is not one of ours can only be the admin token; one that
	// is shaped like ours but unknown may be an admin token chosen that way.
	ids := []string{AdminKeyID}
	if id, ok := parse(token); ok {
		ids = []string{id, AdminKeyID}
	}
	for _, id := range ids {
		rec, err := s.repo.Get(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return Key{}, fmt.Errorf("apikeys: authenticate: %w", err)
		}
		if subtle.ConstantTimeCompare(hash(token), rec.Hash) != 1 {
			continue
		}
		if rec.RevokedAt != nil {
			return Key{}, fmt.Errorf("apikeys: key %s revoked: %w", rec.ID, ErrUnauthorized)
		}
		return rec.Key, nil
	}
	return Key{}, fmt.Errorf("apikeys: unknown key: %w", ErrUnauthorized)
}

// EnsureAdmin makes token (WAFLOW_ADMIN_TOKEN) an accepted key with id
// [AdminKeyID]. It is idempotent, so every instance calls it at start-up;
// a changed token replaces the old one. The variable is the source of
// truth: an empty token revokes a stored admin key, so unsetting the
// variable disables it. Tokens shorter than [MinAdminTokenLength] fail
// with ErrInvalid.
func (s *Service) EnsureAdmin(ctx context.Context, token string) error {
	now := s.now().UTC().Truncate(time.Microsecond)
	if token == "" {
		err := s.repo.Revoke(ctx, AdminKeyID, now)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return fmt.Errorf("apikeys: revoke admin key: %w", err)
		}
		return nil
	}
	if len(token) < MinAdminTokenLength {
		return fmt.Errorf("%w: admin token: %d characters, want at least %d", ErrInvalid, len(token), MinAdminTokenLength)
	}
	rec := Record{Key: Key{ID: AdminKeyID, Name: "admin (WAFLOW_ADMIN_TOKEN)", CreatedAt: now}, Hash: hash(token)}
	if err := s.repo.Put(ctx, rec); err != nil {
		return fmt.Errorf("apikeys: ensure admin key: %w", err)
	}
	return nil
}

// List returns every key, revoked ones included, oldest first.
func (s *Service) List(ctx context.Context) ([]Key, error) {
	keys, err := s.repo.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("apikeys: list: %w", err)
	}
	return keys, nil
}

// Count returns how many keys are not revoked; zero at start-up means
// nobody can use the management API yet.
func (s *Service) Count(ctx context.Context) (int, error) {
	n, err := s.repo.CountActive(ctx)
	if err != nil {
		return 0, fmt.Errorf("apikeys: count: %w", err)
	}
	return n, nil
}

// Revoke stops the key with the id from authenticating, at once and for
// good. Revoking twice is not an error; an unknown id is ErrNotFound.
func (s *Service) Revoke(ctx context.Context, id string) error {
	if err := s.repo.Revoke(ctx, id, s.now()); err != nil {
		return fmt.Errorf("apikeys: revoke %s: %w", id, err)
	}
	return nil
}
