package dump

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// TestTablesMatchSchema fails when a migration adds a table or column that
// the dump does not carry: export would silently lose it.
func TestTablesMatchSchema(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var q string
		switch d.Dialect {
		case db.SQLite:
			q = `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
				WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'`
		case db.Postgres:
			q = `SELECT table_name, column_name FROM information_schema.columns
				WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`
		}
		rows, err := d.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var inDB []string
		for rows.Next() {
			var tbl, col string
			if err := rows.Scan(&tbl, &col); err != nil {
				t.Fatal(err)
			}
			inDB = append(inDB, tbl+"."+col)
		}
		derived := map[string]bool{}
		for _, name := range Derived {
			derived[name] = true
		}
		kept := inDB[:0]
		for _, c := range inDB {
			tbl, _, _ := strings.Cut(c, ".")
			// FTS5 keeps shadow tables (activity_search_data, …) beside the virtual one.
			if !derived[tbl] && !strings.HasPrefix(tbl, "activity_search_") {
				kept = append(kept, c)
			}
		}
		inDB = kept
		var inDump []string
		for _, tb := range Tables {
			for _, c := range tb.columns {
				inDump = append(inDump, tb.name+"."+c.name)
			}
		}
		sort.Strings(inDB)
		sort.Strings(inDump)
		if strings.Join(inDB, " ") != strings.Join(inDump, " ") {
			t.Errorf("schema and dump differ:\ndatabase: %v\ndump:     %v", inDB, inDump)
		}
	})
}
