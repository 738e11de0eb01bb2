package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/texts"
)

// Venue is a place where activities are held; a meeting place (mötesplats)
// is a venue with several activities, such as Vimmerby's Bullerbyn.
type Venue struct {
	ID               string   `json:"id"`
	OrganisationID   string   `json:"organisation_id,omitempty"`
	Name             string   `json:"name"`
	Address          string   `json:"address,omitempty"`
	Municipality     string   `json:"municipality"`
	MunicipalityName string   `json:"municipality_name"`
	Lat              *float64 `json:"lat,omitempty"`
	Lon              *float64 `json:"lon,omitempty"`
	OpeningHours     string   `json:"opening_hours,omitempty"`
	Accessibility    []string `json:"accessibility"`
	MeetingPlace     bool     `json:"meeting_place"`
	// Archived: the venue's organisation was deleted and nobody took it
	// over; its page says so and listings leave it out.
	Archived     bool              `json:"archived,omitempty"`
	Descriptions map[string]string `json:"description"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
}

// Description returns the description for a reader of lang and the
// language it is in (texts.Pick's rule).
func (v Venue) Description(lang string) (string, string) {
	return texts.PickString(v.Descriptions, lang)
}

// CanEdit reports whether who may change the venue: its organisation's
// members, or staff for a venue that belongs to no organisation.
func (v Venue) CanEdit(who actor.Actor) bool {
	if v.OrganisationID == "" {
		return who.IsStaff()
	}
	return who.CanEditOrg(v.OrganisationID)
}

// VenueFields is the input for creating or changing a venue, filled alike by
// the API's JSON decoder and the web form's parser; a nil field is left as
// it is. Lat and Lon are set or cleared together.
type VenueFields struct {
	OrganisationID *string                 `json:"organisation_id,omitempty"`
	Name           *string                 `json:"name,omitempty"`
	Address        *string                 `json:"address,omitempty"`
	Municipality   *string                 `json:"municipality,omitempty"`
	Lat            input.Nullable[float64] `json:"lat"`
	Lon            input.Nullable[float64] `json:"lon"`
	OpeningHours   *string                 `json:"opening_hours,omitempty"`
	Accessibility  *[]string               `json:"accessibility,omitempty"`
	MeetingPlace   *bool                   `json:"meeting_place,omitempty"`
	Descriptions   map[string]string       `json:"description,omitempty"`
}

func (f VenueFields) apply(v *Venue) error {
	if f.OrganisationID != nil {
		v.OrganisationID = strings.TrimSpace(*f.OrganisationID)
	}
	if f.Municipality != nil {
		v.Municipality = *f.Municipality
	}
	if f.MeetingPlace != nil {
		v.MeetingPlace = *f.MeetingPlace
	}
	f.Lat.Apply(&v.Lat)
	f.Lon.Apply(&v.Lon)
	errs := []error{
		input.SetLine(&v.Name, "name", f.Name, 200, true),
		input.SetLine(&v.Address, "address", f.Address, 300, false),
		input.SetLine(&v.OpeningHours, "opening_hours", f.OpeningHours, 500, false),
		input.SetChoices(&v.Accessibility, "accessibility", f.Accessibility, Access),
		input.SetDescriptions(&v.Descriptions, "description", f.Descriptions, 5000),
	}
	if v.Name == "" && errs[0] == nil {
		errs = append(errs, apperr.Invalidf("name", "error.required"))
	}
	if _, ok := municipality.ByCode(v.Municipality); !ok {
		errs = append(errs, apperr.Invalidf("municipality", "error.choice"))
	}
	switch {
	case (v.Lat == nil) != (v.Lon == nil):
		errs = append(errs, apperr.Invalidf("lat", "error.coordinates"))
	// Sweden lies within 55–70° N, 10–25° E; anything else is a typo.
	case v.Lat != nil && (*v.Lat < 55 || *v.Lat > 70 || *v.Lon < 10 || *v.Lon > 25):
		errs = append(errs, apperr.Invalidf("lat", "error.coordinates"))
	}
	// Every error, not the first: the import's dry run lists them all.
	return input.Every(errs...)
}

// ValidateVenue checks fields as CreateVenue would, without writing.
func ValidateVenue(f VenueFields) (Venue, error) {
	v := Venue{Accessibility: []string{}, Descriptions: map[string]string{}}
	err := f.apply(&v)
	return v, err
}

// CreateVenue adds a venue. Members may add venues for their organisation;
// staff may add any, also one that belongs to no organisation.
func (s *Service) CreateVenue(ctx context.Context, who actor.Actor, f VenueFields) (Venue, error) {
	if !who.SignedIn() {
		return Venue{}, apperr.ErrUnauthorized()
	}
	v, err := ValidateVenue(f)
	if err != nil {
		return Venue{}, err
	}
	if !v.CanEdit(who) {
		return Venue{}, apperr.ErrForbidden()
	}
	now := s.Now().UTC()
	v.ID, v.CreatedAt, v.UpdatedAt = db.NewID(), now, now
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO venues (id, organisation_id, name, sort_name, address, municipality_code, lat, lon, opening_hours, accessibility, is_meeting_place, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.ID, db.NullIfEmpty(v.OrganisationID), v.Name, strings.ToLower(v.Name), v.Address, v.Municipality, v.Lat, v.Lon,
			v.OpeningHours, strings.Join(v.Accessibility, ","), v.MeetingPlace, now, now); err != nil {
			return apperr.Wrap(err, "insert venue")
		}
		if err := writeVenueDescriptions(ctx, tx, v); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, who, "venue.create", "venue", v.ID, map[string]string{"name": v.Name})
	})
	if err != nil {
		return Venue{}, err
	}
	return loadVenue(ctx, s.DB, v.ID)
}

// UpdateVenue changes a venue. Moving it to another municipality moves its
// activities along, and their search rows with them.
func (s *Service) UpdateVenue(ctx context.Context, who actor.Actor, id string, f VenueFields) (Venue, error) {
	if !who.SignedIn() {
		return Venue{}, apperr.ErrUnauthorized()
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := loadVenue(ctx, tx, id)
		if err != nil {
			return err
		}
		if !old.CanEdit(who) {
			return apperr.ErrForbidden()
		}
		v := old
		v.Descriptions = map[string]string{}
		for l, d := range old.Descriptions {
			v.Descriptions[l] = d
		}
		if err := f.apply(&v); err != nil {
			return err
		}
		if !v.CanEdit(who) {
			return apperr.ErrForbidden()
		}
		v.UpdatedAt = s.Now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE venues SET organisation_id = ?, name = ?, sort_name = ?, address = ?, municipality_code = ?, lat = ?, lon = ?,
			opening_hours = ?, accessibility = ?, is_meeting_place = ?, updated_at = ? WHERE id = ?`, db.NullIfEmpty(v.OrganisationID), v.Name, strings.ToLower(v.Name), v.Address,
			v.Municipality, v.Lat, v.Lon, v.OpeningHours, strings.Join(v.Accessibility, ","), v.MeetingPlace, v.UpdatedAt, id); err != nil {
			return apperr.Wrap(err, "update venue")
		}
		if err := writeVenueDescriptions(ctx, tx, v); err != nil {
			return err
		}
		if v.Municipality != old.Municipality || v.Name != old.Name {
			if _, err := tx.Exec(ctx, `UPDATE activities SET municipality_code = ? WHERE venue_id = ?`, v.Municipality, id); err != nil {
				return apperr.Wrap(err, "move activities")
			}
			ids, err := db.Strings(ctx, tx, `SELECT id FROM activities WHERE venue_id = ?`, id)
			if err != nil {
				return apperr.Wrap(err, "move activities")
			}
			if err := reindex(ctx, tx, ids); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, v.UpdatedAt, who, "venue.update", "venue", id, map[string]string{"name": v.Name})
	})
	if err != nil {
		return Venue{}, err
	}
	return loadVenue(ctx, s.DB, id)
}

