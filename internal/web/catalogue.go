package web

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/request"
)

type activitySearch struct {
	Q              url.Values
	Result         catalog.Result
	PrevURL        string
	NextURL        string
	FeedURL        string
	PrintURL       string
	TileURL        string
	Points         template.JS // JSON for the map
	Counties       []municipality.County
	Municipalities []municipality.Municipality // of the chosen county, or all
	Languages      []string
	EmbedCode      string       // an iframe of this search, to copy
	Active         int          // how many of the folded filters are set
	Fixed          []linkFilter // filters that came from a link, not from the form
	Radius         string       // the distance chosen, in km
	Views          []viewLink   // list, week, month (calendar.go)
	Calendar       *calendar    // the week or month view; nil for the list
}

// linkFilter is a filter the form has no field for (an organisation's
// "its activities" link, a position from "near me"): shown with its value,
// carried by hidden fields into the next search, removable by a link.
type linkFilter struct {
	Label     string // translated
	Value     string
	Hidden    map[string]string // the hidden fields that carry it
	RemoveURL string
}

// foldedFilters are the filters inside the form's <details>; their count is
// shown on its summary so a folded form still says it filters.
var foldedFilters = []string{"county", "municipality", "theme", "target_group", "language", "weekday", "time_of_day", "free", "this_week"}

// radii are the distances the search form offers, in km.
var radii = []string{"2", "5", "10", "25", "50"}

// Themes, TargetGroups and Weekdays feed the search form. "everyone" is a
// target group of activities, not a useful filter (it would be a second
// "all" beside the filter's own), so it is offered only when a link set it.
func (activitySearch) Themes() []string { return catalog.Themes }
func (d activitySearch) TargetGroups() []string {
	var out []string
	for _, g := range catalog.TargetGroups {
		if g != "everyone" || d.Q.Get("target_group") == g {
			out = append(out, g)
		}
	}
	return out
}
func (activitySearch) Weekdays() []int { return []int{1, 2, 3, 4, 5, 6, 0} }
func (activitySearch) Radii() []string { return radii }

func pageURL(q url.Values, page int) string {
	n := url.Values{}
	for k, v := range q {
		n[k] = v
	}
	n.Del("lang")
	n.Set("page", strconv.Itoa(page))
	return "/activities?" + n.Encode()
}

// without is the search's URL without the given parameters (and without
// the page, which a changed filter resets).
func without(q url.Values, names ...string) string {
	n := url.Values{}
	for k, v := range q {
		if k != "lang" && k != "page" && !input.Contains(names, k) {
			n[k] = v
		}
	}
	if len(n) == 0 {
		return "/activities"
	}
	return "/activities?" + n.Encode()
}

// fixedFilters describes the filters of q that came from a link.
func (h *Handler) fixedFilters(r *http.Request, p Page, q url.Values) []linkFilter {
	var out []linkFilter
	if id := q.Get("organisation"); id != "" {
		name := id
		if o, err := h.Orgs.FindOrganisationByID(r.Context(), id); err == nil {
			name = o.Name
		}
		out = append(out, linkFilter{Label: p.P.T("act.organiser"), Value: name, Hidden: map[string]string{"organisation": id},
			RemoveURL: without(q, "organisation")})
	}
	if id := q.Get("venue"); id != "" {
		name := id
		if v, err := h.Activities.FindVenueByID(r.Context(), request.Actor(r.Context()), id); err == nil {
			name = v.Name
		}
		out = append(out, linkFilter{Label: p.P.T("venue.meeting_place"), Value: name, Hidden: map[string]string{"venue": id},
			RemoveURL: without(q, "venue")})
	}
	if q.Get("lat") != "" || q.Get("lon") != "" {
		out = append(out, linkFilter{Label: p.P.T("acts.near"), Value: p.P.T("acts.my_position"),
			Hidden: map[string]string{"lat": q.Get("lat"), "lon": q.Get("lon")}, RemoveURL: without(q, "lat", "lon", "radius_km")})
	}
	return out
}

func (h *Handler) searchActivities(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := activitySearch{Q: q, Counties: municipality.Counties(), Municipalities: municipality.All(), Languages: i18n.Spoken,
		Radius: q.Get("radius_km"), Points: "[]"}
	if d.Radius == "" {
		d.Radius = strconv.Itoa(catalog.DefaultRadiusKm)
	}
	// Without JavaScript the municipalities narrow once a county is chosen
	// and searched; with it the county's change asks for this list alone.
	if c := q.Get("county"); c != "" {
		if _, ok := municipality.CountyByCode(c); ok {
			d.Municipalities = municipality.InCounty(c)
		}
	}
	for _, k := range foldedFilters {
		if q.Get(k) != "" {
			d.Active++
		}
	}
	p := h.page(r, "acts.title")
	d.Fixed = h.fixedFilters(r, p, q)
	d.Views = p.viewLinks(q)
	f, err := catalog.ParseFilter(catalog.OnlyFilterParams(q))
	if err == nil {
		d.Calendar, err = calendarWindow(q, &f, h.Activities.Now())
	}
	if err == nil {
		d.Result, err = h.Activities.FindActivities(r.Context(), f)
	}
	if err != nil {
		ae := apperr.As(err)
		if ae.Code != apperr.Invalid {
			return err
		}
		// A place nobody knows is the visitor's typing: said at the field,
		// which a search swaps in (search.js has htmx swap this 400). Any
		// other bad filter comes from an edited URL, so from a whole page:
		// said above the form, naming the parameter.
		p.Data = d
		msg := p.P.T(ae.Key, ae.Args...)
		if ae.Field == "place" {
			p.Errors = map[string]string{"place": msg}
		} else {
			p.Errors = map[string]string{"_form": msg + " (" + ae.Field + ")"}
		}
		h.render(w, r, http.StatusBadRequest, "activities", p)
		return nil
	}
	fq := url.Values{}
	for k, v := range d.Q {
		if k != "lang" && k != "page" && k != "view" && k != "date" {
			fq[k] = v
		}
	}
	if d.Calendar != nil {
		d.Calendar.fill(p, d.Q, d.Result, *f.Window, h.Activities.Now())
	}
	d.FeedURL = "/activities.ics?" + fq.Encode()
	d.PrintURL = "/activities/print?" + fq.Encode()
	d.TileURL = h.TileURL
	d.EmbedCode = h.embedSnippet(p, fq)
	pts := []map[string]any{}
	for _, it := range d.Result.Items {
		if it.VenueLat != nil {
			pts = append(pts, map[string]any{"lat": *it.VenueLat, "lon": *it.VenueLon, "title": p.ActTitle(it.Activity), "url": "/activities/" + it.ID})
		}
	}
	d.Points = jsonLD(pts)
	if d.Result.Page > 1 {
		d.PrevURL = pageURL(d.Q, d.Result.Page-1)
	}
	if d.Result.Page < d.Result.Pages {
		d.NextURL = pageURL(d.Q, d.Result.Page+1)
	}
	p.Data = d
	h.render(w, r, http.StatusOK, "activities", p)
	return nil
}

