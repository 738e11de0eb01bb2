package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/qr"
	"github.com/samverkan/samverkan/internal/server"
)

// TestParticipantExport: the organisers take the participant list away
// as XLSX and CSV, formulas neutralised, the answers in their own columns;
// nobody else can, and the export is audited.
func TestParticipantExport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		id := openEvent(t, e, 1, questionsDay())
		_, ev := e.api("GET", "/api/v1/events/"+id, "", nil)
		q1 := ev["questions"].([]any)[0].(map[string]any)["id"].(string)
		for _, p := range []map[string]any{
			{"name": "=HYPERLINK(\"http://x\")", "email": "f@example.org", "organisation_name": "Föreningen", "dietary": "Vegan", "phone": "070-123"},
			{"name": "Väntande", "email": "v@example.org", "organisation_name": "Kommunen"},
		} {
			p["accept_privacy"], p["sector"], p["answers"] = true, "civil_society", map[string]any{q1: []string{"boende"}}
			if st, body := e.api("POST", "/api/v1/events/"+id+"/registrations", "", p); st != http.StatusCreated {
				t.Fatalf("register: %d %v", st, body)
			}
		}
		staff := e.user("exp@example.org", "coordinator")
		b := e.browser(&staff)
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/events/"+id+"/registrations.xlsx?lang=sv", nil)
		st, raw, hdr := b.do(req)
		if st != 200 || !strings.Contains(hdr.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("xlsx: %d %s", st, hdr.Get("Content-Type"))
		}
		x, err := excelize.OpenReader(bytes.NewReader([]byte(raw)))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows(x.GetSheetName(0))
		if err != nil || len(rows) != 3 {
			t.Fatalf("rows: %v %v", rows, err)
		}
		want := [][]string{
			{"Namn", "Organisation", "Sektor", "E-post", "Telefon", "Specialkost", "Status", "Plats i kön", "Avgift att betala (kr)", "Reseersättning", "Vilken workshop?"},
			{"'=HYPERLINK(\"http://x\")", "Föreningen", "", "f@example.org", "070-123", "Vegan", "Plats", "", "0", "", "Boende"},
			{"Väntande", "Kommunen", "", "v@example.org", "", "", "Väntelista", "1", "0", "", "Boende"},
		}
		for i, w := range want {
			for j, c := range w {
				if j == 2 {
					continue // the sector's name is the registry's
				}
				if j >= len(rows[i]) || rows[i][j] != c {
					t.Errorf("row %d column %d: %q, want %q (%q)", i, j, at(rows[i], j), c, rows[i])
				}
			}
		}
		if rows[1][2] == "" || rows[1][2] == "civil_society" {
			t.Errorf("sector not named: %q", rows[1][2])
		}
		if f, _ := x.GetCellFormula(x.GetSheetName(0), "A2"); f != "" {
			t.Errorf("a name became a formula: %q", f)
		}
		st, csv := b.get("/events/" + id + "/registrations.csv?lang=en")
		if st != 200 || !strings.Contains(csv, "Name,Organisation") || !strings.Contains(csv, `"'=HYPERLINK(""http://x"")"`) || !strings.Contains(csv, "Which workshop?") {
			t.Errorf("csv: %d %s", st, csv)
		}
		var exports int
		_ = d.QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'registration.export' AND entity_id = ?`, id).Scan(&exports)
		if exports != 2 {
			t.Errorf("%d audited exports, want 2", exports)
		}
		member := e.user("mem@example.org", "member")
		if st, _ := e.browser(&member).get("/events/" + id + "/registrations.xlsx"); st != http.StatusForbidden {
			t.Errorf("a member exports: %d", st)
		}
		if st, _ := e.browser(nil).get("/events/" + id + "/registrations.csv"); st == 200 {
			t.Errorf("anonymous export: %d", st)
		}
		_ = d.QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'registration.export' AND entity_id = ?`, id).Scan(&exports)
		if exports != 2 {
			t.Errorf("refused exports audited: %d", exports)
		}
	})
}

