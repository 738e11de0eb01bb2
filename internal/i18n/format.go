package i18n

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/number"
)

// Numbers, dates, lists and plurals as a reader of the language writes them.
//
// Numbers and plural rules come from CLDR through golang.org/x/text. Month
// names and the patterns that put a date together are not in x/text's
// public API, and no maintained Go module carries CLDR's date names for
// Somali, Tigrinya and Dari, so they are messages of the catalogue
// (date.month.1 … date.month.12, date.day, date.date, date.datetime,
// date.week, list.middle, list.end), taken from CLDR and reviewed with the
// other messages; the weekday names are the catalogue's weekday.0 … 6.
//
// Digits are Latin (0–9) in every language, also in Arabic, Persian and
// Dari, where CLDR's default is Arabic-Indic (ar) or Extended Arabic-Indic
// (fa) digits: the times, dates, prices and phone numbers on a page are the
// ones a reader compares with the notice at the venue, the bus timetable,
// a text message or a form they fill in, all written in Latin digits in
// Sweden; Swedish public services (1177, Migrationsverket, Försäkringskassan)
// write their Arabic, Persian and Dari pages with Latin digits for the same
// reason. Times use the 24-hour clock everywhere, as Swedish timetables do:
// an activity's time on the page is the time on the notice board.

// cldrTag is the CLDR locale for a supported language: Dari is CLDR's
// Persian of Afghanistan (fa-AF), whose plural rules, separators and month
// names are Dari's; prs alone has no CLDR data.
func cldrTag(code string) language.Tag {
	if code == "prs" {
		return language.MustParse("fa-AF")
	}
	t, err := language.Parse(code)
	if err != nil {
		return language.Swedish
	}
	return t
}

// numberTag is cldrTag with Latin digits (see above).
func numberTag(code string) language.Tag {
	t, err := language.Parse(cldrTag(code).String() + "-u-nu-latn")
	if err != nil {
		return cldrTag(code)
	}
	return t
}

// PluralForms are the CLDR plural form names, as they end a plural
// message's keys (orgs.count.one, orgs.count.other).
var PluralForms = []string{"zero", "one", "two", "few", "many", "other"}

var formNames = map[plural.Form]string{
	plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other",
}

// PluralForm returns the CLDR cardinal plural form of the whole number n
// in the language: "one" for 1 in Swedish, "few" for 3 in Arabic and for
// 22 in Ukrainian.
func PluralForm(code string, n int) string {
	if n < 0 {
		n = -n
	}
	return formNames[plural.Cardinal.MatchPlural(cldrTag(code), n%10000000, 0, 0, 0, 0)]
}

// RequiredPluralForms returns the forms a language's plural message must
// have: every form CLDR gives a whole number, and "other", the one used
// where a form is missing. Swedish: one, other; Arabic: all six;
// Ukrainian: one, few, many, other.
func RequiredPluralForms(code string) []string {
	seen := map[string]bool{"other": true}
	for n := 0; n <= 1000; n++ {
		seen[PluralForm(code, n)] = true
	}
	var out []string
	for _, f := range PluralForms {
		if seen[f] {
			out = append(out, f)
		}
	}
	return out
}

// SingleNumberForm reports whether the form stands for one number only in
// the language (Arabic zero, one and two, Swedish one), so that a
// translation may write the number as a word ("نتيجة واحدة") and leave out
// {count}. Ukrainian "one" also covers 21 and 31, so it may not.
func SingleNumberForm(code, form string) bool {
	hits := 0
	for n := 0; n <= 1000; n++ {
		if PluralForm(code, n) == form {
			hits++
		}
	}
	return hits == 1
}

// pluralKeys finds the plural messages of the Swedish catalogue: the keys
// defined as key.one and key.other and not as key itself. "sector.other"
// alone is an ordinary message (the sector "other").
func pluralKeys(sv map[string]string) map[string]bool {
	out := map[string]bool{}
	for k := range sv {
		base, ok := strings.CutSuffix(k, ".other")
		if !ok {
			continue
		}
		if _, one := sv[base+".one"]; one {
			if _, plain := sv[base]; !plain {
				out[base] = true
			}
		}
	}
	return out
}

