package script

import (
	"context"
	"errors"
	"time"
)

// KV is the key-value store scripts reach as kv (Kapso form) and ctx.kv
// (plain form). Every entry belongs to one flow token: a script only ever
// sees the entries of the token of the request it is answering.
//
// Implementations must be safe for concurrent use. Get reports ok=false for
// a missing or expired key, with a nil error. Set replaces any earlier value;
// ttl <= 0 means the implementation's default lifetime, and every entry
// expires eventually. Delete of a missing key is not an error. An
// implementation that bounds sizes returns an error wrapping [ErrKVLimit]
// when a key, a value or the store is too large; the script sees it as a
// thrown Error. Calls honour ctx: a host passes the call's deadline.
type KV interface {
	Get(ctx context.Context, flowToken, key string) (value string, ok bool, err error)
	Set(ctx context.Context, flowToken, key, value string, ttl time.Duration) error
	Delete(ctx context.Context, flowToken, key string) error
}

// ErrKVLimit is wrapped by KV errors about a key, value or store that is too
// large.
var ErrKVLimit = errors.New("kv limit exceeded")
