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
	Municipalities []municipality.Municipality
	Languages      []string
}

// Themes, TargetGroups and Weekdays feed the search form.
func (activitySearch) Themes() []string       { return catalog.Themes }
func (activitySearch) TargetGroups() []string { return catalog.TargetGroups }
func (activitySearch) Weekdays() []int        { return []int{1, 2, 3, 4, 5, 6, 0} }

func pageURL(q url.Values, page int) string {
	n := url.Values{}
	for k, v := range q {
		n[k] = v
	}
	n.Del("lang")
	n.Set("page", strconv.Itoa(page))
	return "/activities?" + n.Encode()
}

func (h *Handler) searchActivities(w http.ResponseWriter, r *http.Request) error {
	d := activitySearch{Q: r.URL.Query(), Counties: municipality.Counties(), Municipalities: municipality.All(), Languages: i18n.Spoken}
	p := h.page(r, "acts.title")
	f, err := catalog.ParseFilter(catalog.OnlyFilterParams(r.URL.Query()))
	if err == nil {
		d.Result, err = h.Activities.FindActivities(r.Context(), f)
	}
	if err != nil {
		ae := apperr.As(err)
		if ae.Code != apperr.Invalid {
			return err
		}
		// A bad filter comes from an edited URL: say so above the form.
		p.Data = d
		p.Errors = map[string]string{"_form": p.P.T(ae.Key, ae.Args...) + " (" + ae.Field + ")"}
		h.render(w, r, http.StatusBadRequest, "activities", p)
		return nil
	}
	fq := url.Values{}
	for k, v := range d.Q {
		if k != "lang" && k != "page" {
			fq[k] = v
		}
	}
	d.FeedURL = "/activities.ics?" + fq.Encode()
	d.PrintURL = "/activities/print?" + fq.Encode()
	d.TileURL = h.TileURL
	var pts []map[string]any
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
	text, own := a.In(p.Lang.Code)
	p.Title = text.Title
	now := h.Activities.Now()
	p.Data = activityView{LD: activityLD(h.BaseURL, a, text), A: a, Text: text, Fallback: !own, CanEdit: who.CanEditOrg(a.OrganisationID),
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
	v, err := h.Activities.FindVenueByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	res, err := h.Activities.FindActivities(r.Context(), catalog.Filter{VenueID: v.ID, Limit: 100})
	if err != nil {
		return err
	}
	byDay := map[int][]catalog.Hit{}
	for _, it := range res.Items {
		byDay[it.Schedule.Weekday()] = append(byDay[it.Schedule.Weekday()], it)
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
