package i18n

import (
	"strings"

	"golang.org/x/text/language"
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
