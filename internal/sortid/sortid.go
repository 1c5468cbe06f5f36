// Package sortid makes the ids of apps, flows, messages, templates and the
// other records waflow creates: a prefix naming the kind ("app_", "flw_",
// "msg_") and 26 characters of Crockford's base32 in lower case, encoding
// 48 bits of milliseconds since the Unix epoch and then 80 random bits.
//
// Ids made in later milliseconds sort after earlier ones, in byte order, so
// listing by id lists in creation order and a list's cursor can be an id.
// The clock and the randomness are the caller's, so tests are exact:
//
//	id, err := sortid.New("app_", time.Now(), rand.Reader)
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