func writeVenueDescriptions(ctx context.Context, tx *db.Tx, v Venue) error {
	if _, err := tx.Exec(ctx, `DELETE FROM venue_descriptions WHERE venue_id = ?`, v.ID); err != nil {
		return apperr.Wrap(err, "venue descriptions")
	}
	for lang, body := range v.Descriptions {
		if _, err := tx.Exec(ctx, `INSERT INTO venue_descriptions (venue_id, lang, body) VALUES (?, ?, ?)`, v.ID, lang, body); err != nil {
			return apperr.Wrap(err, "venue descriptions")
		}
	}
	return nil
}

// FindVenueByID returns one venue, as who may see it: a venue of an
// organisation not yet listed (awaiting review, or rejected) only its
// members and staff see; to others it does not exist.
func (s *Service) FindVenueByID(ctx context.Context, who actor.Actor, id string) (Venue, error) {
	v, err := loadVenue(ctx, s.DB, id)
	if err != nil || v.OrganisationID == "" {
		return v, err
	}
	review, err := org.ReviewTx(ctx, s.DB, v.OrganisationID)
	if err != nil {
		return Venue{}, err
	}
	if !(org.Organisation{ID: v.OrganisationID, Review: review}).Visible(who) {
		return Venue{}, apperr.ErrNotFound()
	}
	return v, nil
}

