package dump

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
)

// FuzzImport feeds dump.Import arbitrary bytes on SQLite. The properties:
//
//   - Import never panics;
//   - on any error it writes nothing: an empty database stays empty
//     (IsEmpty), and with replace a full database keeps exactly its rows;
//   - whatever it accepts can be exported again, with the same number of
//     rows, and that export imports into an empty database.
//
// The seeds are a real export of a small database (every table, every
// column kind, NULL and not) and truncated and broken variants of it, added
// with f.Add from the current schema, plus the files in
// testdata/fuzz/FuzzImport: seed-* are the same variants as of the schema
// they were written with (rewrite them with
// `go test -run TestWriteFuzzImportSeeds ./internal/dump/ -update-fuzz-seeds`),
// the others are inputs the fuzzer found, kept as regressions.
//
// Each input gets its own database file, a byte copy of a migrated template,
// so no state carries over between inputs and no input pays for migrating.
func FuzzImport(f *testing.F) {
	fx := fuzzFixtures(f)
	for _, s := range importSeeds(fx.export) {
		f.Add(s.data, false)
	}
	f.Add(fx.export, true)
	f.Add(importSeeds(fx.export)[1].data, true) // truncated: the replace must roll back
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte, replace bool) {
		tmpl := fx.empty
		if replace {
			tmpl = fx.full
		}
		d := openCopy(t, tmpl)
		n, err := Import(ctx, d, bytes.NewReader(data), replace, nil)
		if err != nil {
			if replace {
				if got := exportRows(t, d); got != fx.fullRows {
					t.Fatalf("import failed (%v) but changed the database:\nbefore: %s\nafter:  %s", err, fx.fullRows, got)
				}
				return
			}
			empty, err2 := IsEmpty(ctx, d)
			if err2 != nil {
				t.Fatal(err2)
			}
			if !empty {
				t.Fatalf("import failed (%v) but left rows behind", err)
			}
			return
		}
		var out bytes.Buffer
		m, err := Export(ctx, d, &out)
		if err != nil {
			t.Fatalf("import accepted %d rows that export cannot write: %v", n, err)
		}
		if m != n {
			t.Fatalf("import reported %d rows, export wrote %d", n, m)
		}
		again := openCopy(t, fx.empty)
		if k, err := Import(ctx, again, &out, false, nil); err != nil || k != n {
			t.Fatalf("the export of an accepted dump does not import again: %d rows, %v (want %d)", k, err, n)
		}
	})
}

type fixtures struct {
	empty, full []byte // SQLite files: migrated, and migrated with seedRows
	export      []byte // the export of full, with a fixed header time
	fullRows    string // export of full without its header line
}

var (
	fixturesOnce sync.Once
	fixturesVal  fixtures
	fixturesErr  error
)

// fuzzFixtures builds the two template databases and the seed export once
// per process (a fuzz worker is a process of its own).
func fuzzFixtures(tb testing.TB) fixtures {
	tb.Helper()
	fixturesOnce.Do(func() { fixturesVal, fixturesErr = buildFixtures() })
	if fixturesErr != nil {
		tb.Fatal(fixturesErr)
	}
	return fixturesVal
}

func buildFixtures() (fixtures, error) {
	var fx fixtures
	dir, err := os.MkdirTemp("", "dumpfuzz")
	if err != nil {
		return fx, err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	for _, full := range []bool{false, true} {
		path := filepath.Join(dir, fmt.Sprintf("template-%v.db", full))
		d, err := db.Open(ctx, "sqlite:"+path)
		if err != nil {
			return fx, err
		}
		if _, err := d.Migrate(ctx); err != nil {
			d.Close()
			return fx, err
		}
		if full {
			if err := seedRows(ctx, d); err != nil {
				d.Close()
				return fx, err
			}
			var buf bytes.Buffer
			if _, err := Export(ctx, d, &buf); err != nil {
				d.Close()
				return fx, err
			}
			fx.export, err = fixHeaderTime(buf.Bytes())
			if err != nil {
				d.Close()
				return fx, err
			}
			_, rest, _ := bytes.Cut(buf.Bytes(), []byte("\n"))
			fx.fullRows = string(rest)
		}
		// Fold the WAL into the file so that its bytes are the whole database.
		if _, err := d.Exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			d.Close()
			return fx, err
		}
		if err := d.Close(); err != nil {
			return fx, err
		}
		if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
			return fx, fmt.Errorf("%s-wal still holds %d bytes after checkpoint and close", path, fi.Size())
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return fx, err
		}
		if full {
			fx.full = b
		} else {
			fx.empty = b
		}
	}
	return fx, nil
}

