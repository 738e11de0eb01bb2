package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/dump"
)

// pastConference is a published event that took place in November 2026,
// before the tests' clock (the machine's), with room for three.
func pastConference(orgID, title, seriesID string) map[string]any {
	m := map[string]any{"organisers": []string{orgID}, "online_url": "https://meet.example.org/konf", "municipality": "1081",
		"starts_at": "2026-11-20T09:00:00+01:00", "ends_at": "2026-11-20T16:00:00+01:00", "status": "published", "capacity": 3,
		"texts": map[string]any{"sv": map[string]any{"title": title}}}
	if seriesID != "" {
		m["series_id"] = seriesID
	}
	return m
}

// fetch GETs a path anonymously (or with a browser) and returns status and body.
func (e *testEnv) fetch(b *browser, path string) (int, string) {
	e.t.Helper()
	if b != nil {
		return b.get(path)
	}
	resp, err := http.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestEventReport walks a report through HTTP: the counts (cancelled and
// waitlisted left out), hidden until published, public without anyone's
// name or address, the downloads escaping hostile names, and the snapshot
// standing in for the registrations once they are erased.
func TestEventReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		owner := e.user("arr@example.org", "member")
		tok := e.token(owner)
		other := e.token(e.user("annan@example.org", "member"))
		_, o := e.api("POST", "/api/v1/organisations", tok, with(validOrg("Ronneby kommun"), "sector", "public"))
		hostile := `=HYPERLINK("https://evil.example/x";"klick") | **fet** [länk](https://evil.example) <script>alert(1)</script>`
		_, h := e.api("POST", "/api/v1/organisations", other, validOrg(hostile))
		st, ev := e.api("POST", "/api/v1/events", tok, pastConference(o["id"].(string), "Konferens i Ronneby", ""))
		if st != http.StatusCreated {
			t.Fatalf("event: %d %v", st, ev)
		}
		id := ev["id"].(string)
		people := []struct {
			name, email, orgID, orgName, sector string
		}{
			{"Anna Andersson", "anna.andersson@example.org", h["id"].(string), "", "civil_society"},
			{"Bo Berglund", "bo.berglund@example.org", "", "Bo Berglunds privata nätverk", "civil_society"},
			{"Cecilia Ceder", "cecilia.ceder@example.org", o["id"].(string), "", "public"},
			{"Dragan Dimitrov", "dragan.dimitrov@example.org", "", "Väntebolaget AB", "business"}, // waiting list
			{"Eva Ek", "eva.ek@example.org", "", "Avbokarna", "other"},                            // waiting list, then cancels
		}
		var evaToken string
		for _, p := range people {
			body := map[string]any{"name": p.name, "email": p.email, "sector": p.sector, "accept_privacy": true}
			if p.orgID != "" {
				body["organisation_id"] = p.orgID
			} else {
				body["organisation_name"] = p.orgName
			}
			st, r := e.api("POST", "/api/v1/events/"+id+"/registrations", "", body)
			if st != http.StatusCreated {
				t.Fatalf("register %s: %d %v", p.name, st, r)
			}
			evaToken = r["manage_token"].(string)
		}
		if st, _ := e.api("POST", "/api/v1/registrations/"+evaToken+"/cancel", "", nil); st != http.StatusOK {
			t.Fatalf("cancel: %d", st)
		}
		notes := "/api/v1/events/" + id + "/harvest"
		hostileNote := "# Rubrik | *fet* <img src=x onerror=alert(1)>"
		_, n1 := e.api("POST", notes, tok, map[string]any{"kind": "obstacle", "body": hostileNote, "theme": "work"})
		_, n2 := e.api("POST", notes, tok, map[string]any{"kind": "obstacle", "body": "Samma hinder", "theme": "work"})
		e.api("POST", notes, tok, map[string]any{"kind": "opportunity", "body": "Modersmål är en tillgång", "theme": "language"})
		e.api("POST", notes, tok, map[string]any{"kind": "opportunity", "body": "Dold lapp", "hidden": true})
		if st, _ := e.api("POST", notes+"/"+n2["id"].(string)+"/merge", tok, map[string]any{"into": n1["id"]}); st != http.StatusOK {
			t.Fatalf("merge: %d", st)
		}
		if _, m := e.api("PATCH", notes+"/"+n2["id"].(string), tok, map[string]any{"hidden": false}); m == nil {
			t.Fatal("patch")
		}
		api := "/api/v1/events/" + id + "/report"

		// Unpublished: organisers only.
		if st, _ := e.api("GET", api, "", nil); st != http.StatusNotFound {
			t.Errorf("anonymous reads the unpublished report: %d", st)
		}
		if st, _ := e.api("GET", api, other, nil); st != http.StatusNotFound {
			t.Errorf("another member reads the unpublished report: %d", st)
		}
		anon, org := e.browser(nil), e.browser(&owner)
		if st, _ := anon.get("/events/" + id + "/report"); st != http.StatusNotFound {
			t.Errorf("unpublished report page for the public: %d", st)
		}
		if st, _ := anon.get("/events/" + id + "/report.md"); st != http.StatusNotFound {
			t.Errorf("unpublished Markdown for the public: %d", st)
		}
		if st, body := org.get("/events/" + id + "/report"); st != http.StatusOK || !strings.Contains(body, "Bo Berglunds privata nätverk") {
			t.Errorf("organisers' report page: %d", st)
		}
		st, rep := e.api("GET", api, tok, nil)
		if st != http.StatusOK {
			t.Fatalf("organisers' report: %d %v", st, rep)
		}
		sectors := map[string]float64{}
		for _, s := range rep["sectors"].([]any) {
			m := s.(map[string]any)
			sectors[m["key"].(string)] = m["n"].(float64)
		}
		if rep["participants"] != 3.0 || sectors["civil_society"] != 2 || sectors["public"] != 1 || sectors["business"] != 0 || sectors["other"] != 0 ||
			rep["waitlisted"] != 1.0 || rep["cancelled"] != 1.0 || rep["from_snapshot"] != false {
			t.Errorf("counts: %v, sectors %v", rep, sectors)
		}
		themes := rep["themes"].([]any)
		if len(themes) != 2 || themes[0].(map[string]any)["theme"] != "language" || themes[1].(map[string]any)["obstacle_count"] != 2.0 {
			t.Errorf("themes (visible notes, duplicates counted): %v", themes)
		}

		// Publishing: bad input refused, others refused, then published.
		bad := []struct {
			token  string
			body   any
			status int
			field  string
		}{
			{tok, `{"published": "yes"}`, 400, "published"},
			{tok, map[string]any{"summaries": map[string]any{"xx": "text"}}, 400, "summaries"},
			{tok, map[string]any{"summaries": map[string]any{"sv": strings.Repeat("å", 20001)}}, 400, "summary_sv"},
			{tok, map[string]any{"colour": "red"}, 400, "colour"},
			{other, map[string]any{"published": true}, 403, ""},
			{"", map[string]any{"published": true}, 401, ""},
		}
		for _, b := range bad {
			if st, m := e.api("PUT", api, b.token, b.body); st != b.status || (b.field != "" && field(m) != b.field) {
				t.Errorf("PUT %v: %d %v, want %d on %q", b.body, st, m, b.status, b.field)
			}
		}
		_, future := e.api("POST", "/api/v1/events", tok, dialogueDay(o["id"].(string)))
		if st, m := e.api("PUT", "/api/v1/events/"+future["id"].(string)+"/report", tok, map[string]any{"published": true}); st != 400 || field(m) != "published" {
			t.Errorf("publish before the event: %d %v", st, m)
		}
		st, rep = e.api("PUT", api, tok, map[string]any{"published": true, "summaries": map[string]any{"sv": "Vi *lärde* oss <b>mycket</b>.", "en": "We learnt a lot."}})
		if st != http.StatusOK || rep["published"] != true || rep["from_snapshot"] != true {
			t.Fatalf("publish: %d %v", st, rep)
		}

		// Public: counts and registry names, nobody's name or address.
		personal := []string{"Bo Berglunds privata nätverk", "Väntebolaget", "Avbokarna"}
		for _, p := range people {
			personal = append(personal, p.name, p.email, strings.Split(p.name, " ")[1])
		}
		pages := map[string]string{}
		for _, p := range []string{"/events/" + id + "/report", "/events/" + id + "/report?lang=ar", "/events/" + id + "/report.md", "/events/" + id + "/report.csv", api} {
			st, body := e.fetch(nil, p)
			if st != http.StatusOK {
				t.Errorf("public %s: %d", p, st)
			}
			pages[p] = body
			for _, s := range personal {
				if strings.Contains(body, s) {
					t.Errorf("public %s shows %q", p, s)
				}
			}
		}
		if !strings.Contains(pages["/events/"+id+"/report"], "<em>lärde</em>") || strings.Contains(pages["/events/"+id+"/report"], "<b>mycket</b>") {
			t.Errorf("summary not rendered as safe Markdown")
		}
		if !strings.Contains(pages["/events/"+id+"/report?lang=ar"], `dir="rtl"`) {
			t.Errorf("Arabic report is not right to left")
		}
		_, pub := e.api("GET", api, "", nil)
		if pub["full"] != false || pub["waitlisted"] != nil || pub["other_organisations"] != 1.0 || len(pub["organisations"].([]any)) != 2 {
			t.Errorf("public report: %v", pub)
		}

		// Markdown: hostile names and notes are text, never syntax.
		md := pages["/events/"+id+"/report.md"]
		for _, want := range []string{`\=HYPERLINK\(\"https\:\/\/evil\.example\/x\"\;\"klick\"\) \| \*\*fet\*\* \[länk\]\(https\:\/\/evil\.example\) \<script\>alert\(1\)\<\/script\>`,
			`\# Rubrik \| \*fet\* \<img src\=x onerror\=alert\(1\)\> \(`, `| Civilsamhälle | 2 | 67\% |`} {
			if !strings.Contains(md, want) {
				t.Errorf("Markdown lacks %s:\n%s", want, md)
			}
		}
		if strings.Contains(md, "<script>") || strings.Contains(md, "[länk](") {
			t.Errorf("Markdown lets syntax through:\n%s", md)
		}

		// XLSX read back: formulas neutralised, counts as numbers.
		resp, err := http.Get(e.srv.URL + "/events/" + id + "/report.xlsx?lang=en")
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		x, err := excelize.OpenReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("xlsx: %v (%d bytes)", err, len(raw))
		}
		sheets := x.GetSheetList()
		if len(sheets) != 5 || sheets[0] != "Participants" || sheets[2] != "Organisations represented" {
			t.Errorf("sheets: %v", sheets)
		}
		rows, _ := x.GetRows("Organisations represented")
		found := false
		for _, r := range rows {
			if len(r) > 0 && strings.HasPrefix(r[0], "'=HYPERLINK") {
				found = true
			}
			if len(r) > 0 && strings.HasPrefix(r[0], "=") {
				t.Errorf("formula in the workbook: %q", r[0])
			}
		}
		if !found {
			t.Errorf("hostile name not neutralised: %v", rows)
		}
		if f, _ := x.GetCellFormula("Organisations represented", "A2"); f != "" {
			t.Errorf("A2 holds a formula: %q", f)
		}
		if typ, _ := x.GetCellType("Participants", "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("count cell type %v", typ)
		}
		if v, _ := x.GetCellValue("Participants", "B2"); v != "2" {
			t.Errorf("civil society count in the workbook: %q", v)
		}
		csvBody := pages["/events/"+id+"/report.csv"]
		if !strings.Contains(csvBody, "Civilsamhälle,2,67") {
			t.Errorf("CSV: %s", csvBody)
		}

		// Erasure, as serve's hourly job runs it: the registrations go, the
		// report keeps its numbers, and no participant's name or address
		// is left anywhere in the database.
		_, before := e.api("GET", api, tok, nil)
		_, publicBefore := e.api("GET", api, "", nil)
		if n, err := e.svc.Events.EraseParticipants(ctx, time.Now(), time.Hour); err != nil || n < 1 {
			t.Fatalf("erase: %d, %v", n, err)
		}
		_, after := e.api("GET", api, "", nil)
		if after["participants"] != 3.0 || after["other_organisations"] != 1.0 || after["from_snapshot"] != true {
			t.Errorf("report after erasure: %v", after)
		}
		for _, k := range []string{"participants", "sectors", "categories", "organisations", "other_organisations"} {
			if !reflect.DeepEqual(publicBefore[k], after[k]) {
				t.Errorf("public report's %s: %v before erasure, %v after", k, publicBefore[k], after[k])
			}
		}
		// The organisers' view loses the names typed in the form, which
		// may be a person's, and counts them instead.
		_, afterOrg := e.api("GET", api, tok, nil)
		for _, k := range []string{"participants", "sectors", "categories"} {
			if !reflect.DeepEqual(before[k], afterOrg[k]) {
				t.Errorf("organisers' report's %s: %v before erasure, %v after", k, before[k], afterOrg[k])
			}
		}
		if fmt.Sprint(afterOrg["organisations"]) == fmt.Sprint(before["organisations"]) || afterOrg["other_organisations"] != 1.0 {
			t.Errorf("organisers' organisations after erasure: %v, %v others", afterOrg["organisations"], afterOrg["other_organisations"])
		}
		if st, list := e.api("GET", "/api/v1/events/"+id+"/registrations", tok, nil); st != http.StatusOK || fmt.Sprint(list["items"]) != "[]" {
			t.Errorf("registrations after erasure: %d %v", st, list)
		}
		var all bytes.Buffer
		if _, err := dump.Export(ctx, d, &all); err != nil {
			t.Fatal(err)
		}
		for _, p := range people {
			if strings.Contains(all.String(), p.email) || strings.Contains(all.String(), p.name) {
				t.Errorf("after erasure the export holds %s <%s>", p.name, p.email)
				for _, l := range strings.Split(all.String(), "\n") {
					if strings.Contains(l, p.email) || strings.Contains(l, p.name) {
						t.Log(l)
					}
				}
			}
		}
		if st, body := e.fetch(nil, "/events/"+id+"/report"); st != 200 || !strings.Contains(body, "Ronneby kommun") {
			t.Errorf("page after erasure: %d", st)
		}

		// The editor: signed-in organisers only; a withdrawn report is hidden again.
		if st, _ := anon.get("/events/" + id + "/report/edit"); st != http.StatusSeeOther && st != http.StatusUnauthorized {
			t.Errorf("editor for the public: %d", st)
		}
		if st, body := org.get("/events/" + id + "/report/edit"); st != 200 || !strings.Contains(body, "We learnt a lot.") {
			t.Errorf("editor: %d", st)
		}
		if st, _ := org.post("/events/"+id+"/report/edit", url.Values{"summary_sv": {"Ny text"}}); st != http.StatusSeeOther {
			t.Errorf("save without publishing: %d", st)
		}
		if st, _ := e.api("GET", api, "", nil); st != http.StatusNotFound {
			t.Errorf("withdrawn report for the public: %d", st)
		}
		if st, body := org.post("/events/"+future["id"].(string)+"/report/edit", url.Values{"published": {"1"}}); st != 400 || !strings.Contains(body, `id="published-error"`) {
			t.Errorf("publishing too early in the form: %d", st)
		}
	})
}

