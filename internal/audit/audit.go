// Package audit records who changed what, when and from where. Entries are
// written in the same transaction as the change they describe, so a change
// without its entry cannot be committed.
//
// Tables: audit_log.
package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/input"
)

// Entry is one audited change.
type Entry struct {
	ID         string            `json:"id"`
	At         time.Time         `json:"at"`
	ActorID    string            `json:"actor_id,omitempty"`
	Actor      string            `json:"actor"`
	IP         string            `json:"ip,omitempty"`
	Action     string            `json:"action"`
	EntityType string            `json:"entity_type"`
	EntityID   string            `json:"entity_id"`
	Details    map[string]string `json:"details,omitempty"`
	// Filled on read by the Log's Namers: the acting user's name today, and
	// the record's (or, for one deleted since, the name its entry recorded).
	ActorName  string `json:"actor_name,omitempty"`
	EntityName string `json:"entity_name,omitempty"`
	// EntityGone says the record no longer exists (deleted since).
	EntityGone bool `json:"entity_gone,omitempty"`
	// DetailNames names the users that details hold by ID ("user").
	DetailNames map[string]string `json:"detail_names,omitempty"`
}

// Record writes an entry inside the caller's transaction.
func Record(ctx context.Context, tx db.Querier, now time.Time, a actor.Actor, action, entityType, entityID string, details map[string]string) error {
	var d string
	if len(details) > 0 {
		b, err := json.Marshal(details)
		if err != nil {
			return err
		}
		d = string(b)
	}
	var actorID any
	if a.UserID != "" {
		actorID = a.UserID
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (id, at, actor_id, actor, ip, action, entity_type, entity_id, details)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		db.NewID(), now.UTC(), actorID, a.Label(), a.IP, action, entityType, entityID, d)
	if err != nil {
		return apperr.Wrap(err, "audit %s %s", action, entityID)
	}
	return nil
}

// Inserts are the statements that write several entries (a batch of
// registrations), for the caller to run in the transaction of the change
// (db.Tx.ExecAll). Each entry needs At, Actor (the label), Action,
// EntityType and EntityID; ActorID, IP and Details are optional; an empty
// ID gets a new one.
func Inserts(entries []Entry) ([]db.Statement, error) {
	rows := make([][]any, 0, len(entries))
	for _, e := range entries {
		var d string
		if len(e.Details) > 0 {
			b, err := json.Marshal(e.Details)
			if err != nil {
				return nil, err
			}
			d = string(b)
		}
		if e.ID == "" {
			e.ID = db.NewID()
		}
		rows = append(rows, []any{e.ID, e.At.UTC(), db.NullIfEmpty(e.ActorID), e.Actor, e.IP, e.Action, e.EntityType, e.EntityID, d})
	}
	return db.Inserts("audit_log", []string{"id", "at", "actor_id", "actor", "ip", "action", "entity_type", "entity_id", "details"}, rows)
}

// Filter narrows a listing of the audit log: who (ActorID, or Actor,
// words of the name or address the entry recorded), what (Action: one
// action, or every action of a kind with "activity."), when (From, To:
// days, Stockholm time, both included) and which record (EntityType,
// EntityID).
type Filter struct {
	EntityType string
	EntityID   string
	ActorID    string
	Actor      string
	Action     string
	From, To   time.Time // zero: open
	Before     string    // entry ID: return older entries (cursor)
	Limit      int
}

// Bounds of a listing.
const (
	DefaultLimit = 100
	MaxLimit     = 500
	maxText      = 200
)

// ParseFilter reads a listing's filters from a query string, the same for
// the web page and the API (the API's cursor is before=, cursor= there),
// and checks every value.
func ParseFilter(q url.Values, zone *time.Location) (Filter, error) {
	f := Filter{EntityType: q.Get("entity_type"), EntityID: q.Get("entity_id"), ActorID: q.Get("actor_id"), Actor: q.Get("actor"),
		Action: q.Get("action"), Before: q.Get("before")}
	if c := q.Get("cursor"); c != "" {
		f.Before = c
	}
	var errs []error
	for _, p := range []struct {
		field string
		v     *string
	}{{"actor", &f.Actor}, {"actor_id", &f.ActorID}, {"action", &f.Action}, {"entity_type", &f.EntityType}, {"entity_id", &f.EntityID}, {"cursor", &f.Before}} {
		clean, err := input.Line(p.field, *p.v, maxText, false)
		errs = append(errs, err)
		*p.v = clean
	}
	for _, p := range []struct {
		field string
		dst   *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		field, dst := p.field, p.dst
		v := q.Get(field)
		if v == "" {
			continue
		}
		d, err := time.ParseInLocation("2006-01-02", v, zone)
		if err != nil {
			errs = append(errs, apperr.Invalidf(field, "error.date"))
			continue
		}
		*dst = d
	}
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the whole day
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		errs = append(errs, apperr.Invalidf("to", "error.ends_before_start"))
	}
	var err error
	if f.Limit, err = input.Limit(q, DefaultLimit, MaxLimit); err != nil {
		errs = append(errs, err)
	}
	return f, apperr.Join(errs...)
}

// Namer returns the names of the records of one type by ID, for the reader
// who; unknown IDs are absent.
type Namer func(ctx context.Context, who actor.Actor, ids []string) (map[string]string, error)

// Log reads the audit log. Writing needs no service: Record takes the
// caller's transaction.
type Log struct {
	DB *db.DB
	// Namers name people and records by type ("user", "organisation", …).
	// They are the owning packages' lookups, given at wiring time
	// (app.New): the log never reads another package's tables.
	Namers map[string]Namer
	// Users finds the IDs of the users a "who" filter names (by name or
	// address); nil: the filter reads only what the entries recorded.
	Users func(ctx context.Context, who actor.Actor, q string) ([]string, error)
}

