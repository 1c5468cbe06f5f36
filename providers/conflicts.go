package providers

import "errors"

// ErrAlreadyDeprecated is wrapped (in Error.Err) by the ErrorConflict a
// provider returns when asked to deprecate a flow that is already DEPRECATED.
// Deprecation is the one refused transition that leaves the flow exactly as
// the caller wanted, so callers test errors.Is(err, ErrAlreadyDeprecated) and
// treat it as done instead of failing a retried or repeated step.
var ErrAlreadyDeprecated = errors.New("flow already deprecated")
