package catalog

import (
	"context"
	"database/sql"
	"math"
	"strings"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
)

// query is a search's FROM and WHERE, built once from a filter and used for
// counting, paging, candidates and their cancelled dates alike. The one
// difference between the engines — the full-text match and its rank — is
// the switch in match.
type query struct {
	from     string
	where    []string
	args     []any
	rank     string // ORDER BY for relevance
	rankArgs []any
}

func (q *query) add(cond string, args ...any) {
	q.where = append(q.where, cond)
	q.args = append(q.args, args...)
}

func (q query) cond() string { return strings.Join(q.where, " AND ") }

func buildQuery(d db.Dialect, f Filter) query {
	q := query{from: `activities a LEFT JOIN venues v ON v.id = a.venue_id`, rank: "a.id"}
	q.add("a.status = ?", Published)
	q.add("a.review = ''")
	if words := terms(f.Query); len(words) > 0 {
		q.match(d, words, facetTerms(f))
	}
	if f.Municipality != "" {
		q.add("a.municipality_code = ?", f.Municipality)
	}
	if f.County != "" {
		q.add("a.municipality_code LIKE ?", f.County+"%")
	}
	for _, tag := range []struct{ kind, value string }{{tagTheme, f.Theme}, {tagTarget, f.TargetGroup}, {tagLang, f.Language}} {
		if tag.value != "" {
			q.add("EXISTS (SELECT 1 FROM activity_tags t WHERE t.activity_id = a.id AND t.kind = ? AND t.value = ?)", tag.kind, tag.value)
		}
	}
	if f.Weekday != nil {
		// Any of the activity's days: Tuesday finds the Tuesday-and-Thursday table tennis.
		q.add("EXISTS (SELECT 1 FROM activity_weekdays w WHERE w.activity_id = a.id AND w.weekday = ?)", *f.Weekday)
	}
	switch f.TimeOfDay {
	case "morning":
		q.add("a.start_time < '12:00'")
	case "afternoon":
		q.add("a.start_time >= '12:00' AND a.start_time < '17:00'")
	case "evening":
		q.add("a.start_time >= '17:00'")
	}
	if f.FreeOnly {
		q.add("a.cost_kr = 0")
	}
	if f.VenueID != "" {
		q.add("a.venue_id = ?", f.VenueID)
	}
	if f.OrganisationID != "" {
		q.add("(a.organisation_id = ? OR EXISTS (SELECT 1 FROM activity_coorganisers c WHERE c.activity_id = a.id AND c.organisation_id = ?))",
			f.OrganisationID, f.OrganisationID)
	}
	if f.Near != nil {
		// A bounding box in SQL; the exact distance is computed on the candidates.
		dLat := f.RadiusKm / 111.0
		dLon := f.RadiusKm / (111.0 * math.Cos(f.Near.Lat*math.Pi/180))
		q.add("v.lat BETWEEN ? AND ? AND v.lon BETWEEN ? AND ?", f.Near.Lat-dLat, f.Near.Lat+dLat, f.Near.Lon-dLon, f.Near.Lon+dLon)
	}
	return q
}

// facetTerms are the filters that are also tokens in the index (see
// facets), so the full-text match intersects them itself.
func facetTerms(f Filter) []string {
	var out []string
	if f.Municipality != "" {
		out = append(out, facetMunicipality(f.Municipality))
	} else if f.County != "" {
		out = append(out, facetCounty(f.County))
	}
	if f.Language != "" {
		out = append(out, facetLanguage(f.Language))
	}
	if f.Theme != "" {
		out = append(out, facetTheme(f.Theme))
	}
	if f.TargetGroup != "" {
		out = append(out, facetTarget(f.TargetGroup))
	}
	return out
}

