package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestCatalogueAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		rep, other := e.user("rep@example.org", "member"), e.user("other@example.org", "member")
		tr, to := e.token(rep), e.token(other)
		_, o := e.api("POST", "/api/v1/organisations", tr, validOrg("Fritidsföreningen Landskrona"))
		orgID := o["id"].(string)
		st, v := e.api("POST", "/api/v1/venues", tr, map[string]any{"organisation_id": orgID, "name": "Stadsbiblioteket", "municipality": "1282",
			"lat": 55.87, "lon": 12.83, "meeting_place": true, "accessibility": []string{"step_free", "hearing_loop"}})
		if st != 201 {
			t.Fatalf("venue: %d %v", st, v)
		}
		venueID := v["id"].(string)
		act := func(title, recurrence, start, clock string, langs []string, extra map[string]any) map[string]any {
			m := map[string]any{"organisation_id": orgID, "venue_id": venueID, "languages": langs, "themes": []string{"education"},
				"target_groups": []string{"children", "newcomers"},
				"texts":         map[string]any{"sv": map[string]any{"title": title, "summary": "Välkommen!"}, "ar": map[string]any{"title": title + " (ar)"}},
				"schedule":      map[string]any{"recurrence": recurrence, "starts_on": start, "start_time": clock, "end_time": "20:00", "cancelled": []string{"2026-12-22"}}}
			for k, val := range extra {
				m[k] = val
			}
			return m
		}
		st, a := e.api("POST", "/api/v1/activities", tr, act("Läxhjälp på arabiska och somaliska", "weekly", "2026-11-03", "16:00", []string{"sv", "ar", "so"}, nil))
		if st != 201 {
			t.Fatalf("activity: %d %v", st, a)
		}
		actID := a["id"].(string)
		e.api("POST", "/api/v1/activities", tr, act("Språkcafé", "weekly", "2026-11-04", "18:00", []string{"sv", "ar"}, map[string]any{"cost_kr": 20}))
		e.api("POST", "/api/v1/activities", tr, act("Utkast", "once", "2027-01-10", "10:00", []string{"sv"}, map[string]any{"status": "draft"}))

		tests := []struct {
			query string
			want  int
		}{
			{"", 2},
			{"?q=l%C3%A4xhj%C3%A4lp", 1},
			{"?q=lax", 0},
			{"?q=spr%C3%A5kcafe", 1},
			{"?language=so", 1},
			{"?free=true", 1},
			{"?municipality=1282&theme=education", 2},
			{"?weekday=3&time_of_day=evening", 1},
			{"?lat=55.87&lon=12.84&radius_km=3&sort=distance", 2},
			{"?lat=59.33&lon=18.06&radius_km=3", 0},
			{"?venue=" + venueID, 2},
		}
		for _, tt := range tests {
			st, page := e.api("GET", "/api/v1/activities"+tt.query, "", nil)
			if st != 200 || int(page["total"].(float64)) != tt.want {
				t.Errorf("%s: %d total %v, want %d", tt.query, st, page["total"], tt.want)
			}
		}
		for _, bad := range []string{"?theme=cooking", "?weekday=9", "?free=maybe", "?lat=x&lon=1", "?sort=distance", "?limit=0"} {
			if st, _ := e.api("GET", "/api/v1/activities"+bad, "", nil); st != 400 {
				t.Errorf("%s: %d, want 400", bad, st)
			}
		}
		perms := []struct {
			name, method, path, token string
			body                      any
			want                      int
		}{
			{"anonymous reads", "GET", "/api/v1/activities/" + actID, "", nil, 200},
			{"anonymous creates", "POST", "/api/v1/activities", "", act("X", "once", "2027-01-10", "10:00", nil, nil), 401},
			{"other member updates", "PATCH", "/api/v1/activities/" + actID, to, act("Kapad", "once", "2027-01-10", "10:00", nil, nil), 403},
			{"other member archives", "POST", "/api/v1/activities/" + actID + "/archive", to, nil, 403},
			{"other member adds venue for the org", "POST", "/api/v1/venues", to, map[string]any{"organisation_id": orgID, "name": "X", "municipality": "1282"}, 403},
			{"no Swedish title", "POST", "/api/v1/activities", tr, map[string]any{"organisation_id": orgID, "venue_id": venueID, "texts": map[string]any{"en": map[string]any{"title": "Homework"}}, "schedule": map[string]any{"recurrence": "once", "starts_on": "2027-01-10", "start_time": "10:00", "end_time": "11:00"}}, 400},
			{"unknown field", "POST", "/api/v1/activities", tr, map[string]any{"organisation_id": orgID, "stale": true}, 400},
			{"venue outside Sweden", "POST", "/api/v1/venues", tr, map[string]any{"organisation_id": orgID, "name": "Y", "municipality": "1282", "lat": 48.85, "lon": 2.35}, 400},
			{"owner confirms", "POST", "/api/v1/activities/" + actID + "/confirm", tr, nil, 200},
			{"owner updates", "PATCH", "/api/v1/activities/" + actID, tr, act("Läxhjälp", "biweekly", "2026-11-03", "16:00", []string{"sv"}, nil), 200},
			{"owner archives", "POST", "/api/v1/activities/" + actID + "/archive", tr, nil, 200},
			// Issue 12, item 10: an archived activity answers (with its
			// status), so those who saved its link learn it is over.
			{"archived still answers the public", "GET", "/api/v1/activities/" + actID, "", nil, 200},
			{"and its owner", "GET", "/api/v1/activities/" + actID, tr, nil, 200},
			{"venue", "GET", "/api/v1/venues/" + venueID, "", nil, 200},
			{"venues in the county", "GET", "/api/v1/venues?county=12", "", nil, 200},
		}
		for _, tt := range perms {
			t.Run(tt.name, func(t *testing.T) {
				if st, body := e.api(tt.method, tt.path, tt.token, tt.body); st != tt.want {
					t.Errorf("%s %s = %d, want %d: %v", tt.method, tt.path, st, tt.want, body)
				}
			})
		}
		// Anonymous searches are cached; a change shows within a second.
		if total := eventually(t, e, "/api/v1/activities", 1); total != 1 {
			t.Errorf("after archiving: %d in the catalogue, want 1", total)
		}
	})
}

func TestCataloguePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tr := e.token(e.user("rep@example.org", "member"))
		_, o := e.api("POST", "/api/v1/organisations", tr, validOrg("Bibliotekets vänner"))
		_, v := e.api("POST", "/api/v1/venues", tr, map[string]any{"organisation_id": o["id"], "name": "Mötesplats Bullerbyn", "municipality": "0884", "meeting_place": true})
		mk := func(title, start, clock string, texts map[string]any) string {
			texts["sv"] = map[string]any{"title": title}
			_, a := e.api("POST", "/api/v1/activities", tr, map[string]any{"organisation_id": o["id"], "venue_id": v["id"], "languages": []string{"sv", "ar", "so"},
				"texts": texts, "schedule": map[string]any{"recurrence": "weekly", "starts_on": start, "start_time": clock, "end_time": "21:00"}})
			return a["id"].(string)
		}
		withArabic := mk("Språkcafé", "2026-11-03", "18:00", map[string]any{"ar": map[string]any{"title": "مقهى اللغة"}})
		mk("Läxhjälp", "2026-11-05", "16:00", map[string]any{})
		b := e.browser(nil)
		_, page := b.get("/activities/" + withArabic + "?lang=ar")
		if !strings.Contains(page, "<h1>مقهى اللغة</h1>") || strings.Contains(page, `class="note"`) {
			t.Error("Arabic page does not show the Arabic title without a fallback note")
		}
		_, page = b.get("/activities/" + withArabic + "?lang=so")
		if !strings.Contains(page, `<h1 lang="sv" dir="ltr">Språkcafé</h1>`) || !strings.Contains(page, `class="note"`) {
			t.Error("Somali page lacks the Swedish text with a note")
		}
		_, page = b.get("/venues/" + v["id"].(string) + "?lang=sv") // the Somali page above set the language cookie
		tue, thu := strings.Index(page, ">tisdag</h3>"), strings.Index(page, ">torsdag</h3>")
		if tue < 0 || thu < 0 || tue > thu || !strings.Contains(page, "Språkcafé") || !strings.Contains(page, "Läxhjälp") {
			t.Errorf("venue page does not list the week by weekday")
		}
		// The printable week: Tuesday's café before Thursday's homework help.
		_, page = b.get("/venues/" + v["id"].(string) + "/print?week=2026-11-11")
		if !strings.Contains(page, `Vecka 46: <time datetime="2026-11-09">måndag 9 november</time> – <time datetime="2026-11-15">söndag 15 november</time>`) ||
			strings.Index(page, "Språkcafé") > strings.Index(page, "Läxhjälp") || !strings.Contains(page, "<time>18:00–21:00</time>") {
			t.Error("weekly sheet for the venue is wrong")
		}
		if _, page = b.get("/activities/print?municipality=0884&week=2026-11-11"); !strings.Contains(page, "Läxhjälp") {
			t.Error("weekly sheet for a search is wrong")
		}
		// schema.org JSON-LD on the activity page.
		_, page = b.get("/activities/" + withArabic)
		ld := page[strings.Index(page, `<script type="application/ld+json">`)+len(`<script type="application/ld+json">`):]
		ld = ld[:strings.Index(ld, "</script>")]
		var ev map[string]any
		if err := json.Unmarshal([]byte(ld), &ev); err != nil || ev["@type"] != "Event" || ev["name"] != "Språkcafé" {
			t.Errorf("JSON-LD: %v %s", err, ld)
		} else if sched, _ := ev["eventSchedule"].(map[string]any); sched["byDay"] != "https://schema.org/Tuesday" || sched["repeatFrequency"] != "P1W" {
			t.Errorf("JSON-LD schedule: %v", sched)
		}
		st, page := b.get("/activities?q=l%C3%A4x&weekday=4")
		if st != 200 || !strings.Contains(page, "Läxhjälp") || strings.Contains(page, "Språkcafé</a>") {
			t.Errorf("search page: %d", st)
		}
		if st, page := b.get("/activities?weekday=9"); st != 400 || !strings.Contains(page, `role="alert"`) {
			t.Errorf("bad filter: %d", st)
		}
	})
}

