// Package db opens samverkan's database — embedded SQLite or PostgreSQL — and
// hides the few places where the two dialects differ: placeholders, driver
// errors, migrations.
//
// Tables: meta, goose_db_version (the migrations' own).
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver (no cgo)
)

// Dialect names the SQL engine behind a DB.
type Dialect string

// The two supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a connection pool with its dialect.
type DB struct {
	*sql.DB
	Dialect Dialect
}

// Open connects to the database named by a URL: "sqlite:path/to/file.db" or
// "postgres://…". It pings before returning so a wrong URL fails at start.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	d, dsn, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	driver := "sqlite"
	if d == Postgres {
		driver = "pgx"
	}
	sqldb, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", d, err)
	}
	if d == SQLite {
		// Writers serialize on SQLite's lock anyway; a modest pool keeps WAL
		// readers concurrent without piling up blocked writers.
		sqldb.SetMaxOpenConns(8)
		sqldb.SetMaxIdleConns(8)
		if strings.Contains(dsn, ":memory:") {
			// An in-memory database exists once per connection.
			sqldb.SetMaxOpenConns(1)
		}
	} else {
		sqldb.SetMaxOpenConns(20)
		sqldb.SetMaxIdleConns(10)
		sqldb.SetConnMaxIdleTime(5 * time.Minute)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqldb.PingContext(pctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("connect to %s database: %w", d, err)
	}
	return &DB{DB: sqldb, Dialect: d}, nil
}

// parseURL turns the user's database URL into a dialect and a driver DSN.
func parseURL(raw string) (Dialect, string, error) {
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		return Postgres, raw, nil
	case strings.HasPrefix(raw, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//")
		if path == "" {
			return "", "", errors.New("sqlite URL needs a file path, e.g. sqlite:samverkan.db")
		}
		return SQLite, sqliteDSN(path), nil
	default:
		return "", "", fmt.Errorf("unsupported database URL %q: use sqlite:FILE or postgres://…", raw)
	}
}

// sqliteDSN puts the pragmas into the DSN so that every pooled connection gets
// them. busy_timeout comes first so the others wait instead of failing;
// synchronous(FULL) makes an acknowledged commit survive power loss in WAL
// mode; _txlock=immediate takes the write lock at BEGIN, so two writers never
// deadlock upgrading read locks.
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	if path == ":memory:" {
		return "file::memory:?" + q.Encode()
	}
	return "file:" + path + "?" + q.Encode()
}

// Rebind rewrites "?" placeholders to PostgreSQL's "$n".
func (db *DB) Rebind(q string) string { return rebind(db.Dialect, q) }

func rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	// Appending digits by hand keeps a many-row INSERT (InsertRows) from
	// spending its time in fmt.
	b := make([]byte, 0, len(q)+len(q)/4)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b = append(b, '$')
			b = strconv.AppendInt(b, int64(n), 10)
			continue
		}
		b = append(b, q[i])
	}
	return string(b)
}

// maxParams bounds the parameters of one statement, under SQLite's 32,766
// and PostgreSQL's 65,535.
const maxParams = 30000

// Statement is one SQL statement with its arguments, "?" placeholders.
type Statement struct {
	Query string
	Args  []any
}

// Inserts are the statements that write rows (each one value per column)
// into table, as few as the engines' parameter limits allow: a batch of
// registrations costs a handful of statements, not a handful per
// registration. table and cols are the caller's constants, never input.
func Inserts(table string, cols []string, rows [][]any) ([]Statement, error) {
	var out []Statement
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	per := max(1, maxParams/len(cols))
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
		args := make([]any, 0, len(chunk)*len(cols))
		for i, r := range chunk {
			if len(r) != len(cols) {
				return nil, fmt.Errorf("insert into %s: %d values for %d columns", table, len(r), len(cols))
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(one)
			args = append(args, r...)
		}
		out = append(out, Statement{b.String(), args})
	}
	return out, nil
}

