package server_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/i18n"
)

// misplaced walks a rendered page and reports text that is a Swedish
// catalogue message (one the page's language words differently) sitting
// under another language's lang attribute, and language names in the
// page's language tagged with the named language's lang.
func misplaced(doc *html.Node, c *i18n.Catalog, page string) []string {
	swedish := map[string]string{} // message → key
	own := map[string]bool{}
	for _, k := range c.Keys(page) {
		own[strings.TrimSpace(c.Printer(page).T(k))] = true
	}
	sv := c.Printer("sv")
	for _, k := range c.Keys("sv") {
		m := strings.TrimSpace(sv.T(k))
		if utf8.RuneCountInString(m) < 4 || strings.ContainsAny(m, "{}") || own[m] {
			continue
		}
		swedish[m] = k
	}
	namer := display.Tags(language.MustParse(page))
	var out []string
	var walk func(n *html.Node, lang string)
	walk = func(n *html.Node, lang string) {
		if n.Type == html.ElementNode {
			if n.Data == "script" || n.Data == "style" || n.Data == "title" {
				return
			}
			for _, a := range n.Attr {
				if a.Key == "lang" {
					if code := a.Val; code != page && namer != nil && page != "prs" {
						if name := namer.Name(language.Make(code)); name != "" && name != display.Self.Name(language.Make(code)) && text(n) == name {
							out = append(out, "the name "+name+" in the page's language is marked lang="+code)
						}
					}
					lang = a.Val
				}
			}
		}
		if n.Type == html.TextNode {
			// lang="" marks data of unknown language (what a user typed,
			// shown in the audit log): not the page's words.
			if k, ok := swedish[strings.TrimSpace(n.Data)]; ok && lang != "sv" && lang != "" {
				out = append(out, "Swedish "+k+" ("+strings.TrimSpace(n.Data)+") under lang="+lang)
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch, lang)
		}
	}
	walk(doc, "")
	return out
}

func text(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			f(ch)
		}
	}
	f(n)
	return strings.TrimSpace(b.String())
}

// TestMisplacedCheckCanFail: the check below finds Swedish under lang="so"
// and a language name with a misleading lang, and passes the marked forms.
func TestMisplacedCheckCanFail(t *testing.T) {
	c := i18n.MustLoad()
	login := c.Printer("sv").T("nav.login")
	for _, tt := range []struct {
		name, body string
		want       int
	}{
		{"Swedish under Somali", `<html lang="so"><body><a>` + login + `</a></body></html>`, 1},
		{"Swedish marked", `<html lang="so"><body><a><span lang="sv" dir="ltr">` + login + `</span></a></body></html>`, 0},
		{"Somali", `<html lang="so"><body><a>` + c.Printer("so").T("nav.login") + `</a></body></html>`, 0},
		{"a name marked with the named language", `<html lang="so"><body><span lang="ar">Carabi</span></body></html>`, 1},
		{"a native name", `<html lang="so"><body><span lang="ar">العربية</span></body></html>`, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if got := misplaced(doc, c, "so"); len(got) != tt.want {
				t.Errorf("found %v, want %d", got, tt.want)
			}
		})
	}
}

// TestNoSwedishUnderOtherLanguages renders the demo's pages, public and
// signed in, in every language and runs misplaced over each. It reads
// pages, so SQLite alone is enough (the storage behind them is tested on
// both databases elsewhere).
func TestNoSwedishUnderOtherLanguages(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	ctx := context.Background()
	res, err := demo.Load(ctx, e.db, e.svc)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := e.accounts.FindUserByID(ctx, res.AdminID)
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser(&admin)
	_, orgs := e.api("GET", "/api/v1/organisations?limit=1&q=vimmerby", "", nil)
	orgID := orgs["items"].([]any)[0].(map[string]any)["id"].(string)
	acts, _ := e.acts.FindActivities(ctx, catalog.Filter{Query: "läsprojekt"})
	venues, _ := e.acts.FindVenues(ctx, actor.System("test"), catalog.VenueFilter{Municipality: "0884"})
	pages := []string{"/", "/open-data", "/activities", "/activities?q=spr%C3%A5kcaf%C3%A9&county=12&free=true", "/activities/" + acts.Items[0].ID,
		"/venues/" + venues[0].ID, "/venues/" + venues[0].ID + "/print", "/activities/print?county=08", "/organisations",
		"/organisations?q=f%C3%B6rening&sector=civil_society", "/organisations/" + orgID, "/nope",
		"/admin/import", "/venues/new", "/activities/new", "/organisations/new", "/organisations/" + orgID + "/edit",
		"/organisations/" + orgID + "/members", "/account", "/admin/audit", "/admin/outbox", "/admin/users", "/events", "/events?past=1"}
	c := e.svc.Messages
	for _, l := range i18n.Languages {
		if l.Code == "sv" {
			continue
		}
		for _, p := range pages {
			st, body := b.get(withLang(p, l.Code))
			if st != http.StatusOK && st != http.StatusNotFound {
				t.Errorf("%s %s: %d", l.Code, p, st)
				continue
			}
			doc, err := html.Parse(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range misplaced(doc, c, l.Code) {
				t.Errorf("%s %s: %s", l.Code, p, m)
			}
		}
	}
	// Dates, weeks and counts in the page's language.
	for _, tt := range []struct{ lang, path, want string }{
		{"sv", "/activities/print?county=08&week=2026-12-02", `Vecka 49: <time datetime="2026-11-30">måndag 30 november</time>`},
		{"ar", "/activities/print?county=08&week=2026-12-02", `الأسبوع 49: <time datetime="2026-11-30">الاثنين، 30 نوفمبر</time>`},
		{"uk", "/activities/print?county=08&week=2026-12-02", `Тиждень 49: <time datetime="2026-11-30">понеділок, 30 листопада</time>`},
	} {
		if _, body := b.get(withLang(tt.path, tt.lang)); !strings.Contains(body, tt.want) {
			t.Errorf("%s %s lacks %s: %s", tt.lang, tt.path, tt.want, regexp.MustCompile(`<p class="meta">[^\n]*`).FindString(body))
		}
	}
}
