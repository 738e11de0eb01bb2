// Package remind makes a reminder go out once, however many server
// instances run the periodic job and however often. A reminder is named by
// its kind (what it is about: "event.day_before"), its subject (the record
// it is for: a registration's ID) and its due key (the occasion: the
// deadline's time or the event's day, so a moved deadline is a new
// occasion). Claim inserts that name in the caller's transaction, the same
// one that queues the mail in the outbox: the mail exists exactly when the
// claim was committed, and a second claimant — another instance, a rerun,
// a concurrent goroutine — inserts nothing and sends nothing. The primary
// key decides, not a check-then-write, so no race is left between the two.
//
// The catalogue's "does the activity still run?" reminder predates this
// package and keeps its conditional update on activities.reminded_at
// (internal/catalog/reminder.go); new reminders use Claim.
//
// Tables: sent_reminders.
package remind

import (
	"context"
	"time"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
)

// Key names one reminder.
type Key struct {
	Kind    string // what the reminder is, e.g. "event.day_before"
	Subject string // the record it is for, e.g. a registration's ID
	Due     string // the occasion, e.g. the deadline as RFC 3339
}

// DueKey is the due key of a deadline or start time: the instant in UTC,
// to the second, so that the same deadline always gives the same key and
// a changed one a new key.
func DueKey(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Claim records k as sent at now inside tx and reports whether this call
// was the one to record it. Only a caller that gets true may queue the
// mail, in the same tx. On PostgreSQL a concurrent claimant's insert waits
// for this transaction and then does nothing; on SQLite transactions are
// serialised at BEGIN (db opens them immediate), with the same outcome.
func Claim(ctx context.Context, tx *db.Tx, now time.Time, k Key) (bool, error) {
	res, err := tx.Exec(ctx, `INSERT INTO sent_reminders (kind, subject_id, due_key, sent_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, subject_id, due_key) DO NOTHING`, k.Kind, k.Subject, k.Due, now.UTC())
	if err != nil {
		return false, apperr.Wrap(err, "claim reminder %s", k.Kind)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, apperr.Wrap(err, "claim reminder %s", k.Kind)
	}
	return n == 1, nil
}

// Unsent returns the subjects among subjects that have no reminder of kind
// for due yet, in their given order. It is a cheap filter before the
// transactions that claim: an hourly job then reads the few reminders
// still to send instead of opening a transaction for every candidate. It
// decides nothing; Claim does.
func Unsent(ctx context.Context, q db.Querier, kind, due string, subjects []string) ([]string, error) {
	if len(subjects) == 0 {
		return nil, nil
	}
	sent := map[string]bool{}
	// Batches keep the IN list within every engine's parameter limit.
	const batch = 500
	for i := 0; i < len(subjects); i += batch {
		part := subjects[i:min(i+batch, len(subjects))]
		in, args := db.In(part)
		ids, err := db.Strings(ctx, q, `SELECT subject_id FROM sent_reminders WHERE kind = ? AND due_key = ? AND subject_id IN (`+in+`)`,
			append([]any{kind, due}, args...)...)
		if err != nil {
			return nil, apperr.Wrap(err, "sent reminders")
		}
		for _, id := range ids {
			sent[id] = true
		}
	}
	out := make([]string, 0, len(subjects))
	for _, s := range subjects {
		if !sent[s] {
			out = append(out, s)
		}
	}
	return out, nil
}

// Forget removes the records of reminders sent before cutoff: their
// occasions are long past, so they can never be claimed again, and the
// table stays small.
func Forget(ctx context.Context, q db.Querier, cutoff time.Time) (int64, error) {
	res, err := q.Exec(ctx, `DELETE FROM sent_reminders WHERE sent_at < ?`, cutoff.UTC())
	if err != nil {
		return 0, apperr.Wrap(err, "forget reminders")
	}
	n, _ := res.RowsAffected()
	return n, nil
}
