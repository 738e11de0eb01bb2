package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/org"
)

// CreateActivity publishes (or drafts) a new activity. Members of the owning
// organisation and staff may.
func (s *Service) CreateActivity(ctx context.Context, who actor.Actor, f ActivityFields) (Activity, error) {
	if !who.SignedIn() {
		return Activity{}, apperr.ErrUnauthorized()
	}
	a := newActivity()
	if err := f.apply(&a); err != nil {
		return Activity{}, err
	}
	now := s.Now().UTC()
	a.ID, a.CreatedAt, a.UpdatedAt, a.LastConfirmedAt = db.NewID(), now, now, now
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := s.checkReferences(ctx, tx, who, nil, &a); err != nil {
			return err
		}
		if err := holdForReview(ctx, tx, &a); err != nil {
			return err
		}
		if err := insertActivity(ctx, tx, a); err != nil {
			return err
		}
		if err := index(ctx, tx, a); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, who, "activity.create", "activity", a.ID, map[string]string{"title": a.Texts["sv"].Title, "status": a.Status})
	})
	if err != nil {
		return Activity{}, err
	}
	return s.FindActivityByID(ctx, a.ID)
}

// UpdateActivity changes an activity; saving it also confirms that it still
// runs. The editor must be allowed to edit both the old and the new owner.
func (s *Service) UpdateActivity(ctx context.Context, who actor.Actor, id string, f ActivityFields) (Activity, error) {
	if !who.SignedIn() {
		return Activity{}, apperr.ErrUnauthorized()
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := loadEditable(ctx, tx, who, id)
		if err != nil {
			return err
		}
		a := old
		a.Texts = map[string]Text{}
		for l, t := range old.Texts {
			a.Texts[l] = t
		}
		if err := f.apply(&a); err != nil {
			return err
		}
		if err := s.checkReferences(ctx, tx, who, &old, &a); err != nil {
			return err
		}
		if err := holdForReview(ctx, tx, &a); err != nil {
			return err
		}
		now := s.Now().UTC()
		a.UpdatedAt, a.LastConfirmedAt = now, now
		if err := updateActivity(ctx, tx, a); err != nil {
			return err
		}
		if err := index(ctx, tx, a); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, who, "activity.update", "activity", a.ID, activityChanges(old, a))
	})
	if err != nil {
		return Activity{}, err
	}
	return s.FindActivityByID(ctx, id)
}

// checkReferences checks, inside the write's transaction, that the owner,
// the co-organisers and the venue exist and may be named, and fills what
// the activity takes from them (names for the index, the venue's
// municipality). old is the activity before the change, nil on create.
//
// Consent: an activity shows in its co-organisers' feeds and filters, so
// naming an organisation as co-organiser needs edit rights on it (a
// co-organiser named earlier stays). A venue may be used by anyone when it
// belongs to no organisation (a public place staff keep) or is a meeting
// place (open to all by what it is); otherwise only by activities its
// organisation runs or co-organises, or by someone who may edit it. A
// venue of an organisation waiting for review only its own activities
// may use, whoever asks: it is not public yet.
func (s *Service) checkReferences(ctx context.Context, tx *db.Tx, who actor.Actor, old, a *Activity) error {
	names, err := org.NamesTx(ctx, tx, append([]string{a.OrganisationID}, a.CoOrganisers...))
	if err != nil {
		return err
	}
	name, ok := names[a.OrganisationID]
	if !ok {
		return apperr.Invalidf("organisation_id", "error.not_found")
	}
	if !who.CanEditOrg(a.OrganisationID) {
		return apperr.ErrForbidden()
	}
	a.OrganisationName = name
	org.SortNames(a.CoOrganisers, names)
	a.CoOrganiserNames = a.CoOrganiserNames[:0]
	for _, co := range a.CoOrganisers {
		n, ok := names[co]
		if !ok {
			return apperr.Invalidf("co_organisers", "error.not_found")
		}
		named := old != nil && input.Contains(old.CoOrganisers, co)
		if !named && !who.CanEditOrg(co) {
			return apperr.New(apperr.Forbidden, "co_organisers", "error.coorganiser_consent", "name", n)
		}
		a.CoOrganiserNames = append(a.CoOrganiserNames, n)
	}
	a.VenueName = ""
	if a.VenueID == "" {
		return nil
	}
	var venueOrg sql.NullString
	var meetingPlace bool
	err = tx.QueryRow(ctx, `SELECT name, municipality_code, organisation_id, is_meeting_place FROM venues WHERE id = ?`, a.VenueID).
		Scan(&a.VenueName, &a.Municipality, &venueOrg, &meetingPlace)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.Invalidf("venue_id", "error.not_found")
	}
	if err != nil {
		return apperr.Wrap(err, "venue")
	}
	kept := old != nil && old.VenueID == a.VenueID
	owner := venueOrg.String
	if !kept && owner != "" && owner != a.OrganisationID {
		// A waiting organisation's venue is not public (FindVenueByID):
		// another's activity there would show it.
		review, err := org.ReviewTx(ctx, tx, owner)
		if err != nil {
			return err
		}
		if review != org.Listed {
			return apperr.Invalidf("venue_id", "error.not_found")
		}
	}
	if !kept && owner != "" && !meetingPlace && owner != a.OrganisationID && !input.Contains(a.CoOrganisers, owner) && !who.CanEditOrg(owner) {
		return apperr.New(apperr.Forbidden, "venue_id", "error.venue_not_yours", "name", a.VenueName)
	}
	return nil
}

