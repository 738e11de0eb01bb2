// Package dump moves a whole samverkan database between engines: a
// versioned, line-oriented JSON format that export writes and import reads
// back into SQLite or PostgreSQL without loss. Every table and column is
// listed here with its kind, so values are written the same way whichever
// engine they came from; a test fails when a migration adds a table or
// column this list does not know.
package dump

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/db"
)

// Format and Version identify the dump format; Version changes when the
// format itself (not the schema) changes.
const (
	Format  = "samverkan-dump"
	Version = 1
)

type kind int

const (
	text kind = iota
	nullText
	boolean
	timestamp
	nullTimestamp
	integer
	nullInteger
	nullFloat
)

func (k kind) nullable() bool {
	return k == nullText || k == nullTimestamp || k == nullInteger || k == nullFloat
}

type column struct {
	name string
	kind kind
}

type table struct {
	name    string
	key     string // ORDER BY for a stable dump
	columns []column
}

func cols(spec string) []column {
	var out []column
	for _, f := range strings.Fields(spec) {
		name, k, _ := strings.Cut(f, ":")
		c := column{name: name}
		switch k {
		case "", "text":
			c.kind = text
		case "text?":
			c.kind = nullText
		case "bool":
			c.kind = boolean
		case "time":
			c.kind = timestamp
		case "time?":
			c.kind = nullTimestamp
		case "int":
			c.kind = integer
		case "int?":
			c.kind = nullInteger
		case "float?":
			c.kind = nullFloat
		default:
			panic("dump: unknown kind " + k)
		}
		out = append(out, c)
	}
	return out
}

// Tables in an order that satisfies foreign keys on import.
var Tables = []table{
	{"meta", "key", cols("key value")},
	{"users", "id", cols("id email email_key name lang role password_hash:text? disabled:bool created_at:time updated_at:time")},
	{"organisations", "id", cols("id name sort_name org_number:text? sector category municipality_code address website email phone verified:bool verified_at:time? verified_by:text? created_by:text? created_at:time updated_at:time review")},
	{"organisation_languages", "organisation_id, lang", cols("organisation_id lang")},
	{"organisation_descriptions", "organisation_id, lang", cols("organisation_id lang body")},
	{"memberships", "organisation_id, user_id", cols("organisation_id user_id role created_at:time")},
	{"invitations", "id", cols("id organisation_id email role token_hash invited_by:text? created_at:time expires_at:time accepted_at:time? accepted_by:text?")},
	{"user_identities", "issuer, subject", cols("issuer subject user_id email created_at:time last_used_at:time")},
	{"organisation_requests", "id", cols("id kind organisation_id:text? fields person_name email email_key lang token_hash user_id:text? created_at:time expires_at:time confirmed_at:time? decision decided_by:text? decided_at:time?")},
	{"sessions", "token_hash", cols("token_hash user_id created_at:time expires_at:time last_seen_at:time ip user_agent")},
	{"login_links", "token_hash", cols("token_hash user_id created_at:time expires_at:time used_at:time?")},
	{"api_tokens", "id", cols("id user_id name token_hash created_at:time last_used_at:time? revoked_at:time?")},
	{"rate_limits", "bucket, window_start", cols("bucket window_start:time hits:int")},
	{"audit_log", "id", cols("id at:time actor_id:text? actor ip action entity_type entity_id details")},
	{"outbox", "id", cols("id created_at:time to_addr lang subject body sent_at:time? error")},
	{"venues", "id", cols("id organisation_id:text? name sort_name address municipality_code lat:float? lon:float? opening_hours accessibility is_meeting_place:bool created_at:time updated_at:time archived:bool")},
	{"venue_descriptions", "venue_id, lang", cols("venue_id lang body")},
	{"activities", "id", cols("id organisation_id venue_id:text? online_url municipality_code status cost_kr:int signup contact age_min:int? age_max:int? accessibility recurrence starts_on ends_on start_time end_time rrule last_confirmed_at:time reminded_at:time? created_at:time updated_at:time confirm_token_hash:text? review")},
	{"activity_texts", "activity_id, lang", cols("activity_id lang title summary description")},
	{"activity_tags", "activity_id, kind, value", cols("activity_id kind value")},
	{"activity_coorganisers", "activity_id, organisation_id", cols("activity_id organisation_id")},
	{"activity_weekdays", "activity_id, weekday", cols("activity_id weekday:int")},
	{"activity_cancellations", "activity_id, day", cols("activity_id day")},
	{"event_series", "id", cols("id title created_at:time updated_at:time")},
	{"events", "id", cols("id series_id:text? venue_id:text? online_url municipality_code starts_at:time ends_at:time status capacity:int? registration_opens_at:time? registration_closes_at:time? price_kr:int binding:bool substitute_allowed:bool transfer_allowed:bool cancel_deadline:time? late_fee_kr:int travel_min_km:int? travel_deadline:time? commissioned_by contact created_at:time updated_at:time confirmed_count:int last_position:int travel_sectors travel_carpool:bool")},
	{"event_organisers", "event_id, organisation_id", cols("event_id organisation_id")},
	{"event_texts", "event_id, lang", cols("event_id lang title summary description audience included privacy")},
	{"event_harvests", "event_id", cols("event_id token_hash is_open:bool created_at:time updated_at:time")},
	{"harvest_notes", "id", cols("id event_id kind body theme group_label source merged_into:text? hidden:bool created_at:time updated_at:time")},
	{"harvest_note_principles", "note_id, principle", cols("note_id principle")},
	{"sent_reminders", "kind, subject_id, due_key", cols("kind subject_id due_key sent_at:time")},
	{"registrations", "id", cols("id event_id status position:int name email email_key phone organisation_id:text? organisation_name sector dietary lang manage_token_hash fee_owed_kr:int promoted_at:time? cancelled_at:time? created_at:time updated_at:time walk_in:bool attended_at:time?")},
	{"event_questions", "id", cols("id event_id position:int kind required:bool max_length:int max_chosen:int texts options")},
	{"registration_answers", "registration_id, question_id, value", cols("registration_id question_id value")},
	{"registration_holders", "registration_id, seq", cols("registration_id seq:int change name email organisation_name at:time")},
	{"travel_requests", "registration_id", cols("registration_id distance_km:int from_place carpool:bool note status decided_by:text? decided_at:time? created_at:time updated_at:time")},
	{"event_sessions", "id", cols("id event_id kind starts_at:time ends_at:time room moderator_name moderator_role moderator_organisation created_at:time updated_at:time")},
	{"event_session_texts", "session_id, lang", cols("session_id lang title description")},
	{"event_session_speakers", "session_id, position", cols("session_id position:int name role organisation")},
	{"event_workshops", "id", cols("id event_id session_id theme room capacity:int? created_at:time updated_at:time")},
	{"event_workshop_texts", "workshop_id, lang", cols("workshop_id lang title description")},
	{"event_workshop_inspirers", "workshop_id, position", cols("workshop_id position:int name role organisation")},
	{"workshop_preferences", "registration_id, rank", cols("registration_id workshop_id rank:int")},
	{"event_reports", "event_id", cols("event_id published_at:time? snapshot_at:time? created_at:time updated_at:time")},
	{"event_report_texts", "event_id, lang", cols("event_id lang summary")},
	{"event_participant_counts", "event_id, dimension, value", cols("event_id dimension value n:int")},
	{"event_report_organisations", "event_id, name", cols("event_id name registered:bool")},
	{"event_erasures", "event_id", cols("event_id erased_at:time registrations:int")},
	{"workshop_assignments", "registration_id, session_id", cols("registration_id session_id workshop_id")},
	{"event_tables", "event_id, number", cols("event_id number:int seats:int workshop_id:text?")},
	{"table_seats", "registration_id", cols("registration_id event_id table_number:int seat:int")},
}

