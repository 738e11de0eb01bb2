package catalog

import (
	"context"
	"encoding/base64"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/municipality"
)

// Filter selects activities for the catalogue search.
type Filter struct {
	Query        string
	Municipality string
	County       string
	Theme        string
	TargetGroup  string
	Language     string
	Weekday      *int   // 0 = Sunday
	TimeOfDay    string // morning (before 12), afternoon (12–17), evening (from 17)
	FreeOnly     bool
	ThisWeek     bool
	Near         *Point
	RadiusKm     float64
	// Place is the municipality a search is near (place=, by name), when the
	// point came from one; Near is then its inner point.
	Place          string
	VenueID        string
	OrganisationID string
	Sort           string // relevance (default with words), next (default otherwise), distance
	Limit          int
	Page           int // 1-based
	// Window, when set, lists each hit's occurrences in it (calendar views,
	// weekly sheets); at most MaxWindowDays long.
	Window *Window
}

// Window is a span of days [From, To) in Stockholm.
type Window struct{ From, To time.Time }

// MaxWindowDays bounds a window of occurrences.
const MaxWindowDays = 92

// ParseWindow reads from= and to= (YYYY-MM-DD, to exclusive); nil when
// neither is given. Without to, the window is four weeks.
func ParseWindow(q url.Values, maxDays int) (*Window, error) {
	from, to := q.Get("from"), q.Get("to")
	if from == "" && to == "" {
		return nil, nil
	}
	f, err := parseDay("from", from)
	if err != nil {
		return nil, err
	}
	w := &Window{From: f, To: f.AddDate(0, 0, 28)}
	if to != "" {
		if w.To, err = parseDay("to", to); err != nil {
			return nil, err
		}
	}
	if !w.To.After(w.From) || w.To.Sub(w.From) > time.Duration(maxDays)*24*time.Hour+time.Hour {
		return nil, apperr.Invalidf("to", "error.window", "days", maxDays)
	}
	if w.From.Year() < minYear || w.To.Year() > maxYear {
		return nil, apperr.Invalidf("from", "error.range")
	}
	return w, nil
}

// Point is a WGS 84 position.
type Point struct{ Lat, Lon float64 }

// Search orders.
const (
	SortRelevance = "relevance"
	SortNext      = "next"
	SortDistance  = "distance"
)

// Times of day a search can ask for.
var TimesOfDay = []string{"morning", "afternoon", "evening"}

// Bounds of a search.
const (
	DefaultLimit    = 20
	MaxLimit        = 100
	MaxPage         = 1000
	DefaultRadiusKm = 10
	MaxRadiusKm     = 500
	maxQueryRunes   = 300
	maxPlaceRunes   = 100
	maxQueryWords   = 20
)

// Hit is one search result.
type Hit struct {
	Activity
	DistanceKm  *float64     `json:"distance_km,omitempty"`
	Occurrences []Occurrence `json:"occurrences,omitempty"` // in the filter's window
}

// Result is one page of search results.
type Result struct {
	Items      []Hit  `json:"items"`
	Total      int    `json:"total"`
	Page       int    `json:"page"`
	Pages      int    `json:"pages"`
	NextCursor string `json:"next_cursor,omitempty"` // opaque; cursor= for the next page
}

// pageCursor and cursorPage turn a page number into the API's opaque
// cursor and back: one paging model for every list of the API, whatever
// each list pages by underneath.
func pageCursor(page int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("page:" + strconv.Itoa(page)))
}

func cursorPage(c string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(b), "page:"))
	if err != nil || !strings.HasPrefix(string(b), "page:") || n < 1 {
		return 0, false
	}
	return n, true
}

// FilterParams are the query parameters ParseFilter reads.
var FilterParams = []string{"q", "municipality", "county", "theme", "target_group", "language", "weekday", "time_of_day",
	"free", "this_week", "lat", "lon", "place", "radius_km", "venue", "organisation", "sort", "limit", "page", "cursor", "from", "to"}