// detailIDs are the details that hold a user's ID.
var detailIDs = []string{"user"}

// name fills the entries' names: one lookup per type of record, however
// many entries.
func (l *Log) name(ctx context.Context, who actor.Actor, entries []Entry) error {
	ids := map[string][]string{}
	for _, e := range entries {
		if e.ActorID != "" {
			ids["user"] = append(ids["user"], e.ActorID)
		}
		ids[e.EntityType] = append(ids[e.EntityType], e.EntityID)
		for _, k := range detailIDs {
			if v := e.Details[k]; v != "" {
				ids["user"] = append(ids["user"], v)
			}
		}
	}
	names := map[string]map[string]string{}
	for typ, list := range ids {
		if namer, ok := l.Namers[typ]; ok {
			m, err := namer(ctx, who, list)
			if err != nil {
				return err
			}
			names[typ] = m
		}
	}
	for i, e := range entries {
		e.ActorName = names["user"][e.ActorID]
		if m, named := names[e.EntityType]; named {
			e.EntityName = m[e.EntityID]
			if e.EntityName == "" {
				e.EntityGone, e.EntityName = true, e.Details["name"]+e.Details["title"]
			}
		}
		for _, k := range detailIDs {
			if n := names["user"][e.Details[k]]; n != "" {
				if e.DetailNames == nil {
					e.DetailNames = map[string]string{}
				}
				e.DetailNames[k] = n
			}
		}
		entries[i] = e
	}
	return nil
}

// List returns entries newest first, people and records named. Only admins
// and coordinators may read the log: it names people and their addresses.
func (l *Log) List(ctx context.Context, a actor.Actor, f Filter) ([]Entry, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrForbidden()
	}
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = DefaultLimit
	}
	q := `SELECT id, at, actor_id, actor, ip, action, entity_type, entity_id, details FROM audit_log WHERE 1=1`
	var args []any
	add := func(cond string, v any) {
		q += ` AND ` + cond
		args = append(args, v)
	}
	if f.EntityType != "" {
		add(`entity_type = ?`, f.EntityType)
	}
	if f.EntityID != "" {
		add(`entity_id = ?`, f.EntityID)
	}
	if f.ActorID != "" {
		add(`actor_id = ?`, f.ActorID)
	}
	like := `actor LIKE ? ESCAPE '\'` // SQLite's LIKE ignores case (ASCII)
	if l.DB.Dialect == db.Postgres {
		like = `actor ILIKE ? ESCAPE '\'`
	}
	if f.Actor != "" {
		// The words in what the entry recorded (an address, a form's
		// name), or a user whose name holds them.
		var conds []string
		for _, w := range strings.Fields(f.Actor) {
			conds = append(conds, like)
			args = append(args, "%"+db.EscapeLike(w)+"%")
		}
		cond := "(" + strings.Join(conds, " AND ") + ")"
		if l.Users != nil {
			ids, err := l.Users(ctx, a, f.Actor)
			if err != nil {
				return nil, err
			}
			if len(ids) > 0 {
				in, inArgs := db.In(ids)
				cond = "(" + cond + " OR actor_id IN (" + in + "))"
				args = append(args, inArgs...)
			}
		}
		q += ` AND ` + cond
	}
	switch {
	case strings.HasSuffix(f.Action, "."):
		add(`action LIKE ? ESCAPE '\'`, db.EscapeLike(f.Action)+"%")
	case f.Action != "":
		add(`action = ?`, f.Action)
	}
	if !f.From.IsZero() {
		add(`at >= ?`, f.From.UTC())
	}
	if !f.To.IsZero() {
		add(`at < ?`, f.To.UTC())
	}
	if f.Before != "" {
		add(`id < ?`, f.Before)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, f.Limit)
	rows, err := l.DB.Query(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "list audit")
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var actorID sql.NullString
		var details string
		if err := rows.Scan(&e.ID, &e.At, &actorID, &e.Actor, &e.IP, &e.Action, &e.EntityType, &e.EntityID, &details); err != nil {
			return nil, apperr.Wrap(err, "scan audit")
		}
		e.ActorID = actorID.String
		if details != "" {
			_ = json.Unmarshal([]byte(details), &e.Details)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "list audit")
	}
	return out, l.name(ctx, a, out)
}

// Kinds lists the actions and the record types the log holds, for the
// filters' choices.
func (l *Log) Kinds(ctx context.Context, a actor.Actor) (actions, types []string, err error) {
	if !a.IsStaff() {
		return nil, nil, apperr.ErrForbidden()
	}
	if actions, err = db.Strings(ctx, l.DB, `SELECT DISTINCT action FROM audit_log ORDER BY action`); err != nil {
		return nil, nil, apperr.Wrap(err, "audit actions")
	}
	types, err = db.Strings(ctx, l.DB, `SELECT DISTINCT entity_type FROM audit_log ORDER BY entity_type`)
	return actions, types, apperr.Wrap(err, "audit types")
}

// RedactTx blanks the details and the IP address of the entries about the
// given records inside tx, keeping who did what when: erasing a
// participant's data (internal/event) reaches the names and e-mail
// addresses the entries about their registration recorded. It returns
// the number of entries redacted.
func RedactTx(ctx context.Context, tx db.Querier, entityType string, entityIDs []string) (int, error) {
	n := 0
	for _, id := range entityIDs {
		res, err := tx.Exec(ctx, `UPDATE audit_log SET details = '', ip = '' WHERE entity_type = ? AND entity_id = ?`, entityType, id)
		if err != nil {
			return n, apperr.Wrap(err, "redact audit")
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	return n, nil
}