func TestActivityForm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		rep, stranger := e.user("rep@example.org", "member"), e.user("x@example.org", "member")
		_, o := e.api("POST", "/api/v1/organisations", e.token(rep), validOrg("Somaliska föreningen"))
		b := e.browser(&rep)
		form := url.Values{"organisation_id": {o["id"].(string)}, "online_url": {"https://meet.example.org/laxhjalp"}, "municipality": {"0884"},
			"title_sv": {"Läxhjälp"}, "title_ar": {"مساعدة في الواجبات"}, "title_so": {"Caawimaad casharada"}, "summary_sv": {"Varje tisdag"},
			"recurrence": {"weekly"}, "starts_on": {"2026-12-01"}, "start_time": {"16:00"}, "end_time": {"15:00"},
			"languages": {"sv", "ar", "so"}, "themes": {"education"}, "target_groups": {"children"}, "cost_kr": {""}, "status": {"published"}}
		st, page := b.post("/activities", form)
		if st != 400 || !strings.Contains(page, `id="end_time-error"`) || !strings.Contains(page, `value="مساعدة في الواجبات"`) || !strings.Contains(page, `value="16:00"`) {
			t.Fatalf("refused form: %d, want 400 with the error at end_time and input kept", st)
		}
		form.Set("end_time", "18:00")
		st, _, hdr := b.postH("/activities", form)
		if st != http.StatusSeeOther {
			t.Fatalf("save: %d", st)
		}
		id := strings.TrimPrefix(strings.Split(hdr.Get("Location"), "?")[0], "/activities/")
		_, a := e.api("GET", "/api/v1/activities/"+id, "", nil)
		texts := a["texts"].(map[string]any)
		if len(texts) != 3 || a["cost_kr"].(float64) != 0 || a["municipality"] != "0884" {
			t.Errorf("saved activity: %v", a)
		}
		if st, page := b.get("/activities/" + id + "/edit"); st != 200 || !strings.Contains(page, `value="Caawimaad casharada"`) {
			t.Errorf("edit form: %d", st)
		}
		if st, _ := e.browser(&stranger).post("/activities/"+id, form); st != http.StatusForbidden {
			t.Errorf("stranger saves: %d, want 403", st)
		}
		if st, _ := b.post("/activities/"+id+"/archive", nil); st != http.StatusSeeOther {
			t.Errorf("archive: %d", st)
		}
		// The archived activity's page says so instead of answering 404.
		if st, page := e.browser(nil).get("/activities/" + id); st != http.StatusOK || !strings.Contains(page, "Aktiviteten är arkiverad") {
			t.Errorf("archived activity's page: %d", st)
		}
	})
}

