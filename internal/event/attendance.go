package event

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/secret"
)

// PastParticipant is one person on the participant list of an event that
// is over: who came, from which organisation and sector.
type PastParticipant struct {
	Name             string
	Email            string // optional
	OrganisationID   string
	OrganisationName string
	Sector           string
	Lang             string
}

// MaxAttendance bounds one participant list.
const MaxAttendance = 5000

// RecordAttendance adds the participant list of a finished event as
// registrations that were confirmed and checked in at the event's start,
// for its organisers. It is the demo's way to give the seven past
// conferences of seed 004 their participants, so their reports count
// registrations like any event's: one transaction for the whole list,
// one audit record, and no mail (the people were there years ago, and
// the addresses are example.org). Each person passes the registration
// form's checks; an address twice in the list, or already registered,
// is refused.
func (s *Service) RecordAttendance(ctx context.Context, who actor.Actor, eventID string, people []PastParticipant) error {
	if !who.SignedIn() {
		return apperr.ErrUnauthorized()
	}
	if len(people) > MaxAttendance {
		return apperr.New(apperr.TooLarge, "participants", "error.range")
	}
	now := s.Now().UTC()
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		e, err := loadEditable(ctx, tx, who, eventID)
		if err != nil {
			return err
		}
		if e.Status != Finished || now.Before(e.EndsAt) {
			return apperr.New(apperr.Conflict, "", "error.attendance_too_early")
		}
		f, err := lockEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		pos := f.lastPosition
		at := e.StartsAt.UTC()
		// The list names few organisations many times: each is looked up
		// once. Rows go in multi-row INSERTs (db.Inserts), as a batch of
		// registrations does.
		type refAnswer struct {
			ref org.Ref
			ok  bool
		}
		refs := map[[2]string]refAnswer{}
		regs := make([][]any, 0, len(people))
		holders := make([][]any, 0, len(people))
		for i, p := range people {
			r := Registration{ID: db.NewID(), EventID: eventID, Status: Confirmed, Name: p.Name, OrganisationID: p.OrganisationID,
				OrganisationName: p.OrganisationName, Sector: p.Sector, Lang: p.Lang, CreatedAt: now, AttendedAt: &at, Answers: Answers{}}
			if err := cleanPerson(&r.Name, &r.Phone, &r.OrganisationName, &r.Sector, &r.Dietary, &r.Lang); err != nil {
				return fmt.Errorf("participant %d: %w", i+1, err)
			}
			key := "attended:" + r.ID // no address: unique, never a duplicate
			if strings.TrimSpace(p.Email) != "" {
				if r.Email, key, err = account.NormalizeEmail("email", p.Email); err != nil {
					return fmt.Errorf("participant %d: %w", i+1, err)
				}
			}
			k := [2]string{r.OrganisationID, org.SortKey(r.OrganisationName)}
			a, seen := refs[k]
			if !seen {
				if a.ref, a.ok, err = org.RefTx(ctx, tx, r.OrganisationID, r.OrganisationName); err != nil {
					return err
				}
				refs[k] = a
			}
			if err := applyRef(&r, a.ref, a.ok); err != nil {
				return fmt.Errorf("participant %d: %w", i+1, err)
			}
			pos++
			r.Position = pos
			_, hash := secret.New()
			regs = append(regs, []any{r.ID, eventID, r.Status, r.Position, r.Name, r.Email, key, r.Phone, db.NullIfEmpty(r.OrganisationID),
				r.OrganisationName, r.Sector, r.Dietary, r.Lang, hash, 0, at, now, now})
			// A new registration's first holder is seq 1 (addHolder's rule).
			holders = append(holders, []any{r.ID, 1, Registered, r.Name, r.Email, r.OrganisationName, now})
		}
		err = db.InsertRows(ctx, tx, "registrations", []string{"id", "event_id", "status", "position", "name", "email", "email_key", "phone",
			"organisation_id", "organisation_name", "sector", "dietary", "lang", "manage_token_hash", "fee_owed_kr", "attended_at", "created_at", "updated_at"}, regs)
		if errors.Is(db.Translate(err), db.ErrUnique) {
			return apperr.New(apperr.Conflict, "email", "error.already_registered")
		}
		if err != nil {
			return apperr.Wrap(err, "attendance")
		}
		if err := db.InsertRows(ctx, tx, "registration_holders", []string{"registration_id", "seq", "change", "name", "email", "organisation_name", "at"}, holders); err != nil {
			return apperr.Wrap(err, "attendance holders")
		}
		if _, err := tx.Exec(ctx, `UPDATE events SET last_position = ?, confirmed_count = confirmed_count + ? WHERE id = ?`,
			pos, len(people), eventID); err != nil {
			return apperr.Wrap(err, "attendance")
		}
		return audit.Record(ctx, tx, now, who, "event.attendance", "event", eventID, map[string]string{"participants": strconv.Itoa(len(people))})
	})
}
