package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// TestICalFeeds parses every feed back with a second, independent iCalendar
// library (emersion/go-ical) and expands the recurrence across the 2027
// daylight-saving change.
func TestICalFeeds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tr := e.token(e.user("rep@example.org", "member"))
		_, o := e.api("POST", "/api/v1/organisations", tr, validOrg("Kalmar språkvänner"))
		_, v := e.api("POST", "/api/v1/venues", tr, map[string]any{"organisation_id": o["id"], "name": "Biblioteket", "municipality": "0880"})
		_, a := e.api("POST", "/api/v1/activities", tr, map[string]any{"organisation_id": o["id"], "venue_id": v["id"], "languages": []string{"sv", "ar", "ti"},
			"texts": map[string]any{"sv": map[string]any{"title": "Språkcafé", "summary": "Prata svenska"},
				"en": map[string]any{"title": "Language café", "description": strings.Repeat("Speak Swedish over coffee, all levels welcome – å ä ö. ", 5)}},
			"schedule": map[string]any{"recurrence": "weekly", "starts_on": "2027-03-13", "start_time": "18:00", "end_time": "20:00", "cancelled": []string{"2027-04-03"}}})
		id := a["id"].(string)
		feeds := map[string]int{
			"/activities/" + id + "/calendar.ics":                  1,
			"/organisations/" + o["id"].(string) + "/calendar.ics": 1,
			"/venues/" + v["id"].(string) + "/calendar.ics":        1,
			"/activities.ics?q=spr%C3%A5kcafe":                     1,
			"/activities.ics?q=nothing-like-this":                  0,
		}
		for path, want := range feeds {
			resp, err := http.Get(e.srv.URL + path + "&lang=en")
			if !strings.Contains(path, "?") {
				resp, err = http.Get(e.srv.URL + path + "?lang=en")
			}
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
				t.Fatalf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			// The wire format itself, before a tolerant parser reads it.
			wire := string(body)
			if !strings.HasSuffix(wire, "\r\n") || strings.Contains(strings.ReplaceAll(wire, "\r\n", ""), "\n") {
				t.Errorf("%s: lines do not all end in CRLF", path)
			}
			for _, l := range strings.Split(wire, "\r\n") {
				if len(l) > 75 {
					t.Errorf("%s: a line of %d octets: %q", path, len(l), l)
				}
			}
			if !strings.Contains(wire, "BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n") || strings.Contains(wire, "ORGANIZER") {
				t.Errorf("%s: no VTIMEZONE, or an ORGANIZER that is no calendar address", path)
			}
			cal, err := ical.NewDecoder(strings.NewReader(string(body))).Decode()
			if err != nil {
				t.Fatalf("%s does not parse: %v\n%s", path, err, body)
			}
			events := cal.Events()
			if len(events) != want {
				t.Errorf("%s: %d events, want %d", path, len(events), want)
				continue
			}
			if want == 0 {
				continue
			}
			ev := events[0]
			if s, _ := ev.Props.Text(ical.PropSummary); s != "Language café" {
				t.Errorf("%s: summary %q, want the English title", path, s)
			}
			start, err := ev.DateTimeStart(nil)
			if err != nil || start.Location().String() != "Europe/Stockholm" || start.Hour() != 18 {
				t.Errorf("%s: DTSTART %v %v, want 18:00 Europe/Stockholm", path, start, err)
			}
			set, err := ev.RecurrenceSet(catalog.Stockholm)
			if err != nil || set == nil {
				t.Fatalf("%s: recurrence: %v", path, err)
			}
			occ := set.Between(time.Date(2027, 3, 20, 0, 0, 0, 0, catalog.Stockholm), time.Date(2027, 4, 11, 0, 0, 0, 0, catalog.Stockholm), true)
			var got []string
			for _, o := range occ {
				got = append(got, o.In(catalog.Stockholm).Format("01-02 15:04"))
			}
			// 27 March is before the change, 10 April after; 3 April is cancelled.
			if strings.Join(got, ",") != "03-20 18:00,03-27 18:00,04-10 18:00" {
				t.Errorf("%s: occurrences %v", path, got)
			}
		}
	})
}
