package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/server"
)

func orgForm(name, number string) url.Values {
	return url.Values{"name": {name}, "org_number": {number}, "sector": {"civil_society"}, "category": {"study_association"},
		"municipality": {"1490"}, "languages": {"sv", "so"}, "other_languages": {"ku"}, "description_sv": {"Studiecirklar i svenska"}}
}

func TestOrganisationFormKeepsInputAndShowsErrorAtField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u := e.user("rep@example.org", "member")
		b := e.browser(&u)
		st, body := b.post("/organisations", orgForm("ABF Borås", "802000-1578"))
		if st != http.StatusBadRequest {
			t.Fatalf("status %d, want 400", st)
		}
		for _, want := range []string{
			`<p class="field-error" id="org_number-error">`, // the message, at the field
			`aria-describedby="org_number-error org_number-hint"`,
			`aria-invalid="true"`,
			`value="ABF Borås"`,   // input kept
			`value="802000-1578"`, // even the wrong value
			`value="ku"`,
			`Studiecirklar i svenska`,
			`<option value="1490" selected>Borås</option>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("form lacks %q", want)
			}
		}
		if n := e.count("organisations"); n != 0 {
			t.Errorf("organisations = %d after a refused form, want 0", n)
		}
		st, _, h := b.postH("/organisations", orgForm("ABF Borås", "802000-1577"))
		if st != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/organisations/") {
			t.Fatalf("valid form: %d %s", st, h.Get("Location"))
		}
		st, page := b.get(strings.Split(h.Get("Location"), "?")[0] + "?lang=en")
		if st != 200 || !strings.Contains(page, "<h1>ABF Borås</h1>") || !strings.Contains(page, "802000-1577") {
			t.Errorf("organisation page: %d", st)
		}
		// The English page shows the Swedish description with a note.
		if !strings.Contains(page, "is not available in your language") || !strings.Contains(page, `lang="sv"`) {
			t.Error("missing fallback note for the Swedish description")
		}
	})
}

func TestScriptInNameIsText(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.token(e.user("rep@example.org", "member"))
		evil := `<script>alert("x")</script>`
		st, o := e.api("POST", "/api/v1/organisations", tok, validOrg(evil))
		if st != 201 || o["name"] != evil {
			t.Fatalf("create: %d %v", st, o)
		}
		b := e.browser(nil)
		for _, path := range []string{"/organisations/" + o["id"].(string), "/organisations", "/organisations?q=" + url.QueryEscape(evil)} {
			_, body := b.get(path)
			if strings.Contains(body, "<script>alert") {
				t.Errorf("%s renders the script tag", path)
			}
			if !strings.Contains(body, "&lt;script&gt;alert") {
				t.Errorf("%s does not show the name as text", path)
			}
		}
	})
}

func TestCrossOriginPostRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u := e.user("rep@example.org", "member")
		b := e.browser(&u)
		tests := []struct {
			name    string
			headers map[string]string
			want    int
		}{
			{"cross-site fetch metadata", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
			{"foreign origin", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
			{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": e.srv.URL}, http.StatusSeeOther},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				form := orgForm("Förening "+string(rune('A'+i)), "")
				req, _ := http.NewRequest("POST", e.srv.URL+"/organisations", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				for k, v := range tt.headers {
					req.Header.Set(k, v)
				}
				st, _, _ := b.do(req)
				if st != tt.want {
					t.Errorf("status %d, want %d", st, tt.want)
				}
			})
		}
		if n := e.count("organisations"); n != 1 {
			t.Errorf("organisations = %d, want only the same-origin one", n)
		}
	})
}

func TestLanguageSelection(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tests := []struct {
			name, path, accept, wantLang, wantDir, wantText string
		}{
			{"default Swedish", "/", "", "sv", "ltr", "Vem gör vad"},
			{"Accept-Language English", "/", "en-US,en;q=0.8", "en", "ltr", "Who does what"},
			{"query beats header", "/?lang=sv", "en", "sv", "ltr", "Vem gör vad"},
			{"Arabic is right-to-left", "/?lang=ar", "", "ar", "rtl", ""},
			{"Dari is right-to-left", "/?lang=prs", "", "prs", "rtl", ""},
			{"Persian via header", "/", "fa-IR", "fa", "rtl", ""},
			{"Ukrainian", "/organisations?lang=uk", "", "uk", "ltr", ""},
			{"unknown falls back to Swedish", "/?lang=xx", "de", "sv", "ltr", "Vem gör vad"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				req, _ := http.NewRequest("GET", e.srv.URL+tt.path, nil)
				if tt.accept != "" {
					req.Header.Set("Accept-Language", tt.accept)
				}
				_, body, _ := e.browser(nil).do(req)
				want := `<html lang="` + tt.wantLang + `" dir="` + tt.wantDir + `">`
				if !strings.Contains(body, want) {
					t.Errorf("want %s in %.120s", want, body)
				}
				if tt.wantText != "" && !strings.Contains(body, tt.wantText) {
					t.Errorf("want text %q", tt.wantText)
				}
				if regexp.MustCompile(`>\s*(nav|home|orgs|field|error)\.[a-z_]+\s*<`).MatchString(body) {
					t.Error("a message key is shown instead of text")
				}
			})
		}
		// The choice made with the switcher sticks for the next page.
		b := e.browser(nil)
		b.get("/?lang=en")
		if _, body := b.get("/organisations"); !strings.Contains(body, `<html lang="en"`) {
			t.Error("language choice not remembered")
		}
	})
}

func TestSecurityHeadersAndOperations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		resp, err := http.Get(e.srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for k, want := range map[string]string{
			"Content-Security-Policy": "frame-ancestors 'none'",
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "strict-origin-when-cross-origin",
		} {
			if got := resp.Header.Get(k); !strings.Contains(got, want) {
				t.Errorf("%s = %q, want %q", k, got, want)
			}
		}
		if csp := resp.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") {
			t.Errorf("CSP allows inline: %s", csp)
		}
		for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
			st, body := e.browser(nil).get(path)
			if st != 200 || !strings.Contains(body, want) {
				t.Errorf("%s: %d, want %q", path, st, want)
			}
		}
		// Metrics are not on the public address, only on their own.
		if st, _ := e.browser(nil).get("/metrics"); st != http.StatusNotFound {
			t.Errorf("/metrics on the public address: %d, want 404", st)
		}
		rec := httptest.NewRecorder()
		server.MetricsHandler(e.metrics).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		if metrics := rec.Body.String(); !strings.Contains(metrics, `route="GET /{$}"`) || !strings.Contains(metrics, "go_sql_open_connections") {
			t.Error("metrics lack route labels or database pool figures")
		}
		// Oversized bodies are refused before they are read.
		big := strings.Repeat("x", 2<<20)
		st, body := e.api("POST", "/api/v1/organisations", "", `{"name":"`+big+`"}`)
		if code, _, _ := errField(body); st != http.StatusRequestEntityTooLarge || code != "too_large" {
			t.Errorf("large body: %d %s", st, code)
		}
	})
}

func TestFirstPageIsLight(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		b := e.browser(nil)
		req, _ := http.NewRequest("GET", e.srv.URL+"/", nil)
		_, page, _ := b.do(req)
		total := len(page)
		for _, m := range regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(page, -1) {
			req, _ := http.NewRequest("GET", e.srv.URL+m[1], nil)
			req.Header.Set("Accept-Encoding", "gzip")
			// Use the transport directly so the gzip body is counted as sent.
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			buf := make([]byte, 32<<10)
			for {
				k, err := resp.Body.Read(buf)
				n += k
				if err != nil {
					break
				}
			}
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
				t.Errorf("%s: %d %q", m[1], resp.StatusCode, resp.Header.Get("Cache-Control"))
			}
			total += n
		}
		if total > 100<<10 {
			t.Errorf("first page view transfers %d bytes, want under 100 KB", total)
		}
		t.Logf("first page view: %d bytes", total)
	})
}

// TestOpenDataPage: the downloads, feeds and API are found from every page
// (the footer) and explained on one page, in every language.
func TestOpenDataPage(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	b := e.browser(nil)
	if _, home := b.get("/"); !strings.Contains(home, `<a href="/open-data">`) {
		t.Error("the footer does not link the Open data page")
	}
	for _, lang := range []string{"sv", "ar", "so", "ti", "fa", "prs", "uk", "en"} {
		st, page := b.get("/open-data?lang=" + lang)
		if st != 200 {
			t.Fatalf("%s: %d", lang, st)
		}
		for _, want := range []string{`href="/hsds/export.json"`, `href="/hsds/export.zip"`, `href="/api/v1/openapi.json"`, `href="/hsds/services"`, "CC0 1.0", `/activities.ics`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the page lacks %s", lang, want)
			}
		}
	}
}
