package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// sqlConn is what *sql.DB and *sql.Tx have in common.
type sqlConn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// querier runs this package's queries on the pool or inside a transaction.
// Queries are written once, with '?' placeholders, and arguments of type
// time.Time or *time.Time are passed as they are: the querier rebinds the
// placeholders and encodes the times for the dialect (see timeArg).
type querier struct {
	conn    sqlConn
	dialect Dialect
}

func (db *DB) q() querier { return querier{conn: db.sql, dialect: db.dialect} }

func (q querier) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return q.conn.ExecContext(ctx, q.dialect.rebind(query), q.args(args)...)
}

func (q querier) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.conn.QueryContext(ctx, q.dialect.rebind(query), q.args(args)...)
}

func (q querier) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return q.conn.QueryRowContext(ctx, q.dialect.rebind(query), q.args(args)...)
}

// execOne runs a statement that must touch exactly one row; zero rows is
// ErrNotFound.
func (q querier) execOne(ctx context.Context, query string, args ...any) error {
	res, err := q.exec(ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// execVersioned runs an optimistic write to the row id of table: a
// statement that matches on "id = ? AND version = ?". When it matches no
// row, the error tells a missing row (ErrNotFound, from the driver's
// sql.ErrNoRows) from a stale version (ErrConflict).
func (q querier) execVersioned(ctx context.Context, table, id string, version int, query string, args ...any) error {
	err := q.execOne(ctx, query, args...)
	if !errors.Is(err, ErrNotFound) {
		return err
	}
	var one int
	if err := q.queryRow(ctx, `SELECT 1 FROM `+table+` WHERE id = ?`, id).Scan(&one); err != nil {
		return err
	}
	return fmt.Errorf("%w: version %d is stale", ErrConflict, version)
}

func (q querier) args(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			out[i] = q.dialect.timeArg(v)
		case *time.Time:
			if v != nil {
				out[i] = q.dialect.timeArg(*v)
			}
		default:
			out[i] = a
		}
	}
	return out
}

// sqliteTimeLayout is fixed-width and always UTC, so that SQLite's text
// comparison and ORDER BY agree with time order. The driver reads it back as
// a time.Time from columns declared TIMESTAMP.
const sqliteTimeLayout = "2006-01-02 15:04:05.000000-07:00"

// timeArg stores times as UTC with microsecond precision, PostgreSQL's, so
// that a value reads back equal in both dialects.
func (d Dialect) timeArg(t time.Time) any {
	t = t.UTC().Truncate(time.Microsecond)
	if d == SQLite {
		return t.Format(sqliteTimeLayout)
	}
	return t
}

// inTx runs fn inside one transaction and commits when fn returns nil; an
// error or a panic rolls back. fn must do all its work through the querier
// it is given: on SQLite the transaction holds the write lock from BEGIN, so
// a write or another transaction started on the pool from inside fn would
// wait for it until the busy timeout.
func (db *DB) inTx(ctx context.Context, fn func(q querier) error) (err error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
				err = errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
			}
		}
	}()
	if err := fn(querier{conn: tx, dialect: db.dialect}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// scanTime normalises a time read from either dialect to UTC.
func scanTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
