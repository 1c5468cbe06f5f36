package store_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/store"
)

func TestRebind(t *testing.T) {
	cases := []struct {
		name, in, postgres string
	}{
		{"no placeholders", `SELECT 1`, `SELECT 1`},
		{"in order", `UPDATE t SET a = ?, b = ? WHERE id = ?`, `UPDATE t SET a = $1, b = $2 WHERE id = $3`},
		{"string literal", `SELECT '?' , ? FROM t`, `SELECT '?' , $1 FROM t`},
		{"quoted identifier", `SELECT "a?b" FROM t WHERE x = ?`, `SELECT "a?b" FROM t WHERE x = $1`},
		{"comment", "SELECT ? -- why?\nFROM t WHERE y = ?", "SELECT $1 -- why?\nFROM t WHERE y = $2"},
		{"unterminated literal", `SELECT ? 'x?`, `SELECT $1 'x?`},
		{"minus", `SELECT ? - ?`, `SELECT $1 - $2`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.postgres, store.Rebind(store.Postgres, c.in))
			require.Equal(t, c.in, store.Rebind(store.SQLite, c.in), "SQLite keeps '?'")
		})
	}
}
