package event

import (
	"context"
	"strings"

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