// loadEditable reads an activity inside a write's transaction and checks
// that who may change it.
func loadEditable(ctx context.Context, tx *db.Tx, who actor.Actor, id string) (Activity, error) {
	a, err := loadActivity(ctx, tx, id)
	if err != nil {
		return Activity{}, err
	}
	if !who.CanEditOrg(a.OrganisationID) {
		return Activity{}, apperr.ErrForbidden()
	}
	return a, nil
}

// activityChanges names what an update changed, for the audit log.
func activityChanges(a, b Activity) map[string]string {
	m := map[string]string{"title": b.Texts["sv"].Title, "status": b.Status}
	if a.OrganisationID != b.OrganisationID {
		m["organisation_id"] = b.OrganisationID
	}
	if a.VenueID != b.VenueID {
		m["venue_id"] = b.VenueID
	}
	if a.Schedule.Describe() != b.Schedule.Describe() || strings.Join(a.Schedule.Cancelled, ",") != strings.Join(b.Schedule.Cancelled, ",") {
		m["schedule"] = b.Schedule.Describe()
	}
	return m
}

// ConfirmActivity records that an activity still runs (the one click from
// the reminder mail, or the button on its page).
func (s *Service) ConfirmActivity(ctx context.Context, who actor.Actor, id string) error {
	if !who.SignedIn() {
		return apperr.ErrUnauthorized()
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := loadEditable(ctx, tx, who, id); err != nil {
			return err
		}
		now := s.Now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE activities SET last_confirmed_at = ?, reminded_at = NULL WHERE id = ?`, now, id); err != nil {
			return apperr.Wrap(err, "confirm")
		}
		return audit.Record(ctx, tx, now, who, "activity.confirm", "activity", id, nil)
	})
}

// ArchiveActivity takes an activity out of the catalogue without deleting
// its history.
func (s *Service) ArchiveActivity(ctx context.Context, who actor.Actor, id string) (Activity, error) {
	if !who.SignedIn() {
		return Activity{}, apperr.ErrUnauthorized()
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := loadEditable(ctx, tx, who, id); err != nil {
			return err
		}
		now := s.Now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE activities SET status = ?, updated_at = ? WHERE id = ?`, Archived, now, id); err != nil {
			return apperr.Wrap(err, "archive")
		}
		return audit.Record(ctx, tx, now, who, "activity.archive", "activity", id, nil)
	})
	if err != nil {
		return Activity{}, err
	}
	return s.FindActivityByID(ctx, id)
}

// FindActivityByID returns one activity. Drafts are returned too; callers
// showing it check Visible.
func (s *Service) FindActivityByID(ctx context.Context, id string) (Activity, error) {
	a, err := loadActivity(ctx, s.DB, id)
	if err != nil {
		return Activity{}, err
	}
	s.derive(&a)
	return a, nil
}

// derive fills what depends on the clock: staleness and the next occurrence.
func (s *Service) derive(a *Activity) {
	now := s.Now()
	a.Stale = now.Sub(a.LastConfirmedAt) > StaleAfter
	if o, ok := a.Schedule.Next(now); ok {
		a.Next = &o
	}
}

// ValidateActivity checks fields as CreateActivity would, without writing
// (references to organisations and venues are the caller's): the CSV
// import's dry run uses it.
func ValidateActivity(f ActivityFields) (Activity, error) {
	a := newActivity()
	err := f.apply(&a)
	return a, err
}

// ActivityKey identifies an activity for matching imported rows: the same
// organisation, Swedish title and venue (or online link) is the same activity.
type ActivityKey struct {
	ID, OrganisationID, Title, VenueID, OnlineURL string
}

// FindActivityKeys lists every activity's matching key.
func (s *Service) FindActivityKeys(ctx context.Context) ([]ActivityKey, error) {
	out, err := db.Collect(ctx, s.DB, `SELECT a.id, a.organisation_id, t.title, COALESCE(a.venue_id, ''), a.online_url
		FROM activities a JOIN activity_texts t ON t.activity_id = a.id AND t.lang = 'sv'`, nil, func(row db.Scanner) (ActivityKey, error) {
		var k ActivityKey
		err := row.Scan(&k.ID, &k.OrganisationID, &k.Title, &k.VenueID, &k.OnlineURL)
		return k, err
	})
	return out, apperr.Wrap(err, "activity keys")
}

// Version changes whenever anything of the catalogue's own changes:
// activities or venues added, changed or removed. Together with
// org.Service.Version it keys the search cache; a few aggregate reads,
// cheap enough to check about once a second, the same on every instance.
func (s *Service) Version(ctx context.Context) (string, error) {
	var v [4]sql.NullString
	err := s.DB.QueryRow(ctx, `SELECT
		(SELECT CAST(COUNT(*) AS TEXT) FROM activities), (SELECT CAST(MAX(updated_at) AS TEXT) FROM activities),
		(SELECT CAST(COUNT(*) AS TEXT) FROM venues), (SELECT CAST(MAX(updated_at) AS TEXT) FROM venues)`).
		Scan(&v[0], &v[1], &v[2], &v[3])
	if err != nil {
		return "", apperr.Wrap(err, "catalogue version")
	}
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = x.String
	}
	return strings.Join(parts, "|"), nil
}
