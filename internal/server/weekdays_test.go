package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/net/html"

	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// tableTennis is Lyckeby BTK's training: one activity on Tuesdays and
// Thursdays, from Tuesday 16 March 2027, across the change to summer time
// on 28 March.
func tableTennis(org, venue any) map[string]any {
	return map[string]any{"organisation_id": org, "venue_id": venue, "languages": []string{"sv", "so"},
		"texts":    map[string]any{"sv": map[string]any{"title": "Bordtennis"}, "en": map[string]any{"title": "Table tennis"}},
		"schedule": map[string]any{"recurrence": "weekly", "starts_on": "2027-03-16", "weekdays": []int{4, 2}, "start_time": "18:00", "end_time": "20:00"}}
}

func calIDs(t *testing.T, m map[string]any) []string {
	t.Helper()
	var out []string
	for _, it := range m["items"].([]any) {
		out = append(out, it.(map[string]any)["id"].(string))
	}
	return out
}

// TestSeveralWeekdays: an activity on two weekdays, through the API and the
// form, its occurrences, the weekday filter, the iCalendar feed, HSDS and
// the pages.
func TestSeveralWeekdays(t *testing.T) {
	service := hsdsSchema(t, "compiled/service.json")
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		rep := e.user("rep@example.org", "member")
		tr := e.token(rep)
		_, o := e.api("POST", "/api/v1/organisations", tr, validOrg("Lyckeby BTK"))
		_, v := e.api("POST", "/api/v1/venues", tr, map[string]any{"organisation_id": o["id"], "name": "Sunnadalskolan", "municipality": "1080"})
		st, a := e.api("POST", "/api/v1/activities", tr, tableTennis(o["id"], v["id"]))
		if st != http.StatusCreated {
			t.Fatalf("create: %d %v", st, a)
		}
		id := a["id"].(string)
		if got, _ := json.Marshal(a["schedule"].(map[string]any)["weekdays"]); string(got) != "[2,4]" {
			t.Errorf("weekdays %s, want [2,4] (Monday first)", got)
		}

		// Both days, 18:00 local before and after daylight saving.
		_, occ := e.api("GET", "/api/v1/activities/"+id+"/occurrences?from=2027-03-22&to=2027-04-05", "", nil)
		var got []string
		for _, it := range occ["items"].([]any) {
			got = append(got, it.(map[string]any)["start"].(string))
		}
		want := "2027-03-23T18:00:00+01:00,2027-03-25T18:00:00+01:00,2027-03-30T18:00:00+02:00,2027-04-01T18:00:00+02:00"
		if strings.Join(got, ",") != want {
			t.Errorf("occurrences %v, want %s", got, want)
		}

		// The weekday filter matches either day.
		for day, found := range map[string]bool{"2": true, "4": true, "3": false, "0": false} {
			_, res := e.api("GET", "/api/v1/activities?weekday="+day, "", nil)
			if slices.Contains(calIDs(t, res), id) != found {
				t.Errorf("weekday=%s: found %v, want %v", day, !found, found)
			}
		}

		// The feed carries both days; a second library expands them.
		resp, err := http.Get(e.srv.URL + "/activities/" + id + "/calendar.ics")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		cal, err := ical.NewDecoder(strings.NewReader(string(body))).Decode()
		if err != nil || len(cal.Events()) != 1 {
			t.Fatalf("feed: %v\n%s", err, body)
		}
		ev := cal.Events()[0]
		if r := ev.Props.Get(ical.PropRecurrenceRule); r == nil || !strings.Contains(r.Value, "BYDAY=TU,TH") {
			t.Errorf("RRULE %v, want BYDAY=TU,TH", r)
		}
		set, err := ev.RecurrenceSet(catalog.Stockholm)
		if err != nil || set == nil {
			t.Fatalf("recurrence: %v", err)
		}
		var expanded []string
		for _, o := range set.Between(time.Date(2027, 3, 22, 0, 0, 0, 0, catalog.Stockholm), time.Date(2027, 4, 5, 0, 0, 0, 0, catalog.Stockholm), true) {
			expanded = append(expanded, o.In(catalog.Stockholm).Format("01-02 15:04"))
		}
		if strings.Join(expanded, ",") != "03-23 18:00,03-25 18:00,03-30 18:00,04-01 18:00" {
			t.Errorf("feed expands to %v", expanded)
		}

		// HSDS: one schedule with both days, valid against the schema.
		uid, _ := db.UUID(id)
		resp, err = http.Get(e.srv.URL + "/hsds/services/" + uid)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := service.Validate(inst); err != nil {
			t.Errorf("HSDS service: %v", err)
		}
		scheds, _ := inst.(map[string]any)["schedules"].([]any)
		if len(scheds) != 1 {
			t.Fatalf("HSDS schedules: %v", inst)
		}
		s := scheds[0].(map[string]any)
		if s["byday"] != "TU,TH" || s["freq"] != "WEEKLY" || s["opens_at"] != "18:00" || s["dtstart"] != "2027-03-16" {
			t.Errorf("HSDS schedule %v", s)
		}

		// The page says both days in the page's language.
		b := e.browser(&rep)
		for lang, text := range map[string]string{"sv": "Varje tisdag och torsdag", "en": "Every Tuesday and Thursday", "ar": "الثلاثاء والخميس"} {
			if st, page := b.get("/activities/" + id + "?lang=" + lang); st != 200 || !strings.Contains(page, text) {
				t.Errorf("page in %s: %d, want %q", lang, st, text)
			}
		}

		// Refused: several days for a one-off, a day out of range; nothing changes.
		bad := tableTennis(o["id"], v["id"])
		bad["schedule"].(map[string]any)["recurrence"] = "once"
		if st, m := e.api("POST", "/api/v1/activities", tr, bad); st != 400 {
			t.Errorf("once on two days: %d %v", st, m)
		} else if _, field, _ := errField(m); field != "weekdays" {
			t.Errorf("once on two days: field %q", field)
		}
		if st, _ := e.api("PATCH", "/api/v1/activities/"+id, tr, map[string]any{"schedule": map[string]any{"recurrence": "weekly",
			"starts_on": "2027-03-16", "weekdays": []int{2, 7}, "start_time": "18:00", "end_time": "20:00"}}); st != 400 {
			t.Errorf("weekday 7: %d", st)
		}
		// An update changes the days in place.
		if st, m := e.api("PATCH", "/api/v1/activities/"+id, tr, map[string]any{"schedule": map[string]any{"recurrence": "biweekly",
			"starts_on": "2027-03-16", "weekdays": []int{1, 3, 5}, "start_time": "18:00", "end_time": "20:00"}}); st != 200 {
			t.Fatalf("patch: %d %v", st, m)
		}
		_, occ = e.api("GET", "/api/v1/activities/"+id+"/occurrences?from=2027-03-15&to=2027-03-29", "", nil)
		got = got[:0]
		for _, it := range occ["items"].([]any) {
			got = append(got, it.(map[string]any)["start"].(string)[:10])
		}
		// Every other week from the week of 16 March: that week's Wednesday
		// and Friday (Monday the 15th is before the start), none the next.
		if strings.Join(got, ",") != "2027-03-17,2027-03-19" {
			t.Errorf("biweekly occurrences %v", got)
		}
		if n := e.count("activity_weekdays"); n != 3 {
			t.Errorf("%d weekday rows, want 3", n)
		}

		// The form: weekday checkboxes.
		form := url.Values{"organisation_id": {o["id"].(string)}, "venue_id": {v["id"].(string)}, "title_sv": {"Bordtennis för nybörjare"},
			"recurrence": {"weekly"}, "starts_on": {"2027-03-16"}, "start_time": {"17:00"}, "end_time": {"18:00"}, "weekdays": {"2", "4"},
			"languages": {"sv"}, "status": {"published"}}
		if st, page := b.get("/activities/new"); st != 200 || !strings.Contains(page, `name="weekdays" value="4"`) {
			t.Errorf("new form: %d, no weekday checkboxes", st)
		}
		st, _, hdr := b.postH("/activities", form)
		if st != http.StatusSeeOther {
			t.Fatalf("form save: %d", st)
		}
		fid := strings.TrimPrefix(strings.Split(hdr.Get("Location"), "?")[0], "/activities/")
		_, fa := e.api("GET", "/api/v1/activities/"+fid, "", nil)
		if got, _ := json.Marshal(fa["schedule"].(map[string]any)["weekdays"]); string(got) != "[2,4]" {
			t.Errorf("form saved weekdays %s", got)
		}
		if _, page := b.get("/activities/" + fid + "/edit"); !strings.Contains(page, `id="weekday-4" name="weekdays" value="4" checked`) ||
			strings.Contains(page, `id="weekday-3" name="weekdays" value="3" checked`) {
			t.Errorf("edit form does not tick Tuesday and Thursday alone")
		}
		form.Set("recurrence", "monthly")
		if st, page := b.post("/activities/"+fid, form); st != 400 || !strings.Contains(page, `id="weekdays-error"`) {
			t.Errorf("monthly on two days: %d, want the error at the weekdays", st)
		}
	})
}

