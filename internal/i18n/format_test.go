package i18n

import (
	"testing"
	"time"
)

// The figures below are CLDR's (numbers, plural rules) and the catalogue's
// (month names, patterns), with Latin digits everywhere (format.go says why).
func TestFormatting(t *testing.T) {
	c := MustLoad()
	tue := time.Date(2026, 12, 1, 9, 5, 0, 0, time.UTC)
	nbsp := "\u00a0"
	tests := []struct {
		lang                                 string
		number, decimal, day, date, dt, week string
		list                                 string
	}{
		{"sv", "1" + nbsp + "249", "1,5", "tisdag 1 december", "1 december 2026", "1 december 2026 kl. 09:05", "Vecka 49", "a, b och c"},
		{"en", "1,249", "1.5", "Tuesday 1 December", "1 December 2026", "1 December 2026, 09:05", "Week 49", "a, b and c"},
		{"ar", "1,249", "1.5", "الثلاثاء، 1 ديسمبر", "1 ديسمبر 2026", "1 ديسمبر 2026، الساعة 09:05", "الأسبوع 49", "a، b وc"},
		{"so", "1,249", "1.5", "Talaado, 1 Desembar", "1 Desembar 2026", "1 Desembar 2026, saacadda 09:05", "Toddobaadka 49", "a, b iyo c"},
		{"ti", "1,249", "1.5", "ሰሉስ፣ 1 ታሕሳስ", "1 ታሕሳስ 2026", "1 ታሕሳስ 2026፣ ሰዓት 09:05", "ሰሙን 49", "a፣ bን cን"},
		{"fa", "1,249", "1.5", "سه\u200cشنبه 1 دسامبر", "1 دسامبر 2026", "1 دسامبر 2026، ساعت 09:05", "هفتهٔ 49", "a، b و c"},
		{"prs", "1,249", "1.5", "سه\u200cشنبه 1 دسمبر", "1 دسمبر 2026", "1 دسمبر 2026، ساعت 09:05", "هفتهٔ 49", "a، b و c"},
		{"uk", "1" + nbsp + "249", "1,5", "вівторок, 1 грудня", "1 грудня 2026 р.", "1 грудня 2026 р. о 09:05", "Тиждень 49", "a, b і c"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			p := c.Printer(tt.lang)
			for _, f := range []struct{ name, got, want string }{
				{"Number", p.Number(1249), tt.number},
				{"Decimal", p.Decimal(1.5, 1), tt.decimal},
				{"Day", p.Day(tue), tt.day},
				{"Date", p.Date(tue), tt.date},
				{"DateTime", p.DateTime(tue), tt.dt},
				{"Week", p.Week(tue), tt.week},
				{"Join", p.Join([]string{"a", "b", "c"}), tt.list},
				{"Clock", p.Clock(tue.Add(13 * time.Hour)), "22:05"},
			} {
				if f.got != f.want {
					t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
				}
			}
			if got := p.Join([]string{"a"}); got != "a" {
				t.Errorf("Join of one = %q", got)
			}
			if got := p.Join(nil); got != "" {
				t.Errorf("Join of none = %q", got)
			}
		})
	}
}

func TestWeekIsISO(t *testing.T) {
	p := MustLoad().Printer("sv")
	for _, tt := range []struct {
		day  time.Time
		want string
	}{
		{time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC), "Vecka 53"}, // a Friday: still 2026's last week
		{time.Date(2027, 1, 4, 12, 0, 0, 0, time.UTC), "Vecka 1"},
		{time.Date(2026, 12, 28, 12, 0, 0, 0, time.UTC), "Vecka 53"},
	} {
		if got := p.Week(tt.day); got != tt.want {
			t.Errorf("Week(%s) = %q, want %q", tt.day.Format("2006-01-02"), got, tt.want)
		}
	}
}

