package org

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	sendmail "github.com/samverkan/samverkan/internal/mail"
)

// Claim is a confirmed request to take over an organisation, waiting for a
// coordinator.
type Claim struct {
	ID               string    `json:"id"`
	OrganisationID   string    `json:"organisation_id"`
	OrganisationName string    `json:"organisation_name"`
	PersonName       string    `json:"person_name"`
	Email            string    `json:"email"`
	ConfirmedAt      time.Time `json:"confirmed_at"`
}

// maxQueue bounds each list of the moderation queue; the count says how
// many wait in all.
const maxQueue = 100

// Queue is what waits for a coordinator in the registry: organisations
// registered from the public form, and claims.
type Queue struct {
	Organisations []Organisation `json:"organisations"`
	Claims        []Claim        `json:"claims"`
}

// FindQueue lists the organisations awaiting review and the confirmed,
// undecided claims, oldest first; staff only (the claims hold addresses).
func (s *Service) FindQueue(ctx context.Context, who actor.Actor) (Queue, error) {
	if !who.IsStaff() {
		return Queue{}, apperr.ErrForbidden()
	}
	q := Queue{Organisations: []Organisation{}, Claims: []Claim{}}
	err := db.Each(ctx, s.DB, `SELECT `+orgColumns+` FROM organisations o WHERE o.review = ? ORDER BY o.created_at, o.id LIMIT ?`,
		[]any{AwaitingReview, maxQueue}, func(row db.Scanner) error {
			o, err := scanOrg(row)
			q.Organisations = append(q.Organisations, o)
			return err
		})
	if err != nil {
		return Queue{}, apperr.Wrap(err, "moderation queue")
	}
	ptrs := make([]*Organisation, len(q.Organisations))
	for i := range q.Organisations {
		ptrs[i] = &q.Organisations[i]
	}
	if err := loadChildren(ctx, s.DB, ptrs); err != nil {
		return Queue{}, err
	}
	for i := range q.Organisations {
		q.Organisations[i] = fill(q.Organisations[i])
	}
	q.Claims, err = db.Collect(ctx, s.DB, `SELECT r.id, o.id, o.name, r.person_name, r.email, r.confirmed_at
		FROM organisation_requests r JOIN organisations o ON o.id = r.organisation_id
		WHERE r.kind = ? AND r.decision = '' AND r.confirmed_at IS NOT NULL ORDER BY r.confirmed_at, r.id LIMIT ?`,
		[]any{RequestClaim, maxQueue}, func(row db.Scanner) (Claim, error) {
			var c Claim
			err := row.Scan(&c.ID, &c.OrganisationID, &c.OrganisationName, &c.PersonName, &c.Email, &c.ConfirmedAt)
			return c, err
		})
	if q.Claims == nil {
		q.Claims = []Claim{}
	}
	return q, apperr.Wrap(err, "moderation queue")
}

