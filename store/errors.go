package store

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors every repository in this package may return, wrapped with the
// operation that failed. Test for them with [errors.Is]; repositories that
// implement an interface declared elsewhere also wrap that package's own
// sentinel (apps.ErrNotFound, ...), so callers never need to import store.
var (
	// ErrNotFound means the row addressed by the operation does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict means the write would break a uniqueness or reference
	// constraint, or lost a race with a concurrent write to the same row.
	ErrConflict = errors.New("store: conflict")
)

// PostgreSQL SQLSTATE codes mapped to the sentinels.
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
)

// classify adds ErrNotFound or ErrConflict to err when the driver's error
// means one of them, in either dialect; other errors are returned as they
// are. Only the codes are inspected, never the message text.
func classify(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var le *sqlite.Error
	if errors.As(err, &le) {
		switch le.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: %w", ErrConflict, err)
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case pgUniqueViolation, pgForeignKeyViolation:
			return fmt.Errorf("%w: %w", ErrConflict, err)
		}
	}
	return err
}

// domainError classifies err and, when it is ErrNotFound or ErrConflict,
// wraps the caller's own sentinel as well so that errors.Is holds for both.
func domainError(err, notFound, conflict error) error {
	err = classify(err)
	switch {
	case errors.Is(err, ErrNotFound):
		return fmt.Errorf("%w: %w", notFound, err)
	case errors.Is(err, ErrConflict):
		return fmt.Errorf("%w: %w", conflict, err)
	}
	return err
}