// TestSeriesReport: a series' events side by side, the unpublished one
// only for its organisers.
func TestSeriesReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		owner := e.user("arr@example.org", "member")
		tok := e.token(owner)
		series, err := e.svc.Events.CreateSeries(ctx, actor.System("test"), "Regionala konferenser")
		if err != nil {
			t.Fatal(err)
		}
		_, o := e.api("POST", "/api/v1/organisations", tok, validOrg("Ronneby kommun"))
		ids := []string{}
		for i, title := range []string{"Sundsvall", "Ronneby"} {
			_, ev := e.api("POST", "/api/v1/events", tok, pastConference(o["id"].(string), title, series))
			id := ev["id"].(string)
			ids = append(ids, id)
			for j := 0; j <= i; j++ {
				e.api("POST", "/api/v1/events/"+id+"/registrations", "", map[string]any{"name": "Deltagare", "email": "d" + title + string(rune('a'+j)) + "@example.org",
					"sector": []string{"public", "civil_society"}[j], "organisation_id": o["id"], "accept_privacy": true})
			}
			e.api("POST", "/api/v1/events/"+id+"/harvest", tok, map[string]any{"kind": "obstacle", "body": "Hinder " + title, "theme": "work"})
		}
		api := "/api/v1/series/" + series + "/report"
		if st, _ := e.api("GET", api, "", nil); st != http.StatusNotFound {
			t.Errorf("series without a published report: %d", st)
		}
		e.api("PUT", "/api/v1/events/"+ids[0]+"/report", tok, map[string]any{"published": true})
		// The public finds them: the past events' page lists both (the
		// upcoming list neither), the published one's page links to its
		// report, and each links to the series' report.
		_, past := e.fetch(nil, "/events?past=1")
		_, upcoming := e.fetch(nil, "/events")
		_, first := e.fetch(nil, "/events/"+ids[0])
		_, second := e.fetch(nil, "/events/"+ids[1])
		if !strings.Contains(past, ids[0]) || !strings.Contains(past, ids[1]) || strings.Contains(upcoming, ids[0]) || !strings.Contains(upcoming, `href="/events?past=1"`) {
			t.Errorf("past events: listed on /events?past=1 %v, %v; on /events %v", strings.Contains(past, ids[0]), strings.Contains(past, ids[1]), strings.Contains(upcoming, ids[0]))
		}
		seriesLink := `href="/series/` + series + `/report"`
		if !strings.Contains(first, `href="/events/`+ids[0]+`/report"`) || strings.Contains(second, `href="/events/`+ids[1]+`/report"`) ||
			!strings.Contains(first, seriesLink) || !strings.Contains(second, seriesLink) {
			t.Errorf("event pages: report link only where published, series link on both")
		}
		if st, _ := e.api("GET", "/api/v1/events?past=true&upcoming=true", "", nil); st != http.StatusBadRequest {
			t.Errorf("past and upcoming at once: %d, want 400", st)
		}
		_, pub := e.api("GET", api, "", nil)
		if evs := pub["events"].([]any); len(evs) != 1 || pub["participants"] != 1.0 {
			t.Errorf("public series report: %v", pub)
		}
		st, all := e.api("GET", api, tok, nil)
		if st != 200 || len(all["events"].([]any)) != 2 || all["participants"] != 3.0 || all["organisations"] != 1.0 {
			t.Fatalf("organisers' series report: %d %v", st, all)
		}
		th := all["themes"].([]any)[0].(map[string]any)
		if th["theme"] != "work" || th["obstacles"].([]any)[0] != 1.0 || th["obstacles"].([]any)[1] != 1.0 {
			t.Errorf("themes per event: %v", th)
		}
		st, page := e.browser(&owner).get("/series/" + series + "/report")
		if st != 200 || strings.Count(page, `scope="colgroup"`) < 2 || !strings.Contains(page, "Sundsvall") || !strings.Contains(page, "Ronneby") {
			t.Errorf("series page (grouped chart, events side by side): %d", st)
		}
		// A series spans years: each event's day is given with its year.
		if !strings.Contains(page, "fredag 20 november 2026") {
			t.Errorf("series page: no day with its year")
		}
		if st, md := e.fetch(nil, "/series/"+series+"/report.md"); st != 200 || !strings.Contains(md, "Sundsvall") || strings.Contains(md, "Hinder Ronneby") {
			t.Errorf("public series Markdown: %d\n%s", st, md)
		}
		if st, _ := e.fetch(nil, "/series/"+series+"/report.xlsx"); st != 200 {
			t.Errorf("series workbook: %d", st)
		}
	})
}

