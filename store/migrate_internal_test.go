package store

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

func TestLoadMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	cases := []struct {
		name    string
		files   fstest.MapFS
		want    []int
		wantErr string
	}{
		{"sorted by version", fstest.MapFS{
			"migrations/sqlite/0002_b.sql":   file("B"),
			"migrations/sqlite/0001_a.sql":   file("A"),
			"migrations/sqlite/0010_c.sql":   file("C"),
			"migrations/postgres/0001_x.sql": file("X"),
		}, []int{1, 2, 10}, ""},
		{"misnamed", fstest.MapFS{"migrations/sqlite/1_a.sql": file("A")}, nil, "NNNN_lower_snake.sql"},
		{"version zero", fstest.MapFS{"migrations/sqlite/0000_a.sql": file("A")}, nil, "start at 0001"},
		{"duplicate", fstest.MapFS{
			"migrations/sqlite/0001_a.sql": file("A"),
			"migrations/sqlite/0001_b.sql": file("B"),
		}, nil, "version 0001 used twice"},
		{"no directory", fstest.MapFS{}, nil, "read migrations"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms, err := loadMigrations(c.files, SQLite)
			if c.wantErr != "" {
				require.ErrorContains(t, err, c.wantErr)
				return
			}
			require.NoError(t, err)
			var got []int
			for _, m := range ms {
				got = append(got, m.version)
			}
			require.Equal(t, c.want, got)
		})
	}
}

// TestEmbeddedMigrationsMatch keeps the two dialects' migration lists in
// step: the same versions under the same names.
func TestEmbeddedMigrationsMatch(t *testing.T) {
	lite, err := loadMigrations(migrationFiles, SQLite)
	require.NoError(t, err)
	pg, err := loadMigrations(migrationFiles, Postgres)
	require.NoError(t, err)
	names := func(ms []migration) (out []string) {
		for _, m := range ms {
			out = append(out, m.name)
		}
		return out
	}
	require.Equal(t, names(lite), names(pg))
	for i := range lite {
		require.Equal(t, lite[i].version, pg[i].version)
	}
}
