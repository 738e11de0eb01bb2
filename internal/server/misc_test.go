package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// multiErrorFile has a good row, a free one ("gratis") and one wrong in
// four columns, the recurrence written as no list has it.
const multiErrorFile = "organisation;title_sv;title_en;title_ar;summary_ar;recurrence;starts_on;start_time;end_time;online_url;municipality;cost_kr;themes\n" +
	"Importföreningen;Språkcafé;Language café;مقهى اللغة;نتحدث السويدية;Varje vecka;2026-12-01;18:00;20:00;https://meet.example.org/cafe;Vimmerby;gratis;Språk\n" +
	"Importföreningen;Läxhjälp;;;;weekly;2026-12-02;16:00;18:00;https://meet.example.org/lax;0884;0 kr;education\n" +
	"Importföreningen;Trasig;;;ملخص;ibland;2026-13-01;18:00;17:00;https://meet.example.org/x;0884;tio kronor;matlagning\n"

// rawDo sends a request as a plain client (no cookies) and returns the
// answer whole; answers of the API are checked against the OpenAPI document.
func rawDo(t *testing.T, e *testEnv, method, path, token, contentType string, body io.Reader) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Accept-Language", "en")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if strings.HasPrefix(path, "/api/") {
		e.openapi.Check(t, req, resp.StatusCode, resp.Header, raw)
	}
	return resp.StatusCode, resp.Header, raw
}

// uploadCSV posts a file to the import page as the browser's form does.
func uploadCSV(t *testing.T, e *testEnv, b *browser, kind, file string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", kind+".csv")
	_, _ = fw.Write([]byte(file))
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/admin/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", e.srv.URL)
	st, page, _ := b.do(req)
	return st, page
}

func TestImportDryRunReportsEveryError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		coord := e.user("coord@example.org", "coordinator")
		e.api("POST", "/api/v1/organisations", e.token(coord), validOrg("Importföreningen"))
		cb := e.browser(&coord)
		st, page := uploadCSV(t, e, cb, "activities", multiErrorFile)
		if st != 200 || !strings.Contains(page, "2 nya, 0 ändrade, 0 oförändrade, 1 avvisade") {
			t.Fatalf("dry run: %d", st)
		}
		row := page[strings.Index(page, "<td>Trasig</td>"):]
		row = row[:strings.Index(row, "</tr>")]
		want := []string{"title_ar", "recurrence", "cost_kr", "themes", "starts_on", "end_time"}
		for _, col := range want {
			if !strings.Contains(row, "<code>"+col+"</code>") {
				t.Errorf("the rejected row does not name column %s: %s", col, row)
			}
		}
		if n := strings.Count(row, "<li>"); n != len(want) {
			t.Errorf("%d errors listed for the row, want every one (%d)", n, len(want))
		}
		for _, want := range []string{"once, weekly, biweekly, monthly", "”ibland”", "”tio kronor”", "gratis"} {
			if !strings.Contains(row, want) {
				t.Errorf("the row's errors lack %q: %s", want, row)
			}
		}
		if !regexp.MustCompile(`<button type="submit">Importera 2 rader</button>`).MatchString(page) {
			t.Error("the confirm button does not count the rows that will be written")
		}
		st, page = cb.post("/admin/import", map[string][]string{"kind": {"activities"}, "apply": {"1"}, "content": {multiErrorFile}})
		if st != 200 || !strings.Contains(page, "Importen är gjord") || e.count("activities") != 2 {
			t.Fatalf("confirm: %d, %d activities", st, e.count("activities"))
		}
		_, list := e.api("GET", "/api/v1/activities?q=spr%C3%A5kcaf%C3%A9", "", nil)
		items := list["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("imported activity not found: %v", list)
		}
		a := items[0].(map[string]any)
		texts := a["texts"].(map[string]any)
		ar, _ := texts["ar"].(map[string]any)
		en, _ := texts["en"].(map[string]any)
		if a["cost_kr"].(float64) != 0 || en["title"] != "Language café" || ar["title"] != "مقهى اللغة" || ar["summary"] != "نتحدث السويدية" {
			t.Errorf("imported activity: cost %v, texts %v", a["cost_kr"], texts)
		}
	})
}