// seriesOf is the series of an event.
func seriesOf(t *testing.T, e *testEnv, eventID string) string {
	t.Helper()
	ev, err := e.svc.Events.FindEventByID(context.Background(), eventID)
	if err != nil || ev.SeriesID == "" {
		t.Fatalf("series of %s: %v", eventID, err)
	}
	return ev.SeriesID
}

// TestReportInputIsDocumented: the report's PUT requires nothing (only
// what is sent changes), as ReportInput says, and each documented field
// is one the server takes; an undocumented one is refused by name.
func TestReportInputIsDocumented(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	in := doc.Components.Schemas["ReportInput"].Value
	if len(in.Required) != 0 {
		t.Errorf("ReportInput requires %v, the server nothing", in.Required)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.token(e.user("arr@example.org", "member"))
		_, o := e.api("POST", "/api/v1/organisations", tok, validOrg("Ronneby kommun"))
		_, ev := e.api("POST", "/api/v1/events", tok, pastConference(o["id"].(string), "Konferens", ""))
		path := "/api/v1/events/" + ev["id"].(string) + "/report"
		if st, m := e.api("PUT", path, tok, map[string]any{}); st != http.StatusOK {
			t.Errorf("empty PUT: %d %v", st, m)
		}
		valid := map[string]any{"summaries": map[string]any{"sv": "Text"}, "published": true}
		for p := range in.Properties {
			if st, m := e.api("PUT", path, tok, map[string]any{p: valid[p]}); st != http.StatusOK {
				t.Errorf("documented %q refused: %d %v", p, st, m)
			}
		}
		if st, m := e.api("PUT", path, tok, map[string]any{"publish": true}); st != http.StatusBadRequest || field(m) != "publish" {
			t.Errorf("undocumented field: %d %v", st, m)
		}
	})
}
