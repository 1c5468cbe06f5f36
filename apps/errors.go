package apps

import (
	"errors"

	"github.com/waflow/waflow/internal/fielderr"
)

// Errors the [Service] and every [Repository] return, wrapped with context.
// Test for them with [errors.Is].
var (
	// ErrNotFound means no app (or no key version) has the given id.
	ErrNotFound = errors.New("apps: not found")
	// ErrConflict means another app already has the name or the
	// (BSP, phone_number_id), or a concurrent change to the same app won.
	ErrConflict = errors.New("apps: conflict")
	// ErrInvalid means the input breaks a rule. For an app or a paging
	// argument the error is a *[ValidationError] naming every bad field; for
	// an uploaded key it also wraps the crypto package's reason.
	ErrInvalid = errors.New("apps: invalid")
	// ErrNoKey means the app has no usable flows encryption key: none was
	// generated or uploaded, or every one is retired.
	ErrNoKey = errors.New("apps: no encryption key")
)

// FieldError is one broken rule, named by the field as the API spells it
// ("phone_number", "credentials.access_token", "settings.base_url"). It is
// the same type as the FieldError of packages lifecycle and messaging.
type FieldError = fielderr.FieldError

// ValidationError lists every broken rule of one input, in field order.
// errors.Is(err, ErrInvalid) holds for it.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string { return fielderr.Text("apps: invalid app: ", e.Fields) }

// Is makes errors.Is(err, ErrInvalid) hold.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }
