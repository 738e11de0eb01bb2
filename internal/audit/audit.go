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
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
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

// Filter narrows a listing of the audit log.
type Filter struct {
	EntityType string
	EntityID   string
	ActorID    string
	Before     string // entry ID: return older entries (cursor)
	Limit      int
}

// Log reads the audit log. Writing needs no service: Record takes the
// caller's transaction.
type Log struct {
	DB *db.DB
}

// List returns entries newest first. Only admins and coordinators may read
// the log: it names people and their addresses.
func (l *Log) List(ctx context.Context, a actor.Actor, f Filter) ([]Entry, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrForbidden()
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q := `SELECT id, at, actor_id, actor, ip, action, entity_type, entity_id, details FROM audit_log WHERE 1=1`
	var args []any
	if f.EntityType != "" {
		q += ` AND entity_type = ?`
		args = append(args, f.EntityType)
	}
	if f.EntityID != "" {
		q += ` AND entity_id = ?`
		args = append(args, f.EntityID)
	}
	if f.ActorID != "" {
		q += ` AND actor_id = ?`
		args = append(args, f.ActorID)
	}
	if f.Before != "" {
		q += ` AND id < ?`
		args = append(args, f.Before)
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
	return out, apperr.Wrap(rows.Err(), "list audit")
}
