package server_test

import (
	"archive/zip"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// TestInputTheServerRefuses: each of these once went through, changed the
// data silently, took seconds or crashed. Each is now a 400 naming what is
// wrong, and writes nothing.
func TestInputTheServerRefuses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.token(e.user("rep@example.org", "member"))
		_, o := e.api("POST", "/api/v1/organisations", tok, validOrg("Föreningen"))
		orgs, acts := e.count("organisations"), e.count("activities")

		words := strings.Repeat("ord ", 20000)
		huge := "4611686018427387905"
		gets := []struct{ path, field string }{
			{"/api/v1/activities?limit=100&k=1", "k"},
			{"/api/v1/activities?q=" + url.QueryEscape(words), "q"},
			{"/api/v1/organisations?q=" + url.QueryEscape(strings.Repeat("ab ", 30000)[:150]), "q"},
			{"/api/v1/activities?page=" + huge, "page"},
			{"/api/v1/activities?q=%FF", "q"},
		}
		for _, g := range gets {
			st, body := e.api("GET", g.path, "", nil)
			if st != http.StatusBadRequest || field(body) != g.field {
				t.Errorf("GET %.80s: %d %v, want 400 on %s", g.path, st, body, g.field)
			}
		}
		for _, p := range []string{"/activities?page=" + huge, "/hsds/organizations?page=" + huge, "/hsds/service_at_locations?page=" + huge, "/hsds/services?page=" + huge} {
			if st, _ := e.browser(nil).get(p); st != http.StatusBadRequest {
				t.Errorf("GET %s: %d, want 400", p, st)
			}
		}
		// A long organisation search is bounded too (30,000 words once
		// answered 500 on PostgreSQL).
		if st, _ := e.browser(nil).get("/api/v1/organisations?q=" + url.QueryEscape(strings.Repeat("ab ", 30000))); st != http.StatusBadRequest {
			t.Errorf("30,000-word organisation search: %d, want 400", st)
		}

		posts := []struct {
			name, path, body, field string
		}{
			{"invalid UTF-8 in a name", "/api/v1/organisations",
				"{\"name\":\"R\xf6da Korset\",\"sector\":\"civil_society\",\"category\":\"association\",\"municipality\":\"0884\"}", "name"},
			{"invalid UTF-8 in a title", "/api/v1/activities",
				`{"organisation_id":"` + o["id"].(string) + `","online_url":"https://x.example.org","municipality":"0884","texts":{"sv":{"title":"Spr` + "\xe5" + `kcaf` + "\xe9" + `"}},"schedule":{"recurrence":"weekly","starts_on":"2026-12-01","start_time":"18:00","end_time":"19:00"}}`,
				"texts.sv.title"},
			{"a start in year 1", "/api/v1/activities",
				`{"organisation_id":"` + o["id"].(string) + `","online_url":"https://x.example.org","municipality":"0884","texts":{"sv":{"title":"Gammal"}},"schedule":{"recurrence":"weekly","starts_on":"0001-01-01","start_time":"18:00","end_time":"19:00"}}`,
				"starts_on"},
			{"a line break in a title", "/api/v1/activities",
				`{"organisation_id":"` + o["id"].(string) + `","online_url":"https://x.example.org","municipality":"0884","texts":{"sv":{"title":"Kaf\u00e9\r\nEND:VEVENT"}},"schedule":{"recurrence":"weekly","starts_on":"2026-12-01","start_time":"18:00","end_time":"19:00"}}`,
				"title_sv"},
		}
		for _, p := range posts {
			st, body := e.api("POST", p.path, tok, p.body)
			if st != http.StatusBadRequest || field(body) != p.field {
				t.Errorf("%s: %d %v, want 400 on %s", p.name, st, body, p.field)
			}
		}
		// The form refuses invalid UTF-8 too, naming the field.
		u := e.user("form@example.org", "member")
		form := "name=R%F6da+Korset&sector=civil_society&category=association&municipality=0884"
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/organisations", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", e.srv.URL)
		if st, page, _ := e.browser(&u).do(req); st != http.StatusBadRequest || !strings.Contains(page, "UTF-8") {
			t.Errorf("form with invalid UTF-8: %d", st)
		}
		if e.count("organisations") != orgs || e.count("activities") != acts {
			t.Error("refused input was written")
		}
	})
}

// TestDownloadsNeutraliseFormulas: a name that a spreadsheet would run as a
// formula reaches the public CSV download as text.
func TestDownloadsNeutraliseFormulas(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.token(e.user("f@example.org", "member"))
		if st, _ := e.api("POST", "/api/v1/organisations", tok, validOrg(`=HYPERLINK("https://evil.example","Klicka")`)); st != http.StatusCreated {
			t.Fatalf("create: %d", st)
		}
		st, body := e.browser(nil).get("/hsds/export.zip")
		if st != http.StatusOK {
			t.Fatalf("export.zip: %d", st)
		}
		z, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
		if err != nil {
			t.Fatal(err)
		}
		f, err := z.Open("organizations.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, row := range rows[1:] {
			for _, cell := range row {
				if strings.HasPrefix(cell, "=") || strings.HasPrefix(cell, "+") || strings.HasPrefix(cell, "@") {
					t.Errorf("a cell begins with a formula: %q", cell)
				}
			}
			found = found || row[1] == `'=HYPERLINK("https://evil.example","Klicka")`
		}
		if !found {
			t.Errorf("the name is not in the download as neutralised text: %v", rows)
		}
	})
}
