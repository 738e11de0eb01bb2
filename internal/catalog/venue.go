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
	"github.com/samverkan/samverkan/internal/municipality"
)

// Venue is a place where activities are held; a meeting place (mötesplats)
// is a venue with several activities, such as Vimmerby's Bullerbyn.
type Venue struct {
	ID               string            `json:"id"`
	OrganisationID   string            `json:"organisation_id,omitempty"`
	Name             string            `json:"name"`
	Address          string            `json:"address,omitempty"`
	Municipality     string            `json:"municipality"`
	MunicipalityName string            `json:"municipality_name"`
	Lat              *float64          `json:"lat,omitempty"`
	Lon              *float64          `json:"lon,omitempty"`
	OpeningHours     string            `json:"opening_hours,omitempty"`
	Accessibility    []string          `json:"accessibility"`
	MeetingPlace     bool              `json:"meeting_place"`
	Descriptions     map[string]string `json:"description"`
	CreatedAt        time.Time         `json:"created_at"`
	UpdatedAt        time.Time         `json:"updated_at"`
}

func (s *Service) validateVenue(v *Venue) error {
	var err error
	if v.Name, err = textField("name", v.Name, 200); err != nil {
		return err
	}
	if v.Name == "" {
		return apperr.Invalidf("name", "error.required")
	}
	if v.Address, err = textField("address", v.Address, 300); err != nil {
		return err
	}
	if v.OpeningHours, err = textField("opening_hours", v.OpeningHours, 500); err != nil {
		return err
	}
	if _, ok := municipality.ByCode(v.Municipality); !ok {
		return apperr.Invalidf("municipality", "error.choice")
	}
	if (v.Lat == nil) != (v.Lon == nil) {
		return apperr.Invalidf("lat", "error.coordinates")
	}
	// Sweden lies within 55–70° N, 10–25° E; anything else is a typo.
	if v.Lat != nil && (*v.Lat < 55 || *v.Lat > 70 || *v.Lon < 10 || *v.Lon > 25) {
		return apperr.Invalidf("lat", "error.coordinates")
	}
	if v.Accessibility, err = cleanSet("accessibility", v.Accessibility, Access); err != nil {
		return err
	}
	desc := map[string]string{}
	for lang, body := range v.Descriptions {
		if _, ok := i18n.Find(lang); !ok {
			return apperr.Invalidf("description", "error.language", "code", lang)
		}
		if body, err = textField("description_"+lang, body, 5000); err != nil {
			return err
		}
		if body != "" {
			desc[lang] = body
		}
	}
	v.Descriptions = desc
	return nil
}

// SaveVenue creates or updates a venue. Members may add venues for their
// organisation; staff may add any.
func (s *Service) SaveVenue(ctx context.Context, who actor.Actor, v Venue) (Venue, error) {
	if !who.SignedIn() {
		return Venue{}, apperr.New(apperr.Unauthorized, "", "error.unauthorized")
	}
	if err := s.validateVenue(&v); err != nil {
		return Venue{}, err
	}
	if v.OrganisationID == "" && !who.IsStaff() || v.OrganisationID != "" && !who.CanEditOrg(v.OrganisationID) {
		return Venue{}, apperr.New(apperr.Forbidden, "", "error.forbidden")
	}
	now := s.Now().UTC()
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		action := "venue.update"
		var org any
		if v.OrganisationID != "" {
			org = v.OrganisationID
		}
		if v.ID == "" {
			action = "venue.create"
			v.ID, v.CreatedAt = db.NewID(), now
			v.UpdatedAt = now
			if _, err := tx.Exec(ctx, `INSERT INTO venues (id, organisation_id, name, sort_name, address, municipality_code, lat, lon, opening_hours, accessibility, is_meeting_place, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.ID, org, v.Name, strings.ToLower(v.Name), v.Address, v.Municipality, v.Lat, v.Lon,
				v.OpeningHours, strings.Join(v.Accessibility, ","), v.MeetingPlace, now, now); err != nil {
				return apperr.Wrap(err, "insert venue")
			}
		} else {
			old, err := loadVenue(ctx, tx, v.ID)
			if err != nil {
				return err
			}
			if old.OrganisationID == "" && !who.IsStaff() || old.OrganisationID != "" && !who.CanEditOrg(old.OrganisationID) {
				return apperr.New(apperr.Forbidden, "", "error.forbidden")
			}
			v.CreatedAt, v.UpdatedAt = old.CreatedAt, now
			if _, err := tx.Exec(ctx, `UPDATE venues SET organisation_id = ?, name = ?, sort_name = ?, address = ?, municipality_code = ?, lat = ?, lon = ?,
				opening_hours = ?, accessibility = ?, is_meeting_place = ?, updated_at = ? WHERE id = ?`, org, v.Name, strings.ToLower(v.Name), v.Address,
				v.Municipality, v.Lat, v.Lon, v.OpeningHours, strings.Join(v.Accessibility, ","), v.MeetingPlace, now, v.ID); err != nil {
				return apperr.Wrap(err, "update venue")
			}
			if _, err := tx.Exec(ctx, `UPDATE activities SET municipality_code = ? WHERE venue_id = ?`, v.Municipality, v.ID); err != nil {
				return apperr.Wrap(err, "move activities")
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM venue_descriptions WHERE venue_id = ?`, v.ID); err != nil {
			return apperr.Wrap(err, "venue descriptions")
		}
		for lang, body := range v.Descriptions {
			if _, err := tx.Exec(ctx, `INSERT INTO venue_descriptions (venue_id, lang, body) VALUES (?, ?, ?)`, v.ID, lang, body); err != nil {
				return apperr.Wrap(err, "venue descriptions")
			}
		}
		return audit.Record(ctx, tx, now, who, action, "venue", v.ID, map[string]string{"name": v.Name})
	})
	if err != nil {
		return Venue{}, err
	}
	return s.FindVenueByID(ctx, v.ID)
}

