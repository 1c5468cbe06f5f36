package apps

import (
	"context"
	"time"

	"github.com/waflow/waflow/providers"
)

// Record is an app as it is stored: everything but the credentials, which
// are one opaque sealed blob the repository keeps byte for byte.
type Record struct {
	ID                string
	Name              string
	BSP               providers.BSP
	PhoneNumber       string
	PhoneNumberID     string
	WABAID            string
	Settings          map[string]string
	SealedCredentials []byte
	Version           int
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// KeyRecord is a flows encryption key as it is stored: the public half in
// clear, the private half sealed (nil once the key is retired).
type KeyRecord struct {
	KeyPair
	SealedPrivate []byte
}

// Repository stores apps and their encryption keys. Implementations must be
// safe for concurrent use, keep times to at least microsecond precision
// (returning them in UTC), and keep sealed blobs byte-exact. Every error
// that means "no such row" wraps [ErrNotFound], every constraint or race
// lost wraps [ErrConflict]; any other error is a failure of the store
// itself. The conformance suite in package appstest checks all of this.
type Repository interface {
	// Create stores a new app. A record whose ID, Name or non-empty
	// (BSP, PhoneNumberID) is already taken fails with ErrConflict;
	// of several concurrent Creates for the same name exactly one succeeds.
	Create(ctx context.Context, r Record) error
	// Get returns the app with the given id, or ErrNotFound.
	Get(ctx context.Context, id string) (Record, error)
	// List returns at most limit apps whose ID sorts after the cursor
	// after ("" for the first page), in ascending byte order of ID.
	List(ctx context.Context, after string, limit int) ([]Record, error)
	// Update replaces every field of the app with r's except ID and
	// CreatedAt, provided the stored Version still equals r.Version, and
	// stores Version r.Version+1. A stale Version fails with ErrConflict
	// and changes nothing; an unknown ID fails with ErrNotFound.
	Update(ctx context.Context, r Record) error
	// Delete removes the app and its keys, or fails with ErrNotFound.
	Delete(ctx context.Context, id string) error

	// AddKey makes k the app's ACTIVE key in one atomic step: the current
	// ACTIVE key, if any, becomes PREVIOUS with RetireAt set to retireAt.
	// The repository assigns and returns the version, one more than the
	// app's highest so far (k.Version is ignored); k.Status must be ACTIVE.
	// Concurrent AddKeys for one app are serialised, so versions never
	// repeat and exactly one key is ACTIVE. An unknown app fails with
	// ErrNotFound.
	AddKey(ctx context.Context, k KeyRecord, retireAt time.Time) (int, error)
	// Keys returns every key of the app, highest version first; an app
	// without keys (or an unknown app) gives an empty list.
	Keys(ctx context.Context, appID string) ([]KeyRecord, error)
	// RetireKeys turns every PREVIOUS key of the app whose RetireAt is at or
	// before now into RETIRED and drops its sealed private key. It is
	// idempotent.
	RetireKeys(ctx context.Context, appID string, now time.Time) error
	// MarkKeyPushed records the outcome of sending a key's public half to
	// the BSP: pushedAt (nil leaves the stored time alone) and pushError
	// ("" for success). An unknown key fails with ErrNotFound.
	MarkKeyPushed(ctx context.Context, appID string, version int, pushedAt *time.Time, pushError string) error
}