func TestPlurals(t *testing.T) {
	c := MustLoad()
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"sv", 1, "1 träff"},
		{"sv", 2, "2 träffar"},
		{"sv", 0, "0 träffar"},
		{"sv", 1249, "1\u00a0249 träffar"},
		{"en", 1, "1 result"},
		{"en", 7, "7 results"},
		{"ar", 0, "لا توجد نتائج"},
		{"ar", 1, "نتيجة واحدة"},
		{"ar", 2, "نتيجتان"},
		{"ar", 3, "3 نتائج"},
		{"ar", 11, "11 نتيجة"},
		{"ar", 100, "100 نتيجة"},
		{"ti", 0, "0 ውጽኢት"},
		{"ti", 2, "2 ውጽኢታት"},
		{"uk", 1, "1 результат"},
		{"uk", 21, "21 результат"},
		{"uk", 3, "3 результати"},
		{"uk", 5, "5 результатів"},
		{"uk", 11, "11 результатів"},
		{"so", 1, "1 natiijo"},
		{"fa", 2, "2 نتیجه"},
		{"prs", 2, "2 نتیجه"},
	}
	for _, tt := range tests {
		if got := c.Printer(tt.lang).T("orgs.count", "count", tt.n); got != tt.want {
			t.Errorf("%s %d: %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

// TestLookupFallback: a missing message comes back in Swedish and says so,
// and so does a plural message, with Swedish's form for the count.
func TestLookupFallback(t *testing.T) {
	c := MustLoad()
	delete(c.msgs["so"], "nav.login")
	delete(c.msgs["uk"], "orgs.count.few")
	delete(c.msgs["uk"], "orgs.count.other")
	for _, l := range []string{"so", "ar"} {
		for _, form := range RequiredPluralForms(l) {
			delete(c.msgs[l], "home.stats."+form)
		}
	}
	tests := []struct {
		name, lang, key string
		count           int
		want, wantLang  string
	}{
		{"own", "so", "nav.activities", 0, c.msgs["so"]["nav.activities"], "so"},
		{"missing", "so", "nav.login", 0, "Logga in", "sv"},
		{"plural missing", "so", "home.stats", 1, "{count} organisation i registret", "sv"},
		{"plural missing, Swedish form", "ar", "home.stats", 3, "{count} organisationer i registret", "sv"},
		{"form missing, other missing", "uk", "orgs.count", 3, "{count} träffar", "sv"},
		{"form present", "uk", "orgs.count", 5, "{count} результатів", "uk"},
		{"unknown key", "so", "no.such", 0, "no.such", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, lang := c.Printer(tt.lang).Lookup(tt.key, "count", tt.count)
			if got != tt.want || lang.Code != tt.wantLang {
				t.Errorf("Lookup = %q, %s; want %q, %s", got, lang.Code, tt.want, tt.wantLang)
			}
		})
	}
	if c.Printer("so").Has("home.stats") || !c.Printer("sv").Has("home.stats") {
		t.Error("Has does not follow the plural message's other form")
	}
}

func TestFill(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Hej {name}!", "Hej <Ana>!"},
		{"{name} och {name}", "<Ana> och <Ana>"},
		{"{unknown} {name}", "{unknown} <Ana>"},
		{"brace { alone", "brace { alone"},
		{"no placeholder", "no placeholder"},
	} {
		got := Fill(tt.in, func(n string) (string, bool) { return "<Ana>", n == "name" })
		if got != tt.want {
			t.Errorf("Fill(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLanguageName(t *testing.T) {
	c := MustLoad()
	tests := []struct {
		in, code, want, lang string
	}{
		{"sv", "ar", "arabiska", ""},
		{"sv", "so", "somaliska", ""},
		{"en", "so", "Somali", ""},
		{"en", "ti", "Tigrinya", ""},
		{"sv", "prs", "dari", ""},
		{"en", "prs", "Dari", ""},
		{"ar", "prs", "الدارية", ""},
		{"fa", "prs", "دری", ""},
		{"prs", "ar", "عربی", ""}, // Dari reads the Persian names
		{"so", "ti", "Tigrinya", ""},
		{"ti", "so", "ሶማሊ", ""},
		{"sv", "not a code!", "not a code!", ""},
		{"so", "se", "davvisámegiella", "se"}, // no Somali name for Northern Sami: its own, marked
		{"xx", "en", "engelska", ""},          // an unknown page language names in Swedish
	}
	for _, tt := range tests {
		t.Run(tt.in+"/"+tt.code, func(t *testing.T) {
			if got, lang := c.Printer(tt.in).LanguageName(tt.code); got != tt.want || lang != tt.lang {
				t.Errorf("LanguageName(%q) in %s = %q, %q; want %q, %q", tt.code, tt.in, got, lang, tt.want, tt.lang)
			}
		})
	}
	// Every language of the lists, on every page: a name, never the code;
	// a name not in the page's language says which language it is in.
	for _, l := range Languages {
		for _, code := range Spoken {
			n, lang := c.Printer(l.Code).LanguageName(code)
			if n == code {
				t.Errorf("%s page: %s has no name", l.Code, code)
			}
			if lang != "" && lang != code {
				t.Errorf("%s page: %s named %q in %s", l.Code, code, n, lang)
			}
			if lang != "" {
				t.Errorf("%s page: %s only by its own name %q: add its name to namesMissing", l.Code, code, n)
			}
		}
	}
}