func TestVenueForm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		rep, stranger := e.user("rep@example.org", "member"), e.user("x@example.org", "member")
		_, o := e.api("POST", "/api/v1/organisations", e.token(rep), validOrg("Vimmerby IF"))
		b := e.browser(&rep)
		form := url.Values{"organisation_id": {o["id"].(string)}, "name": {"Mötesplats Storebro"}, "municipality": {"0884"},
			"lat": {"57,5810"}, "lon": {"abc"}, "meeting_place": {"1"}, "accessibility": {"step_free"}, "description_sv": {"Under uppbyggnad"}}
		if st, page := b.post("/venues", form); st != 400 || !strings.Contains(page, `id="lat-error"`) || !strings.Contains(page, `value="Mötesplats Storebro"`) {
			t.Fatalf("bad coordinates: %d, want 400 at lat with input kept", st)
		}
		form.Set("lon", "15.842")
		st, _, hdr := b.postH("/venues", form)
		if st != http.StatusSeeOther {
			t.Fatalf("save venue: %d", st)
		}
		id := strings.TrimPrefix(strings.Split(hdr.Get("Location"), "?")[0], "/venues/")
		_, v := e.api("GET", "/api/v1/venues/"+id, "", nil)
		if v["lat"].(float64) != 57.581 || v["meeting_place"] != true {
			t.Errorf("saved venue: %v", v)
		}
		if st, _ := e.browser(&stranger).post("/venues/"+id, form); st != http.StatusForbidden {
			t.Errorf("stranger edits the venue: %d, want 403", st)
		}
	})
}

func TestImportThroughTheWeb(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		coord, member := e.user("coord@example.org", "coordinator"), e.user("member@example.org", "member")
		file := "name,sector,category,municipality\nSomaliska föreningen,civil_society,ethnic_association,Borås\nUtan sektor,,association,Borås\n"
		upload := func(b *browser) (int, string) { return uploadCSV(t, e, b, "organisations", file) }
		if st, _ := upload(e.browser(&member)); st != http.StatusForbidden {
			t.Errorf("member imports: %d, want 403", st)
		}
		cb := e.browser(&coord)
		st, page := upload(cb)
		if st != 200 || !strings.Contains(page, "1 nya, 0 ändrade, 0 oförändrade, 1 avvisade") || !strings.Contains(page, "<code>sector</code>") {
			t.Fatalf("dry run page: %d", st)
		}
		if n := e.count("organisations"); n != 0 {
			t.Errorf("the dry run wrote %d organisations", n)
		}
		if st, page := cb.post("/admin/import", url.Values{"kind": {"organisations"}, "apply": {"1"}, "content": {file}}); st != 200 || !strings.Contains(page, "Importen är gjord") {
			t.Fatalf("confirm: %d", st)
		}
		if n := e.count("organisations"); n != 1 {
			t.Errorf("after confirming: %d organisations, want 1", n)
		}
		if _, page := cb.post("/admin/import", url.Values{"kind": {"organisations"}, "apply": {"1"}, "content": {file}}); !strings.Contains(page, "0 nya, 0 ändrade, 1 oförändrade") {
			t.Error("re-import changed something")
		}
	})
}

