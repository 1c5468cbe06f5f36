package crypto

import (
	"fmt"
	"io"
	"log/slog"
)

const redacted = "[REDACTED]"

// Secret is a credential (app secret, API token, passphrase) that keeps
// itself out of logs and API answers: String, every fmt verb, LogValue and
// MarshalJSON all give "[REDACTED]". Convert it with string(s) where the
// value is really needed.
type Secret string

func (Secret) String() string { return redacted }

// Format makes %v, %s, %q, %x, %#v and the rest print the redaction.
func (Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON implements json.Marshaler.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }
