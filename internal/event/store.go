package event

import (
	"context"
	"database/sql"
	"encoding/base64"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
)

// insert writes a new event row and its child rows.
func insert(ctx context.Context, tx *db.Tx, e Event) error {
	_, err := tx.Exec(ctx, `INSERT INTO events (id, series_id, venue_id, online_url, municipality_code, starts_at, ends_at, status, capacity,
		registration_opens_at, registration_closes_at, price_kr, binding, substitute_allowed, transfer_allowed, cancel_deadline, late_fee_kr,
		travel_min_km, travel_deadline, travel_sectors, travel_carpool, commissioned_by, contact, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, db.NullIfEmpty(e.SeriesID), db.NullIfEmpty(e.VenueID), e.OnlineURL, e.Municipality, e.StartsAt.UTC(), e.EndsAt.UTC(), e.Status, e.Capacity,
		utc(e.RegistrationOpensAt), utc(e.RegistrationClosesAt), e.PriceKr, e.Rules.Binding, e.Rules.SubstituteAllowed, e.Rules.TransferAllowed,
		utc(e.Rules.CancelDeadline), e.Rules.LateFeeKr, e.Rules.TravelMinKm, utc(e.Rules.TravelDeadline), strings.Join(e.Rules.TravelSectors, ","),
		e.Rules.TravelCarpool, e.CommissionedBy, e.Contact, e.CreatedAt, e.UpdatedAt)
	if err != nil {
		return apperr.Wrap(err, "insert event")
	}
	return writeChildren(ctx, tx, e)
}

// update changes the row in place and replaces its own child rows, so the
// registrations, sessions and harvest that will reference an event stay.
func update(ctx context.Context, tx *db.Tx, e Event) error {
	_, err := tx.Exec(ctx, `UPDATE events SET series_id = ?, venue_id = ?, online_url = ?, municipality_code = ?, starts_at = ?, ends_at = ?,
		status = ?, capacity = ?, registration_opens_at = ?, registration_closes_at = ?, price_kr = ?, binding = ?, substitute_allowed = ?,
		transfer_allowed = ?, cancel_deadline = ?, late_fee_kr = ?, travel_min_km = ?, travel_deadline = ?, travel_sectors = ?, travel_carpool = ?,
		commissioned_by = ?, contact = ?, updated_at = ? WHERE id = ?`,
		db.NullIfEmpty(e.SeriesID), db.NullIfEmpty(e.VenueID), e.OnlineURL, e.Municipality, e.StartsAt.UTC(), e.EndsAt.UTC(), e.Status, e.Capacity,
		utc(e.RegistrationOpensAt), utc(e.RegistrationClosesAt), e.PriceKr, e.Rules.Binding, e.Rules.SubstituteAllowed, e.Rules.TransferAllowed,
		utc(e.Rules.CancelDeadline), e.Rules.LateFeeKr, e.Rules.TravelMinKm, utc(e.Rules.TravelDeadline), strings.Join(e.Rules.TravelSectors, ","),
		e.Rules.TravelCarpool, e.CommissionedBy, e.Contact, e.UpdatedAt, e.ID)
	if err != nil {
		return apperr.Wrap(err, "update event")
	}
	return writeChildren(ctx, tx, e)
}

func utc(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func writeChildren(ctx context.Context, tx *db.Tx, e Event) error {
	for _, t := range []string{"event_organisers", "event_texts"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE event_id = ?`, e.ID); err != nil {
			return apperr.Wrap(err, "clear %s", t)
		}
	}
	for _, o := range e.Organisers {
		if _, err := tx.Exec(ctx, `INSERT INTO event_organisers (event_id, organisation_id) VALUES (?, ?)`, e.ID, o); err != nil {
			return apperr.Wrap(err, "event organiser")
		}
	}
	for lang, t := range e.Texts {
		if _, err := tx.Exec(ctx, `INSERT INTO event_texts (event_id, lang, title, summary, description, audience, included, privacy) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, lang, t.Title, t.Summary, t.Description, t.Audience, t.Included, t.Privacy); err != nil {
			return apperr.Wrap(err, "event text")
		}
	}
	return writeQuestions(ctx, tx, e)
}

const columns = `e.id, e.series_id, e.venue_id, e.online_url, e.municipality_code, e.starts_at, e.ends_at, e.status, e.capacity,
	e.registration_opens_at, e.registration_closes_at, e.price_kr, e.binding, e.substitute_allowed, e.transfer_allowed, e.cancel_deadline,
	e.late_fee_kr, e.travel_min_km, e.travel_deadline, e.travel_sectors, e.travel_carpool, e.commissioned_by, e.contact, e.created_at, e.updated_at`

const from = `events e`

func scan(row db.Scanner) (*Event, error) {
	e := &Event{Texts: map[string]Text{}, Organisers: []string{}, OrganiserNames: []string{}, Questions: []Question{}}
	var sectors string
	var series, venue sql.NullString
	var capacity, travel sql.NullInt64
	var opens, closes, cancel, travelBy sql.NullTime
	err := row.Scan(&e.ID, &series, &venue, &e.OnlineURL, &e.Municipality, &e.StartsAt, &e.EndsAt, &e.Status, &capacity,
		&opens, &closes, &e.PriceKr, &e.Rules.Binding, &e.Rules.SubstituteAllowed, &e.Rules.TransferAllowed, &cancel,
		&e.Rules.LateFeeKr, &travel, &travelBy, &sectors, &e.Rules.TravelCarpool, &e.CommissionedBy, &e.Contact, &e.CreatedAt, &e.UpdatedAt)
	e.SeriesID, e.VenueID = series.String, venue.String
	e.Rules.TravelSectors = strings.FieldsFunc(sectors, func(r rune) bool { return r == ',' })
	if e.Rules.TravelSectors == nil {
		e.Rules.TravelSectors = []string{}
	}
	e.Capacity, e.Rules.TravelMinKm = db.IntPtr(capacity), db.IntPtr(travel)
	e.RegistrationOpensAt, e.RegistrationClosesAt = timePtr(opens), timePtr(closes)
	e.Rules.CancelDeadline, e.Rules.TravelDeadline = timePtr(cancel), timePtr(travelBy)
	e.StartsAt, e.EndsAt = e.StartsAt.In(Stockholm), e.EndsAt.In(Stockholm)
	if m, ok := municipality.ByCode(e.Municipality); ok {
		e.MunicipalityName = m.Name
	}
	return e, err
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.In(Stockholm)
	return &v
}

// load reads events with their organisers, texts and questions in six queries,
// however many there are; order is kept.
func load(ctx context.Context, q db.Querier, where string, args []any, tail string) ([]*Event, error) {
	list, err := db.Collect(ctx, q, `SELECT `+columns+` FROM `+from+` WHERE `+where+` `+tail, args, scan)
	if err != nil {
		return nil, apperr.Wrap(err, "load events")
	}
	if len(list) == 0 {
		return list, nil
	}
	byID := map[string]*Event{}
	ids := make([]string, len(list))
	var venueIDs []string
	for i, e := range list {
		byID[e.ID], ids[i] = e, e.ID
		if e.VenueID != "" {
			venueIDs = append(venueIDs, e.VenueID)
		}
	}
	venues, err := catalog.VenueRefsTx(ctx, q, venueIDs)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		e.VenueName = venues[e.VenueID].Name
	}
	in, idArgs := db.In(ids)
	orgIDs := map[string]bool{}
	err = db.Each(ctx, q, `SELECT event_id, organisation_id FROM event_organisers WHERE event_id IN (`+in+`)`, idArgs, func(row db.Scanner) error {
		var id, o string
		if err := row.Scan(&id, &o); err != nil {
			return err
		}
		byID[id].Organisers = append(byID[id].Organisers, o)
		orgIDs[o] = true
		return nil
	})
	if err == nil {
		err = db.Each(ctx, q, `SELECT event_id, lang, title, summary, description, audience, included, privacy FROM event_texts WHERE event_id IN (`+in+`)`, idArgs,
			func(row db.Scanner) error {
				var id, l string
				var t Text
				if err := row.Scan(&id, &l, &t.Title, &t.Summary, &t.Description, &t.Audience, &t.Included, &t.Privacy); err != nil {
					return err
				}
				byID[id].Texts[l] = t
				return nil
			})
	}
	if err != nil {
		return nil, apperr.Wrap(err, "load events")
	}
	qs, err := loadQuestions(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	for id, l := range qs {
		byID[id].Questions = l
	}
	var oids []string
	for o := range orgIDs {
		oids = append(oids, o)
	}
	names, err := org.NamesTx(ctx, q, oids)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		org.SortNames(e.Organisers, names)
		for _, o := range e.Organisers {
			e.OrganiserNames = append(e.OrganiserNames, names[o])
		}
	}
	return list, nil
}

// loadEditable loads an event for a change or a protected read by who:
// its organisers' members and staff only.
func loadEditable(ctx context.Context, q db.Querier, who actor.Actor, id string) (Event, error) {
	e, err := loadOne(ctx, q, id)
	if err == nil && !e.CanEdit(who) {
		err = apperr.ErrForbidden()
	}
	return e, err
}

func loadOne(ctx context.Context, q db.Querier, id string) (Event, error) {
	list, err := load(ctx, q, "e.id = ?", []any{id}, "")
	if err != nil {
		return Event{}, err
	}
	if len(list) == 0 {
		return Event{}, apperr.ErrNotFound()
	}
	return *list[0], nil
}

// cursor encodes the last (start, id) of a page.
func encodeCursor(e Event) string {
	return base64.RawURLEncoding.EncodeToString([]byte(e.StartsAt.UTC().Format(time.RFC3339Nano) + "|" + e.ID))
}

func decodeCursor(c string) (time.Time, string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return time.Time{}, "", false
	}
	at, id, ok := strings.Cut(string(b), "|")
	t, err := time.Parse(time.RFC3339Nano, at)
	return t, id, ok && err == nil
}