// TestOrganiserSummary: the caterer's counts (the seated only, "Vegan"
// and " VEGAN " one need), the fees owed, the waiting list in order.
func TestOrganiserSummary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		real := e.svc.Events.Now
		clock := time.Date(2027, 9, 1, 12, 0, 0, 0, time.UTC)
		e.svc.Events.Now = func() time.Time { return clock }
		defer func() { e.svc.Events.Now = real }()
		id := openEvent(t, e, 3, nil)
		tokens := map[string]string{}
		for _, p := range [][2]string{{"Anna", "Vegan"}, {"Bertil", " VEGAN  "}, {"Cecilia", "Glutenfri"}, {"David", "Laktosfri"}, {"Eva", "Nötter"}, {"Fredrik", ""}} {
			st, body := e.api("POST", "/api/v1/events/"+id+"/registrations", "", map[string]any{"name": p[0], "email": strings.ToLower(p[0]) + "@example.org",
				"dietary": p[1], "accept_privacy": true, "sector": "public"})
			if st != http.StatusCreated {
				t.Fatalf("register %s: %d %v", p[0], st, body)
			}
			tokens[p[0]] = body["manage_token"].(string)
		}
		clock = time.Date(2027, 10, 10, 12, 0, 0, 0, time.UTC) // after the cancellation deadline
		if st, c := e.api("POST", "/api/v1/registrations/"+tokens["Cecilia"]+"/cancel", "", nil); st != 200 || c["fee_owed_kr"].(float64) != 400 {
			t.Fatalf("cancel: %d %v", st, c)
		}
		staff := e.user("sum@example.org", "coordinator")
		st, page := e.browser(&staff).get("/events/" + id + "/registrations?lang=sv")
		if st != 200 {
			t.Fatalf("page: %d", st)
		}
		for _, want := range []string{
			"<tr><td>Vegan</td><td>2</td></tr>", "<tr><td>Laktosfri</td><td>1</td></tr>", // David was promoted
			"Totalt 400 kr från 1 personer", "Cecilia</a></td><td></td><td>400</td>",
			`registrations.xlsx`, `registrations.csv`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("summary lacks %q", want)
			}
		}
		for _, not := range []string{"Glutenfri</td><td>", "Nötter</td><td>", "VEGAN</td><td>"} {
			if strings.Contains(page, not) {
				t.Errorf("summary counts %q (cancelled, waiting or unnormalised)", not)
			}
		}
		_, ol, _ := strings.Cut(page, "<ol>")
		if e, f := strings.Index(ol, "Eva"), strings.Index(ol, "Fredrik"); e < 0 || f < e {
			t.Errorf("waiting list not in order: %s", ol)
		}
	})
}

