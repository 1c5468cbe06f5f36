package lifecycle

import (
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"time"
)

// idEncoding is Crockford's base32 alphabet in lower case, whose byte order
// is the order of the encoded bits.
var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// newFlowID returns "flw_" and 26 characters: 48 bits of milliseconds since
// the Unix epoch, then 80 random bits, so that listing by ID lists flows in
// creation order and cursors stay stable.
func newFlowID(now time.Time, random io.Reader) (string, error) {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	if _, err := io.ReadFull(random, b[6:]); err != nil {
		return "", fmt.Errorf("lifecycle: new flow id: %w", err)
	}
	return "flw_" + strings.ToLower(idEncoding.EncodeToString(b[:])), nil
}
