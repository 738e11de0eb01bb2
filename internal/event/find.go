package event

import (
	"context"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/apperr"
)

// FindEventByID returns one event; callers showing it check Visible.
func (s *Service) FindEventByID(ctx context.Context, id string) (Event, error) {
	return loadOne(ctx, s.DB, id)
}

// FindEvents lists events that are not drafts, by start time, with keyset
// paging on (start, id) so pages stay stable while events are added.
func (s *Service) FindEvents(ctx context.Context, f Filter) (Page, error) {
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = DefaultLimit
	}
	where := []string{"e.status <> ?"}
	args := []any{Draft}
	if f.Upcoming {
		where = append(where, "e.ends_at >= ?")
		args = append(args, s.Now().UTC())
	}
	if f.Past {
		where = append(where, "e.ends_at < ?")
		args = append(args, s.Now().UTC())
	}
	if f.SeriesID != "" {
		where = append(where, "e.series_id = ?")
		args = append(args, f.SeriesID)
	}
	if f.OrganisationID != "" {
		where = append(where, "EXISTS (SELECT 1 FROM event_organisers o WHERE o.event_id = e.id AND o.organisation_id = ?)")
		args = append(args, f.OrganisationID)
	}
	if f.Municipality != "" {
		where = append(where, "e.municipality_code = ?")
		args = append(args, f.Municipality)
	}
	if f.Cursor != "" {
		at, id, ok := decodeCursor(f.Cursor)
		if !ok {
			return Page{}, apperr.Invalidf("cursor", "error.cursor")
		}
		where = append(where, "(e.starts_at > ? OR (e.starts_at = ? AND e.id > ?))")
		args = append(args, at, at, id)
	}
	list, err := load(ctx, s.DB, strings.Join(where, " AND "), append(args, f.Limit+1), "ORDER BY e.starts_at, e.id LIMIT ?")
	if err != nil {
		return Page{}, err
	}
	page := Page{Items: []Event{}}
	for i, e := range list {
		if i == f.Limit {
			page.NextCursor = encodeCursor(page.Items[f.Limit-1])
			break
		}
		page.Items = append(page.Items, *e)
	}
	return page, nil
}

// Seats are an event's places as the public page shows them. Walk-ins are
// not in Taken: they never held a seat.
type Seats struct {
	Capacity *int
	Taken    int
	Waiting  int
}

// Left is the free seats (0 when full); only meaningful with a capacity.
func (s Seats) Left() int {
	if s.Capacity == nil || *s.Capacity <= s.Taken {
		return 0
	}
	return *s.Capacity - s.Taken
}

// FindSeats counts an event's seats taken and the waiting list.
func (s *Service) FindSeats(ctx context.Context, e Event) (Seats, error) {
	out := Seats{Capacity: e.Capacity}
	err := s.DB.QueryRow(ctx, `SELECT confirmed_count, (SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = ?) FROM events WHERE id = ?`,
		e.ID, Waitlisted, e.ID).Scan(&out.Taken, &out.Waiting)
	return out, apperr.Wrap(err, "seats")
}

// Open reports whether the event takes registrations at now.
func (e Event) Open(now time.Time) bool {
	return e.Status == Published && (e.RegistrationOpensAt == nil || !now.Before(*e.RegistrationOpensAt)) &&
		(e.RegistrationClosesAt == nil || !now.After(*e.RegistrationClosesAt)) && now.Before(e.EndsAt)
}
