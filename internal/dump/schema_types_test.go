package dump

// The type guard lives here rather than in internal/db because its second
// half checks the dump's own column kinds (the unexported Tables list) against
// the schema, and because the dump is what breaks when the two dialects
// drift: a row exported from one engine has to import into the other.

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// colType is a column as the guard compares it: a type class shared by both
// engines, and whether NULL is refused.
type colType struct {
	class   string
	notNull bool
}

func (c colType) String() string {
	if c.class == "" {
		return "absent"
	}
	if c.notNull {
		return c.class + " NOT NULL"
	}
	return c.class + " NULL"
}

// sqliteClass maps a SQLite declared type to a class. It goes by the
// declared name, not SQLite's affinity: modernc.org/sqlite reads TIMESTAMP
// and DATETIME columns back as time.Time, and a BOOLEAN column is what says
// boolean on both sides. An unknown name maps to itself, so it matches
// nothing on PostgreSQL and shows up in the failure.
func sqliteClass(declared string) string {
	t := strings.ToUpper(strings.TrimSpace(declared))
	if i := strings.IndexByte(t, '('); i >= 0 { // VARCHAR(20), NUMERIC(10,2)
		t = strings.TrimSpace(t[:i])
	}
	switch t {
	case "TEXT", "VARCHAR", "CHAR", "CHARACTER", "CLOB":
		return "text"
	case "INTEGER", "INT", "BIGINT", "SMALLINT":
		return "integer"
	case "REAL", "DOUBLE", "DOUBLE PRECISION", "FLOAT":
		return "float"
	case "BOOLEAN", "BOOL":
		return "boolean"
	case "TIMESTAMP", "DATETIME":
		return "timestamp"
	case "DATE":
		return "date"
	case "BLOB":
		return "blob"
	case "NUMERIC", "DECIMAL":
		return "numeric"
	case "":
		return "untyped" // no declared type: BLOB affinity, anything goes
	}
	return "sqlite " + t
}

// postgresClass maps information_schema.columns.data_type to a class.
// PostgreSQL's integer and bigint are one class, as SQLite has one INTEGER.
// A zoneless TIMESTAMP is its own class: the migrations use TIMESTAMPTZ, and
// a zoneless column keeps only the wall clock of what pgx writes to it.
func postgresClass(dataType, udtName string) string {
	switch dataType {
	case "text", "character varying", "character":
		return "text"
	case "bigint", "integer", "smallint":
		return "integer"
	case "double precision", "real":
		return "float"
	case "boolean":
		return "boolean"
	case "timestamp with time zone":
		return "timestamp"
	case "date":
		return "date"
	case "bytea":
		return "blob"
	case "numeric":
		return "numeric"
	case "USER-DEFINED", "ARRAY":
		return "postgres " + udtName
	}
	return dataType // tsvector, jsonb, uuid, timestamp without time zone, …
}

// kindClass is the class (and nullability) a dump column kind stands for.
func kindClass(k kind) colType {
	var class string
	switch k {
	case text, nullText:
		class = "text"
	case boolean:
		class = "boolean"
	case timestamp, nullTimestamp:
		class = "timestamp"
	case integer, nullInteger:
		class = "integer"
	case nullFloat:
		class = "float"
	default:
		class = fmt.Sprintf("dump kind %d", k)
	}
	return colType{class, !k.nullable()}
}

// searchIndex is the one table whose shape legitimately differs between the
// engines: on SQLite an FTS5 virtual table (its columns carry no type and no
// constraint, FTS5 allows neither), on PostgreSQL a plain table with a
// tsvector. It is derived (see Derived), so the dump does not carry it. The
// guard pins both shapes exactly instead of skipping the table, so a change to
// either side is still seen and has to be made here on purpose. Any other
// table in Derived is compared across the engines like every other table
// (only the dump comparison leaves it out); one that must differ gets a pinned
// shape like this one.
const searchIndex = "activity_search"

