package messaging

import (
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"time"
)

// idEncoding is Crockford's base32 in lower case, whose byte order is the
// order of the encoded bytes.
var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// newID returns prefix and 26 characters: 48 bits of milliseconds since the
// Unix epoch, then 80 random bits, so that ids sort in creation order and
// list cursors can be ids.
func newID(prefix string, now time.Time, random io.Reader) (string, error) {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	if _, err := io.ReadFull(random, b[6:]); err != nil {
		return "", fmt.Errorf("messaging: new id: %w", err)
	}
	return prefix + strings.ToLower(idEncoding.EncodeToString(b[:])), nil
}