// OnlyFilterParams returns q without the parameters ParseFilter does not
// read, for pages whose own links carry others (done=, week=).
func OnlyFilterParams(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range FilterParams {
		if v, ok := q[k]; ok {
			out[k] = v
		}
	}
	return out
}

// ParseFilter reads the search filters from a query string: the search page,
// the API, the feeds and the printable sheets all read them here, so they
// filter alike. Every value is checked; a bad one is an invalid-input error
// naming its parameter, and so is a parameter it does not know ("lang" is
// the middleware's), so a typo is not silently a different search.
func ParseFilter(q url.Values) (Filter, error) {
	if err := input.KnownParams(q, FilterParams...); err != nil {
		return Filter{}, err
	}
	for k := range q {
		for _, v := range q[k] {
			if !utf8.ValidString(v) {
				return Filter{}, apperr.Invalidf(k, "error.encoding")
			}
		}
	}
	f := Filter{Query: q.Get("q"), Municipality: q.Get("municipality"), County: q.Get("county"), Theme: q.Get("theme"),
		TargetGroup: q.Get("target_group"), Language: q.Get("language"), TimeOfDay: q.Get("time_of_day"), Sort: q.Get("sort"),
		VenueID: q.Get("venue"), OrganisationID: q.Get("organisation")}
	var err error
	if f.FreeOnly, err = parseBool(q, "free"); err != nil {
		return f, err
	}
	if f.ThisWeek, err = parseBool(q, "this_week"); err != nil {
		return f, err
	}
	if f.Weekday, err = parseInt(q, "weekday"); err != nil {
		return f, err
	}
	for name, dst := range map[string]*int{"limit": &f.Limit, "page": &f.Page} {
		n, err := parseInt(q, name)
		if err != nil {
			return f, err
		}
		if n != nil {
			if *n < 1 {
				return f, apperr.Invalidf(name, "error.range")
			}
			*dst = *n
		}
	}
	if lat, lon := q.Get("lat"), q.Get("lon"); lat != "" || lon != "" {
		la, err1 := strconv.ParseFloat(lat, 64)
		lo, err2 := strconv.ParseFloat(lon, 64)
		if err1 != nil || err2 != nil || la < -90 || la > 90 || lo < -180 || lo > 180 {
			return f, apperr.Invalidf("lat", "error.coordinates")
		}
		f.Near = &Point{Lat: la, Lon: lo}
	}
	if place := strings.TrimSpace(q.Get("place")); place != "" {
		// A place is one way to say where "near" is; a point is the other.
		if f.Near != nil {
			return f, apperr.Invalidf("place", "error.place_or_point")
		}
		if len([]rune(place)) > maxPlaceRunes {
			return f, apperr.Invalidf("place", "error.too_long", "max", maxPlaceRunes)
		}
		m, pt, ok := municipality.Locate(place)
		if !ok {
			return f, apperr.Invalidf("place", "error.place_unknown", "place", place)
		}
		f.Near, f.Place = &Point{Lat: pt.Lat, Lon: pt.Lon}, m.Name
	}
	if r := q.Get("radius_km"); r != "" && f.Near != nil {
		if f.RadiusKm, err = strconv.ParseFloat(r, 64); err != nil || f.RadiusKm <= 0 || math.IsNaN(f.RadiusKm) {
			return f, apperr.Invalidf("radius_km", "error.range")
		}
	}
	if c := q.Get("cursor"); c != "" {
		page, ok := cursorPage(c)
		if !ok {
			return f, apperr.Invalidf("cursor", "error.cursor")
		}
		f.Page = page
	}
	if f.Window, err = ParseWindow(q, MaxWindowDays); err != nil {
		return f, err
	}
	return f, f.check()
}

func parseBool(q url.Values, name string) (bool, error) {
	v := q.Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, apperr.Invalidf(name, "error.bool")
	}
	return b, nil
}

func parseInt(q url.Values, name string) (*int, error) {
	v := q.Get(name)
	if v == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return nil, apperr.Invalidf(name, "error.range")
	}
	return &n, nil
}

