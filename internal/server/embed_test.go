package server_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/server"
)

// TestEmbeddableSearch: the embeddable search is the same search as the
// site's, without its chrome, framable only by the configured sites, and
// the search page offers the code for it.
func TestEmbeddableSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(deps *server.Deps) {
			deps.EmbedOrigins = []string{"https://www.sundsvall.se", "https://ronneby.se"}
		})
		if _, err := demo.Load(context.Background(), e.db, e.svc); err != nil {
			t.Fatal(err)
		}
		// A fresh browser each time: ?lang= sets a cookie.
		get := func(path string) (int, string, http.Header) {
			t.Helper()
			return e.browser(nil).do(mustReq(t, e.srv.URL+path))
		}

		tests := []struct {
			name, path  string
			framable    bool
			contains    []string
			notContains []string
		}{
			{"embed page in Arabic", "/embed/activities?q=spr%C3%A5kcaf%C3%A9&lang=ar", true,
				[]string{`lang="ar" dir="rtl"`, `target="_blank" rel="noopener"`, "(يُفتح في علامة تبويب جديدة)", "/activities?lang=ar&amp;q=spr%C3%A5kcaf%C3%A9"},
				[]string{`<header class="site">`, `<footer class="site">`, "htmx"}},
			{"embed page with a bad filter", "/embed/activities?free=maybe", false, nil, nil},
			{"search page stays unframable", "/activities", false, []string{"Visa sökningen på din webbplats"}, nil},
			{"home page stays unframable", "/", false, nil, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				st, body, h := get(tt.path)
				csp := h.Get("Content-Security-Policy")
				if tt.framable {
					if st != 200 {
						t.Fatalf("status %d", st)
					}
					if !strings.Contains(csp, "frame-ancestors 'self' https://www.sundsvall.se https://ronneby.se;") && !strings.HasSuffix(csp, "frame-ancestors 'self' https://www.sundsvall.se https://ronneby.se") {
						t.Errorf("CSP %q does not let the configured sites frame the page", csp)
					}
					if h.Get("X-Frame-Options") != "" {
						t.Errorf("X-Frame-Options %q would forbid the frame", h.Get("X-Frame-Options"))
					}
				} else {
					if !strings.Contains(csp, "frame-ancestors 'none'") || h.Get("X-Frame-Options") != "DENY" {
						t.Errorf("page %s may be framed: CSP %q, XFO %q", tt.path, csp, h.Get("X-Frame-Options"))
					}
				}
				for _, s := range tt.contains {
					if !strings.Contains(body, s) {
						t.Errorf("lacks %q", s)
					}
				}
				for _, s := range tt.notContains {
					if strings.Contains(body, s) {
						t.Errorf("has %q", s)
					}
				}
			})
		}

		// The embedded page lists what the search page lists.
		ids := func(body string) []string {
			return regexp.MustCompile(`href="/activities/([0-9a-z]+)"`).FindAllString(body, -1)
		}
		_, full, _ := get("/activities?theme=language")
		_, emb, _ := get("/embed/activities?theme=language")
		if a, b := ids(full), ids(emb); len(a) == 0 || strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("embed lists %v, the search %v", b, a)
		}

		// The code offered on the search page frames the same search, in
		// the page's language, with a title for screen readers.
		_, page, _ := get("/activities?theme=language&lang=en")
		m := regexp.MustCompile(`(?s)<textarea id="embed-code"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("search page has no embed code")
		}
		code := html.UnescapeString(m[1])
		if !strings.HasPrefix(code, `<iframe src="`+e.srv.URL+`/embed/activities?lang=en&amp;theme=language" title="Activities from samverkan"`) {
			t.Errorf("embed code %q", code)
		}
	})
}
