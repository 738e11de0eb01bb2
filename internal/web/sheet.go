package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/request"
)

type sheetEntry struct {
	Occ catalog.Occurrence
	Hit catalog.Hit
}

type sheetDay struct {
	Date    time.Time
	Entries []sheetEntry
}

type sheetData struct {
	Heading string
	Filter  []string // the filter in words, for the title
	Week    int      // ISO week number
	From    time.Time
	To      time.Time
	Days    []sheetDay
	PrevURL string
	NextURL string
}

// weeklySheet renders the week's occurrences, day by day, in one table so
// the columns line up, for printing on A4 or reading on a phone (the
// stylesheet does the rest; no PDF library needed).
func (h *Handler) weeklySheet(w http.ResponseWriter, r *http.Request, heading string, filter []string, f catalog.Filter) error {
	now := h.Activities.Now().In(catalog.Stockholm)
	if wk := r.URL.Query().Get("week"); wk != "" {
		d, err := time.ParseInLocation("2006-01-02", wk, catalog.Stockholm)
		if err != nil || d.Year() < 2000 || d.Year() > 2100 {
			return apperr.Invalidf("week", "error.date")
		}
		now = d
	}
	offset := (int(now.Weekday()) + 6) % 7
	from := time.Date(now.Year(), now.Month(), now.Day()-offset, 0, 0, 0, 0, catalog.Stockholm)
	to := from.AddDate(0, 0, 7)
	f.Limit, f.Page, f.ThisWeek = 100, 1, false
	var entries []sheetEntry
	for {
		res, err := h.Activities.FindActivities(r.Context(), f)
		if err != nil {
			return err
		}
		for _, it := range res.Items {
			for _, o := range it.Schedule.Between(from, to) {
				entries = append(entries, sheetEntry{Occ: o, Hit: it})
			}
		}
		if f.Page >= res.Pages || f.Page >= 5 {
			break
		}
		f.Page++
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Occ.Start.Before(entries[j].Occ.Start) })
	_, week := from.ISOWeek()
	d := sheetData{Heading: heading, Filter: filter, Week: week, From: from, To: to.AddDate(0, 0, -1),
		PrevURL: weekURL(r, from.AddDate(0, 0, -7)), NextURL: weekURL(r, to)}
	for i := 0; i < 7; i++ {
		day := sheetDay{Date: from.AddDate(0, 0, i)}
		for _, e := range entries {
			if e.Occ.Start.Format("2006-01-02") == day.Date.Format("2006-01-02") {
				day.Entries = append(day.Entries, e)
			}
		}
		d.Days = append(d.Days, day)
	}
	p := h.page(r, "sheet.title")
	p.Title = heading
	if len(filter) > 0 {
		p.Title += ": " + strings.Join(filter, ", ")
	}
	p.Title += " – " + p.P.T("sheet.week") + " " + strconv.Itoa(week)
	p.Data = d
	h.render(w, r, http.StatusOK, "sheet", p)
	return nil
}

// weekURL is this sheet for another week, with the same filter.
func weekURL(r *http.Request, monday time.Time) string {
	q := r.URL.Query()
	q.Del("lang")
	q.Set("week", monday.Format("2006-01-02"))
	return r.URL.Path + "?" + q.Encode()
}