// match adds the full-text condition: every word as a prefix, every facet
// whole. Words are letters and digits only (terms), so they cannot carry
// FTS5 or tsquery syntax.
func (q *query) match(d db.Dialect, words, facets []string) {
	switch d {
	case db.SQLite:
		parts := make([]string, 0, len(words)+len(facets))
		for _, w := range words {
			parts = append(parts, `"`+w+`"*`)
		}
		for _, t := range facets {
			parts = append(parts, `"`+t+`"`)
		}
		q.from += ` JOIN activity_search s ON s.rowid = a.rowid`
		q.add(`activity_search MATCH ?`, "body : ("+strings.Join(parts, " ")+")")
		q.rank = "s.rank, a.id"
	default:
		parts := make([]string, 0, len(words)+len(facets))
		for _, w := range words {
			parts = append(parts, w+":*")
		}
		tsq := strings.Join(append(parts, facets...), " & ")
		q.from += ` JOIN activity_search s ON s.activity_id = a.id`
		q.add(`s.vector @@ to_tsquery('swedish', ?)`, tsq)
		q.rank = "ts_rank(s.vector, to_tsquery('swedish', ?)) DESC, a.id"
		q.rankArgs = []any{tsq}
	}
}

// page counts the matches and returns one page of IDs in relevance order.
func (q query) page(ctx context.Context, d *db.DB, limit, offset int) ([]string, int, error) {
	var total int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM `+q.from+` WHERE `+q.cond(), q.args...).Scan(&total); err != nil {
		return nil, 0, apperr.Wrap(err, "count activities")
	}
	args := append(append(append([]any{}, q.args...), q.rankArgs...), limit, offset)
	ids, err := db.Strings(ctx, d, `SELECT a.id FROM `+q.from+` WHERE `+q.cond()+` ORDER BY `+q.rank+` LIMIT ? OFFSET ?`, args...)
	return ids, total, apperr.Wrap(err, "search activities")
}

// candidates returns every match with what ordering and filtering by
// recurrence and distance need, in relevance order.
func (q query) candidates(ctx context.Context, d *db.DB, near *Point) ([]*candidate, error) {
	args := append(append([]any{}, q.args...), q.rankArgs...)
	out, err := db.Collect(ctx, d, `SELECT a.id, a.recurrence, a.starts_on, a.ends_on, a.start_time, a.end_time, v.lat, v.lon FROM `+q.from+
		` WHERE `+q.cond()+` ORDER BY `+q.rank, args, func(row db.Scanner) (*candidate, error) {
		c := &candidate{}
		var lat, lon sql.NullFloat64
		err := row.Scan(&c.id, &c.schedule.Recurrence, &c.schedule.StartsOn, &c.schedule.EndsOn, &c.schedule.StartTime, &c.schedule.EndTime, &lat, &lon)
		if near != nil {
			c.distance = math.Inf(1)
			if lat.Valid && lon.Valid {
				c.distance = haversineKm(*near, Point{lat.Float64, lon.Float64})
			}
		}
		return c, err
	})
	return out, apperr.Wrap(err, "search activities")
}

// cancellations fills the candidates' weekdays and cancelled dates with one
// query each over the same matches, not over the whole table.
func (q query) cancellations(ctx context.Context, d *db.DB, cands []*candidate) error {
	byID := make(map[string]*candidate, len(cands))
	for _, c := range cands {
		byID[c.id] = c
	}
	if len(byID) == 0 {
		return nil
	}
	err := db.Each(ctx, d, `SELECT x.activity_id, x.weekday FROM activity_weekdays x JOIN (SELECT a.id FROM `+q.from+` WHERE `+q.cond()+
		`) m ON m.id = x.activity_id`, q.args, func(row db.Scanner) error {
		var id string
		var day int
		if err := row.Scan(&id, &day); err != nil {
			return err
		}
		if c := byID[id]; c != nil {
			c.schedule.Weekdays = append(c.schedule.Weekdays, day)
		}
		return nil
	})
	if err != nil {
		return apperr.Wrap(err, "weekdays")
	}
	for _, c := range cands {
		c.schedule.Weekdays = mondayFirst(c.schedule.Weekdays)
	}
	err = db.Each(ctx, d, `SELECT x.activity_id, x.day FROM activity_cancellations x JOIN (SELECT a.id FROM `+q.from+` WHERE `+q.cond()+
		`) m ON m.id = x.activity_id ORDER BY x.activity_id, x.day`, q.args, func(row db.Scanner) error {
		var id, day string
		if err := row.Scan(&id, &day); err != nil {
			return err
		}
		if c := byID[id]; c != nil {
			c.schedule.Cancelled = append(c.schedule.Cancelled, day)
		}
		return nil
	})
	return apperr.Wrap(err, "cancellations")
}