// fixHeaderTime gives the export a fixed created_at, so the seed files come
// out the same every time they are written.
func fixHeaderTime(export []byte) ([]byte, error) {
	first, rest, _ := bytes.Cut(export, []byte("\n"))
	var h Header
	if err := json.Unmarshal(first, &h); err != nil {
		return nil, err
	}
	h.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	b, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	return append(append(b, '\n'), rest...), nil
}

// openCopy opens a private SQLite database holding a copy of tmpl. Not in
// t.TempDir: the seed subtests are named seed#0, …, and db.Open hands the
// path to SQLite as a file: URI, where "#" starts a fragment, so the
// database would be a fresh empty file named after the part before it.
func openCopy(t *testing.T, tmpl []byte) *db.DB {
	t.Helper()
	dir, err := os.MkdirTemp("", "dumpfuzz")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "fuzz.db")
	if err := os.WriteFile(path, tmpl, 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// exportRows is the export of d without its header line (which has the time).
func exportRows(t *testing.T, d *db.DB) string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := Export(context.Background(), d, &buf); err != nil {
		t.Fatal(err)
	}
	_, rest, _ := bytes.Cut(buf.Bytes(), []byte("\n"))
	return string(rest)
}

// seedRows fills every dumped table with a few rows through plain SQL, with
// every nullable column both NULL and set somewhere.
func seedRows(ctx context.Context, d *db.DB) error {
	t0 := time.Date(2025, 3, 30, 1, 59, 59, 123456000, time.UTC)
	t1 := t0.Add(36 * time.Hour)
	type row struct {
		table string
		kv    []any
	}
	rows := []row{
		{"meta", []any{"key", "instance", "value", "test \"seed\"\nline två"}},
		{"users", []any{"id", "u1", "email", "Ada@example.org", "email_key", "ada@example.org", "name", "Ada Åström", "lang", "sv", "role", "admin",
			"password_hash", "$argon2id$v=19$x", "disabled", false, "created_at", t0, "updated_at", t1}},
		{"users", []any{"id", "u2", "email", "bo@example.org", "email_key", "bo@example.org", "name", "Bo", "lang", "en", "role", "member",
			"password_hash", nil, "disabled", true, "created_at", t0, "updated_at", t0}},
		{"organisations", []any{"id", "o1", "name", "Föreningen", "sort_name", "foreningen", "org_number", "802000-0000", "sector", "civil", "category", "association",
			"municipality_code", "0180", "address", "Gatan 1", "website", "https://example.org", "email", "info@example.org", "phone", "+46 8 000",
			"verified", true, "verified_at", t1, "verified_by", "u1", "created_by", "u2", "created_at", t0, "updated_at", t1}},
		{"organisations", []any{"id", "o2", "name", "Kommunen", "sort_name", "kommunen", "org_number", nil, "sector", "public", "category", "municipality",
			"municipality_code", "0114", "verified", false, "verified_at", nil, "verified_by", nil, "created_by", nil, "created_at", t0, "updated_at", t0}},
		{"organisation_languages", []any{"organisation_id", "o1", "lang", "sv"}},
		{"organisation_languages", []any{"organisation_id", "o1", "lang", "ar"}},
		{"organisation_descriptions", []any{"organisation_id", "o1", "lang", "sv", "body", "Vi träffas <b>varje</b> vecka."}},
		{"memberships", []any{"organisation_id", "o1", "user_id", "u1", "role", "owner", "created_at", t0}},
		{"invitations", []any{"id", "i1", "organisation_id", "o1", "email", "c@example.org", "role", "editor", "token_hash", "th-i1", "invited_by", "u1",
			"created_at", t0, "expires_at", t1, "accepted_at", t1, "accepted_by", "u2"}},
		{"invitations", []any{"id", "i2", "organisation_id", "o2", "email", "d@example.org", "role", "editor", "token_hash", "th-i2", "invited_by", nil,
			"created_at", t0, "expires_at", t1, "accepted_at", nil, "accepted_by", nil}},
		{"sessions", []any{"token_hash", "s1", "user_id", "u1", "created_at", t0, "expires_at", t1, "last_seen_at", t1, "ip", "192.0.2.1", "user_agent", "Go"}},
		{"login_links", []any{"token_hash", "l1", "user_id", "u1", "created_at", t0, "expires_at", t1, "used_at", t1}},
		{"login_links", []any{"token_hash", "l2", "user_id", "u2", "created_at", t0, "expires_at", t1, "used_at", nil}},
		{"api_tokens", []any{"id", "k1", "user_id", "u1", "name", "ci", "token_hash", "th-k1", "created_at", t0, "last_used_at", t1, "revoked_at", nil}},
		{"api_tokens", []any{"id", "k2", "user_id", "u2", "name", "old", "token_hash", "th-k2", "created_at", t0, "last_used_at", nil, "revoked_at", t1}},
		{"rate_limits", []any{"bucket", "signin:192.0.2.1|ada@example.org", "window_start", t0, "hits", 3}},
		{"audit_log", []any{"id", "a1", "at", t0, "actor_id", "u1", "actor", "Ada", "ip", "192.0.2.1", "action", "organisation.verify",
			"entity_type", "organisation", "entity_id", "o1", "details", `{"verified":true}`}},
		{"audit_log", []any{"id", "a2", "at", t1, "actor_id", nil, "actor", "system", "action", "reminder.send", "entity_type", "activity", "entity_id", "act1"}},
		{"outbox", []any{"id", "m1", "created_at", t0, "to_addr", "ada@example.org", "lang", "sv", "subject", "Hej", "body", "Text\r\nrad 2", "sent_at", t1, "error", ""}},
		{"outbox", []any{"id", "m2", "created_at", t1, "to_addr", "bo@example.org", "lang", "en", "subject", "Hi", "body", "x", "sent_at", nil, "error", "550 no"}},
		{"venues", []any{"id", "v1", "organisation_id", "o1", "name", "Biblioteket", "sort_name", "biblioteket", "address", "Torget 2", "municipality_code", "0180",
			"lat", 59.3293, "lon", 18.0686, "opening_hours", "Mo-Fr 10-18", "accessibility", "ramp", "is_meeting_place", true, "created_at", t0, "updated_at", t1}},
		{"venues", []any{"id", "v2", "organisation_id", nil, "name", "Parken", "sort_name", "parken", "municipality_code", "0114",
			"lat", nil, "lon", nil, "is_meeting_place", false, "created_at", t0, "updated_at", t0}},
		{"venue_descriptions", []any{"venue_id", "v1", "lang", "en", "body", "The library"}},
		{"activities", []any{"id", "act1", "organisation_id", "o1", "venue_id", "v1", "online_url", "", "municipality_code", "0180", "status", "published",
			"cost_kr", 50, "signup", "none", "contact", "ada@example.org", "age_min", 7, "age_max", 99, "accessibility", "", "recurrence", "weekly",
			"starts_on", "2025-01-06", "ends_on", "2025-06-30", "start_time", "18:00", "end_time", "20:00", "rrule", "FREQ=WEEKLY;BYDAY=MO,TH",
			"last_confirmed_at", t0, "reminded_at", t1, "created_at", t0, "updated_at", t1, "confirm_token_hash", "th-c1"}},
		{"activities", []any{"id", "act2", "organisation_id", "o2", "venue_id", nil, "online_url", "https://example.org/meet", "municipality_code", "0114", "status", "draft",
			"cost_kr", -1, "age_min", nil, "age_max", nil, "recurrence", "once", "starts_on", "2025-02-01", "start_time", "10:00", "end_time", "11:30",
			"last_confirmed_at", t0, "reminded_at", nil, "created_at", t0, "updated_at", t0, "confirm_token_hash", nil}},
		{"activity_texts", []any{"activity_id", "act1", "lang", "sv", "title", "Språkcafé", "summary", "Prata svenska", "description", "Fika ingår ☕"}},
		{"activity_texts", []any{"activity_id", "act2", "lang", "ar", "title", "مقهى اللغة"}},
		{"activity_tags", []any{"activity_id", "act1", "kind", "category", "value", "language"}},
		{"activity_tags", []any{"activity_id", "act1", "kind", "language", "value", "sv"}},
		{"activity_coorganisers", []any{"activity_id", "act1", "organisation_id", "o2"}},
		{"activity_weekdays", []any{"activity_id", "act1", "weekday", 1}},
		{"activity_weekdays", []any{"activity_id", "act1", "weekday", 4}},
		{"activity_weekdays", []any{"activity_id", "act2", "weekday", 6}},
		{"activity_cancellations", []any{"activity_id", "act1", "day", "2025-04-21"}},
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		for _, r := range rows {
			var names, ph []string
			var args []any
			for i := 0; i < len(r.kv); i += 2 {
				names = append(names, r.kv[i].(string))
				ph = append(ph, "?")
				args = append(args, r.kv[i+1])
			}
			q := "INSERT INTO " + r.table + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")"
			if _, err := tx.Exec(ctx, q, args...); err != nil {
				return fmt.Errorf("seed %s: %w", r.table, err)
			}
		}
		return nil
	})
}

