package apps

import (
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"time"
)

// idEncoding is Crockford's base32 alphabet in lower case: ids are case-
// insensitive to read aloud and sort in byte order the way their bytes do.
var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// newID returns "app_" and 26 characters: 48 bits of milliseconds since the
// Unix epoch, then 80 random bits. IDs made in later milliseconds sort
// after earlier ones, so listing by ID lists in creation order.
func newID(now time.Time, random io.Reader) (string, error) {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	if _, err := io.ReadFull(random, b[6:]); err != nil {
		return "", fmt.Errorf("apps: new id: %w", err)
	}
	return "app_" + strings.ToLower(idEncoding.EncodeToString(b[:])), nil
}
