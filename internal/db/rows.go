package db

import (
	"context"
	"database/sql"
	"strings"
)

// Scanner is a row to scan: *sql.Row or *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// In returns the placeholders for an IN list of the values ("?, ?, ?") and
// the values as arguments. An empty list gives "NULL", which matches
// nothing, so callers need no special case.
func In[T any](vals []T) (string, []any) {
	if len(vals) == 0 {
		return "NULL", nil
	}
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", "), args
}

// Each runs a query and calls fn for every row; the rows are closed and
// their error checked whatever fn does.
func Each(ctx context.Context, q Querier, query string, args []any, fn func(Scanner) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Collect runs a query and scans every row into a T.
func Collect[T any](ctx context.Context, q Querier, query string, args []any, scan func(Scanner) (T, error)) ([]T, error) {
	var out []T
	err := Each(ctx, q, query, args, func(s Scanner) error {
		v, err := scan(s)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// Strings runs a query of one text column and returns its values.
func Strings(ctx context.Context, q Querier, query string, args ...any) ([]string, error) {
	return Collect(ctx, q, query, args, func(s Scanner) (string, error) {
		var v string
		err := s.Scan(&v)
		return v, err
	})
}

// Meta reads a value of the meta table (small facts about the database
// itself, such as whether it holds demo data); "" when unset.
func Meta(ctx context.Context, q Querier, key string) (string, error) {
	vals, err := Strings(ctx, q, `SELECT value FROM meta WHERE key = ?`, key)
	if err != nil || len(vals) == 0 {
		return "", err
	}
	return vals[0], nil
}

// SetMeta writes a value of the meta table.
func SetMeta(ctx context.Context, q Querier, key, value string) error {
	if _, err := q.Exec(ctx, `DELETE FROM meta WHERE key = ?`, key); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)`, key, value)
	return err
}

// NullIfEmpty stores "" as NULL: for optional references, where an empty
// string would break the foreign key.
func NullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// IntPtr reads a nullable integer column.
func IntPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

// NamesByID runs a query of two text columns, an ID and its name, whose
// "IN (%s)" is filled with the IDs, and returns the names by ID: the one
// shape of the name lookups each package exports for the records it owns
// (the audit log names people and records through them). IDs not found are
// absent; no IDs, no query.
func NamesByID(ctx context.Context, q Querier, query string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := In(ids)
	err := Each(ctx, q, strings.Replace(query, "%s", in, 1), args, func(row Scanner) error {
		var id, name string
		if err := row.Scan(&id, &name); err != nil {
			return err
		}
		out[id] = name
		return nil
	})
	return out, err
}