func TestImportTemplates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		coord := e.user("coord@example.org", "coordinator")
		staff := e.token(coord)
		for _, path := range []string{"/admin/import/template/activities.csv", "/api/v1/imports/activities/template"} {
			t.Run(path, func(t *testing.T) {
				st, hdr, raw := rawDo(t, e, "GET", path, "", "", nil)
				if st != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") ||
					!strings.Contains(hdr.Get("Content-Disposition"), "samverkan-activities.csv") {
					t.Fatalf("%d %v", st, hdr)
				}
				r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff"))))
				r.Comma = ';'
				rows, err := r.ReadAll()
				if err != nil || len(rows) != 1 {
					t.Fatalf("template: %q %v", raw, err)
				}
				header := strings.Join(rows[0], ";")
				for _, want := range []string{"organisation*", "title_sv*", "recurrence*", "end_time*", ";venue;", ";title_ar;", ";summary_uk;", ";description_prs;"} {
					if !strings.Contains(";"+header+";", want) {
						t.Errorf("header lacks %q: %s", want, header)
					}
				}
				// Filled in and sent back as it came, it imports.
				e.api("POST", "/api/v1/organisations", staff, validOrg("Mallföreningen"))
				cells := make([]string, len(rows[0]))
				for i, h := range rows[0] {
					cells[i] = map[string]string{"organisation*": "Mallföreningen", "title_sv*": "Schack", "recurrence*": "varannan vecka", "starts_on*": "2026-12-01",
						"start_time*": "18:00", "end_time*": "20:00", "online_url": "https://meet.example.org/schack", "municipality": "Vimmerby", "cost_kr": "gratis"}[h]
				}
				file := string(raw) + strings.Join(cells, ";") + "\r\n"
				st, _, raw = rawDo(t, e, "POST", "/api/v1/imports/activities", staff, "text/csv", strings.NewReader(file))
				var plan map[string]any
				_ = json.Unmarshal(raw, &plan)
				if st != 200 || plan["created"] != 1.0 {
					t.Errorf("the filled-in template: %d %s", st, raw)
				}
			})
		}
		if st, _ := e.browser(nil).get("/admin/import/template/members.csv"); st != 404 {
			t.Errorf("template of an unknown kind: %d, want 404", st)
		}
		st, page := e.browser(&coord).get("/admin/import")
		if st != 200 || !strings.Contains(page, `href="/admin/import/template/venues.csv"`) || !strings.Contains(page, "<code>title_sv</code> <strong>(obligatorisk)</strong>") {
			t.Errorf("import page: %d, want template links and the required columns named", st)
		}
	})
}

func TestImportThroughTheAPIReportsEveryError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		staff := e.token(e.user("coord@example.org", "coordinator"))
		e.api("POST", "/api/v1/organisations", staff, validOrg("Importföreningen"))
		st, _, raw := rawDo(t, e, "POST", "/api/v1/imports/activities", staff, "text/csv", strings.NewReader(multiErrorFile))
		var plan struct {
			Rows []struct {
				Action string
				Errors []struct{ Column, Message string }
			}
		}
		if err := json.Unmarshal(raw, &plan); err != nil || st != 200 || len(plan.Rows) != 3 {
			t.Fatalf("%d %s", st, raw)
		}
		var cols []string
		for _, er := range plan.Rows[2].Errors {
			cols = append(cols, er.Column)
		}
		if got := strings.Join(cols, " "); got != "title_ar recurrence starts_on end_time cost_kr themes" {
			t.Errorf("columns of the rejected row's errors: %s", got)
		}
		if m := plan.Rows[2].Errors[1].Message; !strings.Contains(m, "once, weekly, biweekly, monthly") {
			t.Errorf("recurrence error %q does not name the allowed values", m)
		}
	})
}

