package i18n

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Spoken lists the languages offered in filters and forms where people say
// which languages an activity or an organisation works in: the interface's
// languages first, then the languages most spoken by newcomers to Sweden and
// the neighbouring and large European ones. Any other ISO 639 code can still
// be typed; this is the one list every select and checkbox group uses.
var Spoken = []string{
	"sv", "en", "ar", "so", "ti", "fa", "prs", "uk",
	"ku", "tr", "bs", "ps", "am", "ru", "pl", "es", "fr", "de", "fi",
}

// Written lists the codes of the languages samverkan is written in, for
// forms that take a text per language.
func Written() []string {
	out := make([]string, len(Languages))
	for i, l := range Languages {
		out[i] = l.Code
	}
	return out
}

// SpokenCode validates a language code (ISO 639, two or three letters) and
// returns it in canonical form ("SWE" and "swe" become "sv"). Dari stays
// "prs": for its speakers it is its own language, whatever CLDR maps it to.
func SpokenCode(raw string) (string, bool) {
	raw = strings.ToLower(strings.TrimSpace(raw))
	if len(raw) < 2 || len(raw) > 3 {
		return "", false
	}
	if raw == "prs" {
		return raw, true
	}
	tag, err := language.Parse(raw)
	if err != nil {
		return "", false
	}
	base, conf := tag.Base()
	if conf == language.No {
		return "", false
	}
	return base.String(), true
}

// namesMissing fills what the CLDR names in x/text lack for the languages
// of Spoken: Dari, which CLDR folds into Persian (fa-AF), and the Somali and
// Tigrinya names x/text has no data for (from CLDR's so and ti locales).
var namesMissing = map[string]map[string]string{
	"prs": {"sv": "dari", "en": "Dari", "ar": "الدارية", "so": "Dari", "ti": "ዳሪ", "fa": "دری", "prs": "دری", "uk": "дарі"},
	"ti":  {"so": "Tigrinya"},
	"so":  {"ti": "ሶማሊ"},
	"ku":  {"so": "Kurdi"},
	"bs":  {"so": "Bosniyaan"},
	"ps":  {"so": "Bashtuu"},
	"fi":  {"so": "Finishka"},
}

// LanguageName names a spoken language (an ISO 639 code) in the printer's
// language: "arabiska" on a Swedish page, "Arabic" on an English one,
// "العربية" on an Arabic one. Where no name in the printer's language is
// known it gives the language's own name and that language's code as
// lang, so that the page can mark it (lang is "" for a name in the
// printer's language); an unknown code comes back as itself.
func (p *Printer) LanguageName(code string) (name, lang string) {
	in := p.Lang.Code
	if n := namesMissing[code][in]; n != "" {
		return n, ""
	}
	t, err := language.Parse(code)
	if err != nil {
		return code, ""
	}
	if in == "prs" {
		in = "fa" // CLDR has no Dari names; Dari readers read the Persian ones
	}
	if namer := display.Tags(language.Make(in)); namer != nil {
		if n := namer.Name(t); n != "" {
			return n, ""
		}
	}
	if n := display.Self.Name(t); n != "" {
		return n, code
	}
	return code, ""
}

// SpokenNamed returns the codes of the languages in Spoken whose name, in
// any of the interface's languages or in the language itself, begins with
// word ("arab", "arabiska", "العربية", "somali"), any case: a search for a
// language by name. Codes alone are not matched: "en" is a Swedish word.
func SpokenNamed(word string) []string {
	word = strings.ToLower(strings.TrimSpace(word))
	if len([]rune(word)) < 3 {
		return nil
	}
	var out []string
	for _, code := range Spoken {
		for _, name := range spokenNames()[code] {
			if strings.HasPrefix(name, word) {
				out = append(out, code)
				break
			}
		}
	}
	return out
}

// spokenNames holds every Spoken language's names, lower case, computed once.
var spokenNames = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	namers := []display.Namer{display.Self}
	for _, l := range Languages {
		if t, err := language.Parse(l.Code); err == nil && l.Code != "prs" {
			if n := display.Tags(t); n != nil {
				namers = append(namers, n)
			}
		}
	}
	for _, code := range Spoken {
		t, err := language.Parse(code)
		if code == "prs" {
			// CLDR has no Dari of its own; its names are these.
			m[code] = []string{"dari", "دری"}
			continue
		}
		if err != nil {
			continue
		}
		for _, n := range namers {
			if name := n.Name(t); name != "" {
				m[code] = append(m[code], strings.ToLower(name))
			}
		}
	}
	return m
})