// TestCheckIn: the door's search, check-in by POST without JavaScript,
// idempotent under two staff at once, undo, the no-show count; only the
// seated, only the organisers.
func TestCheckIn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		id := openEvent(t, e, 2, nil)
		ids := map[string]string{}
		for _, p := range [][2]string{{"Amina Hassan", "Röda Korset"}, {"Bo Berg", "Kommunen"}, {"Cai Väntare", "Kommunen"}} {
			st, body := e.api("POST", "/api/v1/events/"+id+"/registrations", "", map[string]any{"name": p[0], "organisation_name": p[1],
				"email": strings.ToLower(strings.Fields(p[0])[0]) + "@example.org", "accept_privacy": true, "sector": "public"})
			if st != http.StatusCreated {
				t.Fatalf("register: %d %v", st, body)
			}
			var rid string
			if err := d.QueryRow(t.Context(), `SELECT id FROM registrations WHERE email = ?`, strings.ToLower(strings.Fields(p[0])[0])+"@example.org").Scan(&rid); err != nil {
				t.Fatal(err)
			}
			ids[p[0]] = rid
		}
		staff := e.user("door@example.org", "coordinator")
		b := e.browser(&staff)
		st, page := b.get("/events/" + id + "/checkin?q=R%C3%96DA")
		if st != 200 || !strings.Contains(page, "Amina Hassan") || strings.Contains(page, "Bo Berg") || strings.Contains(page, "Cai") {
			t.Fatalf("search by organisation: %d %s", st, page)
		}
		if _, page := b.get("/events/" + id + "/checkin?q=kommun"); !strings.Contains(page, "Bo Berg") || strings.Contains(page, "Cai Väntare") {
			t.Errorf("the waiting are not at the door: %s", page)
		}
		amina := ids["Amina Hassan"]
		// Two staff tap at once: one check-in, one audit entry.
		done := make(chan int, 2)
		for range 2 {
			go func() {
				st, _ := b.post("/events/"+id+"/checkin/"+amina, url.Values{"q": {"röda"}})
				done <- st
			}()
		}
		for range 2 {
			if st := <-done; st != http.StatusSeeOther {
				t.Errorf("check-in: %d", st)
			}
		}
		st, _, hdr := b.postH("/events/"+id+"/checkin/"+amina, url.Values{"q": {"röda"}})
		if st != http.StatusSeeOther || hdr.Get("Location") != "/events/"+id+"/checkin?q=r%C3%B6da#r-"+amina {
			t.Errorf("redirect: %d %q", st, hdr.Get("Location"))
		}
		var first time.Time
		var entries int
		_ = d.QueryRow(t.Context(), `SELECT attended_at FROM registrations WHERE id = ?`, amina).Scan(&first)
		_ = d.QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'registration.checkin' AND entity_id = ?`, amina).Scan(&entries)
		if first.IsZero() || entries != 1 {
			t.Errorf("three check-ins: attended %v, %d audit entries; want one", first, entries)
		}
		if _, page := b.get("/events/" + id + "/checkin?r=" + amina); !strings.Contains(page, "Ångra") || !strings.Contains(page, "1 av 2 incheckade") || strings.Contains(page, "Bo Berg") {
			t.Errorf("one person by the badge's link: %s", page)
		}
		if _, page := b.get("/events/" + id + "/registrations"); !strings.Contains(page, "1 av 2 med plats har checkats in; 1 har inte kommit.") {
			t.Errorf("no-show count missing")
		}
		// Undo, twice: the second changes nothing.
		for range 2 {
			if st, _ := b.post("/events/"+id+"/checkin/"+amina, url.Values{"undo": {"1"}}); st != http.StatusSeeOther {
				t.Errorf("undo: %d", st)
			}
		}
		_ = d.QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'registration.checkin_undo' AND entity_id = ?`, amina).Scan(&entries)
		var attended *time.Time
		_ = d.QueryRow(t.Context(), `SELECT attended_at FROM registrations WHERE id = ?`, amina).Scan(&attended)
		if attended != nil || entries != 1 {
			t.Errorf("undo: attended %v, %d entries", attended, entries)
		}
		if _, page := b.get("/events/" + id + "/registrations"); !strings.Contains(page, "0 av 2 med plats har checkats in; 2 har inte kommit.") {
			t.Errorf("no-show count after undo missing")
		}
		if st, _ := b.post("/events/"+id+"/checkin/"+ids["Cai Väntare"], nil); st != http.StatusConflict {
			t.Errorf("checking in the waiting: %d", st)
		}
		if st, _ := b.post("/events/"+id+"/checkin/nope", nil); st != http.StatusNotFound {
			t.Errorf("unknown registration: %d", st)
		}
		member := e.user("m2@example.org", "member")
		mb := e.browser(&member)
		if st, _ := mb.get("/events/" + id + "/checkin"); st != http.StatusForbidden {
			t.Errorf("a member at the door: %d", st)
		}
		if st, _ := mb.post("/events/"+id+"/checkin/"+ids["Bo Berg"], nil); st != http.StatusForbidden {
			t.Errorf("a member checks in: %d", st)
		}
		if st, _ := b.get("/events/" + id + "/checkin?q=" + strings.Repeat("x", 101)); st != http.StatusBadRequest {
			t.Errorf("an overlong search: %d", st)
		}
	})
}