// InsertRows runs Inserts.
func InsertRows(ctx context.Context, q Querier, table string, cols []string, rows [][]any) error {
	stmts, err := Inserts(table, cols, rows)
	if err != nil {
		return err
	}
	for _, st := range stmts {
		if _, err := q.Exec(ctx, st.Query, st.Args...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}

// ExecAll runs writes (INSERT, UPDATE, DELETE without RETURNING) that do not
// depend on one another's effects, in the transaction. On PostgreSQL they
// go as one statement — each but the last a data-modifying WITH — so the
// server gets them in one round trip: what a write holding a hot lock
// (the event's row, for a batch of registrations) spends its time on.
// Foreign keys between them hold, as PostgreSQL checks them at the end of
// the statement. On SQLite, in process, they run one by one. Statements
// whose arguments would pass maxParams together are sent in several.
func (t *Tx) ExecAll(ctx context.Context, stmts []Statement) error {
	if t.Dialect != Postgres {
		for _, st := range stmts {
			if _, err := t.Exec(ctx, st.Query, st.Args...); err != nil {
				return err
			}
		}
		return nil
	}
	for len(stmts) > 0 {
		n, params := 0, 0
		for n < len(stmts) && (n == 0 || params+len(stmts[n].Args) <= maxParams) {
			params += len(stmts[n].Args)
			n++
		}
		var b strings.Builder
		args := make([]any, 0, params)
		for i, st := range stmts[:n] {
			switch {
			case i == n-1 && n > 1:
				b.WriteString(" ")
			case i == 0 && n > 1:
				b.WriteString("WITH ")
			}
			if i < n-1 {
				fmt.Fprintf(&b, "w%d AS (%s)", i, st.Query)
				if i < n-2 {
					b.WriteString(", ")
				}
			} else {
				b.WriteString(st.Query)
			}
			args = append(args, st.Args...)
		}
		if _, err := t.Exec(ctx, b.String(), args...); err != nil {
			return err
		}
		stmts = stmts[n:]
	}
	return nil
}

// Exec runs a statement outside a transaction.
func (db *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return db.DB.ExecContext(ctx, db.Rebind(q), args...)
}

// Query runs a query outside a transaction.
func (db *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.DB.QueryContext(ctx, db.Rebind(q), args...)
}

// QueryRow runs a single-row query outside a transaction.
func (db *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.DB.QueryRowContext(ctx, db.Rebind(q), args...)
}

// Tx is a transaction that rebinds placeholders for its dialect.
type Tx struct {
	tx      *sql.Tx
	Dialect Dialect
}

// Exec runs a statement in the transaction.
func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, rebind(t.Dialect, q), args...)
}

// Query runs a query in the transaction.
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, rebind(t.Dialect, q), args...)
}

// QueryRow runs a single-row query in the transaction.
func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, rebind(t.Dialect, q), args...)
}

// InTx runs fn in a transaction: committed if fn returns nil, rolled back
// otherwise. Driver errors are translated (unique violation → ErrUnique).
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqltx, err := db.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", Translate(err))
	}
	defer func() {
		if p := recover(); p != nil {
			_ = sqltx.Rollback()
			panic(p)
		}
	}()
	if err := fn(&Tx{tx: sqltx, Dialect: db.Dialect}); err != nil {
		_ = sqltx.Rollback()
		return Translate(err)
	}
	if err := sqltx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", Translate(err))
	}
	return nil
}

// Querier is what both DB and Tx offer, for helpers that read either way.
type Querier interface {
	Exec(ctx context.Context, q string, args ...any) (sql.Result, error)
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
}

// EscapeLike escapes LIKE wildcards in user input; use with ESCAPE '\'.
func EscapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// Now is the clock the services use: UTC, truncated to microseconds because
// PostgreSQL stores no finer, so a value reads back the same on both engines
// and survives export and import unchanged.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Analyze refreshes the planner's statistics after a bulk load (import,
// generated data): without them PostgreSQL planned the catalogue search
// ten times slower until autovacuum came round.
func (db *DB) Analyze(ctx context.Context) error {
	q := "ANALYZE"
	if db.Dialect == SQLite {
		q = "PRAGMA optimize"
	}
	_, err := db.DB.ExecContext(ctx, q)
	return err
}
