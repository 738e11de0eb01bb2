package catalog

import (
	"context"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/org"
)

// maxQueue bounds the moderation queue's list of activities and an
// organisation page's lists; the count says how many wait in all.
const maxQueue = 100

// holdForReview keeps an activity out of the catalogue while its
// organisation is not listed (registered from the public form and awaiting
// review, or rejected), and puts one a coordinator rejected back in the
// queue when it is changed.
func holdForReview(ctx context.Context, tx *db.Tx, a *Activity) error {
	review, err := org.ReviewTx(ctx, tx, a.OrganisationID)
	if err != nil {
		return err
	}
	if review != org.Listed || a.Review == org.Rejected {
		a.Review = org.AwaitingReview
	}
	return nil
}

// FindAwaitingActivities lists the activities waiting for a coordinator,
// oldest first; staff only.
func (s *Service) FindAwaitingActivities(ctx context.Context, who actor.Actor) ([]Activity, error) {
	if !who.IsStaff() {
		return nil, apperr.ErrForbidden()
	}
	return s.activitiesWhere(ctx, `review = ? ORDER BY created_at, id`, org.AwaitingReview)
}

// activitiesWhere loads up to maxQueue activities matching cond, in its order.
func (s *Service) activitiesWhere(ctx context.Context, cond string, args ...any) ([]Activity, error) {
	ids, err := db.Strings(ctx, s.DB, `SELECT id FROM activities WHERE `+cond+` LIMIT ?`, append(args, maxQueue)...)
	if err != nil {
		return nil, apperr.Wrap(err, "activities")
	}
	m, err := loadActivities(ctx, s.DB, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Activity, 0, len(ids))
	for _, id := range ids {
		a := m[id]
		s.derive(a)
		out = append(out, *a)
	}
	return out, nil
}

// CountAwaitingActivities is how many activities wait for a coordinator,
// for the number on their start page; zero for everyone else.
func (s *Service) CountAwaitingActivities(ctx context.Context, who actor.Actor) (int, error) {
	if !who.IsStaff() {
		return 0, nil
	}
	var n int
	err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM activities WHERE review = ?`, org.AwaitingReview).Scan(&n)
	return n, apperr.Wrap(err, "moderation count")
}

// ReviewActivity approves or rejects one activity waiting for review;
// coordinators and admins only. One of an organisation that itself awaits
// review is approved with it (approving it alone would show an activity of
// an organisation nobody can look up).
func (s *Service) ReviewActivity(ctx context.Context, who actor.Actor, id string, approve bool) (Activity, error) {
	if !who.SignedIn() {
		return Activity{}, apperr.ErrUnauthorized()
	}
	if !who.IsStaff() {
		return Activity{}, apperr.ErrForbidden()
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		a, err := loadActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		if a.Review != org.AwaitingReview {
			return apperr.New(apperr.Conflict, "", "error.review_done")
		}
		review, err := org.ReviewTx(ctx, tx, a.OrganisationID)
		if err != nil {
			return err
		}
		next, action := "", "activity.approve"
		if !approve {
			next, action = org.Rejected, "activity.reject"
		} else if review != org.Listed {
			return apperr.New(apperr.Conflict, "", "error.review_org_first", "org", a.OrganisationName)
		}
		now := s.Now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE activities SET review = ?, updated_at = ? WHERE id = ?`, next, now, id); err != nil {
			return apperr.Wrap(err, "review activity")
		}
		return audit.Record(ctx, tx, now, who, action, "activity", id, map[string]string{"title": a.Texts["sv"].Title})
	})
	if err != nil {
		return Activity{}, err
	}
	return s.FindActivityByID(ctx, id)
}

// ReviewOrganisationActivitiesTx releases (approved) or rejects the waiting
// activities of an organisation a coordinator has just decided on; org's
// ReviewOrganisation calls it in its transaction (org.Service.OnReview).
func ReviewOrganisationActivitiesTx(ctx context.Context, tx *db.Tx, now time.Time, orgID string, approved bool) error {
	next := ""
	if !approved {
		next = org.Rejected
	}
	_, err := tx.Exec(ctx, `UPDATE activities SET review = ?, updated_at = ? WHERE organisation_id = ? AND review = ?`,
		next, now, orgID, org.AwaitingReview)
	return apperr.Wrap(err, "review activities")
}

// HandOverVenuesTx gives a deleted organisation's venues to the
// organisation handTo, or archives them when handTo is "", in the deleting
// transaction (org.Service.OnDelete): other organisations' activities may
// be held there, so a venue is never left without an owner.
func HandOverVenuesTx(ctx context.Context, tx *db.Tx, now time.Time, orgID, handTo string) error {
	var err error
	if handTo != "" {
		_, err = tx.Exec(ctx, `UPDATE venues SET organisation_id = ?, updated_at = ? WHERE organisation_id = ?`, handTo, now, orgID)
	} else {
		_, err = tx.Exec(ctx, `UPDATE venues SET archived = ?, updated_at = ? WHERE organisation_id = ?`, true, now, orgID)
	}
	return apperr.Wrap(err, "hand over venues")
}

// OrganisationRecords are what an organisation page lists.
type OrganisationRecords struct {
	Activities []Activity
	Venues     []Venue
}

// FindOrganisationRecords lists an organisation's own activities and
// venues for its page: to the public what is published and listed, to its
// members and staff also drafts, archived ones and those waiting for review
// (an organisation that cannot find its archived activity cannot bring it
// back).
func (s *Service) FindOrganisationRecords(ctx context.Context, who actor.Actor, orgID string) (OrganisationRecords, error) {
	var r OrganisationRecords
	var err error
	if who.CanEditOrg(orgID) {
		r.Activities, err = s.activitiesWhere(ctx, `organisation_id = ? ORDER BY CASE status WHEN ? THEN 0 WHEN ? THEN 1 ELSE 2 END, created_at, id`,
			orgID, Published, Draft)
	} else {
		r.Activities, err = s.activitiesWhere(ctx, `organisation_id = ? AND status = ? AND review = '' ORDER BY created_at, id`, orgID, Published)
	}
	if err != nil {
		return r, err
	}
	r.Venues, err = db.Collect(ctx, s.DB, `SELECT `+venueColumns+` FROM venues WHERE organisation_id = ? AND (archived = ? OR ?) ORDER BY sort_name, id LIMIT ?`,
		[]any{orgID, false, who.CanEditOrg(orgID), maxQueue}, scanVenue)
	return r, apperr.Wrap(err, "organisation venues")
}

// CountOrganisationVenues is how many venues an organisation has: the page
// that confirms its deletion asks what becomes of them.
func (s *Service) CountOrganisationVenues(ctx context.Context, orgID string) (int, error) {
	var n int
	err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM venues WHERE organisation_id = ? AND archived = ?`, orgID, false).Scan(&n)
	return n, apperr.Wrap(err, "count venues")
}

// FindArchivedActivities lists an organisation's archived (listed)
// activities, newest first: its calendar feed carries them as cancelled.
func (s *Service) FindArchivedActivities(ctx context.Context, orgID string) ([]Activity, error) {
	return s.activitiesWhere(ctx, `organisation_id = ? AND status = ? AND review = '' ORDER BY updated_at DESC, id`, orgID, Archived)
}