// notUnlisted is the condition on a venues column of organisation IDs
// that keeps out the venues of the organisations not listed for who
// (org.UnlistedTx), with its arguments; "" when there are none.
func notUnlisted(ctx context.Context, q db.Querier, who actor.Actor, column string) (string, []any, error) {
	hidden, err := org.UnlistedTx(ctx, q, who)
	if err != nil || len(hidden) == 0 {
		return "", nil, err
	}
	in, args := db.In(hidden)
	return ` AND (` + column + ` IS NULL OR ` + column + ` NOT IN (` + in + `))`, args, nil
}

const venueColumns = `id, organisation_id, name, address, municipality_code, lat, lon, opening_hours, accessibility, is_meeting_place, created_at, updated_at, archived`

func scanVenue(row db.Scanner) (Venue, error) {
	v := Venue{Descriptions: map[string]string{}}
	var org sql.NullString
	var lat, lon sql.NullFloat64
	var access string
	err := row.Scan(&v.ID, &org, &v.Name, &v.Address, &v.Municipality, &lat, &lon, &v.OpeningHours, &access, &v.MeetingPlace, &v.CreatedAt, &v.UpdatedAt, &v.Archived)
	v.OrganisationID = org.String
	if lat.Valid && lon.Valid {
		v.Lat, v.Lon = &lat.Float64, &lon.Float64
	}
	v.Accessibility = splitList(access)
	if m, ok := municipality.ByCode(v.Municipality); ok {
		v.MunicipalityName = m.Name
	}
	return v, err
}

