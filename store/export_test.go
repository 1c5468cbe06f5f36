package store

import "context"

// Exec runs a statement written with '?' placeholders, for tests that need
// tables of their own.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	_, err := db.q().exec(ctx, query, args...)
	return classify(err)
}

// QueryInt runs a query returning one integer.
func (db *DB) QueryInt(ctx context.Context, query string, args ...any) (int, error) {
	var n int
	err := db.q().queryRow(ctx, query, args...).Scan(&n)
	return n, classify(err)
}

// InTx exposes the transaction helper with an exec-only view of it.
func (db *DB) InTx(ctx context.Context, fn func(exec func(query string, args ...any) error) error) error {
	return db.inTx(ctx, func(q querier) error {
		return fn(func(query string, args ...any) error {
			_, err := q.exec(ctx, query, args...)
			return classify(err)
		})
	})
}

// Rebind exposes placeholder rebinding.
func Rebind(d Dialect, query string) string { return d.rebind(query) }