// PluralBase returns the message a catalogue key belongs to and its plural
// form, or the key itself and "" when it is an ordinary message.
func (c *Catalog) PluralBase(key string) (base, form string) {
	if i := strings.LastIndexByte(key, '.'); i > 0 && c.plural[key[:i]] {
		return key[:i], key[i+1:]
	}
	return key, ""
}

// IsPlural reports whether key names a plural message.
func (c *Catalog) IsPlural(key string) bool { return c.plural[key] }

func toInt(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(n % 10000000)
	case int32:
		return int(n)
	case uint:
		return int(n % 10000000)
	case string:
		i, _ := strconv.Atoi(n)
		return i
	}
	return 0
}

// Value writes a placeholder's value: whole numbers as Number does, the
// rest as fmt.Sprint.
func (p *Printer) Value(v any) string {
	switch n := v.(type) {
	case int, int64, int32, uint:
		return p.Number(toInt(n))
	}
	return fmt.Sprint(v)
}

// Number writes a whole number with the language's digit grouping:
// "1 249" in Swedish and Ukrainian (with a no-break space), "1,249" in
// English and Arabic.
func (p *Printer) Number(n int) string {
	return p.c.num[p.Lang.Code].Sprint(number.Decimal(n))
}

// Decimal writes a number with exactly digits decimals: "1,5" in Swedish,
// "1.5" in English.
func (p *Printer) Decimal(f float64, digits int) string {
	return p.c.num[p.Lang.Code].Sprint(number.Decimal(f, number.MinFractionDigits(digits), number.MaxFractionDigits(digits)))
}

// Clock writes the time of day on the 24-hour clock, "09:30" (see above).
// Times are written in the zone t carries; callers convert to Stockholm.
func (p *Printer) Clock(t time.Time) string { return t.Format("15:04") }

// Day writes a weekday and a date without the year: "tisdag 1 december",
// "Tuesday 1 December", "الثلاثاء، 1 ديسمبر".
func (p *Printer) Day(t time.Time) string {
	return p.T("date.day", "weekday", p.T("weekday."+strconv.Itoa(int(t.Weekday()))),
		"day", strconv.Itoa(t.Day()), "month", p.T("date.month."+strconv.Itoa(int(t.Month()))))
}

// DayYear writes a weekday and a date with the year, for days that may
// lie in another year (a past event's report): "fredag 25 november 2011".
func (p *Printer) DayYear(t time.Time) string {
	return p.T("date.day_year", "weekday", p.T("weekday."+strconv.Itoa(int(t.Weekday()))),
		"day", strconv.Itoa(t.Day()), "month", p.T("date.month."+strconv.Itoa(int(t.Month()))), "year", strconv.Itoa(t.Year()))
}

// Date writes a date with the year: "1 december 2026".
func (p *Printer) Date(t time.Time) string {
	return p.T("date.date", "day", strconv.Itoa(t.Day()),
		"month", p.T("date.month."+strconv.Itoa(int(t.Month()))), "year", strconv.Itoa(t.Year()))
}

// DateTime writes a date and a time: "1 december 2026 kl. 14:05".
func (p *Printer) DateTime(t time.Time) string {
	return p.T("date.datetime", "date", p.Date(t), "time", p.Clock(t))
}

// Week names the ISO 8601 week of t: "Vecka 49", "Week 49", "الأسبوع 49".
func (p *Printer) Week(t time.Time) string {
	_, w := t.ISOWeek()
	return p.T("date.week", "week", strconv.Itoa(w))
}

// Join lists items as a sentence does: "arabiska, engelska och somaliska",
// "العربية، الإنجليزية والصومالية".
func (p *Printer) Join(items []string) string {
	return p.JoinWith(items, func(s string) string { return s })
}

// JoinWith is Join with each list pattern passed through pattern before
// the items go in: a page escapes the patterns and gives items that are
// already HTML.
func (p *Printer) JoinWith(items []string, pattern func(string) string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	join := func(key, a, b string) string {
		text, _ := p.Lookup(key)
		return Fill(pattern(text), func(name string) (string, bool) {
			switch name {
			case "a":
				return a, true
			case "b":
				return b, true
			}
			return "", false
		})
	}
	s := items[0]
	for _, it := range items[1 : len(items)-1] {
		s = join("list.middle", s, it)
	}
	return join("list.end", s, items[len(items)-1])
}
