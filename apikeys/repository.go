package apikeys

import (
	"context"
	"time"
)

// Key describes an API key; the key itself is never stored.
type Key struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// Admin reports whether k is the key set by WAFLOW_ADMIN_TOKEN.
func (k Key) Admin() bool { return k.ID == AdminKeyID }

// Record is a key as stored: its description and the SHA-256 of the
// plaintext.
type Record struct {
	Key
	Hash []byte
}

// Repository stores API key records. Implementations must be safe for
// concurrent use, keep times to at least microsecond precision (returned in
// UTC) and hashes byte-exact. Errors meaning "no such key" wrap
// [ErrNotFound], a taken id wraps [ErrConflict]; any other error is a
// failure of the store. The suite in package apikeystest checks this.
type Repository interface {
	// Create stores a new key; an existing id fails with ErrConflict.
	Create(ctx context.Context, r Record) error
	// Get returns the key with the id, revoked or not, or ErrNotFound.
	Get(ctx context.Context, id string) (Record, error)
	// Put creates the key or, when the id exists, replaces its name and
	// hash and clears its revocation, keeping CreatedAt. Repeating a Put
	// changes nothing.
	Put(ctx context.Context, r Record) error
	// List returns every key, revoked ones included, oldest first (ties
	// broken by id).
	List(ctx context.Context) ([]Key, error)
	// Revoke marks the key revoked at at. Revoking a revoked key keeps the
	// first time; an unknown id fails with ErrNotFound.
	Revoke(ctx context.Context, id string, at time.Time) error
	// CountActive returns how many keys are not revoked.
	CountActive(ctx context.Context) (int, error)
}