func (h *Handler) venueSheet(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Activities.FindVenueByID(r.Context(), request.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.weeklySheet(w, r, v.Name, nil, catalog.Filter{VenueID: v.ID})
}

func (h *Handler) searchSheet(w http.ResponseWriter, r *http.Request) error {
	f, err := catalog.ParseFilter(catalog.OnlyFilterParams(r.URL.Query()))
	if err != nil {
		return err
	}
	p := h.page(r, "sheet.title")
	return h.weeklySheet(w, r, p.P.T("acts.title"), h.filterWords(r, p, f), f)
}

// filterWords says in the page's language what a search filters by, so a
// sheet on a notice board says which activities it lists.
func (h *Handler) filterWords(r *http.Request, p Page, f catalog.Filter) []string {
	var out []string
	if f.Query != "" {
		out = append(out, "”"+f.Query+"”")
	}
	if m, ok := municipality.ByCode(f.Municipality); ok {
		out = append(out, m.Name)
	} else if c, ok := municipality.CountyByCode(f.County); ok {
		out = append(out, c.Name)
	}
	switch {
	case f.Place != "":
		out = append(out, p.P.T("acts.near")+" "+f.Place+" ("+p.P.T("acts.km", "km", strconv.FormatFloat(f.RadiusKm, 'f', -1, 64))+")")
	case f.Near != nil:
		out = append(out, p.P.T("acts.near")+" "+p.P.T("acts.my_position")+" ("+p.P.T("acts.km", "km", strconv.FormatFloat(f.RadiusKm, 'f', -1, 64))+")")
	}
	if f.Theme != "" {
		out = append(out, p.P.T("theme."+f.Theme))
	}
	if f.TargetGroup != "" {
		out = append(out, p.P.T("target."+f.TargetGroup))
	}
	if f.Language != "" {
		out = append(out, p.P.T("acts.language")+": "+p.LangName(f.Language))
	}
	if f.Weekday != nil {
		out = append(out, p.P.T("weekday."+strconv.Itoa(*f.Weekday)))
	}
	if f.TimeOfDay != "" {
		out = append(out, p.P.T("time_of_day."+f.TimeOfDay))
	}
	if f.FreeOnly {
		out = append(out, p.P.T("acts.free"))
	}
	if f.OrganisationID != "" {
		if o, err := h.Orgs.FindOrganisationByID(r.Context(), f.OrganisationID); err == nil {
			out = append(out, o.Name)
		}
	}
	if f.VenueID != "" {
		if v, err := h.Activities.FindVenueByID(r.Context(), request.Actor(r.Context()), f.VenueID); err == nil {
			out = append(out, v.Name)
		}
	}
	return out
}

// jsonLD marshals schema.org data for a <script type="application/ld+json">.
// encoding/json escapes <, > and &, so the data cannot close the element.
func jsonLD(v any) template.JS {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(b)
}

var schemaDays = []string{"https://schema.org/Sunday", "https://schema.org/Monday", "https://schema.org/Tuesday", "https://schema.org/Wednesday",
	"https://schema.org/Thursday", "https://schema.org/Friday", "https://schema.org/Saturday"}

// activityLD describes an activity as a schema.org Event with an
// eventSchedule, so search engines and aggregators can read it.
func activityLD(base string, a catalog.Activity, text catalog.Text) template.JS {
	ev := map[string]any{
		"@context": "https://schema.org", "@type": "Event", "name": text.Title, "description": text.Summary,
		"url":        strings.TrimRight(base, "/") + "/activities/" + a.ID,
		"organizer":  map[string]any{"@type": "Organization", "name": a.OrganisationName},
		"inLanguage": a.Languages, "isAccessibleForFree": a.Free(),
		"eventStatus": "https://schema.org/EventScheduled",
	}
	if a.VenueID != "" {
		ev["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
		ev["location"] = map[string]any{"@type": "Place", "name": a.VenueName, "address": a.MunicipalityName}
	} else {
		ev["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
		ev["location"] = map[string]any{"@type": "VirtualLocation", "url": a.OnlineURL}
	}
	if a.Next != nil {
		ev["startDate"] = a.Next.Start.Format(time.RFC3339)
		ev["endDate"] = a.Next.End.Format(time.RFC3339)
	}
	if a.Schedule.Recurrence != catalog.Once {
		freq := map[string]string{catalog.Weekly: "P1W", catalog.Biweekly: "P2W", catalog.Monthly: "P1M"}[a.Schedule.Recurrence]
		// One day as a value, several as a list: schema.org takes either.
		var byDay any = schemaDays[a.Schedule.Weekday()]
		if days := a.Schedule.Days(); len(days) > 1 {
			var list []string
			for _, d := range days {
				list = append(list, schemaDays[d])
			}
			byDay = list
		}
		sched := map[string]any{"@type": "Schedule", "repeatFrequency": freq, "byDay": byDay,
			"startTime": a.Schedule.StartTime, "endTime": a.Schedule.EndTime, "startDate": a.Schedule.StartsOn,
			"scheduleTimezone": catalog.Stockholm.String()}
		if a.Schedule.EndsOn != "" {
			sched["endDate"] = a.Schedule.EndsOn
		}
		ev["eventSchedule"] = sched
	}
	if !a.Free() {
		ev["offers"] = map[string]any{"@type": "Offer", "price": a.CostKr, "priceCurrency": "SEK"}
	}
	return jsonLD(ev)
}