type importSeed struct {
	name string
	data []byte
}

// importSeeds are the export and variants of it that break it in one place
// each, so the fuzzer starts next to every error path of Import.
func importSeeds(export []byte) []importSeed {
	text := string(export)
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	header, body, end := lines[0], lines[1:len(lines)-1], lines[len(lines)-1]
	join := func(ls ...[]string) []byte {
		var all []string
		for _, l := range ls {
			all = append(all, l...)
		}
		return []byte(strings.Join(all, "\n") + "\n")
	}
	endCount := func(n int) string { return fmt.Sprintf(`{"end":true,"rows":%d}`, n) }
	replaceIn := func(old, new string) []byte { return []byte(strings.Replace(text, old, new, 1)) }
	// Export writes {"r":{…},"t":"table"}: encoding/json sorts map keys.
	firstOf := func(table string) int {
		for i, l := range body {
			if strings.HasSuffix(l, `"t":"`+table+`"}`) {
				return i
			}
		}
		panic("no row of " + table + " in the seed export")
	}
	without := func(i int) []string { return append(append([]string{}, body[:i]...), body[i+1:]...) }
	users := firstOf("users")
	mid := len(body) / 2
	return []importSeed{
		{"export", export},
		{"truncated-no-end", join([]string{header}, body)},
		{"truncated-mid-line", export[:len(export)/2]},
		{"header-only", []byte(header + "\n")},
		{"empty-dump", join([]string{header, endCount(0)})},
		{"empty-input", []byte{}},
		{"end-miscounts", join([]string{header}, body, []string{endCount(len(body) + 1)})},
		{"data-after-end", join([]string{header}, body, []string{end, body[0]})},
		{"empty-line", join([]string{header}, body[:mid], []string{""}, body[mid:], []string{end})},
		{"invalid-json-line", join([]string{header}, body[:mid], []string{`{"t":"meta","r":{`}, body[mid:], []string{end})},
		{"not-a-dump", replaceIn(`"format":"samverkan-dump"`, `"format":"something-else"`)},
		{"format-version", replaceIn(`"version":1`, `"version":2`)},
		{"schema-version", []byte(strings.Replace(text, `"schema":`, `"schema":1000`, 1))}, // 1000 + the real one
		{"unknown-table", replaceIn(`"t":"meta"`, `"t":"metadata"`)},
		{"unknown-column", replaceIn(`"key":"instance"`, `"key":"instance","colour":"red"`)},
		{"missing-column", replaceIn(`"key":"instance",`, ``)},
		{"null-not-allowed", replaceIn(`"email":"Ada@example.org"`, `"email":null`)},
		{"wrong-type-bool", replaceIn(`"disabled":false`, `"disabled":"no"`)},
		{"wrong-type-int", replaceIn(`"cost_kr":50`, `"cost_kr":50.5`)},
		{"wrong-type-float", replaceIn(`"lat":59.3293`, `"lat":"59.3293"`)},
		{"bad-timestamp", replaceIn(`"created_at":"2025-03-30T01:59:59.123456Z"`, `"created_at":"2025-03-30 01:59:59"`)},
		{"timestamp-offset", replaceIn(`"created_at":"2025-03-30T01:59:59.123456Z"`, `"created_at":"2025-03-30T03:59:59.123456+02:00"`)},
		// Both read as RFC 3339 but lie outside years 0000-9999 in UTC, which
		// SQLite could not read back: export failed after such an import.
		{"timestamp-before-year-0", replaceIn(`"created_at":"2025-03-30T01:59:59.123456Z"`, `"created_at":"0000-01-01T00:30:00+01:00"`)},
		{"timestamp-after-year-9999", replaceIn(`"created_at":"2025-03-30T01:59:59.123456Z"`, `"created_at":"9999-12-31T23:30:00-01:00"`)},
		{"one-row", join([]string{header, body[0], endCount(1)})},
		{"foreign-key", join([]string{header}, without(users), []string{endCount(len(body) - 1)})},
		{"duplicate-row", join([]string{header}, body, []string{body[users], endCount(len(body) + 1)})},
	}
}

