package catalog

import (
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/ical"
)

// Calendar renders activities as an iCalendar feed (RFC 5545, written by
// internal/ical). Times are local with TZID=Europe/Stockholm and a
// recurrence rule, so a calendar keeps a weekly 18:00 at 18:00 across
// daylight saving; cancelled dates become EXDATEs; an archived activity
// stays in its feed as STATUS:CANCELLED, so subscribed calendars learn it
// is over. Texts are in lang, with the usual fallback. The organisers are
// named in the description: ORGANIZER must be a calendar address, and an
// organisation has none.
func Calendar(name, baseURL, lang string, acts []Activity, now time.Time) string {
	cal := ical.New(name, "katalog")
	for _, a := range acts {
		text, _ := a.In(lang)
		organisers := strings.Join(append([]string{a.OrganisationName}, a.CoOrganiserNames...), ", ")
		ev := ical.Event{UID: a.ID + "@samverkan", Summary: text.Title, Stamp: now, Modified: a.UpdatedAt,
			Description: strings.TrimSpace(organisers + "\n\n" + text.Summary + "\n\n" + text.Description),
			URL:         strings.TrimRight(baseURL, "/") + "/activities/" + a.ID, Cancelled: a.Status == Archived}
		switch {
		case a.VenueName != "":
			ev.Location = a.VenueName + ", " + a.MunicipalityName
		case a.OnlineURL != "":
			ev.Location = a.OnlineURL
		}
		first := a.Schedule.first()
		ev.Start, ev.End = first, first.Add(a.Schedule.duration())
		if r := a.Schedule.RRule(); r != "" {
			ev.RRule = untilInUTC(r)
		}
		for _, c := range a.Schedule.Cancelled {
			d, err := time.ParseInLocation("2006-01-02", c, Stockholm)
			if err != nil {
				continue
			}
			ev.ExDates = append(ev.ExDates, time.Date(d.Year(), d.Month(), d.Day(), first.Hour(), first.Minute(), 0, 0, Stockholm))
		}
		cal.Add(ev)
	}
	return cal.String()
}

// untilInUTC drops the DTSTART line rrule-go puts before the rule and keeps
// UNTIL in UTC, as RFC 5545 requires when DTSTART has a TZID.
func untilInUTC(rule string) string {
	if i := strings.LastIndex(rule, "RRULE:"); i >= 0 {
		rule = rule[i+len("RRULE:"):]
	}
	return strings.TrimSpace(rule)
}