// FindVenueByID returns one venue.
func (s *Service) FindVenueByID(ctx context.Context, id string) (Venue, error) {
	return loadVenue(ctx, s.DB, id)
}

const venueColumns = `id, organisation_id, name, address, municipality_code, lat, lon, opening_hours, accessibility, is_meeting_place, created_at, updated_at`

func scanVenue(row interface{ Scan(...any) error }) (Venue, error) {
	var v Venue
	var org sql.NullString
	var lat, lon sql.NullFloat64
	var access string
	err := row.Scan(&v.ID, &org, &v.Name, &v.Address, &v.Municipality, &lat, &lon, &v.OpeningHours, &access, &v.MeetingPlace, &v.CreatedAt, &v.UpdatedAt)
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
		return Venue{}, apperr.New(apperr.NotFound, "", "error.not_found")
	}
	if err != nil {
		return Venue{}, apperr.Wrap(err, "load venue")
	}
	v.Descriptions = map[string]string{}
	rows, err := q.Query(ctx, `SELECT lang, body FROM venue_descriptions WHERE venue_id = ?`, id)
	if err != nil {
		return Venue{}, apperr.Wrap(err, "venue descriptions")
	}
	defer rows.Close()
	for rows.Next() {
		var l, b string
		if err := rows.Scan(&l, &b); err != nil {
			return Venue{}, apperr.Wrap(err, "venue descriptions")
		}
		v.Descriptions[l] = b
	}
	return v, apperr.Wrap(rows.Err(), "venue descriptions")
}

// FindVenues lists venues, optionally in one municipality or county.
func (s *Service) FindVenues(ctx context.Context, municipalityCode, county string) ([]Venue, error) {
	q := `SELECT ` + venueColumns + ` FROM venues WHERE 1=1`
	var args []any
	if municipalityCode != "" {
		if _, ok := municipality.ByCode(municipalityCode); !ok {
			return nil, apperr.Invalidf("municipality", "error.choice")
		}
		q += ` AND municipality_code = ?`
		args = append(args, municipalityCode)
	}
	if county != "" {
		if _, ok := municipality.CountyByCode(county); !ok {
			return nil, apperr.Invalidf("county", "error.choice")
		}
		q += ` AND municipality_code LIKE ?`
		args = append(args, county+"%")
	}
	rows, err := s.DB.Query(ctx, q+` ORDER BY sort_name, id`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "list venues")
	}
	defer rows.Close()
	out := []Venue{}
	for rows.Next() {
		v, err := scanVenue(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan venue")
		}
		v.Descriptions = map[string]string{}
		out = append(out, v)
	}
	return out, apperr.Wrap(rows.Err(), "list venues")
}

// Placement is an activity held at a venue.
type Placement struct{ ActivityID, VenueID string }

// FindPlacements pages through published activities that have a venue, in
// ID order (HSDS service_at_locations).
func (s *Service) FindPlacements(ctx context.Context, limit, offset int) ([]Placement, int, error) {
	var total int
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM activities WHERE status = 'published' AND venue_id IS NOT NULL`).Scan(&total); err != nil {
		return nil, 0, apperr.Wrap(err, "count placements")
	}
	rows, err := s.DB.Query(ctx, `SELECT id, venue_id FROM activities WHERE status = 'published' AND venue_id IS NOT NULL ORDER BY id LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "placements")
	}
	defer rows.Close()
	var out []Placement
	for rows.Next() {
		var p Placement
		if err := rows.Scan(&p.ActivityID, &p.VenueID); err != nil {
			return nil, 0, apperr.Wrap(err, "placements")
		}
		out = append(out, p)
	}
	return out, total, apperr.Wrap(rows.Err(), "placements")
}
