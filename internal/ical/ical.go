// Package ical writes iCalendar (RFC 5545) for every feed samverkan
// serves — activities, events' programmes — correct on the wire: lines end
// in CRLF and are folded at 75 octets, times are local with
// TZID=Europe/Stockholm and the VTIMEZONE that defines it, and text is safe
// on its own: a line break or other control character in a title can never
// end a property and start another (no injected VEVENT). golang-ical does
// the serialising.
package ical

import (
	"strings"
	"time"
	"unicode"

	ics "github.com/arran4/golang-ical"
)

// Stockholm is the name of the zone of every local time written.
const Stockholm = "Europe/Stockholm"

// Zone is Europe/Stockholm, loaded once (the binary embeds time/tzdata):
// the zone of every time samverkan shows.
var Zone = func() *time.Location {
	l, err := time.LoadLocation(Stockholm)
	if err != nil {
		panic("time zone data missing: " + err.Error())
	}
	return l
}()

const local = "20060102T150405"

// Calendar is a feed being built.
type Calendar struct {
	cal *ics.Calendar
}

// New starts a calendar with a name and the Stockholm time zone.
func New(name, product string) *Calendar {
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//samverkan//" + Text(product) + "//SV")
	cal.SetName(Text(name))
	cal.SetXWRCalName(Text(name))
	cal.SetXWRTimezone(Stockholm)
	cal.SetRefreshInterval("PT12H")
	cal.AddVTimezone(stockholm())
	return &Calendar{cal: cal}
}

// stockholm is the VTIMEZONE for Europe/Stockholm: CET, and CEST from the
// last Sunday of March to the last Sunday of October (EU rules since 1996).
// Clients that do not know the zone by name (Outlook, several CalDAV
// servers) need it to place the events.
func stockholm() *ics.VTimezone {
	tz := ics.NewTimezone(Stockholm)
	day := &ics.Daylight{}
	day.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0100")
	day.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0200")
	day.SetProperty(ics.ComponentProperty(ics.PropertyTzname), "CEST")
	day.SetProperty(ics.ComponentPropertyDtStart, "19700329T020000")
	day.SetProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
	std := ics.NewStandard()
	std.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0200")
	std.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0100")
	std.SetProperty(ics.ComponentProperty(ics.PropertyTzname), "CET")
	std.SetProperty(ics.ComponentPropertyDtStart, "19701025T030000")
	std.SetProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
	tz.Components = append(tz.Components, day, std)
	return tz
}

// Event is one VEVENT. Start and End are written as Stockholm local time.
type Event struct {
	UID         string
	Summary     string
	Description string
	Location    string
	URL         string
	Start, End  time.Time
	RRule       string      // without "RRULE:"; UNTIL in UTC
	ExDates     []time.Time // cancelled occurrences, at the start time
	Modified    time.Time
	Stamp       time.Time
	Cancelled   bool // STATUS:CANCELLED: subscribed calendars learn it
}

// Add appends an event.
func (c *Calendar) Add(e Event) {
	zone := Zone
	tz := ics.WithTZID(Stockholm)
	ev := c.cal.AddEvent(Text(e.UID))
	ev.SetDtStampTime(e.Stamp.UTC())
	if !e.Modified.IsZero() {
		ev.SetModifiedAt(e.Modified.UTC())
	}
	ev.SetSummary(Text(e.Summary))
	if d := Text(e.Description); d != "" {
		ev.SetDescription(d)
	}
	if l := Text(e.Location); l != "" {
		ev.SetLocation(l)
	}
	if u := Text(e.URL); u != "" {
		ev.SetURL(u)
	}
	ev.SetProperty(ics.ComponentPropertyDtStart, e.Start.In(zone).Format(local), tz)
	ev.SetProperty(ics.ComponentPropertyDtEnd, e.End.In(zone).Format(local), tz)
	if r := Text(e.RRule); r != "" {
		ev.AddRrule(r)
	}
	for _, x := range e.ExDates {
		ev.AddExdate(x.In(zone).Format(local), tz)
	}
	if e.Cancelled {
		ev.SetStatus(ics.ObjectStatusCancelled)
	}
}

// String serialises the calendar: CRLF line ends, folded at 75 octets.
func (c *Calendar) String() string {
	return c.cal.Serialize(ics.WithNewLineWindows, ics.WithLineLength(75))
}

// Text makes a value safe to write: line breaks become the one line break
// TEXT values carry (escaped by the serialiser as \n), and every other
// control character is dropped.
func Text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return -1
		}
		return r
	}, s)
}