// Key is the filter in one canonical string: two filters with the same key
// select and order the same page, however their query strings were written.
// Call it on a checked filter.
func (f Filter) Key() string {
	weekday, near := "", ""
	if f.Weekday != nil {
		weekday = strconv.Itoa(*f.Weekday)
	}
	if f.Near != nil {
		near = strconv.FormatFloat(f.Near.Lat, 'g', -1, 64) + "," + strconv.FormatFloat(f.Near.Lon, 'g', -1, 64) + "," +
			strconv.FormatFloat(f.RadiusKm, 'g', -1, 64)
	}
	return strings.Join([]string{strings.Join(terms(f.Query), " "), f.Municipality, f.County, f.Theme, f.TargetGroup, f.Language, weekday,
		f.TimeOfDay, strconv.FormatBool(f.FreeOnly), strconv.FormatBool(f.ThisWeek), near, f.VenueID, f.OrganisationID, f.Sort,
		strconv.Itoa(f.Limit), strconv.Itoa(f.Page), f.Window.key()}, "\x1f")
}

func (w *Window) key() string {
	if w == nil {
		return ""
	}
	return w.From.Format("2006-01-02") + "/" + w.To.Format("2006-01-02")
}

// check validates the filter and fills its defaults.
func (f *Filter) check() error {
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	if f.Limit > MaxLimit {
		return apperr.Invalidf("limit", "error.limit", "max", MaxLimit)
	}
	if f.Page <= 0 {
		f.Page = 1
	}
	if f.Page > MaxPage {
		return apperr.Invalidf("page", "error.range")
	}
	if len([]rune(f.Query)) > maxQueryRunes {
		return apperr.Invalidf("q", "error.too_long", "max", maxQueryRunes)
	}
	words := len(terms(f.Query))
	if words > maxQueryWords {
		return apperr.Invalidf("q", "error.too_many", "max", maxQueryWords)
	}
	switch f.Sort {
	case "":
		f.Sort = SortNext
		if words > 0 {
			f.Sort = SortRelevance
		}
	case SortRelevance, SortNext:
	case SortDistance:
		if f.Near == nil {
			return apperr.Invalidf("sort", "error.sort_needs_point")
		}
	default:
		return apperr.Invalidf("sort", "error.choice")
	}
	if f.Municipality != "" {
		if _, ok := municipality.ByCode(f.Municipality); !ok {
			return apperr.Invalidf("municipality", "error.choice")
		}
	}
	if f.County != "" {
		if _, ok := municipality.CountyByCode(f.County); !ok {
			return apperr.Invalidf("county", "error.choice")
		}
	}
	if err := input.Choice("theme", f.Theme, Themes, false); err != nil {
		return err
	}
	if err := input.Choice("target_group", f.TargetGroup, TargetGroups, false); err != nil {
		return err
	}
	if f.Language != "" {
		code, err := input.Languages("language", []string{f.Language})
		if err != nil {
			return err
		}
		if len(code) != 1 {
			return apperr.Invalidf("language", "error.language", "code", f.Language)
		}
		f.Language = code[0]
	}
	if f.Weekday != nil && (*f.Weekday < 0 || *f.Weekday > 6) {
		return apperr.Invalidf("weekday", "error.choice")
	}
	if err := input.Choice("time_of_day", f.TimeOfDay, TimesOfDay, false); err != nil {
		return err
	}
	if f.Near != nil {
		if f.RadiusKm <= 0 {
			f.RadiusKm = DefaultRadiusKm
		}
		if f.RadiusKm > MaxRadiusKm {
			return apperr.Invalidf("radius_km", "error.range")
		}
	}
	return nil
}