// eventually polls an anonymous search until it reports want results or
// three seconds pass (the search cache re-reads the catalogue version once
// a second), and returns the last total.
func eventually(t *testing.T, e *testEnv, path string, want int) int {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		_, page := e.api("GET", path, "", nil)
		total := int(page["total"].(float64))
		if total == want || time.Now().After(deadline) {
			return total
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestSearchCacheFollowsChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.token(e.user("rep@example.org", "member"))
		_, o := e.api("POST", "/api/v1/organisations", tok, validOrg("Cachföreningen"))
		mk := func(title string) string {
			_, a := e.api("POST", "/api/v1/activities", tok, map[string]any{"organisation_id": o["id"], "online_url": "https://meet.example.org/x", "municipality": "0884",
				"texts": map[string]any{"sv": map[string]any{"title": title}}, "schedule": map[string]any{"recurrence": "weekly", "starts_on": "2026-12-01", "start_time": "10:00", "end_time": "11:00"}})
			return a["id"].(string)
		}
		mk("Schackklubb")
		if _, page := e.api("GET", "/api/v1/activities?q=schack", "", nil); int(page["total"].(float64)) != 1 {
			t.Fatal("first search")
		}
		mk("Schackträning för nybörjare")
		// A signed-in member bypasses the cache and sees the change at once…
		if _, page := e.api("GET", "/api/v1/activities?q=schack", tok, nil); int(page["total"].(float64)) != 2 {
			t.Error("signed-in search does not see the new activity")
		}
		// …the public within a second.
		if total := eventually(t, e, "/api/v1/activities?q=schack", 2); total != 2 {
			t.Errorf("public search after the change: %d, want 2", total)
		}
		// Renaming the organisation changes what results show, too.
		e.api("PATCH", "/api/v1/organisations/"+o["id"].(string), tok, map[string]any{"name": "Schackföreningen Vimmerby"})
		deadline := time.Now().Add(3 * time.Second)
		for {
			_, page := e.api("GET", "/api/v1/activities?q=schack", "", nil)
			if page["items"].([]any)[0].(map[string]any)["organisation_name"] == "Schackföreningen Vimmerby" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the public search kept the old organisation name")
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}

// TestOccurrencesAndImportThroughTheAPI: what clients automate — a window
// of occurrences for calendar views, and the CSV import as dry run then
// apply — is in the API.
func TestOccurrencesAndImportThroughTheAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		staff := e.token(e.user("staff@example.org", "coordinator"))
		_, o := e.api("POST", "/api/v1/organisations", staff, validOrg("Kalenderföreningen"))
		body := onlineActivity(o["id"].(string), "Veckoträff")
		body["schedule"] = map[string]any{"recurrence": "weekly", "starts_on": "2027-03-06", "start_time": "18:00", "end_time": "19:00", "cancelled": []string{"2027-03-20"}}
		_, a := e.api("POST", "/api/v1/activities", staff, body)
		id := a["id"].(string)
		st, occ := e.api("GET", "/api/v1/activities/"+id+"/occurrences?from=2027-03-01&to=2027-04-01", "", nil)
		var starts []string
		for _, it := range occ["items"].([]any) {
			starts = append(starts, it.(map[string]any)["start"].(string))
		}
		// 20 March is cancelled; the 27th is the last Saturday before summer time.
		if st != 200 || strings.Join(starts, " ") != "2027-03-06T18:00:00+01:00 2027-03-13T18:00:00+01:00 2027-03-27T18:00:00+01:00" {
			t.Errorf("occurrences: %d %v", st, starts)
		}
		if st, _ := e.api("GET", "/api/v1/activities/"+id+"/occurrences?from=2027-01-01&to=2028-06-01", "", nil); st != 400 {
			t.Errorf("a window over a year: %d, want 400", st)
		}
		_, page := e.api("GET", "/api/v1/activities?q=veckotr%C3%A4ff&from=2027-03-01&to=2027-03-15", "", nil)
		if items := page["items"].([]any); len(items) != 1 || len(items[0].(map[string]any)["occurrences"].([]any)) != 2 {
			t.Errorf("search with a window: %v", page["items"])
		}
		csv := "name,sector,category,municipality\nImportföreningen,civil_society,association,0884\nTrasig,nonsense,association,0884\n"
		post := func(query, token string) (int, map[string]any) {
			req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/imports/organisations"+query, strings.NewReader(csv))
			req.Header.Set("Content-Type", "text/csv")
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			e.openapi.Check(t, req, resp.StatusCode, resp.Header, raw)
			var m map[string]any
			_ = json.Unmarshal(raw, &m)
			return resp.StatusCode, m
		}
		before := e.count("organisations")
		st, plan := post("", staff)
		if st != 200 || plan["created"].(float64) != 1 || plan["rejected"].(float64) != 1 || e.count("organisations") != before {
			t.Fatalf("dry run: %d %v", st, plan)
		}
		if st, _ := post("?apply=true", e.token(e.user("member@example.org", "member"))); st != 403 {
			t.Errorf("a member imports: %d, want 403", st)
		}
		if st, plan := post("?apply=true", staff); st != 200 || plan["applied"] != true || e.count("organisations") != before+1 {
			t.Errorf("apply: %d %v", st, plan)
		}
	})
}

