package web

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
)

// The search results as a week or a month calendar (/activities?view=week
// or view=month, with date= any day inside it; today without it): the
// same page, form and filters as the list, so a search, its feed and its
// sheet stay one URL apart. The occurrences come from the catalogue's own
// expansion (catalog.Filter.Window), the same as the API's and the feeds'.
//
// Bounded: a view asks for at most catalog.MaxLimit activities (the rest
// are counted and the visitor is asked to narrow the search), and an
// activity meets at most once a day, so a month holds at most
// MaxLimit × 31 occurrences.

// Calendar views.
const (
	viewWeek  = "week"
	viewMonth = "month"
)

// calendarItem is one occurrence in a day's cell.
type calendarItem struct {
	Activity   catalog.Activity
	Start, End time.Time
}

// calendarDay is one day of a view.
type calendarDay struct {
	Date    time.Time
	Today   bool
	Outside bool // a day of the month grid's first or last week outside the month
	Items   []calendarItem
}

// calendar is what the partial templates/partials/calendar.html draws.
type calendar struct {
	View     string
	Caption  string
	Headers  []int           // weekdays of the month grid's columns, Monday first
	Weeks    [][]calendarDay // the month grid
	Days     []calendarDay   // the week, one row a day
	PrevURL  string
	NextURL  string
	PrevText string
	NextText string
	Empty    bool
	Capped   bool
	Shown    int
	Total    int
}

// calendarWindow reads view= and date= and, for a calendar view, sets the
// filter's window and page size; nil for the list.
func calendarWindow(q url.Values, f *catalog.Filter, now time.Time) (*calendar, error) {
	view := q.Get("view")
	if view != viewWeek && view != viewMonth {
		return nil, nil
	}
	day := now.In(catalog.Stockholm)
	if s := q.Get("date"); s != "" {
		d, err := time.ParseInLocation("2006-01-02", s, catalog.Stockholm)
		if err != nil || d.Year() < 2000 || d.Year() > 2099 {
			return nil, apperr.Invalidf("date", "error.date")
		}
		day = d
	}
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, catalog.Stockholm)
	var from, to time.Time
	if view == viewWeek {
		from = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		to = from.AddDate(0, 0, 7)
	} else {
		from = time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, catalog.Stockholm)
		to = from.AddDate(0, 1, 0)
	}
	f.Window = &catalog.Window{From: from, To: to}
	f.Limit, f.Page = catalog.MaxLimit, 1
	return &calendar{View: view}, nil
}

// fill lays the hits' occurrences out in days and sets the caption and the
// previous and next links.
func (c *calendar) fill(p Page, q url.Values, res catalog.Result, w catalog.Window, now time.Time) {
	byDay := map[string][]calendarItem{}
	for _, h := range res.Items {
		for _, o := range h.Occurrences {
			k := o.Start.In(catalog.Stockholm).Format("2006-01-02")
			byDay[k] = append(byDay[k], calendarItem{Activity: h.Activity, Start: o.Start, End: o.End})
		}
	}
	c.Empty = len(byDay) == 0
	c.Shown, c.Total, c.Capped = len(res.Items), res.Total, res.Total > len(res.Items)
	today := now.In(catalog.Stockholm).Format("2006-01-02")
	mkDay := func(d time.Time) calendarDay {
		k := d.Format("2006-01-02")
		items := byDay[k]
		sort.SliceStable(items, func(i, j int) bool { return items[i].Start.Before(items[j].Start) })
		return calendarDay{Date: d, Today: k == today, Outside: d.Before(w.From) || !d.Before(w.To), Items: items}
	}
	link := func(d time.Time) string {
		n := url.Values{}
		for k, v := range q {
			if k != "lang" && k != "page" {
				n[k] = v
			}
		}
		n.Set("date", d.Format("2006-01-02"))
		return "/activities?" + n.Encode()
	}
	if c.View == viewWeek {
		for d := w.From; d.Before(w.To); d = d.AddDate(0, 0, 1) {
			c.Days = append(c.Days, mkDay(d))
		}
		_, wk := w.From.ISOWeek()
		last := w.To.AddDate(0, 0, -1)
		c.Caption = p.P.T("acts.week_caption", "week", wk, "from", p.DayMonth(w.From), "to", p.DayMonth(last))
		c.PrevURL, c.NextURL = link(w.From.AddDate(0, 0, -7)), link(w.To)
		c.PrevText, c.NextText = p.P.T("acts.prev_week"), p.P.T("acts.next_week")
		return
	}
	c.Headers = []int{1, 2, 3, 4, 5, 6, 0}
	start := w.From.AddDate(0, 0, -((int(w.From.Weekday()) + 6) % 7))
	for d := start; d.Before(w.To); {
		week := make([]calendarDay, 0, 7)
		for i := 0; i < 7; i++ {
			week = append(week, mkDay(d))
			d = d.AddDate(0, 0, 1)
		}
		c.Weeks = append(c.Weeks, week)
	}
	c.Caption = p.P.T("acts.month_caption", "month", p.P.T("acts.month_"+strconv.Itoa(int(w.From.Month()))), "year", strconv.Itoa(w.From.Year()))
	c.PrevURL, c.NextURL = link(w.From.AddDate(0, -1, 0)), link(w.To)
	c.PrevText, c.NextText = p.P.T("acts.prev_month"), p.P.T("acts.next_month")
}

// viewLink is one entry of the list/week/month switcher.
type viewLink struct {
	View, Label, URL string
	Current          bool
}

// viewLinks are the switcher's links for the search q; the calendar views
// keep the date they show.
func (p Page) viewLinks(q url.Values) []viewLink {
	cur := q.Get("view")
	if cur != viewWeek && cur != viewMonth {
		cur = ""
	}
	var out []viewLink
	for _, v := range []struct{ view, key string }{{"", "acts.view_list"}, {viewWeek, "acts.view_week"}, {viewMonth, "acts.view_month"}} {
		n := url.Values{}
		for k, vals := range q {
			if k != "lang" && k != "page" && k != "view" && (v.view != "" || k != "date") {
				n[k] = vals
			}
		}
		if v.view != "" {
			n.Set("view", v.view)
		}
		u := "/activities"
		if len(n) > 0 {
			u += "?" + n.Encode()
		}
		out = append(out, viewLink{View: v.view, Label: p.P.T(v.key), URL: u, Current: v.view == cur})
	}
	return out
}

// DayMonth is "29 mars" in the page's language.
func (p Page) DayMonth(d time.Time) string {
	return fmt.Sprintf("%d %s", d.Day(), p.P.T("acts.month_"+strconv.Itoa(int(d.Month()))))
}

// When says when an activity meets: "Varje tisdag och torsdag" — the
// recurrence with every weekday, joined as the page's language lists.
func (p Page) When(s catalog.Schedule) string {
	var names []string
	for _, d := range s.Days() {
		names = append(names, p.P.T("weekday."+strconv.Itoa(d)))
	}
	return p.P.T("recurrence."+s.Recurrence, "weekday", p.P.Join(names))
}