func TestAuditPagedFilteredAndNamed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		coordU, memberU := e.user("anna.coord@example.org", "coordinator"), e.user("bilal@example.org", "member")
		coord, member := e.token(coordU), e.token(memberU)
		_, o := e.api("POST", "/api/v1/organisations", member, validOrg("Loggföreningen"))
		orgID := o["id"].(string)
		_, a := e.api("POST", "/api/v1/activities", member, onlineActivity(orgID, "Loggträff"))
		actID := a["id"].(string)
		e.api("PATCH", "/api/v1/organisations/"+orgID, coord, map[string]any{"phone": "0492-100 00"})
		for i := range 54 {
			if st, _ := e.api("POST", "/api/v1/organisations", coord, with(validOrg("Sidförening "+string(rune('A'+i%26))+string(rune('a'+i/26))), "confirm_duplicate", true)); st != 201 {
				t.Fatalf("organisation %d: %d", i, st)
			}
		}
		sara, err := e.accounts.CreateUser(context.Background(), actor.System("test"), account.NewUser{Email: "s@example.org", Name: "Sara Samordnare", Role: "coordinator"})
		if err != nil {
			t.Fatal(err)
		}
		e.api("POST", "/api/v1/organisations", e.token(sara), validOrg("Saras förening"))
		b := e.browser(&coordU)

		t.Run("names instead of ids", func(t *testing.T) {
			st, page := b.get("/admin/audit?actor=bilal")
			if st != 200 {
				t.Fatalf("%d", st)
			}
			for _, want := range []string{`<a href="/organisations/` + orgID + `"><bdi lang="">Loggföreningen</bdi></a>`, `<a href="/activities/` + actID + `"><bdi lang="">Loggträff</bdi></a>`,
				`<bdi>bilal</bdi></a> <span class="meta"><bdi>bilal@example.org</bdi></span>`, "Skapade organisation", "Skapade aktivitet"} {
				if !strings.Contains(page, want) {
					t.Errorf("page lacks %s", want)
				}
			}
			body := page[strings.Index(page, "<tbody>"):]
			if strings.Contains(body, "<code>"+orgID+"</code>") || strings.Contains(body, "Sidförening") || strings.Contains(body, "Ändrade organisation") {
				t.Errorf("the page shows an id, or entries of another person: %s", body)
			}
		})
		t.Run("filters", func(t *testing.T) {
			tests := []struct {
				query string
				rows  int
			}{
				{"action=organisation.update", 1},
				{"action=activity.", 1},
				{"entity_type=organisation&entity_id=" + orgID, 3}, // created, owner set, changed
				{"actor_id=" + memberU.ID, 3},
				{"actor=BILAL", 3},
				{"action=organisation.create&actor=anna", 50}, // 54 on two pages
				{"from=2000-01-01&to=2000-12-31", 0},
				{"actor=samordnare&action=organisation.create", 1}, // by name, not in the recorded address
			}
			for _, tt := range tests {
				st, page := b.get("/admin/audit?" + tt.query)
				if n := strings.Count(page, "<tr><td><time"); st != 200 || n != tt.rows {
					t.Errorf("%s: %d, %d rows, want %d", tt.query, st, n, tt.rows)
				}
			}
			if st, page := b.get("/admin/audit?from=igår"); st != 400 || !strings.Contains(page, `id="from-error"`) {
				t.Errorf("a bad day: %d, want 400 at the field", st)
			}
			if st, _ := e.browser(&memberU).get("/admin/audit"); st != 403 {
				t.Errorf("a member reads the log: %d, want 403", st)
			}
		})
		t.Run("paged", func(t *testing.T) {
			seen, path, pages := 0, "/admin/audit?action=organisation.create", 0
			for path != "" && pages < 5 {
				st, page := b.get(path)
				if st != 200 {
					t.Fatalf("%s: %d", path, st)
				}
				seen += strings.Count(page, "<tr><td><time")
				m := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(page)
				path = ""
				if m != nil {
					path = strings.ReplaceAll(m[1], "&amp;", "&")
				}
				if pages > 0 && !strings.Contains(page, ">Nyaste</a>") {
					t.Error("a later page has no link to the newest")
				}
				pages++
			}
			if seen != 56 || pages != 2 { // 54 by anna, one by bilal, one by sara
				t.Errorf("%d entries on %d pages, want 56 on 2", seen, pages)
			}
		})
		t.Run("API", func(t *testing.T) {
			seen, path, pages := 0, "/api/v1/audit?action=organisation.create&actor=anna&limit=20", 0
			for path != "" && pages < 10 {
				st, page := e.api("GET", path, coord, nil)
				if st != 200 {
					t.Fatalf("%s: %d", path, st)
				}
				for _, it := range page["items"].([]any) {
					if it.(map[string]any)["action"] != "organisation.create" {
						t.Errorf("%s: %v", path, it)
					}
					seen++
				}
				path, _ = page["next"].(string)
				pages++
			}
			if seen != 54 || pages != 3 {
				t.Errorf("%d entries on %d pages, want 54 on 3", seen, pages)
			}
			for _, q := range []string{"from=2026-13-01", "colour=red", "limit=0"} {
				if st, _ := e.api("GET", "/api/v1/audit?"+q, coord, nil); st != 400 {
					t.Errorf("%s: %d, want 400", q, st)
				}
			}
			_, page := e.api("GET", "/api/v1/audit?entity_id="+actID, coord, nil)
			if items := page["items"].([]any); len(items) != 1 || items[0].(map[string]any)["entity_name"] != "Loggträff" || items[0].(map[string]any)["actor_name"] != "bilal" {
				t.Errorf("one record's history, named: %v", page["items"])
			}
		})
		t.Run("a deleted record keeps its recorded name", func(t *testing.T) {
			_, gone := e.api("POST", "/api/v1/organisations", coord, validOrg("Nedlagda föreningen"))
			if st, _ := e.api("DELETE", "/api/v1/organisations/"+gone["id"].(string), coord, nil); st != 204 {
				t.Fatalf("delete: %d", st)
			}
			_, page := b.get("/admin/audit?entity_id=" + gone["id"].(string))
			if !strings.Contains(page, `<bdi lang="">Nedlagda föreningen</bdi> (borttagen)`) || strings.Contains(page, `href="/organisations/`+gone["id"].(string)+`"`) {
				t.Error("a deleted organisation is not named as recorded, or is linked")
			}
		})
	})
}