var updateFuzzSeeds = flag.Bool("update-fuzz-seeds", false, "rewrite testdata/fuzz/FuzzImport/seed-* from the current schema")

// TestWriteFuzzImportSeeds writes the seed corpus files with
// -update-fuzz-seeds; without it, it only checks that they are there.
func TestWriteFuzzImportSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzImport")
	if !*updateFuzzSeeds {
		m, _ := filepath.Glob(filepath.Join(dir, "seed-*"))
		if len(m) == 0 {
			t.Fatalf("no seed files in %s: run go test -run TestWriteFuzzImportSeeds ./internal/dump/ -update-fuzz-seeds", dir)
		}
		return
	}
	fx := fuzzFixtures(t)
	old, _ := filepath.Glob(filepath.Join(dir, "seed-*"))
	for _, p := range old {
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte, replace bool) {
		t.Helper()
		content := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\nbool(%v)\n", data, replace)
		if err := os.WriteFile(filepath.Join(dir, "seed-"+name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	seeds := importSeeds(fx.export)
	for _, s := range seeds {
		write(s.name, s.data, false)
	}
	write("export-replace", fx.export, true)
	write("truncated-replace", seeds[1].data, true)
}

// TestImportRejectsTimesExportCannotWrite: the fuzz target's round trip
// found that a timestamp such as 0000-01-01T00:30:00+01:00, year -1 in UTC,
// was imported into SQLite, which then could not read it back, so the
// database could no longer be exported. (Also kept as
// testdata/fuzz/FuzzImport/regress-timestamp-year-minus-1.)
func TestImportRejectsTimesExportCannotWrite(t *testing.T) {
	fx := fuzzFixtures(t)
	header, _, _ := strings.Cut(string(fx.export), "\n")
	for _, ts := range []string{"0000-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00"} {
		in := header + "\n" +
			`{"r":{"bucket":"b1","window_start":"` + ts + `","hits":1},"t":"rate_limits"}` + "\n" +
			`{"end":true,"rows":1}` + "\n"
		d := openCopy(t, fx.empty)
		_, err := Import(context.Background(), d, strings.NewReader(in), false, nil)
		if err == nil || !strings.Contains(err.Error(), "rate_limits.window_start: timestamp") {
			t.Errorf("%s: got %v, want the line 2 error about rate_limits.window_start", ts, err)
		}
	}
	// The edges themselves are kept.
	in := header + "\n" +
		`{"r":{"bucket":"b1","window_start":"0000-01-01T00:00:00Z","hits":1},"t":"rate_limits"}` + "\n" +
		`{"r":{"bucket":"b2","window_start":"9999-12-31T23:59:59.999999Z","hits":1},"t":"rate_limits"}` + "\n" +
		`{"end":true,"rows":2}` + "\n"
	d := openCopy(t, fx.empty)
	if _, err := Import(context.Background(), d, strings.NewReader(in), false, nil); err != nil {
		t.Fatal(err)
	}
	if got := exportRows(t, d); !strings.Contains(got, `"window_start":"0000-01-01T00:00:00Z"`) || !strings.Contains(got, `"window_start":"9999-12-31T23:59:59.999999Z"`) {
		t.Errorf("edge times changed on the way: %s", got)
	}
}