// CountWaiting is how many organisations and claims wait for a coordinator,
// for the number on their start page; zero for everyone else.
func (s *Service) CountWaiting(ctx context.Context, who actor.Actor) (int, error) {
	if !who.IsStaff() {
		return 0, nil
	}
	var n int
	err := s.DB.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM organisations WHERE review = ?) +
		(SELECT COUNT(*) FROM organisation_requests WHERE kind = ? AND decision = '' AND confirmed_at IS NOT NULL)`,
		AwaitingReview, RequestClaim).Scan(&n)
	return n, apperr.Wrap(err, "moderation count")
}

// ReviewOrganisation approves (lists and verifies) or rejects an
// organisation awaiting review; coordinators and admins only. Its waiting
// activities follow (OnReview), its owners are told by mail.
func (s *Service) ReviewOrganisation(ctx context.Context, who actor.Actor, id string, approve bool) (Organisation, error) {
	if err := staffOnly(who); err != nil {
		return Organisation{}, err
	}
	var o Organisation
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if o, err = findOne(ctx, tx, id); err != nil {
			return err
		}
		if o.Review != AwaitingReview {
			return apperr.New(apperr.Conflict, "", "error.review_done")
		}
		now := s.Now().UTC()
		if approve {
			err = s.approveTx(ctx, tx, now, who, &o)
		} else {
			o.Review, o.UpdatedAt = Rejected, now
			_, err = tx.Exec(ctx, `UPDATE organisations SET review = ?, updated_at = ? WHERE id = ?`, Rejected, now, id)
			if err == nil && s.OnReview != nil {
				err = s.OnReview(ctx, tx, now, id, false)
			}
		}
		if err != nil {
			return apperr.Wrap(err, "review organisation")
		}
		action, subject, body := "organisation.approve", "mail.org_approved.subject", "mail.org_approved.body"
		if !approve {
			action, subject, body = "organisation.reject", "mail.org_rejected.subject", "mail.org_rejected.body"
		}
		if err := audit.Record(ctx, tx, now, who, action, "organisation", id, map[string]string{"name": o.Name}); err != nil {
			return err
		}
		return s.mailOwners(ctx, tx, o, subject, body)
	})
	if err != nil {
		return Organisation{}, err
	}
	go s.Mail.Flush(context.WithoutCancel(ctx))
	return fill(o), nil
}

// approveTx lists and verifies an organisation and releases its waiting
// activities.
func (s *Service) approveTx(ctx context.Context, tx *db.Tx, now time.Time, who actor.Actor, o *Organisation) error {
	if _, err := tx.Exec(ctx, `UPDATE organisations SET review = ?, verified = ?, verified_at = ?, verified_by = ?, updated_at = ? WHERE id = ?`,
		Listed, true, now, db.NullIfEmpty(who.UserID), now, o.ID); err != nil {
		return err
	}
	o.Review, o.Verified, o.VerifiedAt, o.UpdatedAt = Listed, true, &now, now
	if s.OnReview != nil {
		return s.OnReview(ctx, tx, now, o.ID, true)
	}
	return nil
}

// mailOwners tells an organisation's members, in their languages, what a
// coordinator decided.
func (s *Service) mailOwners(ctx context.Context, tx *db.Tx, o Organisation, subject, body string) error {
	contacts, err := account.OrgContactsTx(ctx, tx, o.ID)
	if err != nil {
		return err
	}
	link := strings.TrimRight(s.BaseURL, "/") + "/organisations/" + o.ID
	for _, c := range contacts {
		p := s.Messages.Printer(c.Lang)
		if err := s.Mail.Queue(ctx, tx, sendmail.Message{To: c.Email, Lang: c.Lang,
			Subject: p.T(subject, "org", o.Name),
			Body:    p.T(body, "org", o.Name, "link", link, "report", s.Mail.From)}); err != nil {
			return err
		}
	}
	return nil
}

// DecideClaim approves (the person becomes an owner) or rejects a claim;
// coordinators and admins only. The person is told by mail.
func (s *Service) DecideClaim(ctx context.Context, who actor.Actor, id string, approve bool) (Claim, error) {
	if err := staffOnly(who); err != nil {
		return Claim{}, err
	}
	var c Claim
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var userID sql.NullString
		var lang string
		err := tx.QueryRow(ctx, `SELECT r.id, o.id, o.name, r.person_name, r.email, r.confirmed_at, r.user_id, r.lang
			FROM organisation_requests r JOIN organisations o ON o.id = r.organisation_id
			WHERE r.id = ? AND r.kind = ? AND r.decision = '' AND r.confirmed_at IS NOT NULL`, id, RequestClaim).
			Scan(&c.ID, &c.OrganisationID, &c.OrganisationName, &c.PersonName, &c.Email, &c.ConfirmedAt, &userID, &lang)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.ErrNotFound()
		}
		if err != nil {
			return apperr.Wrap(err, "claim")
		}
		now := s.Now().UTC()
		decision, subject, body := Approved, "mail.claim_approved.subject", "mail.claim_approved.body"
		if !approve {
			decision, subject, body = Declined, "mail.claim_rejected.subject", "mail.claim_rejected.body"
		}
		if _, err := tx.Exec(ctx, `UPDATE organisation_requests SET decision = ?, decided_by = ?, decided_at = ? WHERE id = ?`,
			decision, db.NullIfEmpty(who.UserID), now, id); err != nil {
			return apperr.Wrap(err, "claim")
		}
		if approve {
			if !userID.Valid {
				return apperr.New(apperr.Conflict, "", "error.claim_user_gone")
			}
			if err := account.AddMemberTx(ctx, tx, now, who, c.OrganisationID, userID.String, actor.Owner); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, now, who, "organisation_request."+decision, "organisation", c.OrganisationID,
			map[string]string{"request": id, "email": c.Email}); err != nil {
			return err
		}
		p := s.Messages.Printer(lang)
		return s.Mail.Queue(ctx, tx, sendmail.Message{To: c.Email, Lang: lang,
			Subject: p.T(subject, "org", c.OrganisationName),
			Body: p.T(body, "name", c.PersonName, "org", c.OrganisationName,
				"link", strings.TrimRight(s.BaseURL, "/")+"/organisations/"+c.OrganisationID, "report", s.Mail.From)})
	})
	if err != nil {
		return Claim{}, err
	}
	go s.Mail.Flush(context.WithoutCancel(ctx))
	return c, nil
}

// staffOnly refuses everyone but coordinators and admins: anonymous
// callers must sign in first, others may not.
func staffOnly(who actor.Actor) error {
	if !who.SignedIn() {
		return apperr.ErrUnauthorized()
	}
	if !who.IsStaff() {
		return apperr.ErrForbidden()
	}
	return nil
}

// ReviewTx returns an organisation's review state inside the caller's
// transaction: package catalog holds an activity back while its
// organisation waits.
func ReviewTx(ctx context.Context, q db.Querier, orgID string) (string, error) {
	var r string
	err := q.QueryRow(ctx, `SELECT review FROM organisations WHERE id = ?`, orgID).Scan(&r)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.ErrNotFound()
	}
	return r, apperr.Wrap(err, "organisation review")
}

// UnlistedTx returns the IDs of the organisations that are not public
// (awaiting review or rejected) and that who may not see as a member or
// staff; none for staff. Package catalog hides their venues with it: a
// self-registered organisation's places are not shown before a
// coordinator has approved it. Such organisations are few, so the list is
// read whole, for the caller to keep out of its own queries.
func UnlistedTx(ctx context.Context, q db.Querier, who actor.Actor) ([]string, error) {
	if who.IsStaff() {
		return nil, nil
	}
	var out []string
	err := db.Each(ctx, q, `SELECT id FROM organisations WHERE review <> ? ORDER BY id`, []any{Listed}, func(row db.Scanner) error {
		var id string
		if err := row.Scan(&id); err != nil {
			return err
		}
		if who.Memberships[id] == "" {
			out = append(out, id)
		}
		return nil
	})
	return out, apperr.Wrap(err, "unlisted organisations")
}