func TestHomeSearchFindsOrganisationsByNamePlaceAndLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.token(e.user("rep@example.org", "member"))
		mk := func(name, muni, address string, langs ...string) string {
			o := with(with(with(validOrg(name), "municipality", muni), "languages", langs), "address", address)
			st, m := e.api("POST", "/api/v1/organisations", tok, o)
			if st != 201 {
				t.Fatalf("create %s: %d %v", name, st, m)
			}
			return m["id"].(string)
		}
		kvinno := mk("Kvinnoföreningen Hooyo", "1080", "Ronnebygatan 4", "so", "sv")
		mk("Vimmerby IF", "0884", "", "sv")
		lax := mk("Läxhjälpen", "0884", "", "ar", "sv")
		e.api("POST", "/api/v1/activities", tok, onlineActivity(lax, "Läxhjälp på arabiska"))
		b := e.browser(nil)
		if _, page := b.get("/"); !strings.Contains(page, `action="/search"`) || !strings.Contains(page, "efter namn, ort eller språk") {
			t.Error("the start page's search does not go to the combined search")
		}
		tests := []struct {
			q        string
			orgs     []string // ids found
			orgTotal int
			acts     int // -1: the activity search's own business
		}{
			{"hooyo", []string{kvinno}, 1, 0},
			{"Karlskrona", []string{kvinno}, 1, 0},
			{"karls", []string{kvinno}, 1, 0},
			{"ronnebygatan", []string{kvinno}, 1, 0},
			{"somaliska", []string{kvinno}, 1, 0},
			{"arabiska vimmerby", []string{lax}, 1, -1},
			{"arabiska", []string{lax}, 1, 1},
			{"Vimmerby", nil, 2, 0},
			{"läxhjälp", []string{lax}, 1, 1},
			{"ingenting", nil, 0, 0},
		}
		for _, tt := range tests {
			t.Run(tt.q, func(t *testing.T) {
				st, page := b.get("/search?q=" + url.QueryEscape(tt.q))
				if st != 200 {
					t.Fatalf("%d %s", st, page)
				}
				if !strings.Contains(page, fmt.Sprintf("Organisationer (%d)", tt.orgTotal)) || tt.acts >= 0 && !strings.Contains(page, fmt.Sprintf("Aktiviteter (%d)", tt.acts)) {
					t.Errorf("groups: want %d organisations, %d activities", tt.orgTotal, tt.acts)
				}
				for _, id := range tt.orgs {
					if !strings.Contains(page, `href="/organisations/`+id+`"`) {
						t.Errorf("organisation %s not found", id)
					}
				}
			})
		}
		// The organisation list searches the same way.
		if _, m := e.api("GET", "/api/v1/organisations?q=somaliska+karlskrona", "", nil); m["total"].(float64) != 1 {
			t.Errorf("API search by language and place: %v", m["total"])
		}
		if st, _ := b.get("/search?q=" + strings.Repeat("a", 201)); st != 400 {
			t.Errorf("an overlong search: %d, want 400", st)
		}
	})
}