// TestBadges: eight badges to an A4 sheet, the seated only, each with a
// QR code of that person's check-in link; organisers only.
func TestBadges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		id := openEvent(t, e, 9, nil)
		for i := range 10 { // nine seated, one waiting
			if st, body := e.api("POST", "/api/v1/events/"+id+"/registrations", "", map[string]any{"name": fmt.Sprintf("Person %02d", i),
				"organisation_name": "Förening", "email": fmt.Sprintf("p%d@example.org", i), "accept_privacy": true, "sector": "public"}); st != http.StatusCreated {
				t.Fatalf("register: %d %v", st, body)
			}
		}
		staff := e.user("badge@example.org", "coordinator")
		st, page := e.browser(&staff).get("/events/" + id + "/badges?lang=sv")
		if st != 200 {
			t.Fatalf("badges: %d", st)
		}
		if n := strings.Count(page, `class="badge-sheet"`); n != 2 {
			t.Errorf("%d sheets for nine badges, want 2", n)
		}
		if n := strings.Count(page, `class="badge"`); n != 9 || strings.Contains(page, "Person 09") {
			t.Errorf("%d badges, want the nine seated", n)
		}
		var rid string
		_ = d.QueryRow(t.Context(), `SELECT id FROM registrations WHERE email = 'p0@example.org'`).Scan(&rid)
		code, err := qr.Encode(e.srv.URL + "/events/" + id + "/checkin?r=" + rid)
		if err != nil {
			t.Fatal(err)
		}
		if want := string(code.HTML("QR-kod för incheckning av Person 00")); !strings.Contains(page, want) {
			t.Errorf("Person 00's badge lacks the QR code of their check-in link")
		}
		member := e.user("m3@example.org", "member")
		if st, _ := e.browser(&member).get("/events/" + id + "/badges"); st != http.StatusForbidden {
			t.Errorf("a member prints badges: %d", st)
		}
		// Printing is audited as its own kind, named in the log's language.
		var badges, lists int
		var details string
		_ = d.QueryRow(t.Context(), `SELECT COUNT(*), MAX(details) FROM audit_log WHERE action = 'registration.badges' AND entity_id = ?`, id).Scan(&badges, &details)
		_ = d.QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'registration.checkin_list' AND entity_id = ?`, id).Scan(&lists)
		if badges != 1 || lists != 0 || !strings.Contains(details, `"9"`) {
			t.Errorf("badges audited %d times (%s), as the check-in list %d times; want once as badges with the count", badges, details, lists)
		}
		sb := e.browser(&staff)
		for lang, want := range map[string]string{"sv": "Skrev ut namnbrickor", "en": "Printed name badges", "ar": "طبع بطاقات الأسماء", "uk": "Надрукував бейджі з іменами"} {
			if st, page := sb.get("/admin/audit?action=registration.badges&lang=" + lang); st != 200 || !strings.Contains(page, want) {
				t.Errorf("%s: the audit log does not name the badges' entry %q (%d)", lang, want, st)
			}
		}
	})
}

// TestOrganiserAPI: the summary and the check-in through the JSON API,
// for the event's organisers and staff only, the reads audited as the
// web pages' are; every answer checked against the OpenAPI document.
func TestOrganiserAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		real := e.svc.Events.Now
		clock := time.Date(2027, 9, 1, 12, 0, 0, 0, time.UTC)
		e.svc.Events.Now = func() time.Time { return clock }
		defer func() { e.svc.Events.Now = real }()
		organiser := e.token(e.user("org@example.org", "member"))
		_, o := e.api("POST", "/api/v1/organisations", organiser, validOrg("Idrottsföreningen"))
		body := dialogueDay(o["id"].(string))
		for k, v := range questionsDay() {
			if k != "questions" {
				body[k] = v
			}
		}
		body["capacity"] = 2
		st, ev := e.api("POST", "/api/v1/events", organiser, body)
		if st != http.StatusCreated {
			t.Fatalf("event: %d %v", st, ev)
		}
		id := ev["id"].(string)
		ids, tokens := map[string]string{}, map[string]string{}
		for _, p := range []map[string]any{
			{"name": "Ada Idrott", "email": "ada@example.org", "organisation_id": o["id"], "dietary": "Vegan"},
			{"name": "Bo Berg", "email": "bo@example.org", "organisation_name": "Kommunen", "sector": "public", "dietary": " VEGAN "},
			{"name": "Cy Väntare", "email": "cy@example.org", "organisation_name": "Kommunen", "sector": "civil_society", "dietary": "Glutenfri"},
		} {
			p["accept_privacy"] = true
			st, body := e.api("POST", "/api/v1/events/"+id+"/registrations", "", p)
			if st != http.StatusCreated {
				t.Fatalf("register %v: %d %v", p["name"], st, body)
			}
			ids[p["name"].(string)] = body["registration"].(map[string]any)["id"].(string)
			tokens[p["name"].(string)] = body["manage_token"].(string)
		}
		if st, tr := e.api("POST", "/api/v1/registrations/"+tokens["Ada Idrott"]+"/travel", "", map[string]any{"distance_km": 240, "from": "Karlskrona"}); st != 200 {
			t.Fatalf("travel: %d %v", st, tr)
		}
		other := e.token(e.user("other@example.org", "member"))
		staff := e.token(e.user("staff@example.org", "coordinator"))
		audited := func(action string) int {
			var n int
			_ = d.QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = ? AND entity_id = ?`, action, id).Scan(&n)
			return n
		}
		names := func(v any) []string {
			var out []string
			for _, r := range v.([]any) {
				out = append(out, r.(map[string]any)["name"].(string))
			}
			return out
		}

		t.Run("summary", func(t *testing.T) {
			for _, c := range []struct {
				who  string
				want int
			}{{"", 401}, {other, 403}} {
				if st, _ := e.api("GET", "/api/v1/events/"+id+"/summary", c.who, nil); st != c.want {
					t.Errorf("summary: %d, want %d", st, c.want)
				}
			}
			if st, _ := e.api("GET", "/api/v1/events/nope/summary", staff, nil); st != http.StatusNotFound {
				t.Errorf("unknown event: %d", st)
			}
			before := audited("registration.summary")
			for _, tok := range []string{organiser, staff} {
				st, sum := e.api("GET", "/api/v1/events/"+id+"/summary", tok, nil)
				if st != 200 {
					t.Fatalf("summary: %d %v", st, sum)
				}
				for k, want := range map[string]string{
					"sectors":    `[{"key":"civil_society","n":1},{"key":"public","n":1}]`,
					"categories": `[{"key":"sports_club","n":1},{"key":"","n":1}]`,
					"dietary":    `[{"count":2,"text":"Vegan"}]`,
				} {
					if got, _ := json.Marshal(sum[k]); string(got) != want {
						t.Errorf("%s: %s, want %s", k, got, want)
					}
				}
				if w := names(sum["waiting"]); len(w) != 1 || w[0] != "Cy Väntare" {
					t.Errorf("waiting: %v", w)
				}
				tr := sum["travel"].([]any)
				if len(tr) != 1 || tr[0].(map[string]any)["name"] != "Ada Idrott" {
					t.Fatalf("travel: %v", tr)
				}
				if req := tr[0].(map[string]any)["travel"].(map[string]any); req["distance_km"] != 240.0 || req["status"] != "requested" {
					t.Errorf("travel request: %v", req)
				}
				if sum["confirmed"] != 2.0 || sum["attended"] != 0.0 || sum["no_show"] != 2.0 || sum["fees_kr"] != 0.0 {
					t.Errorf("counts: %v", sum)
				}
			}
			if n := audited("registration.summary") - before; n != 2 {
				t.Errorf("%d summary reads audited, want 2 (refusals not)", n)
			}
		})

		t.Run("checkin", func(t *testing.T) {
			base := "/api/v1/events/" + id
			before := audited("registration.checkin_list")
			st, list := e.api("GET", base+"/checkin?q=KOMMUN", organiser, nil)
			if st != 200 || fmt.Sprint(names(list["items"])) != "[Bo Berg]" {
				t.Errorf("search: %d %v (the waiting are not at the door)", st, list)
			}
			if _, list := e.api("GET", base+"/checkin?registration="+ids["Ada Idrott"], staff, nil); fmt.Sprint(names(list["items"])) != "[Ada Idrott]" {
				t.Errorf("by the badge's id: %v", list)
			}
			if _, list := e.api("GET", base+"/checkin", staff, nil); fmt.Sprint(names(list["items"])) != "[Ada Idrott Bo Berg]" || list["no_show"] != 2.0 {
				t.Errorf("everyone seated: %v", list)
			}
			if st, _ := e.api("GET", base+"/checkin?q="+strings.Repeat("x", 101), staff, nil); st != http.StatusBadRequest {
				t.Errorf("overlong search: %d", st)
			}
			if n := audited("registration.checkin_list") - before; n != 3 {
				t.Errorf("%d check-in reads audited, want 3", n)
			}
			ada := base + "/registrations/" + ids["Ada Idrott"] + "/checkin"
			for _, c := range []struct {
				method, who string
				want        int
			}{{"POST", "", 401}, {"POST", other, 403}, {"DELETE", other, 403}, {"GET", other, 403}} {
				path := ada
				if c.method == "GET" {
					path = base + "/checkin"
				}
				if st, _ := e.api(c.method, path, c.who, nil); st != c.want {
					t.Errorf("%s %s by an outsider: %d, want %d", c.method, path, st, c.want)
				}
			}
			st, first := e.api("POST", ada, organiser, nil)
			if st != 200 || first["attended_at"] == nil {
				t.Fatalf("check in: %d %v", st, first)
			}
			clock = clock.Add(time.Minute)
			if st, again := e.api("POST", ada, staff, nil); st != 200 || again["attended_at"] != first["attended_at"] {
				t.Errorf("second check-in: %d %v, want the first time kept", st, again)
			}
			if _, list := e.api("GET", base+"/checkin", staff, nil); list["attended"] != 1.0 || list["no_show"] != 1.0 {
				t.Errorf("counts after check-in: %v", list)
			}
			var entries int
			_ = d.QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'registration.checkin' AND entity_id = ?`, ids["Ada Idrott"]).Scan(&entries)
			if entries != 1 {
				t.Errorf("%d check-in entries, want 1", entries)
			}
			for range 2 {
				if st, undone := e.api("DELETE", ada, organiser, nil); st != 200 || undone["attended_at"] != nil {
					t.Errorf("undo: %d %v", st, undone)
				}
			}
			_ = d.QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'registration.checkin_undo' AND entity_id = ?`, ids["Ada Idrott"]).Scan(&entries)
			if entries != 1 {
				t.Errorf("%d undo entries, want 1", entries)
			}
			if st, body := e.api("POST", base+"/registrations/"+ids["Cy Väntare"]+"/checkin", organiser, nil); st != http.StatusConflict {
				t.Errorf("checking in the waiting: %d %v", st, body)
			}
			if st, _ := e.api("POST", base+"/registrations/nope/checkin", organiser, nil); st != http.StatusNotFound {
				t.Errorf("unknown registration: %d", st)
			}
			if st, _ := e.api("PUT", ada, organiser, nil); st != http.StatusMethodNotAllowed {
				t.Errorf("PUT: %d, want 405", st)
			}
		})
	})
}

func at(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}
