package catalog

import (
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// Calendar renders activities as an iCalendar feed (RFC 5545) with
// golang-ical. Times are local with TZID=Europe/Stockholm and a recurrence
// rule, so a calendar keeps a weekly 18:00 at 18:00 across daylight saving;
// cancelled dates become EXDATEs. Texts are in lang, Swedish when missing.
func Calendar(name, baseURL, lang string, acts []Activity, now time.Time) string {
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//samverkan//katalog//SV")
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetXWRTimezone(Stockholm.String())
	cal.SetRefreshInterval("PT12H")
	const local = "20060102T150405"
	tz := ics.WithTZID(Stockholm.String())
	for _, a := range acts {
		text, _ := a.In(lang)
		ev := cal.AddEvent(a.ID + "@samverkan")
		ev.SetDtStampTime(now.UTC())
		ev.SetModifiedAt(a.UpdatedAt.UTC())
		ev.SetSummary(text.Title)
		desc := strings.TrimSpace(text.Summary + "\n\n" + text.Description)
		if desc != "" {
			ev.SetDescription(desc)
		}
		url := strings.TrimRight(baseURL, "/") + "/activities/" + a.ID
		ev.SetURL(url)
		switch {
		case a.VenueName != "":
			ev.SetLocation(a.VenueName + ", " + a.MunicipalityName)
		case a.OnlineURL != "":
			ev.SetLocation(a.OnlineURL)
		}
		ev.SetOrganizer(a.OrganisationName)
		first := a.Schedule.first()
		ev.SetProperty(ics.ComponentPropertyDtStart, first.Format(local), tz)
		ev.SetProperty(ics.ComponentPropertyDtEnd, first.Add(a.Schedule.duration()).Format(local), tz)
		if r := a.Schedule.RRule(); r != "" {
			ev.AddRrule(untilInUTC(r))
		}
		for _, c := range a.Schedule.Cancelled {
			d, err := time.ParseInLocation("2006-01-02", c, Stockholm)
			if err != nil {
				continue
			}
			ex := time.Date(d.Year(), d.Month(), d.Day(), first.Hour(), first.Minute(), 0, 0, Stockholm)
			ev.AddExdate(ex.Format(local), tz)
		}
	}
	return cal.Serialize()
}

// untilInUTC drops the DTSTART line rrule-go puts before the rule and keeps
// UNTIL in UTC, as RFC 5545 requires when DTSTART has a TZID.
func untilInUTC(rule string) string {
	if i := strings.LastIndex(rule, "RRULE:"); i >= 0 {
		rule = rule[i+len("RRULE:"):]
	}
	return strings.TrimSpace(rule)
}