// Derived tables are not dumped: they are rebuilt from the dumped rows after
// an import (the search index differs between the engines anyway).
var Derived = []string{"activity_search"}

// Header is the first line of a dump.
type Header struct {
	Format    string    `json:"format"`
	Version   int       `json:"version"`
	Schema    int64     `json:"schema"`
	Dialect   string    `json:"dialect"`
	CreatedAt time.Time `json:"created_at"`
}

type rowLine struct {
	Table string                     `json:"t"`
	Row   map[string]json.RawMessage `json:"r"`
}

type endLine struct {
	End  bool `json:"end"`
	Rows int  `json:"rows"`
}

// Export writes the whole database to w and returns the number of rows.
func Export(ctx context.Context, d *db.DB, w io.Writer) (int, error) {
	schema, err := d.SchemaVersion(ctx)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	if err := enc.Encode(Header{Format: Format, Version: Version, Schema: schema, Dialect: string(d.Dialect), CreatedAt: time.Now().UTC()}); err != nil {
		return 0, err
	}
	// One read transaction gives a consistent snapshot on PostgreSQL; on
	// SQLite, WAL readers see one snapshot for the transaction's life.
	tx, err := d.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: d.Dialect == db.Postgres})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	total := 0
	for _, t := range Tables {
		names := make([]string, len(t.columns))
		for i, c := range t.columns {
			names[i] = c.name
		}
		rows, err := tx.QueryContext(ctx, "SELECT "+strings.Join(names, ", ")+" FROM "+t.name+" ORDER BY "+t.key)
		if err != nil {
			return total, fmt.Errorf("export %s: %w", t.name, err)
		}
		for rows.Next() {
			vals := make([]any, len(t.columns))
			ptrs := make([]any, len(t.columns))
			for i, c := range t.columns {
				switch c.kind {
				case text:
					ptrs[i] = new(string)
				case nullText:
					ptrs[i] = new(sql.NullString)
				case boolean:
					ptrs[i] = new(bool)
				case timestamp:
					ptrs[i] = new(time.Time)
				case nullTimestamp:
					ptrs[i] = new(sql.NullTime)
				case integer:
					ptrs[i] = new(int64)
				case nullInteger:
					ptrs[i] = new(sql.NullInt64)
				case nullFloat:
					ptrs[i] = new(sql.NullFloat64)
				}
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return total, fmt.Errorf("export %s: %w", t.name, err)
			}
			row := make(map[string]any, len(t.columns))
			for i, c := range t.columns {
				switch v := ptrs[i].(type) {
				case *string:
					vals[i] = *v
				case *sql.NullString:
					if v.Valid {
						vals[i] = v.String
					}
				case *bool:
					vals[i] = *v
				case *time.Time:
					vals[i] = v.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
				case *sql.NullTime:
					if v.Valid {
						vals[i] = v.Time.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
					}
				case *int64:
					vals[i] = *v
				case *sql.NullInt64:
					if v.Valid {
						vals[i] = v.Int64
					}
				case *sql.NullFloat64:
					if v.Valid {
						vals[i] = v.Float64
					}
				}
				row[c.name] = vals[i]
			}
			if err := enc.Encode(map[string]any{"t": t.name, "r": row}); err != nil {
				rows.Close()
				return total, err
			}
			total++
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return total, fmt.Errorf("export %s: %w", t.name, err)
		}
		rows.Close()
	}
	if err := enc.Encode(endLine{End: true, Rows: total}); err != nil {
		return total, err
	}
	return total, bw.Flush()
}

