package ical

import (
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
)

// checkWire checks the RFC 5545 wire format itself, not a tolerant
// parser's reading of it: CRLF after every line, no line over 75 octets,
// continuation lines starting with a space.
func checkWire(t *testing.T, s string) []string {
	t.Helper()
	if !strings.HasSuffix(s, "\r\n") {
		t.Error("does not end in CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
	}
	// Unfold, as a client does.
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, " ") && len(out) > 0 {
			out[len(out)-1] += l[1:]
			continue
		}
		out = append(out, l)
	}
	return out
}

func TestWireFormatAndInjection(t *testing.T) {
	zone, _ := time.LoadLocation(Stockholm)
	start := time.Date(2027, 3, 27, 18, 0, 0, 0, zone)
	c := New("Aktiviteter i Vimmerby\r\nX-INJECTED:1", "katalog")
	c.Add(Event{UID: "a1@samverkan", Summary: "Språkcafé\rEND:VEVENT\r\nBEGIN:VEVENT\r\nURL:https://evil.example", Stamp: start,
		Description: strings.Repeat("Läxhjälp på arabiska och somaliska för alla åldrar, ", 6) + "\nrad två",
		Location:    "Mötesplats Bullerbyn, Vimmerby", URL: "https://samverkan.example.org/activities/a1",
		Start: start, End: start.Add(90 * time.Minute), RRule: "FREQ=WEEKLY;INTERVAL=1", ExDates: []time.Time{start.AddDate(0, 0, 7)}})
	c.Add(Event{UID: "a2@samverkan", Summary: "Inställt", Stamp: start, Start: start, End: start.Add(time.Hour), Cancelled: true})
	s := c.String()
	lines := checkWire(t, s)
	count := func(prefix string) int {
		n := 0
		for _, l := range lines {
			if strings.HasPrefix(l, prefix) {
				n++
			}
		}
		return n
	}
	if count("BEGIN:VEVENT") != 2 || count("X-INJECTED") != 0 || count("URL:https://evil") != 0 {
		t.Errorf("a control character in a text started a property or component:\n%s", s)
	}
	if count("BEGIN:VTIMEZONE") != 1 || count("TZID:Europe/Stockholm") != 1 || count("BEGIN:DAYLIGHT") != 1 || count("BEGIN:STANDARD") != 1 {
		t.Errorf("no VTIMEZONE for Europe/Stockholm:\n%s", s)
	}
	if count("DTSTART;TZID=Europe/Stockholm:20270327T180000") != 2 || count("STATUS:CANCELLED") != 1 || count("ORGANIZER") != 0 {
		t.Errorf("times, status or organizer wrong:\n%s", s)
	}
	// An independent parser reads it back, the long description whole.
	cal, err := goical.NewDecoder(strings.NewReader(s)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cal.Events()); n != 2 {
		t.Fatalf("%d events parsed back", n)
	}
	desc, _ := cal.Events()[0].Props.Text(goical.PropDescription)
	if !strings.HasSuffix(desc, "\nrad två") || !strings.HasPrefix(desc, "Läxhjälp") {
		t.Errorf("description parsed back as %q", desc)
	}
	if at, err := cal.Events()[0].DateTimeStart(nil); err != nil || !at.Equal(start) {
		t.Errorf("start parsed back as %v, %v", at, err)
	}
}
