package csvimport

import (
	"io"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/tabular"
)

// Columns lists each kind's columns, the required ones first (Required
// says which). Texts come in every language samverkan is written in
// (i18n.Written): description_en, title_ar, summary_uk, …
var Columns = map[string][]string{
	Organisations: append([]string{"name", "sector", "category", "municipality", "org_number", "address", "website", "email", "phone", "languages"},
		perLanguage("description")...),
	Venues: append([]string{"name", "municipality", "organisation", "address", "lat", "lon", "meeting_place", "opening_hours", "accessibility"},
		perLanguage("description")...),
	Activities: append(append([]string{"organisation", "title_sv", "recurrence", "starts_on", "start_time", "end_time", "venue", "online_url", "municipality", "ends_on", "weekdays",
		"summary_sv", "description_sv"}, otherLanguages("title", "summary", "description")...),
		"languages", "themes", "target_groups", "cost_kr", "age_min", "age_max", "cancelled", "status"),
}

// required counts each kind's required columns, the first of Columns. An
// activity also needs a venue or an online link, which no column alone is.
var required = map[string]int{Organisations: 4, Venues: 2, Activities: 6}

// Required reports whether a kind's file must fill the column on every row.
func Required(kind, column string) bool {
	for i, c := range Columns[kind] {
		if c == column {
			return i < required[kind]
		}
	}
	return false
}

func perLanguage(field string) []string {
	var out []string
	for _, l := range i18n.Written() {
		out = append(out, field+"_"+l)
	}
	return out
}

// otherLanguages is the fields in every written language but Swedish, by
// language: title_en, summary_en, description_en, title_ar, …
func otherLanguages(fields ...string) []string {
	var out []string
	for _, l := range i18n.Written() {
		if l == "sv" {
			continue
		}
		for _, f := range fields {
			out = append(out, f+"_"+l)
		}
	}
	return out
}

// RequiredMark ends a required column's name in a template's header row; a
// header is read with or without it.
const RequiredMark = "*"

// Template is an empty file of the kind to fill in a spreadsheet: the
// header row, required columns marked with RequiredMark. It is written
// with TemplateCSV.
func Template(kind string) (tabular.Table, bool) {
	cols, ok := Columns[kind]
	if !ok {
		return tabular.Table{}, false
	}
	t := tabular.Table{Name: "samverkan-" + kind + ".csv", Header: make([]string, len(cols))}
	for i, c := range cols {
		t.Header[i] = c
		if i < required[kind] {
			t.Header[i] += RequiredMark
		}
	}
	return t, true
}

// WriteTemplate writes the kind's template as CSV with semicolons and a byte
// order mark, which Excel in Swedish opens in columns and as UTF-8
// (LibreOffice and Google Sheets detect both); the import reads either
// separator. The web page and the API hand out the same file.
func WriteTemplate(w io.Writer, kind string) error {
	t, ok := Template(kind)
	if !ok {
		return apperr.Invalidf("kind", "error.choice")
	}
	return tabular.WriteCSVWith(w, t, tabular.CSVOptions{Comma: ';', BOM: true})
}

// ColumnHelp describes one column for the import page.
type ColumnHelp struct {
	Name     string
	Required bool
	Allowed  []string // the codes of a list column
}

// Help describes the kind's columns, in file order.
func Help(kind string) []ColumnHelp {
	var out []ColumnHelp
	for i, c := range Columns[kind] {
		out = append(out, ColumnHelp{Name: c, Required: i < required[kind], Allowed: vocabs[c].allowed})
	}
	return out
}

// vocab is a column whose values come from a list: the codes, the
// catalogue prefix whose messages name them (their names in every
// language are accepted as well as the codes), and more names.
type vocab struct {
	allowed []string
	labels  string
	names   map[string]string
}

