package catalog

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold prepares text for search: lower case, and accents removed except on
// å, ä and ö, which are letters of their own in Swedish. So "språkcafe"
// finds "Språkcafé", while "lax" does not find "läxhjälp". The same fold is
// applied to indexed text and to queries, on both engines (docs/SOURCES.md: the
// engines' own accent folding treats ä as a).
func Fold(s string) string {
	s = strings.ToLower(norm.NFC.String(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case 'å', 'ä', 'ö':
			b.WriteRune(r)
			continue
		}
		d := norm.NFD.String(string(r))
		for _, c := range d {
			if !unicode.Is(unicode.Mn, c) {
				b.WriteRune(c)
			}
		}
	}
	return b.String()
}
