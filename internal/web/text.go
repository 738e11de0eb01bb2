package web

import (
	"html/template"
	"time"

	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/i18n"
)

// How the pages write text in the reader's language: messages with their
// fallback marked, names isolated, dates, numbers and lists (i18n/format.go).

// T translates a message key for the page, as HTML: the message escaped, a
// placeholder's value escaped and, on a right-to-left page, isolated in
// <bdi> (an organisation's or a person's name, an e-mail address, an
// amount keeps its own direction in an Arabic or Persian sentence), a
// value that is already HTML (a nested T) kept as it is. A message missing in the page's language is shown in
// Swedish inside <span lang="sv" dir="ltr">, so that a screen reader
// speaks it as Swedish and a right-to-left page does not flip it.
//
// In an attribute (placeholder, title, aria-label, value) html/template
// strips the tags and keeps the text, so T can be used there too; there the
// fallback cannot be marked, which is why the public class, the messages
// used in attributes of public pages among them, is complete in every
// language (i18n/class.go). <title> and <textarea> take Page.Title and
// plain strings (Printer.T), never T.
func (p Page) T(key string, args ...any) template.HTML {
	return markup(p.P, key, args...)
}

func markup(pr *i18n.Printer, key string, args ...any) template.HTML {
	text, lang := pr.Lookup(key, args...)
	s := i18n.Fill(template.HTMLEscapeString(text), func(name string) (string, bool) {
		v, ok := i18n.Arg(args, name)
		if !ok {
			return "", false
		}
		if h, ok := v.(template.HTML); ok {
			return string(h), true
		}
		if pr.Lang.RTL {
			return "<bdi>" + template.HTMLEscapeString(pr.Value(v)) + "</bdi>", true
		}
		return template.HTMLEscapeString(pr.Value(v)), true
	})
	if lang.Code != pr.Lang.Code {
		s = `<span lang="` + lang.Code + `" dir="` + lang.Dir() + `">` + s + `</span>`
	}
	return template.HTML(s)
}

// TextLang gives the lang and dir attributes for an activity's text when it
// is not in the page's language (texts.Pick fell back), else nothing:
// <a href=…{{$.TextLang .Activity}}>.
func (p Page) TextLang(a catalog.Activity) template.HTMLAttr {
	_, lang := a.InLang(p.Lang.Code)
	return langAttr(p.Lang.Code, lang)
}

// LangAttr is TextLang for a text whose language is known (a description
// that fell back): lang and dir when it differs from the page's.
func (p Page) LangAttr(lang string) template.HTMLAttr { return langAttr(p.Lang.Code, lang) }

func langAttr(page, lang string) template.HTMLAttr {
	if lang == "" || lang == page {
		return ""
	}
	l, ok := i18n.Find(lang)
	if !ok {
		return template.HTMLAttr(` lang="` + template.HTMLEscapeString(lang) + `" dir="auto"`)
	}
	return template.HTMLAttr(` lang="` + l.Code + `" dir="` + l.Dir() + `"`)
}

// LangList names languages in the page's language, joined as the language
// joins a list ("arabiska, engelska och somaliska", "العربية، الإنجليزية
// والصومالية"). A name in the page's language carries no lang attribute;
// one known only in its own language (ትግርኛ on a Somali page) carries that
// language's.
func (p Page) LangList(codes []string) template.HTML {
	names := make([]string, len(codes))
	for i, c := range codes {
		n, lang := p.P.LanguageName(c)
		names[i] = template.HTMLEscapeString(n)
		if lang != "" {
			names[i] = "<span" + string(langAttr(p.Lang.Code, lang)) + ">" + names[i] + "</span>"
		}
	}
	return template.HTML(p.P.JoinWith(names, template.HTMLEscapeString))
}

// textFuncs are the template functions that write dates and numbers in
// one language; New parses each page once per language with them.
func textFuncs(pr *i18n.Printer) template.FuncMap {
	local := func(t time.Time) time.Time { return t.In(catalog.Stockholm) }
	return template.FuncMap{
		// date: a moment, "1 december 2026 kl. 14:05".
		"date": func(t time.Time) string { return pr.DateTime(local(t)) },
		"datep": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return pr.DateTime(local(*t))
		},
		// day: a day of the week and the month, "tisdag 1 december".
		"day": func(t time.Time) string { return pr.Day(local(t)) },
		// dayyear: the same with the year, "fredag 25 november 2011".
		"dayyear": func(t time.Time) string { return pr.DayYear(local(t)) },
		"clock":   func(t time.Time) string { return pr.Clock(local(t)) },
		// week: the ISO week, "Vecka 49".
		"week": func(t time.Time) string { return pr.Week(local(t)) },
		// isoday and iso are for <time datetime> and ids.
		"isoday": func(t time.Time) string { return local(t).Format("2006-01-02") },
		"iso":    func(t time.Time) string { return local(t).Format(time.RFC3339) },
		// dateof: a calendar date kept as text ("2026-12-24", an activity's
		// cancelled day), "24 december 2026".
		"dateof": func(s string) string {
			d, err := time.ParseInLocation("2006-01-02", s, catalog.Stockholm)
			if err != nil {
				return s
			}
			return pr.Date(d)
		},
		"num": func(n int) string { return pr.Number(n) },
		// km: a distance with one decimal, "1,5 km".
		"km": func(f any) string {
			switch v := f.(type) {
			case *float64:
				if v == nil {
					return ""
				}
				return pr.Decimal(*v, 1) + " km"
			case float64:
				return pr.Decimal(v, 1) + " km"
			}
			return ""
		},
		// price: an amount in kronor, isolated, "<bdi>1 249 kr</bdi>".
		"price": func(kr int) template.HTML {
			return template.HTML("<bdi>" + template.HTMLEscapeString(pr.Number(kr)) + "\u00a0kr</bdi>")
		},
		// bdi isolates a name or an address in a sentence of the page's
		// language.
		"bdi": func(s string) template.HTML {
			return template.HTML("<bdi>" + template.HTMLEscapeString(s) + "</bdi>")
		},
	}
}