func loadVenue(ctx context.Context, q db.Querier, id string) (Venue, error) {
	v, err := scanVenue(q.QueryRow(ctx, `SELECT `+venueColumns+` FROM venues WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Venue{}, apperr.ErrNotFound()
	}
	if err != nil {
		return Venue{}, apperr.Wrap(err, "load venue")
	}
	err = db.Each(ctx, q, `SELECT lang, body FROM venue_descriptions WHERE venue_id = ?`, []any{id}, func(row db.Scanner) error {
		var l, b string
		if err := row.Scan(&l, &b); err != nil {
			return err
		}
		v.Descriptions[l] = b
		return nil
	})
	return v, apperr.Wrap(err, "venue descriptions")
}

// VenueFilter selects venues for a listing.
type VenueFilter struct {
	Municipality string
	County       string
}

// FindVenues lists venues by name, optionally in one municipality or
// county, those of organisations not yet listed only to their members and
// staff (see FindVenueByID).
func (s *Service) FindVenues(ctx context.Context, who actor.Actor, f VenueFilter) ([]Venue, error) {
	hide, hidden, err := notUnlisted(ctx, s.DB, who, "organisation_id")
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + venueColumns + ` FROM venues WHERE archived = ?` + hide
	args := append([]any{false}, hidden...)
	if f.Municipality != "" {
		if _, ok := municipality.ByCode(f.Municipality); !ok {
			return nil, apperr.Invalidf("municipality", "error.choice")
		}
		q += ` AND municipality_code = ?`
		args = append(args, f.Municipality)
	}
	if f.County != "" {
		if _, ok := municipality.CountyByCode(f.County); !ok {
			return nil, apperr.Invalidf("county", "error.choice")
		}
		q += ` AND municipality_code LIKE ?`
		args = append(args, f.County+"%")
	}
	out, err := db.Collect(ctx, s.DB, q+` ORDER BY sort_name, id`, args, scanVenue)
	if out == nil {
		out = []Venue{}
	}
	return out, apperr.Wrap(err, "list venues")
}

// Placement is an activity held at a venue.
type Placement struct{ ActivityID, VenueID string }

// FindPlacements pages through published activities that have a venue, in
// ID order (HSDS service_at_locations).
// A venue of an organisation not yet listed is left out, as from every
// public list (an activity of a listed organisation may be held at another's
// meeting place).
func (s *Service) FindPlacements(ctx context.Context, limit, offset int) ([]Placement, int, error) {
	hide, hidden, err := notUnlisted(ctx, s.DB, actor.Actor{}, "v.organisation_id")
	if err != nil {
		return nil, 0, err
	}
	from := ` FROM activities a JOIN venues v ON v.id = a.venue_id WHERE a.status = ? AND a.review = ''` + hide
	args := append([]any{Published}, hidden...)
	var total int
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, apperr.Wrap(err, "count placements")
	}
	out, err := db.Collect(ctx, s.DB, `SELECT a.id, a.venue_id`+from+` ORDER BY a.id LIMIT ? OFFSET ?`,
		append(args, limit, offset), func(row db.Scanner) (Placement, error) {
			var p Placement
			err := row.Scan(&p.ActivityID, &p.VenueID)
			return p, err
		})
	return out, total, apperr.Wrap(err, "placements")
}

// VenueFieldsOf returns fields that set every input field to v's values;
// languages missing from v.Descriptions are cleared.
func VenueFieldsOf(v Venue) VenueFields {
	f := VenueFields{OrganisationID: &v.OrganisationID, Name: &v.Name, Address: &v.Address, Municipality: &v.Municipality,
		Lat: input.Nullable[float64]{Set: true, Value: v.Lat}, Lon: input.Nullable[float64]{Set: true, Value: v.Lon},
		OpeningHours: &v.OpeningHours, Accessibility: &v.Accessibility, MeetingPlace: &v.MeetingPlace, Descriptions: map[string]string{}}
	for _, l := range i18n.Written() {
		f.Descriptions[l] = v.Descriptions[l]
	}
	for l, d := range v.Descriptions {
		f.Descriptions[l] = d
	}
	return f
}

// VenueRef is what other domains show of a venue they use.
type VenueRef struct{ Name, Municipality string }

// VenueRefsTx returns the name and municipality of the venues with the
// given IDs, in the caller's transaction; missing IDs are absent.
func VenueRefsTx(ctx context.Context, q db.Querier, ids []string) (map[string]VenueRef, error) {
	out := map[string]VenueRef{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := db.In(ids)
	err := db.Each(ctx, q, `SELECT id, name, municipality_code FROM venues WHERE id IN (`+in+`)`, args, func(row db.Scanner) error {
		var id string
		var v VenueRef
		if err := row.Scan(&id, &v.Name, &v.Municipality); err != nil {
			return err
		}
		out[id] = v
		return nil
	})
	return out, apperr.Wrap(err, "venues")
}

// VenueNames returns the names of the venues with the given IDs; unknown
// IDs are absent.
func (s *Service) VenueNames(ctx context.Context, ids []string) (map[string]string, error) {
	m, err := db.NamesByID(ctx, s.DB, `SELECT id, name FROM venues WHERE id IN (%s)`, ids)
	return m, apperr.Wrap(err, "venue names")
}

// ActivityTitles returns the Swedish titles (the one every activity has)
// of the activities with the given IDs; unknown IDs are absent.
func (s *Service) ActivityTitles(ctx context.Context, ids []string) (map[string]string, error) {
	m, err := db.NamesByID(ctx, s.DB, `SELECT activity_id, title FROM activity_texts WHERE lang = 'sv' AND activity_id IN (%s)`, ids)
	return m, apperr.Wrap(err, "activity titles")
}