func TestFaviconAndOrganisationContacts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		b := e.browser(nil)
		if st, hdr, raw := rawDo(t, e, "GET", "/favicon.ico", "", "", nil); st != 200 || hdr.Get("Content-Type") != "image/svg+xml" || !bytes.HasPrefix(raw, []byte("<svg")) {
			t.Errorf("/favicon.ico: %d %s", st, hdr.Get("Content-Type"))
		}
		_, home := b.get("/")
		m := regexp.MustCompile(`<link rel="icon" href="([^"]+)" type="image/svg\+xml">`).FindStringSubmatch(home)
		if m == nil {
			t.Fatal("the layout links no icon")
		}
		if st, _ := b.get(m[1]); st != 200 {
			t.Errorf("icon %s: %d", m[1], st)
		}
		tok := e.token(e.user("rep@example.org", "member"))
		o := with(with(with(validOrg("Kontaktföreningen"), "email", "info@kontakt.example"), "phone", "0492-100 00"), "website", "https://kontakt.example/")
		_, created := e.api("POST", "/api/v1/organisations", tok, o)
		for _, lang := range []string{"sv", "ar"} {
			_, page := b.get("/organisations/" + created["id"].(string) + "?lang=" + lang)
			for _, want := range []string{`<a href="/organisations?municipality=0884">Vimmerby</a>`, `<a href="mailto:info@kontakt.example"><bdi dir="ltr">info@kontakt.example</bdi></a>`,
				`<a href="tel:&#43;4649210000"><bdi dir="ltr">0492-100 00</bdi></a>`, `<a href="https://kontakt.example/" rel="external nofollow noopener"><bdi dir="ltr">kontakt.example</bdi></a>`} {
				if !strings.Contains(page, want) {
					t.Errorf("%s: the organisation page lacks %s", lang, want)
				}
			}
			if strings.Contains(page, "(0884)") {
				t.Errorf("%s: the page shows the municipality's code", lang)
			}
		}
	})
}
