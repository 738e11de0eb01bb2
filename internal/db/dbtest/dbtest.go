// Package dbtest gives each test a fresh, migrated database on both engines:
// SQLite always, PostgreSQL when SAMVERKAN_TEST_POSTGRES holds a URL. Each
// PostgreSQL test gets its own schema, so tests run in parallel.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
)

// EnvPostgres names the variable holding the PostgreSQL server URL for tests.
const EnvPostgres = "SAMVERKAN_TEST_POSTGRES"

var skipOnce sync.Once

// Dialects lists the engines this test run covers.
func Dialects() []db.Dialect {
	if os.Getenv(EnvPostgres) != "" {
		return []db.Dialect{db.SQLite, db.Postgres}
	}
	return []db.Dialect{db.SQLite}
}

// Each runs fn as a subtest per engine, each with a fresh migrated database.
// Without PostgreSQL configured, its subtest is skipped with one line saying
// so; in CI (CI=true) a missing PostgreSQL is a failure, not a skip.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			fn(t, Open(t, d))
		})
	}
}

// Open returns a fresh migrated database of the given dialect.
func Open(t testing.TB, d db.Dialect) *db.DB {
	t.Helper()
	u := URL(t, d)
	conn, err := db.Open(context.Background(), u)
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return conn
}

// URL returns the URL of a fresh, empty database of the given dialect, for
// tests that hand it to the binary.
func URL(t testing.TB, d db.Dialect) string {
	t.Helper()
	if d == db.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests", EnvPostgres)
		}
		skipOnce.Do(func() {
			println("dbtest: " + EnvPostgres + " not set; PostgreSQL tests skipped")
		})
		t.Skip(EnvPostgres + " not set; PostgreSQL test skipped")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := db.Open(context.Background(), base)
	if err != nil {
		t.Fatalf("connect to PostgreSQL at %s: %v", base, err)
	}
	if _, err := admin.Exec(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	pu, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvPostgres, err)
	}
	q := pu.Query()
	q.Set("search_path", schema)
	pu.RawQuery = q.Encode()
	return pu.String()
}
