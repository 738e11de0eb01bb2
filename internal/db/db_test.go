package db_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestMigrateAndTranslate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		n, err := d.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second migrate: n=%d err=%v, want 0 and nil", n, err)
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		insert := func(id string) error {
			return d.InTx(ctx, func(tx *db.Tx) error {
				_, err := tx.Exec(ctx, `INSERT INTO users (id, email, email_key, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
					id, "A@example.org", "a@example.org", "A", now, now)
				return err
			})
		}
		if err := insert(db.NewID()); err != nil {
			t.Fatal(err)
		}
		if err := insert(db.NewID()); !errors.Is(err, db.ErrUnique) {
			t.Fatalf("duplicate email: got %v, want ErrUnique", err)
		}
		var got time.Time
		var disabled bool
		if err := d.QueryRow(ctx, `SELECT created_at, disabled FROM users`).Scan(&got, &disabled); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(now) || disabled {
			t.Errorf("round trip: got %v %v, want %v false", got, disabled, now)
		}
		sts, err := d.Status(ctx)
		if err != nil || len(sts) == 0 || !sts[0].Applied {
			t.Errorf("status = %+v, %v", sts, err)
		}
	})
}

func TestNewIDSortsByTime(t *testing.T) {
	a := db.NewID()
	time.Sleep(2 * time.Millisecond)
	b := db.NewID()
	if len(a) != 26 || !(a < b) {
		t.Errorf("ids %q, %q: want 26 chars and increasing", a, b)
	}
}

func TestUUIDRoundTrip(t *testing.T) {
	for i := 0; i < 100; i++ {
		id := db.NewID()
		u, ok := db.UUID(id)
		if !ok || len(u) != 36 || u[8] != '-' {
			t.Fatalf("UUID(%q) = %q, %v", id, u, ok)
		}
		back, ok := db.FromUUID(u)
		if !ok || back != id {
			t.Fatalf("FromUUID(%q) = %q, want %q", u, back, id)
		}
	}
	for _, bad := range []string{"", "nope", "00000000-0000-0000-0000-00000000000g"} {
		if _, ok := db.FromUUID(bad); ok {
			t.Errorf("FromUUID(%q) accepted", bad)
		}
	}
}

// TestExecAll: independent writes sent together (one statement on
// PostgreSQL) all happen, foreign keys between them hold, a violation
// undoes them all, and writes past the parameter limit are split — on
// both engines.
func TestExecAll(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, q := range []string{`CREATE TABLE t_parent (id TEXT PRIMARY KEY, n INTEGER NOT NULL)`,
			`CREATE TABLE t_child (id TEXT PRIMARY KEY, parent TEXT NOT NULL REFERENCES t_parent(id))`} {
			if _, err := d.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := d.Exec(ctx, `INSERT INTO t_parent (id, n) VALUES ('p0', 0)`); err != nil {
			t.Fatal(err)
		}
		rows := func(prefix string, n int, parent string) [][]any {
			out := make([][]any, n)
			for i := range out {
				out[i] = []any{fmt.Sprintf("%s%d", prefix, i), parent}
			}
			return out
		}
		inserts := func(table string, cols []string, r [][]any) []db.Statement {
			st, err := db.Inserts(table, cols, r)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		cases := []struct {
			name     string
			stmts    []db.Statement
			wantErr  error // nil: must succeed
			parents  int   // rows in t_parent afterwards
			children int
		}{
			{"parent, child and update together", append(append(
				inserts("t_parent", []string{"id", "n"}, [][]any{{"p1", 1}}),
				inserts("t_child", []string{"id", "parent"}, rows("c", 3, "p1"))...),
				db.Statement{Query: `UPDATE t_parent SET n = n + ? WHERE id = ?`, Args: []any{5, "p0"}}), nil, 2, 3},
			{"a child without its parent undoes all", append(
				inserts("t_parent", []string{"id", "n"}, [][]any{{"p2", 2}}),
				inserts("t_child", []string{"id", "parent"}, rows("orphan", 1, "nobody"))...), db.ErrForeignKey, 2, 3},
			{"a duplicate undoes all", append(
				inserts("t_parent", []string{"id", "n"}, [][]any{{"p3", 3}}),
				inserts("t_child", []string{"id", "parent"}, rows("c", 1, "p1"))...), db.ErrUnique, 2, 3},
			{"past the parameter limit, split", append(
				inserts("t_child", []string{"id", "parent"}, rows("a", 16000, "p0")),
				inserts("t_child", []string{"id", "parent"}, rows("b", 16000, "p1"))...), nil, 2, 32003},
			{"nothing", nil, nil, 2, 32003},
		}
		for _, c := range cases {
			err := d.InTx(ctx, func(tx *db.Tx) error { return tx.ExecAll(ctx, c.stmts) })
			if c.wantErr == nil && err != nil || c.wantErr != nil && !errors.Is(err, c.wantErr) {
				t.Errorf("%s: error %v, want %v", c.name, err, c.wantErr)
			}
			var parents, children, n int
			_ = d.QueryRow(ctx, `SELECT COUNT(*) FROM t_parent`).Scan(&parents)
			_ = d.QueryRow(ctx, `SELECT COUNT(*) FROM t_child`).Scan(&children)
			_ = d.QueryRow(ctx, `SELECT n FROM t_parent WHERE id = 'p0'`).Scan(&n)
			if parents != c.parents || children != c.children || n != 5 {
				t.Errorf("%s: %d parents, %d children, p0.n = %d; want %d, %d, 5", c.name, parents, children, n, c.parents, c.children)
			}
		}
	})
}
