package web

import (
	"html/template"
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/request"
)

// lacking is the real catalogue with keys removed from one language.
func lacking(t *testing.T, lang string, keys ...string) *i18n.Catalog {
	t.Helper()
	m := i18n.MustLoad().Messages()
	for _, k := range keys {
		if _, ok := m[lang][k]; !ok {
			t.Fatalf("%s has no %q to remove", lang, k)
		}
		delete(m[lang], k)
	}
	return i18n.FromMessages(m)
}

func TestMarkup(t *testing.T) {
	c := lacking(t, "so", "nav.login", "org.description_fallback")
	c2 := lacking(t, "fa", "org.description_fallback")
	tests := []struct {
		name string
		pr   *i18n.Printer
		key  string
		args []any
		want template.HTML
	}{
		{"own language, escaped", c.Printer("sv"), "nav.login", nil, "Logga in"},
		{"fallback marked", c.Printer("so"), "nav.login", nil, `<span lang="sv" dir="ltr">Logga in</span>`},
		{"fallback on a right-to-left page, argument isolated", c2.Printer("fa"), "org.description_fallback", []any{"language", "<انگلیسی>"},
			template.HTML(`<span lang="sv" dir="ltr">` + strings.Replace(template.HTMLEscapeString(i18n.MustLoad().Printer("sv").T("org.description_fallback")), "{language}", "<bdi>&lt;انگلیسی&gt;</bdi>", 1) + `</span>`)},
		{"argument escaped, not isolated left to right", c.Printer("en"), "invitation.sign_in", []any{"email", "a<b@example.org"},
			template.HTML(strings.Replace(template.HTMLEscapeString(i18n.MustLoad().Printer("en").T("invitation.sign_in")), "{email}", "a&lt;b@example.org", 1))},
		{"argument isolated right to left", c.Printer("ar"), "invitation.sign_in", []any{"email", "ana@example.org"},
			template.HTML(strings.Replace(template.HTMLEscapeString(i18n.MustLoad().Printer("ar").T("invitation.sign_in")), "{email}", "<bdi>ana@example.org</bdi>", 1))},
		{"nested HTML kept", c.Printer("so"), "org.description_fallback", []any{"language", template.HTML("<b>x</b>")},
			template.HTML(`<span lang="sv" dir="ltr">` + strings.Replace(template.HTMLEscapeString(i18n.MustLoad().Printer("sv").T("org.description_fallback")), "{language}", "<b>x</b>", 1) + `</span>`)},
		{"plural, grouped", c.Printer("sv"), "orgs.count", []any{"count", 1249}, "1\u00a0249 träffar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := markup(tt.pr, tt.key, tt.args...); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestFallbackOnAPage renders the layout in Somali with messages missing:
// the text shows the Swedish inside a span with lang and dir; in an
// attribute html/template keeps the text and drops the span.
func TestFallbackOnAPage(t *testing.T) {
	c := lacking(t, "so", "nav.login", "nav.label", "footer.about", "flash.saved")
	h, err := New(Deps{Catalog: c, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	sv := c.Printer("sv")
	for _, lang := range []string{"so", "sv"} {
		r := httptest.NewRequest("GET", "/nope?done=saved", nil)
		r = r.WithContext(request.WithPrinter(r.Context(), c.Printer(lang)))
		w := httptest.NewRecorder()
		p := h.page(r, "error.title")
		p.Data = "x"
		h.render(w, r, 404, "error", p)
		page := w.Body.String()
		marked := `<span lang="sv" dir="ltr">` + template.HTMLEscapeString(sv.T("footer.about")) + `</span>`
		if got := strings.Contains(page, marked); got != (lang == "so") {
			t.Errorf("%s: footer marked as Swedish: %v, want %v", lang, got, lang == "so")
		}
		if lang == "sv" && !strings.Contains(page, `<p class="flash" role="status">`+sv.T("flash.saved")+`</p>`) {
			t.Error("the Swedish notice is missing")
		}
		if !strings.Contains(page, `<html lang="`+lang+`"`) {
			t.Errorf("%s: page language", lang)
		}
		if lang == "so" {
			if !strings.Contains(page, `<p class="flash" role="status"><span lang="sv" dir="ltr">`+sv.T("flash.saved")+`</span></p>`) {
				t.Error("the notice missing in Somali is not shown in Swedish, marked")
			}
			if !strings.Contains(page, `<span lang="sv" dir="ltr">`+sv.T("nav.login")+`</span>`) {
				t.Error("the menu's sign-in link is not marked as Swedish")
			}
			if !strings.Contains(page, `aria-label="`+sv.T("nav.label")+`"`) || strings.Contains(page, `aria-label="&lt;span`) {
				t.Errorf("the attribute does not hold the plain Swedish text: %s", regexp.MustCompile(`<nav aria-label="[^"]*"`).FindString(page))
			}
		}
	}
}

// TestDatesOnPages: the template functions write in the page's language,
// in Stockholm time.
func TestDatesOnPages(t *testing.T) {
	utc := time.Date(2026, 12, 1, 17, 5, 0, 0, time.UTC) // 18:05 in Stockholm
	for _, tt := range []struct{ lang, day, date, dateof, week, km string }{
		{"sv", "tisdag 1 december", "1 december 2026 kl. 18:05", "1 december 2026", "Vecka 49", "1,5 km"},
		{"en", "Tuesday 1 December", "1 December 2026, 18:05", "1 December 2026", "Week 49", "1.5 km"},
		{"ar", "الثلاثاء، 1 ديسمبر", "1 ديسمبر 2026، الساعة 18:05", "1 ديسمبر 2026", "الأسبوع 49", "1.5 km"},
		{"uk", "вівторок, 1 грудня", "1 грудня 2026 р. о 18:05", "1 грудня 2026 р.", "Тиждень 49", "1,5 km"},
	} {
		funcs := textFuncs(i18n.MustLoad().Printer(tt.lang))
		km := 1.5
		for name, got := range map[string]string{
			"day":    funcs["day"].(func(time.Time) string)(utc),
			"date":   funcs["date"].(func(time.Time) string)(utc),
			"week":   funcs["week"].(func(time.Time) string)(utc),
			"km":     funcs["km"].(func(any) string)(&km),
			"clock":  funcs["clock"].(func(time.Time) string)(utc),
			"dateof": funcs["dateof"].(func(string) string)("2026-12-01"),
			"bad":    funcs["dateof"].(func(string) string)("1 dec"),
		} {
			want := map[string]string{"day": tt.day, "date": tt.date, "week": tt.week, "km": tt.km, "clock": "18:05",
				"dateof": tt.dateof, "bad": "1 dec"}[name]
			if got != want {
				t.Errorf("%s %s = %q, want %q", tt.lang, name, got, want)
			}
		}
	}
}

func TestLangList(t *testing.T) {
	c := i18n.MustLoad()
	for _, tt := range []struct {
		lang  string
		codes []string
		want  template.HTML
	}{
		{"sv", []string{"ar", "so", "sv"}, "arabiska, somaliska och svenska"},
		{"ar", []string{"ar", "so", "sv"}, "العربية، الصومالية والسويدية"},
		{"so", []string{"ar", "se"}, `Carabi iyo <span lang="se" dir="auto">davvisámegiella</span>`},
		{"en", []string{"prs"}, "Dari"},
		{"en", nil, ""},
	} {
		pr := c.Printer(tt.lang)
		if got := (Page{Lang: pr.Lang, P: pr}).LangList(tt.codes); got != tt.want {
			t.Errorf("%s %v: %q, want %q", tt.lang, tt.codes, got, tt.want)
		}
	}
}