// terms turns a query into folded words of letters and digits only, without
// repeats, so no user input reaches FTS5 or tsquery syntax.
func terms(q string) []string {
	var out []string
	for _, w := range strings.Fields(Fold(q)) {
		w = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, w)
		if w != "" && !input.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// FindActivities searches published activities. When the order is the
// index's (relevance) and no condition depends on the recurrence, the
// database counts and pages. Otherwise the database narrows by words and
// the plain filters, and "this week", distance and the order by next
// occurrence are computed here, exactly, with the same recurrence rules as
// the pages and feeds.
func (s *Service) FindActivities(ctx context.Context, f Filter) (Result, error) {
	if err := f.check(); err != nil {
		return Result{}, err
	}
	q := buildQuery(s.DB.Dialect, f)
	var ids []string
	var distances map[string]float64
	var total int
	var err error
	if f.Sort == SortRelevance && !f.ThisWeek && f.Near == nil {
		ids, total, err = q.page(ctx, s.DB, f.Limit, (f.Page-1)*f.Limit)
	} else {
		ids, distances, total, err = s.computed(ctx, q, f)
	}
	if err != nil {
		return Result{}, err
	}
	loaded, err := loadActivities(ctx, s.DB, ids)
	if err != nil {
		return Result{}, err
	}
	res := Result{Total: total, Page: f.Page, Pages: (total + f.Limit - 1) / f.Limit, Items: []Hit{}}
	if res.Page < res.Pages {
		res.NextCursor = pageCursor(res.Page + 1)
	}
	for _, id := range ids {
		a := *loaded[id]
		s.derive(&a)
		h := Hit{Activity: a}
		if d, ok := distances[id]; ok {
			d = math.Round(d*10) / 10
			h.DistanceKm = &d
		}
		if f.Window != nil {
			h.Occurrences = a.Schedule.Between(f.Window.From, f.Window.To)
			if h.Occurrences == nil {
				h.Occurrences = []Occurrence{}
			}
		}
		res.Items = append(res.Items, h)
	}
	return res, nil
}

type candidate struct {
	id       string
	schedule Schedule
	next     time.Time
	hasNext  bool
	distance float64
}

// computed finds every candidate, keeps those the recurrence and distance
// allow, orders them and returns one page.
func (s *Service) computed(ctx context.Context, q query, f Filter) ([]string, map[string]float64, int, error) {
	cands, err := q.candidates(ctx, s.DB, f.Near)
	if err != nil {
		return nil, nil, 0, err
	}
	needSchedule := f.ThisWeek || f.Sort == SortNext
	if needSchedule {
		if err := q.cancellations(ctx, s.DB, cands); err != nil {
			return nil, nil, 0, err
		}
	}
	now := s.Now()
	weekStart, weekEnd := week(now)
	kept := cands[:0]
	for _, c := range cands {
		if f.Near != nil && c.distance > f.RadiusKm {
			continue
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
	sortCandidates(kept, f.Sort)
	lo := min((f.Page-1)*f.Limit, len(kept))
	page := kept[lo:min(lo+f.Limit, len(kept))]
	ids := make([]string, len(page))
	distances := map[string]float64{}
	for i, c := range page {
		ids[i] = c.id
		if f.Near != nil {
			distances[c.id] = c.distance
		}
	}
	return ids, distances, len(kept), nil
}

// sortCandidates orders by next occurrence or distance; relevance keeps the
// database's order. Ties go by ID so pages are stable.
func sortCandidates(c []*candidate, order string) {
	switch order {
	case SortNext:
		sort.SliceStable(c, func(i, j int) bool {
			a, b := c[i], c[j]
			if a.hasNext != b.hasNext {
				return a.hasNext
			}
			if !a.next.Equal(b.next) {
				return a.next.Before(b.next)
			}
			return a.id < b.id
		})
	case SortDistance:
		sort.SliceStable(c, func(i, j int) bool {
			if c[i].distance != c[j].distance {
				return c[i].distance < c[j].distance
			}
			return c[i].id < c[j].id
		})
	}
}

func haversineKm(a, b Point) float64 {
	const r = 6371.0
	la1, la2 := a.Lat*math.Pi/180, b.Lat*math.Pi/180
	dla, dlo := la2-la1, (b.Lon-a.Lon)*math.Pi/180
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * r * math.Asin(math.Sqrt(h))
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
