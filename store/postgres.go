package store

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// openPostgres opens a pool through pgx's database/sql driver, so that both
// dialects share the query code. Connection parameters the URL carries as
// query parameters (search_path, application_name, ...) reach the server as
// run-time parameters.
func openPostgres(rawURL string, maxOpen int) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		// pgx masks the password in the URL it quotes.
		return nil, fmt.Errorf("store: config URL: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	if maxOpen == 0 {
		maxOpen = 10
	}
	db.SetMaxOpenConns(maxOpen)
	db.SetMaxIdleConns(maxOpen)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return db, nil
}
