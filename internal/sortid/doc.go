// Package sortid makes the ids of apps, flows, messages, templates and the
// other records waflow creates: a prefix naming the kind ("app_", "flw_",
// "msg_") and 26 characters of Crockford's base32 in lower case, encoding
// 48 bits of milliseconds since the Unix epoch and then 80 random bits.
//
// Ids made in later milliseconds sort after earlier ones, in byte order, so
// listing by id lists in creation order and a list's cursor can be an id.
// [New] takes the time and the randomness from its caller, so tests are
// exact:
//
//	id, err := sortid.New("app_", time.Now(), rand.Reader)
//
// Ids made within the same millisecond are ordered by their random bits,
// that is, in no particular order.
//
// # Example
//
// With a fixed clock and fixed random bits, as in a test:
//
//	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
//	first, _ := sortid.New("msg_", now, bytes.NewReader(make([]byte, 10)))
//	later, _ := sortid.New("msg_", now.Add(time.Millisecond), bytes.NewReader(make([]byte, 10)))
//	// first is msg_06dqdpn8000000000000000000
//	// later is msg_06dqdpn8040000000000000000, which sorts after it
package sortid
