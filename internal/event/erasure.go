package event

// Erasure of the participants' data (issue 13: "Participants' data … is
// erased a configurable time after the event (counts for the report
// remain)"; the product rule: erasure reaches every table, the audit
// details, the outbox and exports). The hourly job of every instance
// calls EraseParticipants; the mark in event_erasures, inserted first in
// the event's one transaction, makes one of them do each event.

import (
	"context"
	"strconv"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/ratelimit"
)

// registrationChildren are the tables holding a participant's data by
// registration, deleted before the registrations themselves.
var registrationChildren = []string{"workshop_preferences", "travel_requests", "registration_holders", "registration_answers"}

// EraseParticipants erases the participants' data of every event that
// ended before now-after and is not erased yet, and returns how many
// events it erased. after <= 0 erases nothing (the operator keeps the
// data).
func (s *Service) EraseParticipants(ctx context.Context, now time.Time, after time.Duration) (int, error) {
	if after <= 0 {
		return 0, nil
	}
	// The registration form's rate limits are keyed by e-mail address and
	// IP address; their windows are long past by now.
	if err := ratelimit.Sweep(ctx, s.DB, now); err != nil {
		return 0, err
	}
	rows, err := s.DB.Query(ctx, `SELECT id FROM events WHERE ends_at < ?
		AND NOT EXISTS (SELECT 1 FROM event_erasures x WHERE x.event_id = events.id) ORDER BY ends_at, id`, now.Add(-after).UTC())
	if err != nil {
		return 0, apperr.Wrap(err, "erasure candidates")
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, apperr.Wrap(err, "erasure candidates")
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, apperr.Wrap(err, "erasure candidates")
	}
	n := 0
	for _, id := range ids {
		done, err := s.eraseEvent(ctx, id, now.UTC())
		if err != nil {
			return n, apperr.Wrap(err, "erase event %s", id)
		}
		if done {
			n++
		}
	}
	return n, nil
}

func (s *Service) eraseEvent(ctx context.Context, eventID string, now time.Time) (bool, error) {
	done := false
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var regs int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM registrations WHERE event_id = ?`, eventID).Scan(&regs); err != nil {
			return err
		}
		// The mark first: another instance's transaction inserting it too
		// waits for this one and then inserts nothing.
		res, err := tx.Exec(ctx, `INSERT INTO event_erasures (event_id, erased_at, registrations) VALUES (?, ?, ?)
			ON CONFLICT (event_id) DO NOTHING`, eventID, now, regs)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return nil
		}
		done = true
		if err := SnapshotCountsTx(ctx, tx, eventID, now); err != nil {
			return err
		}
		// The snapshot keeps the registry's organisations by name and only
		// the number of the names typed in the form.
		var typed int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM event_report_organisations WHERE event_id = ? AND registered = ?`, eventID, false).Scan(&typed); err != nil {
			return err
		}
		if typed > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO event_participant_counts (event_id, dimension, value, n) VALUES (?, ?, '', ?)
				ON CONFLICT (event_id, dimension, value) DO UPDATE SET n = excluded.n`, eventID, ErasedOrganisations, typed); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM event_report_organisations WHERE event_id = ? AND registered = ?`, eventID, false); err != nil {
				return err
			}
		}
		regIDs, err := column(ctx, tx, `SELECT id FROM registrations WHERE event_id = ? ORDER BY id`, eventID)
		if err != nil {
			return err
		}
		// The addresses of the participants and of everyone who held a
		// place before a substitution or transfer, less those still
		// registered for another event: their mail goes when that event's
		// data does.
		addrs, err := column(ctx, tx, `SELECT DISTINCT a FROM (
				SELECT LOWER(email) AS a FROM registrations WHERE event_id = ?
				UNION SELECT LOWER(h.email) FROM registration_holders h JOIN registrations r ON r.id = h.registration_id WHERE r.event_id = ?
			) x WHERE a <> '' AND a NOT IN (
				SELECT LOWER(email) FROM registrations WHERE event_id <> ?
				UNION SELECT LOWER(h.email) FROM registration_holders h JOIN registrations r ON r.id = h.registration_id WHERE r.event_id <> ?
			) ORDER BY a`, eventID, eventID, eventID, eventID)
		if err != nil {
			return err
		}
		// The registration form's limit per address (registration.go).
		buckets, err := column(ctx, tx, `SELECT DISTINCT 'register-email:' || email_key FROM registrations WHERE event_id = ? ORDER BY 1`, eventID)
		if err != nil {
			return err
		}
		for _, t := range registrationChildren {
			if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE registration_id IN (SELECT id FROM registrations WHERE event_id = ?)`, eventID); err != nil {
				return apperr.Wrap(err, "erase %s", t)
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM registrations WHERE event_id = ?`, eventID); err != nil {
			return apperr.Wrap(err, "erase registrations")
		}
		if err := ratelimit.ForgetTx(ctx, tx, buckets); err != nil {
			return err
		}
		mails, err := mail.EraseToTx(ctx, tx, addrs)
		if err != nil {
			return err
		}
		redacted, err := audit.RedactTx(ctx, tx, "registration", regIDs)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, actor.System("erasure"), "event.erase", "event", eventID, map[string]string{
			"registrations": strconv.Itoa(regs), "mails": strconv.Itoa(mails), "audit_entries": strconv.Itoa(redacted)})
	})
	return done, err
}

// column reads a query's one text column.
func column(ctx context.Context, q db.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
