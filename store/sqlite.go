package store

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	// The pure-Go SQLite driver registers itself as "sqlite".
	_ "modernc.org/sqlite"
)

// sqliteBusyTimeout is how long a connection waits for another one's write
// lock before giving up with SQLITE_BUSY. Write transactions here last
// milliseconds, so reaching it means something is stuck.
const sqliteBusyTimeout = "10000"

// openSQLite opens the file at path, creating it and its directory when
// missing. Every connection gets WAL, foreign keys, the busy timeout and
// IMMEDIATE transactions; doc.go explains the choice.
func openSQLite(path string, maxOpen int) (*sql.DB, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("store: create SQLite directory: %w", err)
		}
	}
	q := url.Values{}
	// busy_timeout comes first so that switching the journal mode of a file
	// another process holds waits instead of failing.
	q.Add("_pragma", "busy_timeout("+sqliteBusyTimeout+")")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	// NORMAL is durable across application crashes in WAL mode; only a power
	// loss can drop the last transactions, never corrupt the file.
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open SQLite %s: %w", path, err)
	}
	if maxOpen == 0 {
		maxOpen = 4
	}
	db.SetMaxOpenConns(maxOpen)
	db.SetMaxIdleConns(maxOpen)
	return db, nil
}
