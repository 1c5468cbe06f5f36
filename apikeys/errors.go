package apikeys

import "errors"

// Errors returned by the [Service] and every [Repository], wrapped with
// context. Test for them with [errors.Is].
var (
	// ErrUnauthorized means a presented key is not accepted: malformed,
	// unknown, revoked or wrong. Which of these it was is deliberately not
	// told apart.
	ErrUnauthorized = errors.New("apikeys: unauthorized")
	// ErrNotFound means no key has the given id.
	ErrNotFound = errors.New("apikeys: not found")
	// ErrConflict means a key with the id already exists.
	ErrConflict = errors.New("apikeys: conflict")
	// ErrInvalid means an argument breaks a rule (an empty name, an admin
	// token that is too short); the message names it.
	ErrInvalid = errors.New("apikeys: invalid")
)