var searchIndexShape = map[db.Dialect]map[string]colType{
	db.SQLite: {
		"activity_id": {"untyped", false},
		"body":        {"untyped", false},
	},
	db.Postgres: {
		"activity_id": {"text", true},
		"body":        {"text", true},
		"vector":      {"tsvector", true},
	},
}

// knownDifferences are mismatches in migrations that have landed (and are
// never edited), as table.column with the exact pair the guard sees. An entry
// that no longer matches what the databases say fails the test, so it is
// removed once a new migration fixes the column. Do not add entries for new
// columns: declare the same class on both engines instead.
var knownDifferences = map[string]struct{ sqlite, postgres colType }{
	// The first migrations declared booleans INTEGER on SQLite, BOOLEAN on
	// PostgreSQL. The values agree: modernc.org/sqlite stores a Go bool as
	// 0/1 and scans 0/1 into *bool, and the dump (kind bool) writes true/false
	// from either engine. Changing a declared type on SQLite means rebuilding
	// the table (ALTER TABLE cannot do it), and with foreign_keys on,
	// dropping users or organisations inside goose's transaction would
	// cascade into every table that refers to them: not a safe migration for
	// a name. New boolean columns declare BOOLEAN on SQLite.
	"users.disabled":          {colType{"integer", true}, colType{"boolean", true}}, // 00001_foundation
	"organisations.verified":  {colType{"integer", true}, colType{"boolean", true}}, // 00001_foundation
	"venues.is_meeting_place": {colType{"integer", true}, colType{"boolean", true}}, // 00002_catalogue
}