// TestWeekdayMigration writes an activity in the schema before 00016 (one
// weekday column) and checks the migration gives it that one weekday.
func TestWeekdayMigration(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			conn, err := db.Open(ctx, dbtest.URL(t, d))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if err := conn.MigrateTo(ctx, 15); err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
			if _, err := conn.Exec(ctx, `INSERT INTO organisations (id, name, sort_name, sector, category, municipality_code, created_at, updated_at)
				VALUES ('o1', 'Lyckeby BTK', 'lyckeby btk', 'civil_society', 'sports_club', '1080', ?, ?)`, now, now); err != nil {
				t.Fatal(err)
			}
			for _, row := range []struct {
				id, starts string
				weekday    int
			}{{"a1", "2027-03-17", 3}, {"a2", "2027-03-21", 0}} {
				if _, err := conn.Exec(ctx, `INSERT INTO activities (id, organisation_id, online_url, municipality_code, status, recurrence, starts_on,
					start_time, end_time, weekday, rrule, last_confirmed_at, created_at, updated_at)
					VALUES (?, 'o1', 'https://meet.example.org', '1080', 'published', 'weekly', ?, '18:00', '20:00', ?, 'FREQ=WEEKLY', ?, ?, ?)`,
					row.id, row.starts, row.weekday, now, now, now); err != nil {
					t.Fatal(err)
				}
				if _, err := conn.Exec(ctx, `INSERT INTO activity_texts (activity_id, lang, title) VALUES (?, 'sv', 'Bordtennis')`, row.id); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := conn.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			e := newEnv(t, conn)
			for id, want := range map[string]string{"a1": "[3]", "a2": "[0]"} {
				st, a := e.api("GET", "/api/v1/activities/"+id, "", nil)
				if got, _ := json.Marshal(a["schedule"].(map[string]any)["weekdays"]); st != 200 || string(got) != want {
					t.Errorf("%s: %d weekdays %s, want %s", id, st, got, want)
				}
			}
			if n := e.count("activity_weekdays"); n != 2 {
				t.Errorf("%d weekday rows, want 2", n)
			}
		})
	}
}

