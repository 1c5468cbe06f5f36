package sortid

import (
	"encoding/base32"
	"encoding/binary"
	"io"
	"strings"
	"time"
)

// encoding is Crockford's base32 alphabet in lower case: ids are
// case-insensitive to read aloud, and its byte order is the order of the
// encoded bits.
var encoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// New returns prefix and 26 characters encoding the milliseconds of now and
// 80 bits read from random. The error is random's, unwrapped.
func New(prefix string, now time.Time, random io.Reader) (string, error) {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	if _, err := io.ReadFull(random, b[6:]); err != nil {
		return "", err
	}
	return prefix + strings.ToLower(encoding.EncodeToString(b[:])), nil
}