type activityView struct {
	LD       template.JS
	A        catalog.Activity
	Text     catalog.Text
	Fallback bool // the text is Swedish because the page's language is missing
	Easy     bool // the activity has a lättläst text: the page offers the toggle
	Upcoming []catalog.Occurrence
	CanEdit  bool
}

func (h *Handler) showActivity(w http.ResponseWriter, r *http.Request) error {
	a, err := h.Activities.FindActivityByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	who := request.Actor(r.Context())
	if !a.Visible(who) {
		return apperr.ErrNotFound()
	}
	p := h.page(r, "acts.title")
	text, lang := a.InEasy(p.Lang.Code, p.Easy)
	own := lang == p.Lang.Code
	p.Title = text.Title
	now := h.Activities.Now()
	// The structured data for search engines is the normal text, whatever
	// this reader chose.
	normal, _ := a.In(p.Lang.Code)
	p.Data = activityView{LD: activityLD(h.BaseURL, a, normal), A: a, Text: text, Fallback: !own, Easy: a.HasEasy(), CanEdit: who.CanEditOrg(a.OrganisationID),
		Upcoming: a.Schedule.Between(now, now.AddDate(0, 2, 0))}
	h.render(w, r, http.StatusOK, "activity", p)
	return nil
}

type weekdayGroup struct {
	Weekday int
	Items   []catalog.Hit
}

type venueView struct {
	V        catalog.Venue
	CanEdit  bool
	Days     []weekdayGroup
	Desc     string
	DescLang string
}

func (h *Handler) showVenue(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Activities.FindVenueByID(r.Context(), request.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	res, err := h.Activities.FindActivities(r.Context(), catalog.Filter{VenueID: v.ID, Limit: 100})
	if err != nil {
		return err
	}
	byDay := map[int][]catalog.Hit{}
	for _, it := range res.Items {
		for _, d := range it.Schedule.Days() {
			byDay[d] = append(byDay[d], it)
		}
	}
	p := h.page(r, "venue.title")
	p.Title = v.Name
	who := request.Actor(r.Context())
	view := venueView{V: v, CanEdit: v.CanEdit(who)}
	for _, d := range []int{1, 2, 3, 4, 5, 6, 0} {
		if items := byDay[d]; len(items) > 0 {
			sort.SliceStable(items, func(i, j int) bool { return items[i].Schedule.StartTime < items[j].Schedule.StartTime })
			view.Days = append(view.Days, weekdayGroup{Weekday: d, Items: items})
		}
	}
	var lang string
	view.Desc, lang = v.Description(p.Lang.Code)
	if lang != p.Lang.Code {
		view.DescLang = lang
	}
	p.Data = view
	h.render(w, r, http.StatusOK, "venue", p)
	return nil
}

// ActTitle is a hit's title in the page's language, Swedish when missing.
func (p Page) ActTitle(a catalog.Activity) string {
	t, _ := a.In(p.Lang.Code)
	return t.Title
}

// Summary is a hit's summary in the page's language, Swedish when missing.
func (p Page) Summary(a catalog.Activity) string {
	t, _ := a.In(p.Lang.Code)
	return t.Summary
}

// HasOwnText reports whether the activity has text in the page's language.
func (p Page) HasOwnText(a catalog.Activity) bool {
	_, own := a.In(p.Lang.Code)
	return own
}

// TimesOfDay feeds the time-of-day select.
func (activitySearch) TimesOfDay() []string { return catalog.TimesOfDay }

// confirmPage shows a button: mail scanners follow links, and the token is
// single-use.
func (h *Handler) confirmPage(w http.ResponseWriter, r *http.Request) error {
	a, err := h.Activities.FindByConfirmToken(r.Context(), r.PathValue("id"), r.PathValue("token"))
	if err != nil {
		return err
	}
	p := h.page(r, "confirm.title")
	text, _ := a.In(p.Lang.Code)
	p.Data = struct{ ID, Token, Title string }{a.ID, r.PathValue("token"), text.Title}
	h.render(w, r, http.StatusOK, "confirm", p)
	return nil
}

func (h *Handler) confirmByToken(w http.ResponseWriter, r *http.Request) error {
	if err := h.Activities.ConfirmByToken(r.Context(), r.PathValue("id"), r.PathValue("token"), clientAddr(r)); err != nil {
		return err
	}
	return redirect(w, r, "/activities/"+r.PathValue("id")+"?done=confirmed")
}
