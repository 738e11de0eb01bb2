package event

import (
	"context"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
)

// Titles returns the Swedish titles of the events with the given IDs, and
// the titles of the series among them, for the audit log; unknown IDs are
// absent.
func (s *Service) Titles(ctx context.Context, ids []string) (map[string]string, error) {
	m, err := db.NamesByID(ctx, s.DB, `SELECT event_id, title FROM event_texts WHERE lang = 'sv' AND event_id IN (%s)`, ids)
	if err != nil {
		return nil, apperr.Wrap(err, "event titles")
	}
	series, err := db.NamesByID(ctx, s.DB, `SELECT id, title FROM event_series WHERE id IN (%s)`, ids)
	for id, t := range series {
		m[id] = t
	}
	return m, apperr.Wrap(err, "event series titles")
}
