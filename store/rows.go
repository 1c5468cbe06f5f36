package store

import (
	"context"
	"database/sql"
)

// rowScanner is what *sql.Row and *sql.Rows have in common.
type rowScanner interface{ Scan(dest ...any) error }

// queryAll runs query and scans every row it returns with scan. No rows is
// a nil slice and no error.
func queryAll[T any](ctx context.Context, q querier, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scan)
}

// collect scans every row of rows with scan and closes rows.
func collect[T any](rows *sql.Rows, scan func(rowScanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// listQuery builds a keyset-paged list query: a SELECT whose WHERE clause
// starts with the cursor condition, narrowed by optional conditions, then
// ordered by id and limited.
type listQuery struct {
	query string
	args  []any
}

// andIf adds " AND cond" with its argument when ok.
func (l *listQuery) andIf(ok bool, cond string, arg any) {
	if ok {
		l.query += " AND " + cond
		l.args = append(l.args, arg)
	}
}

// page ends the query with "ORDER BY id LIMIT limit" and returns it with
// its arguments.
func (l *listQuery) page(limit int) (string, []any) {
	return l.query + " ORDER BY id LIMIT ?", append(l.args, limit)
}
