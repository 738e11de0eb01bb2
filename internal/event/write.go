package event

import (
	"context"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/org"
)

// CreateEvent creates an event (a draft unless another status is given).
// Staff may organise for any organisation; a member names only
// organisations they may edit.
func (s *Service) CreateEvent(ctx context.Context, who actor.Actor, f Fields) (Event, error) {
	if !who.SignedIn() {
		return Event{}, apperr.ErrUnauthorized()
	}
	e := Event{Texts: map[string]Text{}, Organisers: []string{}}
	if err := f.apply(&e); err != nil {
		return Event{}, err
	}
	now := s.Now().UTC()
	e.ID, e.CreatedAt, e.UpdatedAt = db.NewID(), now, now
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := checkReferences(ctx, tx, who, nil, &e); err != nil {
			return err
		}
		if err := insert(ctx, tx, e); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, who, "event.create", "event", e.ID, map[string]string{"title": e.Texts["sv"].Title, "status": e.Status})
	})
	if err != nil {
		return Event{}, err
	}
	return s.FindEventByID(ctx, e.ID)
}

// UpdateEvent changes an event; its organisers' members and staff may.
func (s *Service) UpdateEvent(ctx context.Context, who actor.Actor, id string, f Fields) (Event, error) {
	if !who.SignedIn() {
		return Event{}, apperr.ErrUnauthorized()
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := loadOne(ctx, tx, id)
		if err != nil {
			return err
		}
		if !old.CanEdit(who) {
			return apperr.ErrForbidden()
		}
		e := old
		e.Organisers = append([]string{}, old.Organisers...)
		e.Texts = map[string]Text{}
		for l, t := range old.Texts {
			e.Texts[l] = t
		}
		if err := f.apply(&e); err != nil {
			return err
		}
		if err := checkReferences(ctx, tx, who, &old, &e); err != nil {
			return err
		}
		e.UpdatedAt = s.Now().UTC()
		if err := update(ctx, tx, e); err != nil {
			return err
		}
		changes := map[string]string{"title": e.Texts["sv"].Title, "status": e.Status}
		if !e.StartsAt.Equal(old.StartsAt) || !e.EndsAt.Equal(old.EndsAt) {
			changes["time"] = e.StartsAt.Format("2006-01-02 15:04") + "–" + e.EndsAt.Format("15:04")
		}
		return audit.Record(ctx, tx, e.UpdatedAt, who, "event.update", "event", id, changes)
	})
	if err != nil {
		return Event{}, err
	}
	return s.FindEventByID(ctx, id)
}

// checkReferences checks, in the write's transaction, that the organisers,
// venue and series exist, and that who may name each organiser newly
// named (an event shows in its organisers' lists).
func checkReferences(ctx context.Context, tx *db.Tx, who actor.Actor, old, e *Event) error {
	names, err := org.NamesTx(ctx, tx, e.Organisers)
	if err != nil {
		return err
	}
	for _, o := range e.Organisers {
		if _, ok := names[o]; !ok {
			return apperr.Invalidf("organisers", "error.not_found")
		}
		kept := old != nil && input.Contains(old.Organisers, o)
		if !kept && !who.IsStaff() && !who.CanEditOrg(o) {
			return apperr.New(apperr.Forbidden, "organisers", "error.coorganiser_consent", "name", names[o])
		}
	}
	if e.VenueID != "" {
		venues, err := catalog.VenueRefsTx(ctx, tx, []string{e.VenueID})
		if err != nil {
			return err
		}
		v, ok := venues[e.VenueID]
		if !ok {
			return apperr.Invalidf("venue_id", "error.not_found")
		}
		e.Municipality, e.VenueName = v.Municipality, v.Name
	}
	if e.SeriesID != "" {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM event_series WHERE id = ?`, e.SeriesID).Scan(&n); err != nil {
			return apperr.Wrap(err, "series")
		}
		if n == 0 {
			return apperr.Invalidf("series_id", "error.not_found")
		}
	}
	return nil
}

// CreateSeries starts a series of events; staff only.
func (s *Service) CreateSeries(ctx context.Context, who actor.Actor, title string) (string, error) {
	if !who.IsStaff() {
		return "", apperr.ErrForbidden()
	}
	id := db.NewID()
	now := s.Now().UTC()
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO event_series (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)`, id, title, now, now); err != nil {
			return apperr.Wrap(err, "series")
		}
		return audit.Record(ctx, tx, now, who, "event_series.create", "event_series", id, map[string]string{"title": title})
	})
	return id, err
}