var vocabs = map[string]vocab{
	"recurrence": {allowed: catalog.Recurrences, names: map[string]string{
		"en gång": catalog.Once, "engång": catalog.Once, "enstaka": catalog.Once, "one-off": catalog.Once, "one time": catalog.Once,
		"varje vecka": catalog.Weekly, "veckovis": catalog.Weekly, "en gång i veckan": catalog.Weekly, "every week": catalog.Weekly, "each week": catalog.Weekly,
		"varannan vecka": catalog.Biweekly, "var annan vecka": catalog.Biweekly, "var fjortonde dag": catalog.Biweekly, "var 14:e dag": catalog.Biweekly,
		"every other week": catalog.Biweekly, "every_other_week": catalog.Biweekly, "fortnightly": catalog.Biweekly, "every two weeks": catalog.Biweekly,
		"varje månad": catalog.Monthly, "månadsvis": catalog.Monthly, "en gång i månaden": catalog.Monthly, "every month": catalog.Monthly, "once a month": catalog.Monthly,
	}},
	"status": {allowed: catalog.Statuses, names: map[string]string{
		"utkast": catalog.Draft, "publicerad": catalog.Published, "publicerat": catalog.Published, "arkiverad": catalog.Archived, "arkiverat": catalog.Archived,
	}},
	// weekdays: the days an activity meets (Lyckeby BTK's table tennis on
	// Tuesdays and Thursdays), as 1–6 and 0 for Sunday or by name; empty
	// is the start date's weekday.
	"weekdays": {allowed: []string{"1", "2", "3", "4", "5", "6", "0"}, labels: "weekday.", names: map[string]string{
		"måndagar": "1", "tisdagar": "2", "onsdagar": "3", "torsdagar": "4", "fredagar": "5", "lördagar": "6", "söndagar": "0",
		"mondays": "1", "tuesdays": "2", "wednesdays": "3", "thursdays": "4", "fridays": "5", "saturdays": "6", "sundays": "0", "7": "0",
	}},
	"themes":        {allowed: catalog.Themes, labels: "theme."},
	"target_groups": {allowed: catalog.TargetGroups, labels: "target."},
	"accessibility": {allowed: catalog.Access, labels: "access."},
	"sector":        {allowed: org.Sectors, labels: "sector."},
	"category":      {allowed: org.Categories, labels: "category."},
}

// fold is how values are compared with a list's codes and names.
func fold(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(s))), " ")
}

// names maps every accepted way of writing a list's values to its code.
type names struct {
	once sync.Once
	m    map[string]map[string]string // column → folded name → code
}

func (n *names) load(c *i18n.Catalog) map[string]map[string]string {
	n.once.Do(func() {
		n.m = map[string]map[string]string{}
		for col, v := range vocabs {
			m := map[string]string{}
			for name, code := range v.names {
				m[fold(name)] = code
			}
			for _, code := range v.allowed {
				if c != nil && v.labels != "" {
					for _, l := range i18n.Languages {
						if p := c.Printer(l.Code); p.Has(v.labels + code) {
							m[fold(p.T(v.labels+code))] = code
						}
					}
				}
				m[fold(strings.ReplaceAll(code, "_", " "))] = code
				m[code] = code
			}
			n.m[col] = m
		}
	})
	return n.m
}

// choice reads a one-value list column: its code, or ok false.
func (im *Importer) choice(column, raw string) (string, bool) {
	if raw == "" {
		return "", true
	}
	code, ok := im.names.load(im.Messages)[column][fold(raw)]
	return code, ok
}

// choices reads a many-valued list column: values separated by commas,
// semicolons or bars, or by spaces where each word is a code; bad holds the
// values that are none of the list's.
func (im *Importer) choices(column, raw string) (codes, bad []string) {
	m := im.names.load(im.Messages)[column]
	add := func(c string) {
		for _, have := range codes {
			if have == c {
				return
			}
		}
		codes = append(codes, c)
	}
	for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
		if c, ok := m[fold(part)]; ok {
			add(c)
			continue
		}
		words := strings.Fields(part)
		var found []string
		for _, w := range words {
			if c, ok := m[fold(w)]; ok {
				found = append(found, c)
			}
		}
		if len(words) == 0 {
			continue
		}
		if len(found) < len(words) {
			bad = append(bad, strings.TrimSpace(part))
			continue
		}
		for _, c := range found {
			add(c)
		}
	}
	if codes == nil {
		codes = []string{}
	}
	return codes, bad
}

// allowed is a list column's codes for an error message.
func allowed(column string) string { return strings.Join(vocabs[column].allowed, ", ") }

// free are the ways a spreadsheet says an activity costs nothing.
var free = map[string]bool{"gratis": true, "free": true, "fri": true, "fritt": true, "kostnadsfri": true, "kostnadsfritt": true,
	"ingen": true, "ingen kostnad": true, "none": true, "-": true}

// cost reads a price in whole kronor: "50", "50 kr", "50:-", "0 kr" and the
// words in free.
func cost(raw string) (int, bool) {
	s := fold(raw)
	if free[s] {
		return 0, true
	}
	for _, suffix := range []string{"kronor", "kr.", "kr", "sek", ":-", ",-", ".-"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suffix))
	}
	s = strings.ReplaceAll(s, " ", "")
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// languages reads a languages column: codes ("sv ar") or names in any
// interface language ("svenska, arabiska", "Arabic"); a value that is
// neither is passed on as it is, for the domain to name.
func languages(raw string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == ' ' }) {
		if _, ok := i18n.SpokenCode(part); !ok {
			if codes := i18n.SpokenNamed(part); len(codes) == 1 {
				part = codes[0]
			}
		}
		out = append(out, part)
	}
	return out
}