// schemaColumns reads every column of every table in a migrated database,
// keyed by table.column. FTS5 shadow tables are left out (they are SQLite's
// storage for a virtual table, not schema), and so is goose's bookkeeping.
func schemaColumns(t *testing.T, d *db.DB) map[string]colType {
	t.Helper()
	ctx := context.Background()
	out := map[string]colType{}
	switch d.Dialect {
	case db.SQLite:
		shadow := map[string]bool{}
		vrows, err := d.Query(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND lower(sql) LIKE 'create virtual table % using fts5%'`)
		if err != nil {
			t.Fatal(err)
		}
		for vrows.Next() {
			var name string
			if err := vrows.Scan(&name); err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"_data", "_idx", "_content", "_docsize", "_config"} {
				shadow[name+s] = true
			}
		}
		if err := vrows.Err(); err != nil {
			t.Fatal(err)
		}
		vrows.Close()
		rows, err := d.Query(ctx, `SELECT m.name, p.name, p.type, p."notnull", p.pk
			FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var tbl, col, typ string
			var notNull bool
			var pk int
			if err := rows.Scan(&tbl, &col, &typ, &notNull, &pk); err != nil {
				t.Fatal(err)
			}
			if shadow[tbl] {
				continue
			}
			// A PRIMARY KEY column on SQLite refuses NULL only if it is the
			// rowid (a lone INTEGER PRIMARY KEY) or is declared NOT NULL:
			// for rowid tables SQLite keeps its old bug of allowing NULL in
			// other key columns. The migrations declare single-column keys
			// as "id TEXT PRIMARY KEY" (pragma notnull = 0) and composite
			// keys NOT NULL. The guard counts every key column as NOT NULL,
			// deliberately: PostgreSQL refuses NULL in a key, the dump
			// declares these columns non-null and refuses a null on import,
			// and the services always set ids, so a NULL key can only come
			// from hand-written SQL. Adding NOT NULL on SQLite needs a
			// rebuild of nearly every table. This covers key columns only:
			// any other column that is NULL on one engine and NOT NULL on
			// the other is still reported.
			if pk > 0 {
				notNull = true
			}
			out[tbl+"."+col] = colType{sqliteClass(typ), notNull}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	case db.Postgres:
		rows, err := d.Query(ctx, `SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable
			FROM information_schema.columns c
			JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
			WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> 'goose_db_version'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var tbl, col, dataType, udt, nullable string
			if err := rows.Scan(&tbl, &col, &dataType, &udt, &nullable); err != nil {
				t.Fatal(err)
			}
			out[tbl+"."+col] = colType{postgresClass(dataType, udt), nullable == "NO"}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// sqliteIsFTS5 reports whether a SQLite table is an FTS5 virtual table.
func sqliteIsFTS5(t *testing.T, d *db.DB, name string) bool {
	t.Helper()
	var sql string
	err := d.QueryRow(context.Background(), `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, name).Scan(&sql)
	if err != nil {
		t.Fatalf("%s on sqlite: %v", name, err)
	}
	s := strings.ToLower(sql)
	return strings.HasPrefix(s, "create virtual table") && strings.Contains(s, "using fts5")
}

// TestColumnTypesMatchAcrossEngines migrates a SQLite and a PostgreSQL
// database and fails when a column's type class or nullability differs
// between them, or differs from the kind the dump declares for it.
// TestTablesMatchSchema checks the names; this checks what they hold.
func TestColumnTypesMatchAcrossEngines(t *testing.T) {
	// Both engines or nothing: dbtest.Open skips the test without
	// SAMVERKAN_TEST_POSTGRES, and fails it in CI (CI=true).
	pg := dbtest.Open(t, db.Postgres)
	lite := dbtest.Open(t, db.SQLite)
	byEngine := map[db.Dialect]map[string]colType{
		db.SQLite:   schemaColumns(t, lite),
		db.Postgres: schemaColumns(t, pg),
	}
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	// The search index: exactly the expected shape on each engine.
	if !slices.Contains(Derived, searchIndex) {
		report("%s: no longer in dump.Derived; the guard's search index exception must follow", searchIndex)
	}
	if !sqliteIsFTS5(t, lite, searchIndex) {
		report("%s: on sqlite not an FTS5 virtual table", searchIndex)
	}
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		cols := byEngine[d]
		for col, want := range searchIndexShape[d] {
			if got := cols[searchIndex+"."+col]; got != want {
				report("%s.%s: %s=%s, the guard expects %s (searchIndexShape)", searchIndex, col, d, got, want)
			}
		}
		for key, got := range cols {
			tbl, col, _ := strings.Cut(key, ".")
			if tbl != searchIndex {
				continue
			}
			if _, ok := searchIndexShape[d][col]; !ok {
				report("%s: %s=%s, not in the search index shape the guard expects (searchIndexShape)", key, d, got)
			}
			delete(cols, key)
		}
	}

	// Every other column: the same class and nullability on both engines.
	seen := map[string]bool{}
	keys := map[string]bool{}
	for _, cols := range byEngine {
		for k := range cols {
			keys[k] = true
		}
	}
	for k := range keys {
		s, p := byEngine[db.SQLite][k], byEngine[db.Postgres][k]
		if ex, ok := knownDifferences[k]; ok {
			seen[k] = true
			if s != ex.sqlite || p != ex.postgres {
				report("%s: sqlite=%s, postgres=%s; knownDifferences expects sqlite=%s, postgres=%s: update or remove the entry", k, s, p, ex.sqlite, ex.postgres)
			}
			continue
		}
		if s != p {
			report("%s: sqlite=%s, postgres=%s", k, s, p)
		}
	}
	for k, ex := range knownDifferences {
		if !seen[k] {
			report("%s: in knownDifferences (sqlite=%s, postgres=%s) but in neither database: remove the entry", k, ex.sqlite, ex.postgres)
		}
	}

	// The dump's kinds: what export scans into and import accepts.
	for _, tb := range Tables {
		for _, c := range tb.columns {
			k := tb.name + "." + c.name
			want := kindClass(c.kind)
			for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
				got := byEngine[d][k]
				if got == want {
					continue
				}
				if ex, ok := knownDifferences[k]; ok && (d == db.SQLite && got == ex.sqlite || d == db.Postgres && got == ex.postgres) {
					continue // reported above if it changed
				}
				report("%s: dump=%s, %s=%s", k, want, d, got)
			}
		}
	}

	if len(problems) > 0 {
		sort.Strings(problems)
		t.Errorf("column types differ (fix with a new migration on the engine that is wrong, or change the kind in dump.go):\n\t%s",
			strings.Join(problems, "\n\t"))
	}
}