// calNodes finds the elements under n for which match holds.
func calNodes(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	}
	return out
}

func calAttr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func calHasClass(n *html.Node, tag, class string) bool {
	return n.Data == tag && slices.Contains(strings.Fields(calAttr(n, "class")), class)
}

func calText(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// TestCalendarViews: the search as a week and a month, with the days the
// activity meets on, today marked, previous and next, an empty month.
func TestCalendarViews(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.acts.Now = func() time.Time { return time.Date(2027, 3, 24, 12, 0, 0, 0, catalog.Stockholm) }
		tr := e.token(e.user("rep@example.org", "member"))
		_, o := e.api("POST", "/api/v1/organisations", tr, validOrg("Lyckeby BTK"))
		_, v := e.api("POST", "/api/v1/venues", tr, map[string]any{"organisation_id": o["id"], "name": "Sunnadalskolan", "municipality": "1080"})
		if st, _ := e.api("POST", "/api/v1/activities", tr, tableTennis(o["id"], v["id"])); st != 201 {
			t.Fatal(st)
		}
		b := e.browser(nil)
		get := func(path string) *html.Node {
			t.Helper()
			st, page := b.get(path)
			if st != 200 {
				t.Fatalf("%s: %d", path, st)
			}
			doc, err := html.Parse(strings.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			return doc
		}
		link := func(doc *html.Node, rel string) string {
			for _, a := range calNodes(doc, func(n *html.Node) bool { return n.Data == "a" && calAttr(n, "rel") == rel }) {
				return calAttr(a, "href")
			}
			return ""
		}

		// The week of 24 March: Tuesday and Thursday rows hold the activity.
		doc := get("/activities?view=week&municipality=1080")
		rows := calNodes(doc, func(n *html.Node) bool { return n.Data == "tr" && n.Parent != nil && n.Parent.Data == "tbody" })
		if len(rows) != 7 {
			t.Fatalf("week: %d rows, want 7", len(rows))
		}
		for i, r := range rows {
			has := strings.Contains(calText(r), "Bordtennis")
			if has != (i == 1 || i == 3) { // Monday first
				t.Errorf("week row %d (%s): activity %v", i, strings.TrimSpace(calText(r)), has)
			}
			if today := len(calNodes(r, func(n *html.Node) bool { return calAttr(n, "aria-current") == "date" })) > 0; today != (i == 2) {
				t.Errorf("week row %d: today %v", i, today)
			}
		}
		if c := calNodes(doc, func(n *html.Node) bool { return n.Data == "caption" }); len(c) != 1 || !strings.Contains(calText(c[0]), "Vecka 12") {
			t.Errorf("week caption")
		}
		prev, next := link(doc, "prev"), link(doc, "next")
		if !strings.Contains(prev, "date=2027-03-15") || !strings.Contains(next, "date=2027-03-29") || !strings.Contains(next, "municipality=1080") || !strings.Contains(next, "view=week") {
			t.Errorf("week links %q %q", prev, next)
		}
		// The next week is after daylight saving: still there on both days.
		doc = get(next)
		if cells := calNodes(doc, func(n *html.Node) bool { return n.Data == "li" && strings.Contains(calText(n), "18:00–20:00") }); len(cells) != 2 {
			t.Errorf("next week: %d occurrences at 18:00, want 2", len(cells))
		}

		// The month of March 2027 from the start on: Tuesdays and Thursdays.
		doc = get("/activities?view=month&date=2027-03-10&lang=en")
		var days []string
		for _, td := range calNodes(doc, func(n *html.Node) bool { return n.Data == "td" && strings.Contains(calText(n), "Table tennis") }) {
			for _, tm := range calNodes(td, func(n *html.Node) bool { return calHasClass(n, "time", "daynum") }) {
				days = append(days, calAttr(tm, "datetime")[8:])
			}
		}
		if strings.Join(days, ",") != "16,18,23,25,30" {
			t.Errorf("March: activity on %v", days)
		}
		heads := calNodes(doc, func(n *html.Node) bool { return n.Data == "th" && calAttr(n, "scope") == "col" })
		if len(heads) != 7 || calText(heads[0]) != "Monday" || calText(heads[6]) != "Sunday" {
			t.Errorf("month headers %d", len(heads))
		}
		if c := calNodes(doc, func(n *html.Node) bool { return n.Data == "caption" }); len(c) != 1 || calText(c[0]) != "March 2027" {
			t.Errorf("month caption")
		}
		if today := calNodes(doc, func(n *html.Node) bool { return n.Data == "td" && calAttr(n, "aria-current") == "date" }); len(today) != 1 || !strings.Contains(calText(today[0]), "24") {
			t.Errorf("today not marked once")
		}
		if !strings.Contains(link(doc, "prev"), "date=2027-02-01") || !strings.Contains(link(doc, "next"), "date=2027-04-01") {
			t.Errorf("month links %q %q", link(doc, "prev"), link(doc, "next"))
		}
		// The filter applies: Wednesdays only leaves the month empty.
		for _, path := range []string{"/activities?view=month&date=2027-03-10&weekday=3&lang=sv", "/activities?view=month&date=2027-02-01&lang=sv"} {
			doc = get(path)
			if !strings.Contains(calText(doc), "Inga tillfällen") || len(calNodes(doc, func(n *html.Node) bool { return calHasClass(n, "table", "month") })) != 1 {
				t.Errorf("%s: not an empty month grid", path)
			}
		}
		// The view switcher keeps the search and marks the current view.
		cur := calNodes(calNodes(doc, func(n *html.Node) bool { return calHasClass(n, "nav", "views") })[0], func(n *html.Node) bool { return n.Data == "a" && calAttr(n, "aria-current") == "page" })
		if len(cur) != 1 || calText(cur[0]) != "Månad" {
			t.Errorf("switcher: %d current", len(cur))
		}
		if st, _ := b.get("/activities?view=week&date=2027-02-30"); st != 400 {
			t.Errorf("bad date: %d, want 400", st)
		}
	})
}
