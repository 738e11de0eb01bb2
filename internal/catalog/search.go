package catalog

import (
	"context"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
)

// Filter selects activities for the catalogue search.
type Filter struct {
	Query          string
	Municipality   string
	County         string
	Theme          string
	TargetGroup    string
	Language       string
	Weekday        *int   // 0 = Sunday
	TimeOfDay      string // morning (before 12), afternoon (12–17), evening (from 17)
	FreeOnly       bool
	ThisWeek       bool
	Near           *Point
	RadiusKm       float64
	VenueID        string
	OrganisationID string
	Sort           string // relevance (default with words), next (default otherwise), distance
	Limit          int
	Page           int // 1-based
}

// Point is a WGS 84 position.
type Point struct{ Lat, Lon float64 }

// Hit is one search result.
type Hit struct {
	Activity
	DistanceKm *float64 `json:"distance_km,omitempty"`
}

// Result is one page of search results.
type Result struct {
	Items []Hit `json:"items"`
	Total int   `json:"total"`
	Page  int   `json:"page"`
	Pages int   `json:"pages"`
}

// terms turns a query into folded words of letters and digits only, so no
// user input reaches FTS5 or tsquery syntax.
func terms(q string) []string {
	var out []string
	for _, w := range strings.Fields(Fold(q)) {
		w = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, w)
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

type candidate struct {
	id       string
	order    int
	schedule Schedule
	lat, lon *float64
	next     time.Time
	hasNext  bool
	distance float64
}

func haversineKm(a, b Point) float64 {
	const r = 6371.0
	la1, la2 := a.Lat*math.Pi/180, b.Lat*math.Pi/180
	dla, dlo := la2-la1, (b.Lon-a.Lon)*math.Pi/180
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// FindActivities searches published activities. The database narrows by
// words and the plain filters; recurrence-dependent conditions ("this week")
// and the order by next occurrence or distance are computed here, exactly,
// with the same recurrence rules as the pages and feeds.
func (s *Service) FindActivities(ctx context.Context, f Filter) (Result, error) {
	if f.Limit <= 0 {
		f.Limit = 20
	}
	if f.Limit > 100 {
		return Result{}, apperr.Invalidf("limit", "error.limit", "max", 100)
	}
	if f.Page <= 0 {
		f.Page = 1
	}
	words := terms(f.Query)
	switch f.Sort {
	case "":
		f.Sort = "next"
		if len(words) > 0 {
			f.Sort = "relevance"
		}
	case "relevance", "next":
	case "distance":
		if f.Near == nil {
			return Result{}, apperr.Invalidf("sort", "error.sort_needs_point")
		}
	default:
		return Result{}, apperr.Invalidf("sort", "error.choice")
	}
	// Filters that are also facet tokens in the index join the word query.
	var facetTerms []string
	if len(words) > 0 {
		if f.Municipality != "" {
			facetTerms = append(facetTerms, "zzmun"+f.Municipality)
		} else if f.County != "" {
			facetTerms = append(facetTerms, "zzcty"+f.County)
		}
		if f.Language != "" {
			facetTerms = append(facetTerms, "zzlang"+strings.Join(terms(f.Language), "")+"9")
		}
		if f.Theme != "" {
			facetTerms = append(facetTerms, "zztheme"+strings.ReplaceAll(f.Theme, "_", "")+"9")
		}
		if f.TargetGroup != "" {
			facetTerms = append(facetTerms, "zztarget"+strings.ReplaceAll(f.TargetGroup, "_", "")+"9")
		}
	}
	from := `activities a LEFT JOIN venues v ON v.id = a.venue_id`
	where := []string{"a.status = 'published'"}
	var args []any
	order := "a.id"
	if len(words) > 0 {
		switch s.DB.Dialect {
		case db.SQLite:
			q := make([]string, len(words))
			for i, w := range words {
				q[i] = `"` + w + `"*`
			}
			for _, t := range facetTerms {
				q = append(q, `"`+t+`"`)
			}
			from += ` JOIN activity_search s ON s.rowid = a.rowid`
			where = append(where, `activity_search MATCH ?`)
			args = append(args, "body : ("+strings.Join(q, " ")+")")
			order = "s.rank, a.id"
		default:
			q := make([]string, len(words))
			for i, w := range words {
				q[i] = w + ":*"
			}
			q = append(q, facetTerms...)
			from += ` JOIN activity_search s ON s.activity_id = a.id`
			where = append(where, `s.vector @@ to_tsquery('swedish', ?)`)
			args = append(args, strings.Join(q, " & "))
			order = "ts_rank(s.vector, to_tsquery('swedish', ?)) DESC, a.id"
		}
	}
	if f.Municipality != "" {
		if _, ok := municipality.ByCode(f.Municipality); !ok {
			return Result{}, apperr.Invalidf("municipality", "error.choice")
		}
		where = append(where, "a.municipality_code = ?")
		args = append(args, f.Municipality)
	}
	if f.County != "" {
		if _, ok := municipality.CountyByCode(f.County); !ok {
			return Result{}, apperr.Invalidf("county", "error.choice")
		}
		where = append(where, "a.municipality_code LIKE ?")
		args = append(args, f.County+"%")
	}
	for _, tag := range []struct {
		kind, value, field string
		allowed            []string
	}{
		{"theme", f.Theme, "theme", Themes}, {"target", f.TargetGroup, "target_group", TargetGroups}, {"lang", f.Language, "language", nil},
	} {
		if tag.value == "" {
			continue
		}
		if tag.allowed != nil && !contains(tag.allowed, tag.value) {
			return Result{}, apperr.Invalidf(tag.field, "error.choice")
		}
		where = append(where, "EXISTS (SELECT 1 FROM activity_tags t WHERE t.activity_id = a.id AND t.kind = ? AND t.value = ?)")
		args = append(args, tag.kind, tag.value)
	}
	if f.Weekday != nil {
		if *f.Weekday < 0 || *f.Weekday > 6 {
			return Result{}, apperr.Invalidf("weekday", "error.choice")
		}
		where = append(where, "a.weekday = ?")
		args = append(args, *f.Weekday)
	}
	switch f.TimeOfDay {
	case "":
	case "morning":
		where = append(where, "a.start_time < '12:00'")
	case "afternoon":
		where = append(where, "a.start_time >= '12:00' AND a.start_time < '17:00'")
	case "evening":
		where = append(where, "a.start_time >= '17:00'")
	default:
		return Result{}, apperr.Invalidf("time_of_day", "error.choice")
	}
	if f.FreeOnly {
		where = append(where, "a.cost_kr = 0")
	}
	if f.VenueID != "" {
		where = append(where, "a.venue_id = ?")
		args = append(args, f.VenueID)
	}
	if f.OrganisationID != "" {
		where = append(where, "(a.organisation_id = ? OR EXISTS (SELECT 1 FROM activity_coorganisers c WHERE c.activity_id = a.id AND c.organisation_id = ?))")
		args = append(args, f.OrganisationID, f.OrganisationID)
	}
	if f.Near != nil {
		if f.RadiusKm <= 0 {
			f.RadiusKm = 10
		}
		if f.RadiusKm > 500 {
			return Result{}, apperr.Invalidf("radius_km", "error.range")
		}
		// A bounding box in SQL; the exact distance is checked below.
		dLat := f.RadiusKm / 111.0
		dLon := f.RadiusKm / (111.0 * math.Cos(f.Near.Lat*math.Pi/180))
		where = append(where, "v.lat BETWEEN ? AND ? AND v.lon BETWEEN ? AND ?")
		args = append(args, f.Near.Lat-dLat, f.Near.Lat+dLat, f.Near.Lon-dLon, f.Near.Lon+dLon)
	}
	if s.DB.Dialect == db.Postgres && len(words) > 0 {
		q := make([]string, len(words))
		for i, w := range words {
			q[i] = w + ":*"
		}
		args = append(args, strings.Join(append(q, facetTerms...), " & "))
	}
	rows, err := s.DB.Query(ctx, `SELECT a.id, a.recurrence, a.starts_on, a.ends_on, a.start_time, a.end_time, v.lat, v.lon FROM `+from+
		` WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order, args...)
	if err != nil {
		return Result{}, apperr.Wrap(err, "search activities")
	}
	var cands []*candidate
	for rows.Next() {
		c := &candidate{order: len(cands)}
		var lat, lon nullFloat
		if err := rows.Scan(&c.id, &c.schedule.Recurrence, &c.schedule.StartsOn, &c.schedule.EndsOn, &c.schedule.StartTime, &c.schedule.EndTime, &lat, &lon); err != nil {
			rows.Close()
			return Result{}, apperr.Wrap(err, "search activities")
		}
		if lat.Valid && lon.Valid {
			c.lat, c.lon = &lat.Float64, &lon.Float64
		}
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Result{}, apperr.Wrap(err, "search activities")
	}
	now := s.Now()
	weekStart, weekEnd := week(now)
	needSchedule := f.ThisWeek || f.Sort == "next"
	if needSchedule {
		if err := s.loadCancellations(ctx, cands); err != nil {
			return Result{}, err
		}
	}
	kept := cands[:0]
	for _, c := range cands {
		if f.Near != nil {
			if c.lat == nil {
				continue
			}
			c.distance = haversineKm(*f.Near, Point{*c.lat, *c.lon})
			if c.distance > f.RadiusKm {
				continue
			}
		}
		if needSchedule {
			if o, ok := c.schedule.Next(now); ok {
				c.next, c.hasNext = o.Start, true
			}
		}
		if f.ThisWeek && len(c.schedule.Between(maxTime(now, weekStart), weekEnd)) == 0 {
			continue
		}
		kept = append(kept, c)
	}
	switch f.Sort {
	case "next":
		sort.SliceStable(kept, func(i, j int) bool {
			a, b := kept[i], kept[j]
			if a.hasNext != b.hasNext {
				return a.hasNext
			}
			if !a.next.Equal(b.next) {
				return a.next.Before(b.next)
			}
			return a.id < b.id
		})
	case "distance":
		sort.SliceStable(kept, func(i, j int) bool {
			if kept[i].distance != kept[j].distance {
				return kept[i].distance < kept[j].distance
			}
			return kept[i].id < kept[j].id
		})
	}
	res := Result{Total: len(kept), Page: f.Page, Pages: (len(kept) + f.Limit - 1) / f.Limit, Items: []Hit{}}
	lo := (f.Page - 1) * f.Limit
	var pageIDs []string
	for i := lo; i < len(kept) && i < lo+f.Limit; i++ {
		pageIDs = append(pageIDs, kept[i].id)
	}
	loaded, err := loadActivities(ctx, s.DB, pageIDs)
	if err != nil {
		return Result{}, err
	}
	for i := lo; i < len(kept) && i < lo+f.Limit; i++ {
		a := loaded[kept[i].id]
		s.derive(&a)
		h := Hit{Activity: a}
		if f.Near != nil {
			d := math.Round(kept[i].distance*10) / 10
			h.DistanceKm = &d
		}
		res.Items = append(res.Items, h)
	}
	return res, nil
}

func (s *Service) loadCancellations(ctx context.Context, cands []*candidate) error {
	byID := map[string]*candidate{}
	for _, c := range cands {
		if c.schedule.Recurrence != Once {
			byID[c.id] = c
		}
	}
	if len(byID) == 0 {
		return nil
	}
	rows, err := s.DB.Query(ctx, `SELECT activity_id, day FROM activity_cancellations`)
	if err != nil {
		return apperr.Wrap(err, "cancellations")
	}
	defer rows.Close()
	for rows.Next() {
		var id, day string
		if err := rows.Scan(&id, &day); err != nil {
			return apperr.Wrap(err, "cancellations")
		}
		if c := byID[id]; c != nil {
			c.schedule.Cancelled = append(c.schedule.Cancelled, day)
		}
	}
	return apperr.Wrap(rows.Err(), "cancellations")
}

// week returns Monday 00:00 and the next Monday 00:00 in Stockholm around t.
func week(t time.Time) (time.Time, time.Time) {
	t = t.In(Stockholm)
	offset := (int(t.Weekday()) + 6) % 7
	start := time.Date(t.Year(), t.Month(), t.Day()-offset, 0, 0, 0, 0, Stockholm)
	return start, start.AddDate(0, 0, 7)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