// TestOnePagingModel: every list of the API is walked the same way, by
// following next until it is gone, and the walk sees every item once.
func TestOnePagingModel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		staff := e.token(e.user("staff@example.org", "admin"))
		for i := 0; i < 5; i++ {
			_, o := e.api("POST", "/api/v1/organisations", staff, validOrg("Sida "+string(rune('A'+i))))
			e.api("POST", "/api/v1/activities", staff, onlineActivity(o["id"].(string), "Träff "+string(rune('A'+i))))
			e.api("POST", "/api/v1/organisations/"+o["id"].(string)+"/invitations", staff, map[string]any{"email": "ny" + string(rune('a'+i)) + "@example.org", "role": "editor"})
		}
		for _, start := range []string{"/api/v1/organisations?limit=2", "/api/v1/activities?limit=2&q=tr%C3%A4ff", "/api/v1/audit?limit=3", "/api/v1/outbox?limit=1"} {
			seen := map[string]bool{}
			path, pages := start, 0
			for path != "" && pages < 20 {
				st, page := e.api("GET", path, staff, nil)
				if st != 200 {
					t.Fatalf("%s: %d", path, st)
				}
				for _, it := range page["items"].([]any) {
					id := it.(map[string]any)["id"].(string)
					if seen[id] {
						t.Errorf("%s: %s twice", start, id)
					}
					seen[id] = true
				}
				path, _ = page["next"].(string)
				pages++
			}
			want := map[string]int{"/api/v1/organisations?limit=2": 5, "/api/v1/activities?limit=2&q=tr%C3%A4ff": 5}[start]
			if want > 0 && len(seen) != want || len(seen) == 0 || pages < 2 {
				t.Errorf("%s: %d items in %d pages", start, len(seen), pages)
			}
		}
	})
}
