// Package apikeys issues and checks the bearer keys of the management API.
//
// # Keys
//
// An issued key is "wf_<id>_<secret>": 16 base32 characters of id, then 52
// of secret (256 random bits), in Crockford's lower-case alphabet. The
// prefix makes a leaked key recognisable; the id finds the stored record
// without scanning. Only the SHA-256 of the whole key is stored, and
// [Service.Authenticate] compares hashes in constant time. A plain hash
// suffices because the secret is random and long: there is nothing to
// guess. The plaintext is a [Token], which never prints its secret.
//
// # The admin token
//
// WAFLOW_ADMIN_TOKEN bootstraps access. [Service.EnsureAdmin] stores its
// hash under the id [AdminKeyID], idempotently, at every start-up; a
// changed value replaces the old one and an empty value revokes it, so the
// variable stays the source of truth. It must be at least
// [MinAdminTokenLength] characters: being chosen by a person, it is the one
// key whose strength this package does not control.
//
// # Errors
//
// Authenticate answers [ErrUnauthorized] for every refused key (malformed,
// unknown, revoked, wrong) without telling which; any other error is a
// store failure, for a 5xx rather than a 401.
//
// # Example
//
//	keys := apikeys.NewService(db.APIKeys(), apikeys.Options{})
//	if err := keys.EnsureAdmin(ctx, os.Getenv("WAFLOW_ADMIN_TOKEN")); err != nil {
//		return err
//	}
//	tok, key, err := keys.Issue(ctx, "ci deploy")
//	// show string(tok) once; logging tok prints wf_<id>_[REDACTED]
//	...
//	key, err = keys.Authenticate(ctx, bearer)
//	if errors.Is(err, apikeys.ErrUnauthorized) {
//		// 401
//	}
package apikeys