// ErrNotEmpty is returned when importing into a database that holds data
// without Replace.
var ErrNotEmpty = errors.New("the database is not empty: import refuses to mix data; use --replace to overwrite everything")

// LineError names the line of the dump that is wrong.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// Rebuilder recomputes derived tables inside the import's transaction.
type Rebuilder func(ctx context.Context, tx *db.Tx) error

// Import reads a dump into d in one transaction: either every row lands or,
// on any error, nothing does. With replace, existing data is deleted first
// (in the same transaction). rebuild, if given, then recomputes the derived
// tables in the same transaction.
func Import(ctx context.Context, d *db.DB, r io.Reader, replace bool, rebuild Rebuilder) (int, error) {
	schema, err := d.SchemaVersion(ctx)
	if err != nil {
		return 0, err
	}
	byName := map[string]table{}
	for _, t := range Tables {
		byName[t.name] = t
	}
	total := 0
	err = d.InTx(ctx, func(tx *db.Tx) error {
		empty, err := isEmpty(ctx, tx)
		if err != nil {
			return err
		}
		if !empty && !replace {
			return ErrNotEmpty
		}
		if !empty {
			for _, name := range Derived {
				if _, err := tx.Exec(ctx, "DELETE FROM "+name); err != nil {
					return fmt.Errorf("clear %s: %w", name, err)
				}
			}
			for i := len(Tables) - 1; i >= 0; i-- {
				if _, err := tx.Exec(ctx, "DELETE FROM "+Tables[i].name); err != nil {
					return fmt.Errorf("clear %s: %w", Tables[i].name, err)
				}
			}
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		line := 0
		ended := false
		stmts := map[string]string{}
		for sc.Scan() {
			line++
			b := sc.Bytes()
			if line == 1 {
				var h Header
				if err := json.Unmarshal(b, &h); err != nil || h.Format != Format {
					return &LineError{line, errors.New("not a samverkan dump (missing header)")}
				}
				if h.Version != Version {
					return &LineError{line, fmt.Errorf("dump format version %d, this samverkan reads version %d", h.Version, Version)}
				}
				if h.Schema != schema {
					return &LineError{line, fmt.Errorf("dump has schema version %d, database has %d: import with the samverkan version that exported it, or migrate first", h.Schema, schema)}
				}
				continue
			}
			if ended {
				return &LineError{line, errors.New("data after the end marker")}
			}
			if len(strings.TrimSpace(string(b))) == 0 {
				return &LineError{line, errors.New("empty line")}
			}
			var probe struct {
				End  *bool `json:"end"`
				Rows int   `json:"rows"`
			}
			if err := json.Unmarshal(b, &probe); err != nil {
				return &LineError{line, fmt.Errorf("invalid JSON: %v", err)}
			}
			if probe.End != nil {
				if probe.Rows != total {
					return &LineError{line, fmt.Errorf("end marker counts %d rows, the dump holds %d", probe.Rows, total)}
				}
				ended = true
				continue
			}
			var rl rowLine
			if err := json.Unmarshal(b, &rl); err != nil {
				return &LineError{line, fmt.Errorf("invalid row: %v", err)}
			}
			t, ok := byName[rl.Table]
			if !ok {
				return &LineError{line, fmt.Errorf("unknown table %q", rl.Table)}
			}
			args, err := decodeRow(t, rl.Row)
			if err != nil {
				return &LineError{line, err}
			}
			q, ok := stmts[t.name]
			if !ok {
				names := make([]string, len(t.columns))
				ph := make([]string, len(t.columns))
				for i, c := range t.columns {
					names[i], ph[i] = c.name, "?"
				}
				q = "INSERT INTO " + t.name + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")"
				stmts[t.name] = q
			}
			if _, err := tx.Exec(ctx, q, args...); err != nil {
				return &LineError{line, fmt.Errorf("insert into %s: %w", t.name, db.Translate(err))}
			}
			total++
		}
		if err := sc.Err(); err != nil {
			return &LineError{line + 1, err}
		}
		if line == 0 {
			return &LineError{1, errors.New("empty input")}
		}
		if !ended {
			return &LineError{line, errors.New("dump is truncated: no end marker")}
		}
		if rebuild != nil {
			if err := rebuild(ctx, tx); err != nil {
				return fmt.Errorf("rebuild derived data: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := d.Analyze(ctx); err != nil {
		return total, fmt.Errorf("imported %d rows, but refreshing statistics failed: %w", total, err)
	}
	return total, nil
}

func decodeRow(t table, raw map[string]json.RawMessage) ([]any, error) {
	if len(raw) != len(t.columns) {
		for k := range raw {
			found := false
			for _, c := range t.columns {
				found = found || c.name == k
			}
			if !found {
				return nil, fmt.Errorf("%s: unknown column %q", t.name, k)
			}
		}
	}
	args := make([]any, len(t.columns))
	for i, c := range t.columns {
		v, ok := raw[c.name]
		if !ok {
			return nil, fmt.Errorf("%s: missing column %q", t.name, c.name)
		}
		if string(v) == "null" {
			if !c.kind.nullable() {
				return nil, fmt.Errorf("%s.%s: null not allowed", t.name, c.name)
			}
			args[i] = nil
			continue
		}
		switch c.kind {
		case text, nullText:
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, fmt.Errorf("%s.%s: want a string", t.name, c.name)
			}
			args[i] = s
		case boolean:
			var b bool
			if err := json.Unmarshal(v, &b); err != nil {
				return nil, fmt.Errorf("%s.%s: want true or false", t.name, c.name)
			}
			args[i] = b
		case timestamp, nullTimestamp:
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, fmt.Errorf("%s.%s: want a timestamp string", t.name, c.name)
			}
			tm, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: bad timestamp %q", t.name, c.name, s)
			}
			// Stored in UTC, where 0000-01-01T00:30:00+01:00 is year -1:
			// SQLite could not read such a time back, and export writes
			// four-digit years only.
			tm = tm.UTC()
			if y := tm.Year(); y < 0 || y > 9999 {
				return nil, fmt.Errorf("%s.%s: timestamp %q is outside the years 0000 to 9999 in UTC", t.name, c.name, s)
			}
			args[i] = tm
		case integer, nullInteger:
			var n int64
			if err := json.Unmarshal(v, &n); err != nil {
				return nil, fmt.Errorf("%s.%s: want an integer", t.name, c.name)
			}
			args[i] = n
		case nullFloat:
			var f float64
			if err := json.Unmarshal(v, &f); err != nil {
				return nil, fmt.Errorf("%s.%s: want a number", t.name, c.name)
			}
			args[i] = f
		}
	}
	return args, nil
}

func isEmpty(ctx context.Context, q db.Querier) (bool, error) {
	for _, t := range Tables {
		var one int
		err := q.QueryRow(ctx, "SELECT 1 FROM "+t.name+" LIMIT 1").Scan(&one)
		if err == nil {
			return false, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, fmt.Errorf("check %s: %w", t.name, err)
		}
	}
	return true, nil
}

// IsEmpty reports whether the database holds no rows at all.
func IsEmpty(ctx context.Context, d *db.DB) (bool, error) { return isEmpty(ctx, d) }

// Clear deletes every row of every table, in one transaction.
func Clear(ctx context.Context, d *db.DB) error {
	return d.InTx(ctx, func(tx *db.Tx) error {
		for _, name := range Derived {
			if _, err := tx.Exec(ctx, "DELETE FROM "+name); err != nil {
				return fmt.Errorf("clear %s: %w", name, err)
			}
		}
		for i := len(Tables) - 1; i >= 0; i-- {
			if _, err := tx.Exec(ctx, "DELETE FROM "+Tables[i].name); err != nil {
				return fmt.Errorf("clear %s: %w", Tables[i].name, err)
			}
		}
		return nil
	})
}
